import { CLOUDFLARE_PLANS, ENFORCING_ACTIONS, type CloudflarePlan } from "../lib/cloudflare-plans";
import { ADDRESS_RECORD_TYPES } from "../lib/domain";
import { evaluateString, matches, type Probe } from "../lib/rule-language";
import { ONE_YEAR_SECONDS } from "../lib/durations";
import { bareName } from "../lib/zone-file";
import { hasUnknown, isUnknown, type PlannedResource } from "./resource";
import type { StackOutputs } from "./stack-outputs";
import { COMPONENTS, TYPES } from "./type-tokens";
import { record, text } from "./props";

/**
 * Reading the edge's planned resources (zone settings, DNS records, rulesets), and small simulations of what Cloudflare
 * does with a request: which redirect fires, whether it is cached, which rate limit counts it. Plain functions over
 * PlannedResource, shared by the edge rules and the launch documents.
 */

// --- zone -----------------------------------------------------------------------------------------------------------

/** The zone apex: the Zone's name, else the longest name every DNS record ends in (an adopted zone has no Zone). */
export function zoneApex(resources: readonly PlannedResource[]): string | undefined {
  const zone = resources.find((r) => r.type === TYPES.zone);
  if (zone !== undefined) return text(zone.props["name"]).toLowerCase() || undefined;
  // Names a provider makes at create (SES DKIM tokens) are not known on a first preview and say nothing of the apex.
  const names = dnsRecords(resources)
    .filter((r) => r.known && r.name !== "")
    .map((r) => r.name.split(".").reverse());
  const first = names[0];
  if (first === undefined) return undefined;
  let shared = first.length;
  for (const labels of names) {
    let i = 0;
    while (i < shared && labels[i] === first[i]) i++;
    shared = i;
  }
  return shared >= 2 ? first.slice(0, shared).reverse().join(".") : undefined;
}

/** The stack output that names the zone's plan (the contract is model/stack-outputs.ts; a type-only tie, so no zod here). */
const PLAN_OUTPUT = "cloudflarePlan" satisfies keyof StackOutputs;

/**
 * The plan the stack declares in its outputs, which the engine hands stack policies on the root Stack resource (also
 * on a first preview: the config sets it); Free (the strictest) when no stack output says.
 */
export function zonePlan(resources: readonly PlannedResource[]): CloudflarePlan {
  const declared = text(resources.find((r) => r.type === COMPONENTS.stack)?.props[PLAN_OUTPUT]);
  return (CLOUDFLARE_PLANS as readonly string[]).includes(declared) ? (declared as CloudflarePlan) : "free";
}

/** The ZoneSetting resources of one setting id. */
export const zoneSettings = (resources: readonly PlannedResource[], settingId: string) =>
  resources.filter((r) => r.type === TYPES.zoneSetting && r.props["settingId"] === settingId);

/** The HSTS part of a security_header value, read as the API reads it. */
export interface Hsts {
  enabled: boolean;
  maxAge: number;
  includeSubdomains: boolean;
  preload: boolean;
}

/**
 * Reads a security_header value with snake_case keys only (the value is sent verbatim, so camelCase keys are ignored
 * by the API: pulumi-cloudflare#1579). Returns the HSTS settings, or a message saying why there are none.
 */
export function readHsts(value: unknown): Hsts | string {
  const object = record(value);
  if ("strictTransportSecurity" in object) {
    return "The HSTS setting uses camelCase keys (strictTransportSecurity), which the API ignores: write the value with snake_case keys (strict_transport_security: { enabled, max_age, include_subdomains, preload, nosniff }).";
  }
  if (!("strict_transport_security" in object)) return `The security_header setting has no strict_transport_security object: HSTS is off. Set it with enabled: true and max_age: ${ONE_YEAR_SECONDS}.`;
  const fields = record(object["strict_transport_security"]);
  const camel = ["maxAge", "includeSubdomains"].filter((k) => k in fields);
  if (camel.length > 0) return `The HSTS setting uses camelCase keys (${camel.join(", ")}), which the API ignores: use max_age and include_subdomains.`;
  return {
    enabled: fields["enabled"] === true,
    maxAge: typeof fields["max_age"] === "number" ? fields["max_age"] : 0,
    includeSubdomains: fields["include_subdomains"] === true,
    preload: fields["preload"] === true,
  };
}

// --- DNS ------------------------------------------------------------------------------------------------------------

export interface DnsRecordData {
  urn: string;
  /** Lowercase FQDN without a trailing dot ("" while it is not known: a name built from a provider's output). */
  name: string;
  /** False on a first preview for a record whose name or content a provider makes at create (SES DKIM CNAMEs). */
  known: boolean;
  type: string;
  proxied: boolean;
  data: Record<string, unknown>;
}

export function dnsRecords(resources: readonly PlannedResource[]): DnsRecordData[] {
  return resources
    .filter((r) => r.type === TYPES.dnsRecord)
    .map((r) => ({
      urn: r.urn,
      name: bareName(text(r.props["name"])),
      known: !["name", "type", "content", "data"].some((key) => hasUnknown(r.props[key])),
      type: text(r.props["type"]).toUpperCase(),
      proxied: r.props["proxied"] === true,
      data: record(r.props["data"]),
    }));
}

export const PROXIABLE: ReadonlySet<string> = new Set(ADDRESS_RECORD_TYPES);

// --- rulesets -------------------------------------------------------------------------------------------------------

export interface EdgeRuleData {
  ref: string;
  action: string;
  expression: string;
  actionParameters: Record<string, unknown>;
  ratelimit: Record<string, unknown>;
}

export interface RulesetData {
  urn: string;
  name: string;
  phase: string;
  kind: string;
  /** The zone id, or the URN of the zone it comes from while the id is not known (a first preview). */
  zone: string;
  /** Every rule, enabled or not (quotas count them all). */
  rules: EdgeRuleData[];
  /** The rules Cloudflare runs. */
  enabled: EdgeRuleData[];
}

export function rulesets(resources: readonly PlannedResource[]): RulesetData[] {
  return resources
    .filter((r) => r.type === TYPES.ruleset)
    .map((r) => {
      const raw = Array.isArray(r.props["rules"]) ? (r.props["rules"] as unknown[]).map(record) : [];
      const rules = raw.map((rule) => ({
        ref: text(rule["ref"]),
        action: text(rule["action"]),
        expression: text(rule["expression"]),
        actionParameters: record(rule["actionParameters"]),
        ratelimit: record(rule["ratelimit"]),
      }));
      return {
        urn: r.urn,
        name: r.name,
        phase: text(r.props["phase"]),
        kind: text(r.props["kind"]),
        zone: isUnknown(r.props["zoneId"]) ? (r.dependsOn?.["zoneId"] ?? []).join(" ") || "(zone not created yet)" : text(r.props["zoneId"]),
        rules,
        enabled: rules.filter((_, i) => raw[i]?.["enabled"] !== false),
      };
    });
}

/** The enabled rules of one phase, in order. */
export function phaseRules(resources: readonly PlannedResource[], phase: string): EdgeRuleData[] {
  return rulesets(resources)
    .filter((r) => r.phase === phase)
    .flatMap((r) => r.enabled);
}

// --- what the edge does with a request ------------------------------------------------------------------------------

export interface RedirectOutcome {
  ref: string;
  status: number;
  location: string;
}

/** The Single Redirect that answers a request, as Cloudflare runs them: the first matching rule wins. */
export function redirectFor(resources: readonly PlannedResource[], probe: Probe): RedirectOutcome | undefined {
  const rule = phaseRules(resources, "http_request_dynamic_redirect").find((r) => r.action === "redirect" && matches(r.expression, probe));
  if (rule === undefined) return undefined;
  const from = record(rule.actionParameters["fromValue"]);
  const target = record(from["targetUrl"]);
  const base = typeof target["value"] === "string" ? target["value"] : evaluateString(text(target["expression"]), probe);
  const keepQuery = from["preserveQueryString"] === true && probe.query !== undefined && probe.query !== "";
  const location = keepQuery ? `${base}${base.includes("?") ? "&" : "?"}${probe.query}` : base;
  return { ref: rule.ref, status: typeof from["statusCode"] === "number" ? from["statusCode"] : 301, location };
}

/** Whether Cache Rules make a request eligible for caching: every matching rule applies in order, later ones win. */
export function cachedByRules(resources: readonly PlannedResource[], probe: Probe): boolean {
  let cached = false;
  for (const rule of phaseRules(resources, "http_request_cache_settings")) {
    if (rule.action !== "set_cache_settings" || typeof rule.actionParameters["cache"] !== "boolean") continue;
    if (matches(rule.expression, probe)) cached = rule.actionParameters["cache"];
  }
  return cached;
}

/** Whether a WAF custom rule lets the request skip a phase (skip rules run before rate limits and managed rules). */
export function skipsPhase(resources: readonly PlannedResource[], probe: Probe, phase: string): boolean {
  return phaseRules(resources, "http_request_firewall_custom").some((rule) => {
    const phases = rule.actionParameters["phases"];
    return rule.action === "skip" && Array.isArray(phases) && phases.includes(phase) && matches(rule.expression, probe);
  });
}

/** The rate-limit rules that count a request and act on it (log-only rules protect nothing). */
export function rateLimitsFor(resources: readonly PlannedResource[], probe: Probe): EdgeRuleData[] {
  if (skipsPhase(resources, probe, "http_ratelimit")) return [];
  return phaseRules(resources, "http_ratelimit").filter((rule) => ENFORCING_ACTIONS.includes(rule.action) && matches(rule.expression, probe));
}

/** A request path that a rule's path value stands for: wildcard escapes resolved, each "*" a word. */
export const samplePath = (value: string): string => value.replace(/\\(.)|\*/g, (_match, escaped: string | undefined) => escaped ?? "x");

/** An address in TEST-NET-2 (RFC 5737): an ordinary visitor, in no provider's published ranges. */
export const VISITOR_IP = "198.51.100.7";
