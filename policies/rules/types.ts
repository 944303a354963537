/**
 * Policy rules are pure functions over plain resource data, so the CrossGuard pack (policies/index.ts) and the offline
 * plan evaluate exactly the same code. No Pulumi imports here.
 */
export type Enforcement = "mandatory" | "advisory";

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
}

export interface Violation {
  message: string;
  /** The resource at fault; stack-wide findings leave it out. */
  urn?: string;
}

interface RuleBase {
  /** kebab-case, unique in the pack. */
  name: string;
  /** "Checks that … because …". */
  description: string;
  enforcementLevel: Enforcement;
}

/** Checks one resource of the listed types; returns one message per problem. */
export interface ResourceRule extends RuleBase {
  kind: "resource";
  resourceTypes: readonly string[];
  validate(resource: RuleResource): string[];
}

/** Checks relationships across the whole stack. */
export interface StackRule extends RuleBase {
  kind: "stack";
  validate(resources: readonly RuleResource[]): Violation[];
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
  snsTopicSubscription: "aws:sns/topicSubscription:TopicSubscription",
  iamPolicy: "aws:iam/policy:Policy",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;
