import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { COMPONENTS, TYPES } from "../../model/type-tokens";
import { runStack } from "../helpers/harness";

// The rules match on type tokens written out as strings (so the pack needs no provider SDK). Each must be the SDK's
// own token, or a rule silently checks nothing after a provider renames a resource.
const SDK_CLASSES: Record<string, { isInstance(obj: unknown): boolean }> = {
  [TYPES.zone]: cloudflare.Zone,
  [TYPES.dnsRecord]: cloudflare.DnsRecord,
  [TYPES.zoneSetting]: cloudflare.ZoneSetting,
  [TYPES.zoneDnssec]: cloudflare.ZoneDnssec,
  [TYPES.ruleset]: cloudflare.Ruleset,
  [TYPES.workersCustomDomain]: cloudflare.WorkersCustomDomain,
  [TYPES.zoneSubscription]: cloudflare.ZoneSubscription,
  [TYPES.notificationPolicy]: cloudflare.NotificationPolicy,
  [TYPES.randomPassword]: random.RandomPassword,
  [TYPES.secret]: aws.secretsmanager.Secret,
  [TYPES.secretVersion]: aws.secretsmanager.SecretVersion,
  [TYPES.sesEmailIdentity]: aws.sesv2.EmailIdentity,
  [TYPES.sesMailFrom]: aws.sesv2.EmailIdentityMailFromAttributes,
  [TYPES.snsTopic]: aws.sns.Topic,
  [TYPES.snsTopicSubscription]: aws.sns.TopicSubscription,
  [TYPES.iamPolicy]: aws.iam.Policy,
  [TYPES.iamRolePolicy]: aws.iam.RolePolicy,
  [TYPES.healthCheck]: aws.route53.HealthCheck,
  [TYPES.metricAlarm]: aws.cloudwatch.MetricAlarm,
  [TYPES.canary]: aws.synthetics.Canary,
  [TYPES.slackChannel]: aws.chatbot.SlackChannelConfiguration,
};

describe("the type tokens the rules match on", () => {
  it("are the provider SDKs' own", () => {
    const tokens = Object.values(TYPES);
    expect(tokens.filter((t) => SDK_CLASSES[t] === undefined)).toEqual([]);
    for (const token of tokens) expect(SDK_CLASSES[token]?.isInstance({ __pulumiType: token }), token).toBe(true);
  });

  it("name components the program registers", async () => {
    const registered = new Set((await runStack()).resources.map((r) => r.type));
    for (const token of Object.values(COMPONENTS)) expect(registered.has(token), token).toBe(true);
  });
});
