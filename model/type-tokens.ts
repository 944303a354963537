/**
 * Type tokens of the resources the policies and the launch documents read, kept here so neither needs a provider SDK.
 * test/policies/type-tokens.test.ts checks each against the SDK's own.
 */
export const TYPES = {
  zone: "cloudflare:index/zone:Zone",
  zoneSubscription: "cloudflare:index/zoneSubscription:ZoneSubscription",
  dnsRecord: "cloudflare:index/dnsRecord:DnsRecord",
  zoneSetting: "cloudflare:index/zoneSetting:ZoneSetting",
  zoneDnssec: "cloudflare:index/zoneDnssec:ZoneDnssec",
  ruleset: "cloudflare:index/ruleset:Ruleset",
  notificationPolicy: "cloudflare:index/notificationPolicy:NotificationPolicy",
  workersCustomDomain: "cloudflare:index/workersCustomDomain:WorkersCustomDomain",
  randomPassword: "random:index/randomPassword:RandomPassword",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  sesEmailIdentity: "aws:sesv2/emailIdentity:EmailIdentity",
  sesMailFrom: "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes",
  snsTopic: "aws:sns/topic:Topic",
  snsTopicSubscription: "aws:sns/topicSubscription:TopicSubscription",
  iamPolicy: "aws:iam/policy:Policy",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  canary: "aws:synthetics/canary:Canary",
  slackChannel: "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
} as const;

/**
 * Type tokens of the resources whose outputs declare intent (values the config sets, never ones a provider computes):
 * the stack itself and the template's own components.
 */
export const COMPONENTS = {
  /**
   * The root resource of every stack: its outputs are the stack outputs (model/stack-outputs.ts), the zone's Cloudflare
   * plan among them, which decides the rule quotas.
   */
  stack: "pulumi:pulumi:Stack",
  /** Its outputs carry the auth paths the stack names. */
  edgeProtection: "launch-ready:edge:EdgeProtection",
  /** Its outputs say whether a short HSTS max-age is a deliberate ramp step. */
  tls: "launch-ready:edge:Tls",
} as const;
