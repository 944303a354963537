/**
 * A policy pack config file, read as the Pulumi CLI reads `pulumi preview --policy-pack-config FILE`
 * (pulumi/pulumi pkg/resource/analyzer/config.go): one JSON object whose keys are policy names, or "all" for every
 * policy, and whose values are an enforcement level, either as a string ("advisory") or as an object
 * ({ "enforcementLevel": "advisory" }, the form Pulumi Cloud's organization-level config uses). The CLI reconciles it
 * with each policy's own level and sends the result to the pack (the Configure RPC), and @pulumi/policy applies it;
 * the offline plan applies the same file through policies/rules/evaluate.ts. No Pulumi imports here.
 */

/** The levels Pulumi accepts (sdk/go/common/apitype/policy.go, EnforcementLevel.IsValid). */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

/** The key that sets every policy's level; Pulumi reserves it, so no policy can be named so. */
export const ALL_POLICIES = "all";

/** What the file sets: a level per policy name, and for ALL_POLICIES. */
export type PolicyConfig = ReadonlyMap<string, EnforcementLevel>;

/** The effective level of each policy of the pack, after the file is applied to the policies' own levels. */
export type PolicyLevels = ReadonlyMap<string, EnforcementLevel>;

export class PolicyConfigError extends Error {}

const isLevel = (value: unknown): value is EnforcementLevel => (ENFORCEMENT_LEVELS as readonly unknown[]).includes(value);
const LEVELS = `${ENFORCEMENT_LEVELS.slice(0, -1).join(", ")} or ${ENFORCEMENT_LEVELS.at(-1)}`;

/**
 * Reads a config file's text; `policies` are the pack's policy names. Every problem is reported at once. Stricter than
 * the CLI where the CLI would silently do nothing: a name that is no policy of the pack, a property other than
 * enforcementLevel (the pack's policies take none), and ESC "environments", which only the CLI can resolve.
 */
export function parsePolicyConfig(text: string, file: string, policies: readonly string[]): PolicyConfig {
  // Like the CLI, an empty file sets nothing.
  if (text.trim() === "") return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PolicyConfigError(`${file} is not JSON (${(err as Error).message}). A policy pack config file is one JSON object, e.g. {"all": "mandatory", "zone-hsts-one-year": "disabled"}.`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new PolicyConfigError(`${file} holds ${JSON.stringify(parsed)}, not a JSON object. Write one object of policy names and levels, e.g. {"zone-hsts-one-year": "disabled"}.`);
  }
  const known = new Set(policies);
  const problems: string[] = [];
  const config = new Map<string, EnforcementLevel>();
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (key === "environments") {
      problems.push(`"environments" names Pulumi ESC environments, which only the Pulumi CLI can open: the offline plan cannot apply what they set. Set the levels in this file instead.`);
      continue;
    }
    if (key !== ALL_POLICIES && !known.has(key)) {
      problems.push(`"${key}" is not a policy of the pack. Use "${ALL_POLICIES}" for every policy, or one of: ${policies.join(", ")}.`);
      continue;
    }
    const level = levelOf(key, value, problems);
    if (level !== undefined) config.set(key, level);
  }
  if (problems.length > 0) throw new PolicyConfigError(`${file} is not a valid policy pack config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return config;
}

/** The level one entry sets, or undefined when it sets none (an empty object, as the CLI skips it). */
function levelOf(key: string, value: unknown, problems: string[]): EnforcementLevel | undefined {
  const levelProblem = (level: unknown) => `"${key}": ${JSON.stringify(level)} is not an enforcement level: use ${LEVELS}.`;
  if (typeof value === "string") {
    if (isLevel(value)) return value;
    problems.push(levelProblem(value));
    return undefined;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    problems.push(`"${key}": ${JSON.stringify(value)} is neither a level nor an object: write "${key}": "advisory" or "${key}": {"enforcementLevel": "advisory"}.`);
    return undefined;
  }
  const { enforcementLevel, ...properties } = value as Record<string, unknown>;
  const others = Object.keys(properties);
  if (others.length > 0) problems.push(`"${key}" sets ${others.map((p) => `"${p}"`).join(", ")}: the pack's policies take no configuration but "enforcementLevel".`);
  if (enforcementLevel === undefined) return undefined;
  if (isLevel(enforcementLevel)) return enforcementLevel;
  problems.push(levelProblem(enforcementLevel));
  return undefined;
}

/**
 * Each policy's effective level, as the CLI reconciles them (ReconcilePolicyPackConfig): the policy's own level, then
 * "all", then the policy's own entry. Any level may replace any other: a file can lower a mandatory policy.
 */
export function policyLevels(policies: readonly { name: string; enforcementLevel: EnforcementLevel }[], config: PolicyConfig): PolicyLevels {
  const all = config.get(ALL_POLICIES);
  return new Map(policies.map((p) => [p.name, config.get(p.name) ?? all ?? p.enforcementLevel]));
}
