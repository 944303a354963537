import { DEFAULT_STATIC_PATHS, defaultBypassPaths, defaultChecks, defaultEdgeTtlSeconds, defaultFlowEveryMinutes, defaultFlows, defaultRateLimits } from "./defaults";
import type { LaunchSettings, MonitoringConfig, Raw } from "./schema";

/** Fills the defaults that depend on other keys (plan-dependent rate limits, host-derived checks); config/defaults.ts says what each does. */
export function completeSettings(raw: Raw): LaunchSettings {
  return {
    ...raw,
    cloudflare: { ...raw.cloudflare, zoneActive: raw.cloudflare.zoneActive ?? raw.cloudflare.existingZone },
    rateLimits: raw.rateLimits ?? defaultRateLimits(raw.cloudflare.plan, raw.authPaths),
    cache: {
      staticPaths: raw.cache.staticPaths ?? DEFAULT_STATIC_PATHS,
      bypassPaths: raw.cache.bypassPaths ?? defaultBypassPaths(raw.authPaths),
      edgeTtlSeconds: raw.cache.edgeTtlSeconds ?? defaultEdgeTtlSeconds(raw.cloudflare.plan),
    },
    monitoring: completeMonitoring(raw),
  };
}

function completeMonitoring(raw: Raw): MonitoringConfig {
  const { monitoring } = raw;
  const checks = monitoring.checks.length > 0 ? monitoring.checks : defaultChecks(raw.domain, raw.canonicalHost, raw.hosts, raw.authPaths.signIn[0]);
  const defaultOwner = monitoring.alertEmails[0] ?? "";
  return {
    ...monitoring,
    checks,
    flows: (monitoring.flows ?? defaultFlows(checks)).map((f) => ({ ...f, everyMinutes: f.everyMinutes ?? defaultFlowEveryMinutes(f.steps) })),
    flowRegion: monitoring.flowRegion ?? raw.awsRegion,
    owners: {
      down: monitoring.owners.down ?? defaultOwner,
      errors: monitoring.owners.errors ?? defaultOwner,
      slow: monitoring.owners.slow ?? defaultOwner,
      edge: monitoring.owners.edge ?? defaultOwner,
      jobs: monitoring.owners.jobs ?? defaultOwner,
    },
  };
}
