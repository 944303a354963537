/**
 * Policy rules are pure functions over plain resource data, so the CrossGuard pack (policies/index.ts) and the offline
 * plan evaluate exactly the same code. No Pulumi imports here.
 */
export type Enforcement = "mandatory" | "advisory";

/**
 * A value nobody knows yet: on a first preview, whatever a provider computes at create (ids, ARNs, SES DKIM tokens,
 * generated passwords) and everything built from it. The engine sends its unknown sentinel; the pack and the offline
 * plan both hand rules this one marker instead, so a rule decides from what is known and never reads a stand-in.
 */
class UnknownValue {
  // A private member makes the type nominal: structurally it would match every value with a toString.
  readonly #unknown = true;
  toString(): string {
    return "(known after create)";
  }
}
export const UNKNOWN = new UnknownValue();
export const isUnknown = (value: unknown): value is UnknownValue => value === UNKNOWN;
/** True when the value is unknown or holds an unknown anywhere inside. */
export function hasUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return (value as unknown[]).some(hasUnknown);
  if (value !== null && typeof value === "object") return Object.values(value as object).some(hasUnknown);
  return false;
}

/** A resource as a policy sees it: plain values, secrets already unwrapped (CrossGuard does the same). */
export interface RuleResource {
  urn: string;
  type: string;
  name: string;
  /** Resource rules see the inputs; stack rules see the state (inputs plus what the provider computed). */
  props: Record<string, unknown>;
  protect: boolean;
  /** URN of the parent resource. */
  parent?: string;
  /**
   * Property name → URNs of the resources its value was built from, as the engine records them. Known even when the
   * value is not, so stack rules relate resources through it (an alarm to its health check, a subscription to its
   * topic) rather than through ids a first preview does not have. Stack rules only.
   */
  dependsOn?: Readonly<Record<string, readonly string[]>>;
}

export interface Violation {
  message: string;
  /** The resource at fault; stack-wide findings leave it out. */
  urn?: string;
}

/**
 * A check that waits for a value the provider makes at create: neither a pass nor a violation. The offline plan lists
 * it as pending; the pack reports it through the advisory policy checks-pending-until-created.
 */
export interface Pending extends Violation {
  pending: true;
}
export const pending = (message: string, urn?: string): Pending => (urn === undefined ? { message, pending: true } : { message, urn, pending: true });
export const isPending = (finding: string | Violation): finding is Pending => typeof finding === "object" && "pending" in finding;

interface RuleBase {
  /** kebab-case, unique in the pack. */
  name: string;
  /** "Checks that … because …". */
  description: string;
  enforcementLevel: Enforcement;
}

/**
 * Checks one resource of the listed types from its inputs; returns one message per problem. The engine runs these
 * before it creates the resource, so they are what blocks a `pulumi up`.
 */
export interface ResourceRule extends RuleBase {
  kind: "resource";
  resourceTypes: readonly string[];
  validate(resource: RuleResource): (string | Pending)[];
}

/**
 * Checks relationships across the whole stack. The engine runs these once per preview, and during `pulumi up` only
 * after every resource exists: keep to facts that truly span resources.
 */
export interface StackRule extends RuleBase {
  kind: "stack";
  validate(resources: readonly RuleResource[]): (Violation | Pending)[];
}

export type Rule = ResourceRule | StackRule;

/** Type tokens the rules match on (kept here so rules need no provider SDK). */
export const TYPES = {
  zone: "cloudflare:index/zone:Zone",
  dnsRecord: "cloudflare:index/dnsRecord:DnsRecord",
  zoneSetting: "cloudflare:index/zoneSetting:ZoneSetting",
  zoneDnssec: "cloudflare:index/zoneDnssec:ZoneDnssec",
  ruleset: "cloudflare:index/ruleset:Ruleset",
  /** The Zone component: its outputs carry the zone's Cloudflare plan, which decides the rule quotas. */
  zoneComponent: "launch-ready:edge:Zone",
  randomPassword: "random:index/randomPassword:RandomPassword",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  sesEmailIdentity: "aws:sesv2/emailIdentity:EmailIdentity",
  sesMailFrom: "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes",
  workersCustomDomain: "cloudflare:index/workersCustomDomain:WorkersCustomDomain",
  snsTopic: "aws:sns/topic:Topic",
  snsTopicSubscription: "aws:sns/topicSubscription:TopicSubscription",
  iamPolicy: "aws:iam/policy:Policy",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;
