import type { CloudflarePlan } from "../lib/cloudflare-plans";
import { fieldsOf, parse } from "../lib/rule-language";
import { isRecord, record } from "../model/props";
import type { AttributeFact, SchemaFacts, TtlRule, ZoneSettingFact } from "./extract";
import type { AwsSdkFacts, CloudflarePlanFacts } from "./facts";

/**
 * Checks a plan's resource inputs against the facts taken from the providers' sources: what the provider's validators
 * and Cloudflare's plan limits would refuse at `pulumi up`. Pure: plain resource data and facts in, problems out.
 */

/** A resource as the plan document holds it. */
export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** The Pulumi input name of a provider attribute is its camelCase form: zoneId ↔ zone_id. */
export const tfName = (input: string): string => input.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const COLLECTIONS = new Set(["List", "Set", "ListNested", "SetNested"]);

/** The attribute path of an input key. The bridge pluralizes list and set names (email → emails, pagerduty → pagerduties). */
function attributeOf(key: string, path: string, facts: SchemaFacts): string {
  const full = (name: string) => (path === "" ? name : `${path}.${name}`);
  const name = tfName(key);
  if (facts[full(name)] !== undefined) return full(name);
  const singular = [name.replace(/ies$/, "y"), name.replace(/s$/, "")].map(full).find((p) => COLLECTIONS.has(facts[p]?.kind ?? ""));
  return singular ?? full(name);
}

const parentOf = (path: string): string => (path.lastIndexOf(".") < 0 ? "" : path.slice(0, path.lastIndexOf(".")));
/** Values the plan document redacts (secrets) carry no value to check. */
const REDACTED = new Set(["[secret]", "[unknown]"]);

function inList(value: string, allowed: readonly string[], caseInsensitive: boolean): boolean {
  return caseInsensitive ? allowed.some((a) => a.toLowerCase() === value.toLowerCase()) : allowed.includes(value);
}

function checkScalar(value: unknown, path: string, fact: AttributeFact): string[] {
  if (typeof value === "string" && REDACTED.has(value)) return [];
  const problems: string[] = [];
  const expected = { String: "string", Bool: "boolean", Int64: "number", Float64: "number" }[fact.kind];
  if (expected !== undefined && typeof value !== expected) return [`${path}: a ${fact.kind} attribute, received ${JSON.stringify(value)}`];
  if (typeof value === "string") {
    if (fact.oneOf !== undefined && !inList(value, fact.oneOf, fact.caseInsensitive === true)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${fact.oneOf.join(", ")}`);
    if (fact.minLength !== undefined && value.length < fact.minLength) problems.push(`${path}: shorter than ${fact.minLength} characters`);
    if (fact.maxLength !== undefined && value.length > fact.maxLength) problems.push(`${path}: longer than ${fact.maxLength} characters`);
  }
  if (typeof value === "number") {
    if (fact.kind === "Int64" && !Number.isInteger(value)) problems.push(`${path}: ${value} is not a whole number`);
    if (fact.intOneOf !== undefined && !fact.intOneOf.includes(value)) problems.push(`${path}: ${value} is not one of ${fact.intOneOf.join(", ")}`);
    if (fact.min !== undefined && value < fact.min) problems.push(`${path}: ${value} is below ${fact.min}`);
    if (fact.max !== undefined && value > fact.max) problems.push(`${path}: ${value} is above ${fact.max}`);
  }
  return problems;
}

function checkValue(value: unknown, path: string, fact: AttributeFact, facts: SchemaFacts): string[] {
  if (value === null || value === undefined || fact.kind === "Dynamic") return [];
  if (fact.kind === "SingleNested") return isRecord(value) ? checkObject(value, path, facts) : [`${path}: an object attribute, received ${JSON.stringify(value)}`];
  if (fact.kind === "ListNested" || fact.kind === "SetNested") {
    if (!Array.isArray(value)) return [`${path}: a list of objects, received ${JSON.stringify(value)}`];
    return value.flatMap((element, i) => (isRecord(element) ? checkObject(element, `${path}[]`, facts).map((p) => p.replace(`${path}[]`, `${path}[${i}]`)) : [`${path}[${i}]: not an object`]));
  }
  if (fact.kind === "List" || fact.kind === "Set") {
    if (!Array.isArray(value)) return [`${path}: a list, received ${JSON.stringify(value)}`];
    const allowed = fact.elementOneOf;
    return allowed === undefined ? [] : value.filter((e) => typeof e !== "string" || !allowed.includes(e)).map((e) => `${path}: element ${JSON.stringify(e)} is not one of ${allowed.join(", ")}`);
  }
  if (fact.kind === "Map") return isRecord(value) ? [] : [`${path}: a map, received ${JSON.stringify(value)}`];
  return checkScalar(value, path, fact);
}

function checkObject(object: Record<string, unknown>, path: string, facts: SchemaFacts): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    const attribute = attributeOf(key, path, facts);
    const fact = facts[attribute];
    if (fact === undefined) {
      problems.push(`${attribute}: the provider has no such attribute`);
      continue;
    }
    if (fact.computed === true && fact.optional !== true && fact.required !== true) problems.push(`${attribute}: output-only, the provider computes it`);
    problems.push(...checkValue(value, attribute, fact, facts));
  }
  const given = new Set(Object.keys(object).filter((k) => object[k] !== undefined && object[k] !== null).map((k) => attributeOf(k, path, facts).slice(path === "" ? 0 : path.length + 1)));
  for (const [attribute, fact] of Object.entries(facts)) {
    if (fact.required !== true || parentOf(attribute) !== path) continue;
    const name = attribute.slice(path === "" ? 0 : path.length + 1);
    if (!given.has(name)) problems.push(`${attribute}: required, not set`);
  }
  return problems;
}

/** Field set, required fields, output-only fields, enums and bounds of one resource's inputs against its schema. */
export function checkSchema(inputs: Record<string, unknown>, facts: SchemaFacts): string[] {
  return checkObject(inputs, "", facts);
}

/** A ZoneSetting's value against the provider's table of setting ids and their values. */
export function checkZoneSetting(inputs: Record<string, unknown>, settings: Record<string, ZoneSettingFact>): string[] {
  const id = String(inputs["settingId"]);
  const fact = settings[id];
  if (fact === undefined) return [`setting_id: ${JSON.stringify(id)} is not a zone setting the provider documents`];
  const value = inputs["value"];
  if ("values" in fact) return typeof value === "string" && fact.values.includes(value) ? [] : [`value: ${id} takes ${fact.values.join(", ")}, received ${JSON.stringify(value)}`];
  const expected = { Object: isRecord(value), Number: typeof value === "number", String: typeof value === "string" }[fact.type];
  return expected === false ? [`value: ${id} takes a ${fact.type}, received ${JSON.stringify(value)}`] : [];
}

/** A DNS record's ttl: 1 (automatic), or within the provider's stated range (a lower floor on Enterprise). */
export function checkTtl(inputs: Record<string, unknown>, rule: TtlRule, plan: CloudflarePlan): string[] {
  const ttl = inputs["ttl"];
  const min = plan === "enterprise" ? rule.enterpriseMin : rule.min;
  if (ttl === rule.automatic || (typeof ttl === "number" && ttl >= min && ttl <= rule.max)) return [];
  return [`ttl: ${JSON.stringify(ttl)} is neither ${rule.automatic} (automatic) nor between ${min} and ${rule.max} on the ${plan} plan`];
}

/**
 * What the availability table's labels stand for in the API. Characteristics: "IP" is ip.src, "IP with NAT support"
 * cf.unique_visitor_id, and cf.colo.id is mandatory in every rule (cloudflare-docs content/waf/rate-limiting-rules/
 * parameters.md). Expression fields: the Rules language names of the labelled fields.
 */
const CHARACTERISTIC_FIELDS: Readonly<Record<string, string>> = { IP: "ip.src", "IP with NAT support": "cf.unique_visitor_id" };
const MANDATORY_CHARACTERISTIC = "cf.colo.id";
const EXPRESSION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Path: ["http.request.uri.path"],
  "Verified Bot": ["cf.bot_management.verified_bot"],
  Host: ["http.host"],
  URI: ["http.request.uri"],
  "Full URI": ["http.request.full_uri"],
  Query: ["http.request.uri.query"],
  Method: ["http.request.method"],
  "Source IP": ["ip.src"],
  "User Agent": ["http.user_agent"],
};
const CHALLENGES = new Set(["challenge", "js_challenge", "managed_challenge"]);

/** The per-plan limits Cloudflare's docs state, for every ruleset of a stack on `plan`. */
export function checkPlanLimits(rulesets: readonly PlannedResource[], plan: CloudflarePlan, facts: CloudflarePlanFacts): string[] {
  const limits = facts.plansData;
  const rl = facts.rateLimiting;
  const quota: Readonly<Record<string, number>> = {
    http_request_dynamic_redirect: limits.singleRedirectRules[plan],
    http_request_cache_settings: limits.cacheRules[plan],
    http_ratelimit: limits.rateLimitRules[plan],
    http_request_firewall_custom: limits.customRules[plan],
  };
  const problems: string[] = [];
  for (const ruleset of rulesets) {
    const phase = String(ruleset.inputs["phase"]);
    const rules = (Array.isArray(ruleset.inputs["rules"]) ? ruleset.inputs["rules"] : []).map(record);
    const limit = quota[phase];
    if (limit !== undefined && rules.length > limit) problems.push(`${ruleset.name}: ${rules.length} rules in ${phase}; the ${plan} plan allows ${limit}`);
    for (const rule of rules) {
      const ref = String(rule["ref"] ?? "(no ref)");
      const phases = record(rule["actionParameters"])["phases"];
      if (Array.isArray(phases) && phases.includes("http_request_sbfm") && !limits.superBotFightMode[plan]) problems.push(`${ruleset.name} ${ref}: skips Super Bot Fight Mode, which the ${plan} plan does not have`);
      const edgeTtl = record(record(rule["actionParameters"])["edgeTtl"])["default"];
      if (typeof edgeTtl === "number" && edgeTtl < limits.minEdgeTtlSeconds[plan]) problems.push(`${ruleset.name} ${ref}: edge TTL ${edgeTtl} s is below the ${plan} plan's minimum of ${limits.minEdgeTtlSeconds[plan]} s`);
      if (phase !== "http_ratelimit") continue;
      const ratelimit = record(rule["ratelimit"]);
      const period = ratelimit["period"];
      if (typeof period !== "number" || !rl.countingPeriods[plan].includes(period)) problems.push(`${ruleset.name} ${ref}: period ${String(period)} s; the ${plan} plan counts over ${rl.countingPeriods[plan].join(", ")} s`);
      const timeout = ratelimit["mitigationTimeout"];
      const timeouts = CHALLENGES.has(String(rule["action"])) ? [0] : rl.mitigationTimeouts[plan];
      if (typeof timeout !== "number" || !timeouts.includes(timeout)) problems.push(`${ruleset.name} ${ref}: mitigation timeout ${String(timeout)} s; allowed here: ${timeouts.join(", ")} s`);
      const allowedCharacteristics = [MANDATORY_CHARACTERISTIC, ...rl.characteristics[plan].flatMap((l) => CHARACTERISTIC_FIELDS[l] ?? [])];
      const characteristics = Array.isArray(ratelimit["characteristics"]) ? ratelimit["characteristics"].map(String) : [];
      if (!characteristics.includes(MANDATORY_CHARACTERISTIC)) problems.push(`${ruleset.name} ${ref}: characteristics lack the mandatory ${MANDATORY_CHARACTERISTIC}`);
      for (const c of characteristics.filter((c) => !allowedCharacteristics.includes(c))) problems.push(`${ruleset.name} ${ref}: characteristic ${c} is not available on the ${plan} plan`);
      const labels = rl.expressionFields[plan];
      if (labels.every((l) => l in EXPRESSION_FIELDS)) {
        const allowedFields = new Set(labels.flatMap((l) => EXPRESSION_FIELDS[l] ?? []));
        for (const f of [...fieldsOf(parse(String(rule["expression"])))].filter((f) => !allowedFields.has(f))) problems.push(`${ruleset.name} ${ref}: the expression reads ${f}, which a ${plan}-plan rate-limit rule cannot`);
      }
    }
  }
  return problems;
}

/** Input paths (camelCase, "[]" for each list element) of AWS resources whose values are SDK enums. */
export const AWS_ENUM_INPUTS: Readonly<Record<string, Readonly<Record<string, readonly [string, string]>>>> = {
  "aws:route53/healthCheck:HealthCheck": {
    type: ["@aws-sdk/client-route-53", "HealthCheckType"],
    "regions[]": ["@aws-sdk/client-route-53", "HealthCheckRegion"],
    insufficientDataHealthStatus: ["@aws-sdk/client-route-53", "InsufficientDataHealthStatus"],
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    statistic: ["@aws-sdk/client-cloudwatch", "Statistic"],
    comparisonOperator: ["@aws-sdk/client-cloudwatch", "ComparisonOperator"],
    unit: ["@aws-sdk/client-cloudwatch", "StandardUnit"],
  },
  "aws:sesv2/emailIdentity:EmailIdentity": { "dkimSigningAttributes.nextSigningKeyLength": ["@aws-sdk/client-sesv2", "DkimSigningKeyLength"] },
  "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes": { behaviorOnMxFailure: ["@aws-sdk/client-sesv2", "BehaviorOnMxFailure"] },
  "aws:sesv2/configurationSet:ConfigurationSet": { "deliveryOptions.tlsPolicy": ["@aws-sdk/client-sesv2", "TlsPolicy"] },
};

/** The values at an input path ("a.b", "list[]"), flattened. */
function valuesAt(inputs: unknown, path: string): unknown[] {
  return path.split(".").reduce<unknown[]>((nodes, part) => {
    const list = part.endsWith("[]");
    const key = list ? part.slice(0, -2) : part;
    return nodes.flatMap((n) => {
      const v = record(n)[key];
      if (v === undefined || v === null) return [];
      return list && Array.isArray(v) ? v : [v];
    });
  }, [inputs]);
}

/** The enum-valued inputs of an AWS resource against the SDK's enums. */
export function checkAwsEnums(resource: PlannedResource, facts: AwsSdkFacts): string[] {
  const table = AWS_ENUM_INPUTS[resource.type] ?? {};
  return Object.entries(table).flatMap(([path, [pkg, name]]) => {
    const allowed = (facts[pkg as keyof AwsSdkFacts]?.enums as Record<string, readonly string[]> | undefined)?.[name];
    if (allowed === undefined) return [`${path}: no facts for ${pkg} ${name}`];
    return valuesAt(resource.inputs, path)
      .filter((v) => typeof v !== "string" || !allowed.includes(v))
      .map((v) => `${path}: ${JSON.stringify(v)} is not a ${name} of ${pkg} (${allowed.join(", ")})`);
  });
}
