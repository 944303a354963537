import { beforeAll, describe, expect, it } from "vitest";
import { readStackFile } from "../../cli/plan/stack-file";
import type { PlanDocument } from "../../cli/plan/document";
import { AWS_ENUM_INPUTS, checkAwsEnums, checkPlanLimits, checkSchema, checkTtl, checkZoneSetting } from "../../conformance/check";
import { CLOUDFLARE_RESOURCES, loadFacts } from "../../conformance/facts";
import { CLOUDFLARE_PLANS, type CloudflarePlan } from "../../lib/cloudflare-plans";
import { NAMESPACE } from "../../config";
import { TYPES } from "../../model/type-tokens";
import { planFile } from "../helpers/plan-file";
import { label, STACK_FILES } from "./stacks";

const facts = loadFacts();

/**
 * Resource types whose inputs carry no enum-like value any fact covers: their field sets are checked by the provider
 * SDK's TypeScript types. A type the plan creates that is in none of the tables fails the test: add its facts.
 */
const NO_ENUM_INPUTS = new Set([
  "random:index/randomPassword:RandomPassword",
  "aws:secretsmanager/secret:Secret",
  "aws:secretsmanager/secretVersion:SecretVersion",
  "aws:iam/policy:Policy",
  "aws:sns/topic:Topic",
  "aws:sns/topicSubscription:TopicSubscription",
  "aws:cloudwatch/dashboard:Dashboard",
  // Flow checks and Slack. The canary's runtimeVersion and the lifecycle rule's status are enum-like, but no SDK
  // enum lists them (runtimes come from DescribeRuntimeVersions at run time): not fact-checked yet.
  "aws:synthetics/canary:Canary",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketObjectv2:BucketObjectv2",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:iam/role:Role",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
]);

const cloudflareConfig = (file: string): Record<string, unknown> => {
  const text = readStackFile(file).config[`${NAMESPACE}:cloudflare`];
  return text === undefined ? {} : (JSON.parse(text) as Record<string, unknown>);
};

/** The plan a stack file declares (config validates it; free when left out). */
function declaredPlan(file: string): CloudflarePlan {
  const plan = cloudflareConfig(file)["plan"];
  return CLOUDFLARE_PLANS.find((p) => p === plan) ?? "free";
}

/** Whether the stack says its zone is active (zoneActive, which defaults to existingZone). */
function zoneActive(file: string): boolean {
  const config = cloudflareConfig(file);
  return (config["zoneActive"] ?? config["existingZone"] ?? false) === true;
}

/** What Cloudflare only attaches to an active zone. */
const NEEDS_ACTIVE_ZONE = new Set<string>([TYPES.workersCustomDomain]);

describe.each(STACK_FILES.map((file) => [label(file), file]))("%s conforms to the providers", (_name, file) => {
  let doc: PlanDocument;
  const plan = declaredPlan(file);
  const custom = () => doc.resources.filter((r) => r.type.includes(":") && !r.type.startsWith("launch-ready:") && !r.type.startsWith("pulumi:"));
  const problemsOf = (check: (r: PlanDocument["resources"][number]) => string[], types?: (t: string) => boolean) =>
    custom().filter((r) => types === undefined || types(r.type)).flatMap((r) => check(r).map((p) => `${r.name}: ${p}`));

  beforeAll(async () => {
    doc = await planFile(file);
  });

  it("sets only attributes the Cloudflare provider has, every required one, no output-only one, and allowed values", () => {
    expect(problemsOf((r) => checkSchema(r.inputs, facts.provider.resources[r.type]?.attributes ?? {}), (t) => t in CLOUDFLARE_RESOURCES)).toEqual([]);
  });

  it("sets each zone setting to a value the provider documents for it", () => {
    expect(problemsOf((r) => checkZoneSetting(r.inputs, facts.provider.zoneSettings.settings), (t) => t === TYPES.zoneSetting)).toEqual([]);
  });

  it("gives every DNS record a TTL the provider accepts", () => {
    expect(problemsOf((r) => checkTtl(r.inputs, facts.provider.dnsRecordTtl.rule, plan), (t) => t === TYPES.dnsRecord)).toEqual([]);
  });

  it(`fits every ruleset in the limits Cloudflare documents for the declared plan`, () => {
    expect(checkPlanLimits(custom().filter((r) => r.type === TYPES.ruleset), plan, facts.plans)).toEqual([]);
  });

  it("sets AWS enum inputs to values of the SDK's enums", () => {
    expect(problemsOf((r) => checkAwsEnums(r, facts.aws), (t) => t in AWS_ENUM_INPUTS)).toEqual([]);
  });

  it("plans what needs an active zone only once the stack says its zone is active, so a new zone's first up succeeds", () => {
    const early = zoneActive(file) ? [] : custom().filter((r) => NEEDS_ACTIVE_ZONE.has(r.type)).map((r) => r.name);
    expect(early).toEqual([]);
  });

  it("creates no resource type the facts do not cover", () => {
    const uncovered = [...new Set(custom().map((r) => r.type))].filter((t) => !(t in CLOUDFLARE_RESOURCES) && !(t in AWS_ENUM_INPUTS) && !NO_ENUM_INPUTS.has(t));
    expect(uncovered).toEqual([]);
  });
});

describe("the stacks the conformance tests plan", () => {
  it("are the template's stack and every stack file under test/fixtures, a Free and a Pro one among them", () => {
    expect(STACK_FILES.map(label)).toEqual(expect.arrayContaining(["Pulumi.prod.yaml", "test/fixtures/stacks/Pulumi.free-new-zone.yaml", "test/fixtures/stacks/Pulumi.pro-active-zone.yaml"]));
    expect(new Set(STACK_FILES.map(declaredPlan))).toEqual(new Set(["free", "pro", "business"]));
    expect(new Set(STACK_FILES.map(zoneActive))).toEqual(new Set([true, false]));
  });
});
