import { createHash, randomInt } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE } from "../../config";
import ROUTE53_HEALTHCHECKS_SNAPSHOT from "./data/route53-healthchecks-ip-ranges.json";

/**
 * What the providers compute that the program reads back: the values a real `pulumi up` would get from Cloudflare,
 * AWS and random. Only what the program or the reports use is listed; everything else echoes the inputs.
 */
type Inputs = Record<string, unknown>;
type Computed = (name: string, inputs: Inputs, region: string) => Inputs;

export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_NAME_SERVERS = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"];

/** A stable hexadecimal id derived from the resource, so two plans of one stack are identical. */
export function mockHexId(seed: string, length = 32): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

const arn = (service: string, region: string, resource: string) => `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${resource}`;
const regionOf = (inputs: Inputs, fallback: string) => (typeof inputs["region"] === "string" ? inputs["region"] : fallback);

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const COMPUTED: Record<string, Computed> = {
  "cloudflare:index/zone:Zone": () => ({ nameServers: MOCK_NAME_SERVERS, status: "pending" }),
  "cloudflare:index/zoneDnssec:ZoneDnssec": (name) => {
    const digest = mockHexId(`${name}-ds`, 64).toUpperCase();
    return { algorithm: "13", digestType: "2", digestAlgorithm: "SHA256", keyTag: 2371, flags: 257, digest, ds: `2371 13 2 ${digest}`, publicKey: mockHexId(`${name}-key`, 64) };
  },
  "aws:sesv2/emailIdentity:EmailIdentity": (name, inputs, region) => ({
    arn: arn("ses", regionOf(inputs, region), `identity/${String(inputs["emailIdentity"])}`),
    identityType: "DOMAIN",
    verificationStatus: "PENDING",
    verifiedForSendingStatus: false,
    dkimSigningAttributes: {
      ...(typeof inputs["dkimSigningAttributes"] === "object" ? inputs["dkimSigningAttributes"] : {}),
      tokens: [0, 1, 2].map((i) => mockHexId(`${name}-dkim-${i}`)),
      status: "PENDING",
    },
  }),
  "aws:sesv2/configurationSet:ConfigurationSet": (_name, inputs, region) => ({
    arn: arn("ses", regionOf(inputs, region), `configuration-set/${String(inputs["configurationSetName"])}`),
  }),
  "aws:sns/topic:Topic": (name, inputs, region) => ({
    arn: arn("sns", regionOf(inputs, region), typeof inputs["name"] === "string" ? inputs["name"] : `${name}-${mockHexId(name, 7)}`),
    region: regionOf(inputs, region),
  }),
  "aws:sns/topicSubscription:TopicSubscription": (name, inputs, region) => ({
    arn: arn("sns", regionOf(inputs, region), `${name}:${mockHexId(name, 8)}`),
    pendingConfirmation: true,
    region: regionOf(inputs, region),
  }),
  // The ARN ends in the health check's id, which alarms and dashboards use as the HealthCheckId dimension.
  "aws:route53/healthCheck:HealthCheck": (name) => ({ arn: `arn:aws:route53:::healthcheck/${mockId("aws:route53/healthCheck:HealthCheck", name)}` }),
  "aws:cloudwatch/metricAlarm:MetricAlarm": (name, inputs, region) => ({
    arn: arn("cloudwatch", regionOf(inputs, region), `alarm:${typeof inputs["name"] === "string" ? inputs["name"] : name}`),
    region: regionOf(inputs, region),
  }),
  "aws:cloudwatch/dashboard:Dashboard": (name, inputs, region) => ({ dashboardArn: `arn:aws:cloudwatch::${MOCK_ACCOUNT_ID}:dashboard/${String(inputs["dashboardName"] ?? name)}` , region: regionOf(inputs, region) }),
  // Flow checks: the artifacts bucket, the canaries' role, the canaries, Slack and Cloudflare notifications.
  "aws:s3/bucket:Bucket": (name, inputs) => {
    const bucket = typeof inputs["bucket"] === "string" ? inputs["bucket"] : `${name}-${mockHexId(name, 7)}`;
    return { bucket, arn: `arn:aws:s3:::${bucket}`, bucketRegionalDomainName: `${bucket}.s3.amazonaws.com` };
  },
  "aws:iam/role:Role": (name, inputs) => ({ arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${typeof inputs["name"] === "string" ? inputs["name"] : name}`, uniqueId: `AROA${mockHexId(name, 17).toUpperCase()}` }),
  "aws:synthetics/canary:Canary": (name, inputs, region) => ({
    arn: arn("synthetics", regionOf(inputs, region), `canary:${String(inputs["name"] ?? name)}`),
    engineArn: arn("lambda", regionOf(inputs, region), `function:cwsyn-${String(inputs["name"] ?? name)}-${mockHexId(name, 8)}`),
    status: "RUNNING",
  }),
  "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": (name, inputs) => ({
    chatConfigurationArn: `arn:aws:chatbot::${MOCK_ACCOUNT_ID}:chat-configuration/slack-channel/${String(inputs["configurationName"] ?? name)}`,
    slackChannelName: "alerts",
    slackTeamName: "workspace",
  }),
  "aws:secretsmanager/secret:Secret": (name, inputs, region) => ({ arn: arn("secretsmanager", regionOf(inputs, region), `secret:${String(inputs["name"] ?? name)}-${mockHexId(name, 6)}`) }),
  "aws:secretsmanager/secretVersion:SecretVersion": (name) => ({ versionId: mockHexId(name, 32) }),
  "aws:iam/policy:Policy": (name, inputs) => ({ arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/${typeof inputs["name"] === "string" ? inputs["name"] : name}` }),
  "random:index/randomPassword:RandomPassword": (_name, inputs) => {
    const length = typeof inputs["length"] === "number" ? inputs["length"] : 32;
    return { result: Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join(""), bcryptHash: "$2a$10$mock" };
  },
};

/** Results of provider functions (invokes) the program calls. */
const INVOKES: Record<string, (inputs: Inputs, region: string) => Inputs> = {
  "cloudflare:index/getZone:getZone": (inputs) => {
    const filter = (inputs["filter"] ?? {}) as Inputs;
    const name = String(filter["name"] ?? "example.com");
    const zoneId = mockHexId(`zone-${name}`);
    // Offline there is no account to ask: the adopted zone is taken to be active and on the plan the stack declares.
    const legacyId = declaredPlan();
    return { id: zoneId, zoneId, name, nameServers: MOCK_NAME_SERVERS, status: "active", plan: { id: mockHexId(`plan-${legacyId}`), legacyId, name: legacyId } };
  },
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root`, userId: MOCK_ACCOUNT_ID }),
  "aws:index/getRegion:getRegion": (inputs, region) => ({ name: region, region, id: region }),
  // Answered from a dated snapshot of ip-ranges.json (source and date in the file), filtered like the provider does:
  // the requested service, every region, sorted.
  "aws:index/getIpRanges:getIpRanges": (inputs) => ({
    id: ROUTE53_HEALTHCHECKS_SNAPSHOT.syncToken,
    createDate: ROUTE53_HEALTHCHECKS_SNAPSHOT.createDate,
    syncToken: Number(ROUTE53_HEALTHCHECKS_SNAPSHOT.syncToken),
    services: inputs["services"],
    ...snapshotRanges(inputs["services"]),
  }),
};

/** The stack's cloudflare.plan as the stack file states it (config/ validates it; this only mirrors it back). */
function declaredPlan(): string {
  const text = pulumi.runtime.getConfig(`${NAMESPACE}:cloudflare`);
  const plan: unknown = text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>)["plan"];
  return typeof plan === "string" ? plan : "free";
}

const sorted = (values: string[]) => [...new Set(values)].sort();
/** Sorted once: every stack's program asks for them. */
const ROUTE53_HEALTHCHECKS_RANGES = {
  cidrBlocks: sorted(ROUTE53_HEALTHCHECKS_SNAPSHOT.prefixes.map((p) => p.ip_prefix)),
  ipv6CidrBlocks: sorted(ROUTE53_HEALTHCHECKS_SNAPSHOT.ipv6_prefixes.map((p) => p.ipv6_prefix)),
};

/** The snapshot holds only ROUTE53_HEALTHCHECKS: any other service is a mock the plan does not have. */
function snapshotRanges(services: unknown): { cidrBlocks: string[]; ipv6CidrBlocks: string[] } {
  const asked = Array.isArray(services) ? services.map((s) => String(s).toUpperCase()) : [];
  if (asked.length !== 1 || asked[0] !== "ROUTE53_HEALTHCHECKS") {
    throw new Error(`The offline plan's getIpRanges mock only knows the ROUTE53_HEALTHCHECKS service; asked for ${JSON.stringify(services)}.`);
  }
  return { cidrBlocks: [...ROUTE53_HEALTHCHECKS_RANGES.cidrBlocks], ipv6CidrBlocks: [...ROUTE53_HEALTHCHECKS_RANGES.ipv6CidrBlocks] };
}

export function computedOutputs(type: string, name: string, inputs: Inputs, region: string): Inputs {
  return COMPUTED[type]?.(name, inputs, region) ?? {};
}

export function invokeResult(token: string, inputs: Inputs, region: string): Inputs {
  const result = INVOKES[token];
  if (result === undefined) throw new Error(`The offline plan has no mock for the provider function ${token}; add one in cli/plan/mocks.ts.`);
  return result(inputs, region);
}

/** The id a provider would assign: zones get Cloudflare-style hex ids, health checks UUIDs, the rest a readable stand-in. */
export function mockId(type: string, name: string): string {
  if (type === "aws:route53/healthCheck:HealthCheck") {
    const hex = mockHexId(`${type}::${name}`);
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join("-");
  }
  return type.startsWith("cloudflare:") ? mockHexId(`${type}::${name}`) : `${name}-id`;
}
