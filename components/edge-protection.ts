import * as aws from "./aws-services";
import * as pulumi from "@pulumi/pulumi";
import type { CloudflarePlan } from "../lib/cloudflare-plans";
import { freeManagedRulesetRule, healthCheckSkipRule, monitoredUrls, rateLimitRule, type AuthPaths, type RateLimitInput } from "../lib/edge-rules";
import { checkLength } from "../lib/expressions";
import { phaseRuleset } from "./phase-ruleset";

export interface EdgeProtectionArgs {
  zoneId: pulumi.Input<string>;
  /** The registrable domain, in punycode. */
  domain: string;
  plan: CloudflarePlan;
  /** Validated against the plan's quota and periods by config. */
  rateLimits: readonly RateLimitInput[];
  /** URLs the uptime checks request; those on this domain are exempt for Route 53's checkers. */
  uptimeCheckUrls: readonly string[];
  /** The stack's sign-in, password-reset and sign-up paths: an output, so the rate-limit policy knows what to look for. */
  authPaths: AuthPaths;
}

/**
 * The WAF side of the edge: one rate-limiting ruleset (login, password reset, sign-up, API), the Cloudflare Free
 * Managed Ruleset, and one custom rule that lets Route 53 health checkers through to the monitored URLs, so an uptime
 * check is never rate-limited or challenged. The checkers' address ranges come from AWS's published ip-ranges.json at
 * every preview, so the exemption follows AWS when the ranges change.
 */
export class EdgeProtection extends pulumi.ComponentResource {
  constructor(name: string, args: EdgeProtectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:EdgeProtection", name, {}, opts);

    phaseRuleset(
      `${name}-rate-limits`,
      {
        zoneId: args.zoneId,
        phase: "http_ratelimit",
        description: `Rate limits (${args.plan} plan)`,
        rules: args.rateLimits.map((limit) => rateLimitRule(limit, args.plan)),
      },
      this,
    );

    const urls = monitoredUrls(args.uptimeCheckUrls, args.domain);
    if (urls.length > 0) {
      // The service name is the TF data source's lowercase form of ROUTE53_HEALTHCHECKS.
      const checkers = aws.getIpRangesOutput({ services: ["route53_healthchecks"] }, { parent: this });
      const skip = checkers.apply((ranges) => {
        const rule = healthCheckSkipRule(urls, [...ranges.cidrBlocks, ...ranges.ipv6CidrBlocks], args.plan);
        checkLength(rule.expression, "the Route 53 health-check exemption");
        return [rule];
      });
      phaseRuleset(
        `${name}-custom-rules`,
        { zoneId: args.zoneId, phase: "http_request_firewall_custom", description: "Uptime checks are never blocked", rules: skip },
        this,
      );
    }

    phaseRuleset(
      `${name}-managed-rules`,
      { zoneId: args.zoneId, phase: "http_request_firewall_managed", description: "Cloudflare Free Managed Ruleset", rules: [freeManagedRulesetRule()] },
      this,
    );

    this.registerOutputs({ authPaths: args.authPaths });
  }
}
