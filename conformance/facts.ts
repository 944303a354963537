import { readFileSync } from "node:fs";
import { join } from "node:path";
import { docsNumber, docsSeconds, DOCS_PLAN_KEYS, labelsOf, parseAvailabilityTable, periodsOf, supportedPeriods, type DocsPlan, type SchemaFacts, type TtlRule, type ZoneSettingFact } from "./extract";

/** Where the facts live; scripts/extract-facts.ts writes them, test/conformance/ reads them. */
export const FACTS_DIR = join(__dirname, "facts");

/** Where a fact file came from: the repository (or npm package), the release and the exact commit. */
export interface Source {
  repo: string;
  version: string;
  commit: string;
}

/** A file of a source and the commit that last changed it. */
export interface FileSource {
  path: string;
  commit: string;
}

/** The Cloudflare resources the program creates, by Pulumi type token → terraform-provider-cloudflare service. */
export const CLOUDFLARE_RESOURCES: Readonly<Record<string, string>> = {
  "cloudflare:index/zone:Zone": "zone",
  "cloudflare:index/zoneSubscription:ZoneSubscription": "zone_subscription",
  "cloudflare:index/zoneDnssec:ZoneDnssec": "zone_dnssec",
  "cloudflare:index/zoneSetting:ZoneSetting": "zone_setting",
  "cloudflare:index/dnsRecord:DnsRecord": "dns_record",
  "cloudflare:index/ruleset:Ruleset": "ruleset",
  "cloudflare:index/workersScript:WorkersScript": "workers_script",
  "cloudflare:index/workersCustomDomain:WorkersCustomDomain": "workers_custom_domain",
  "cloudflare:index/notificationPolicy:NotificationPolicy": "notification_policy",
};

export const PLANS_PATH = "src/content/plans/index.json";
export const AVAILABILITY_PATH = "src/content/partials/waf/rate-limiting-availability-by-plan.mdx";

type Json = Record<string, unknown>;
const at = (root: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((node, key) => {
    if (node === null || typeof node !== "object" || !(key in node)) throw new Error(`${PLANS_PATH} has no ${path}`);
    return (node as Json)[key];
  }, root);

/** The availability table's plan columns, in order (the last, Advanced Rate Limiting, is an add-on the template never uses). */
const AVAILABILITY_COLUMNS: readonly DocsPlan[] = ["free", "pro", "business", "enterprise"];

/** Per-plan limits from cloudflare-docs: rule quotas and the edge TTL floor (plans data), rate-limit options (partial). */
export function cloudflarePlanFacts(repo: string, read: (path: string) => string, commitOf: (path: string) => string) {
  const plans: unknown = JSON.parse(read(PLANS_PATH));
  const perPlan = <T>(path: string, convert: (v: unknown) => T) =>
    Object.fromEntries(Object.entries(DOCS_PLAN_KEYS).map(([plan, key]) => [plan, convert(at(plans, `${path}.${key}`))])) as Record<DocsPlan, T>;
  const mdx = read(AVAILABILITY_PATH);
  const table = parseAvailabilityTable(mdx);
  const supported = supportedPeriods(mdx);
  const row = <T>(feature: string, convert: (cell: string) => T) => {
    const cells = table[feature];
    if (cells === undefined) throw new Error(`${AVAILABILITY_PATH} has no "${feature}" row`);
    return Object.fromEntries(AVAILABILITY_COLUMNS.map((plan, i) => [plan, convert(cells[i] ?? "")])) as Record<DocsPlan, T>;
  };
  return {
    repo,
    plansData: {
      source: { path: PLANS_PATH, commit: commitOf(PLANS_PATH) } satisfies FileSource,
      singleRedirectRules: perPlan("rules.single_redirects.properties.num_rules", docsNumber),
      cacheRules: perPlan("cache.cache_rules.properties.rules", docsNumber),
      rateLimitRules: perPlan("security.rate_limiting.properties.rules", docsNumber),
      customRules: perPlan("security.waf_c_custom_rules.properties.b_custom_rules", docsNumber),
      minEdgeTtlSeconds: perPlan("cache.edge_cache_ttl.properties.minimum", (v) => docsSeconds(String(v))),
      superBotFightMode: perPlan("security.bots.properties.super_bot_fight_mode", (v) => v === "Yes"),
    },
    rateLimiting: {
      source: { path: AVAILABILITY_PATH, commit: commitOf(AVAILABILITY_PATH) } satisfies FileSource,
      supportedPeriods: supported,
      countingPeriods: row("Counting periods", (cell) => periodsOf(cell, supported)),
      mitigationTimeouts: row("Mitigation timeout periods", (cell) => periodsOf(cell, supported)),
      expressionFields: row("Available fields in rule expression", labelsOf),
      characteristics: row("Counting characteristics", labelsOf),
    },
  };
}

export type CloudflarePlanFacts = ReturnType<typeof cloudflarePlanFacts>;

/** The enums of the exact-pinned AWS SDK v3 packages whose values the program sets. */
const AWS_ENUMS = {
  "@aws-sdk/client-route-53": ["HealthCheckType", "HealthCheckRegion", "InsufficientDataHealthStatus"],
  "@aws-sdk/client-cloudwatch": ["Statistic", "ComparisonOperator", "StandardUnit"],
  "@aws-sdk/client-sesv2": ["BehaviorOnMxFailure", "DkimSigningKeyLength", "TlsPolicy"],
} as const;

export function awsSdkFacts() {
  return Object.fromEntries(
    Object.entries(AWS_ENUMS).map(([pkg, names]) => {
      const sdk = require(pkg) as Record<string, Record<string, string>>;
      const { version } = require(`${pkg}/package.json`) as { version: string };
      const enums = Object.fromEntries(names.map((n) => {
        const values = sdk[n];
        if (values === undefined) throw new Error(`${pkg}@${version} no longer exports the enum ${n}`);
        return [n, Object.values(values)];
      }));
      return [pkg, { source: { repo: `npm:${pkg}`, version, path: "dist-cjs/index.js" }, enums }];
    }),
  );
}

export type AwsSdkFacts = ReturnType<typeof awsSdkFacts>;

/**
 * Which terraform-provider-cloudflare release @pulumi/cloudflare 6.22.1 bridges, as far as the sources reachable here
 * show. Recorded beside the provider facts; the conformance tests check the evidence against the installed SDK.
 */
export const BRIDGE = {
  package: "@pulumi/cloudflare",
  version: "6.22.1",
  published: "2026-10-13 (npm registry)",
  bridgesReleaseAfter: "v5.22.0",
  factsExtractedFrom: "v5.22.0",
  evidence: [
    "pulumi/pulumi-cloudflare provider/go.mod replaces github.com/cloudflare/terraform-provider-cloudflare with ../upstream, the git submodule; its newest snapshot reachable here (master 52f065c5f, 2026-07-02, tags to v6.17.0) pins upstream at b2277b8b3ba7153e4ddb2167483cd7c3909119e8 = v5.19.1 (pull request #1554), and a branch upgrade-terraform-provider-cloudflare-to-v5.21.1-ci is open; no snapshot of tag v6.22.1 is reachable",
    "@pulumi/cloudflare 6.22.1 (zoneSetting.d.ts) documents the zone setting ids webmcp_enabled and webmcp_packs, which v5.22.0 (2026-07-10, the newest tag of terraform-provider-cloudflare reachable here) does not have, so 6.22.1 bridges a later release",
  ],
} as const;

/** The committed facts, typed. */
export interface ProviderFacts {
  source: Source;
  bridge: typeof BRIDGE;
  resources: Record<string, { path: string; attributes: SchemaFacts }>;
  dnsRecordTtl: { path: string; rule: TtlRule };
  zoneSettings: { path: string; settings: Record<string, ZoneSettingFact> };
}

const readFacts = (file: string): unknown => JSON.parse(readFileSync(join(FACTS_DIR, file), "utf8"));

export function loadFacts(): { provider: ProviderFacts; plans: CloudflarePlanFacts; aws: AwsSdkFacts } {
  return {
    provider: readFacts("cloudflare-provider.json") as ProviderFacts,
    plans: readFacts("cloudflare-plans.json") as CloudflarePlanFacts,
    aws: readFacts("aws-sdk.json") as AwsSdkFacts,
  };
}
