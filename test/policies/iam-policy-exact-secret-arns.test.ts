import { describe, expect, it } from "vitest";
import { iamPolicyExactSecretArns } from "../../policies/rules/secrets/iam-policy-exact-secret-arns";
import { TYPES } from "../../model/type-tokens";
import { fixture, runStack } from "../helpers/harness";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:example.com/prod/sessionSecret-AbC123";
const policyOf = (statement: Record<string, unknown>, type: string = TYPES.iamPolicy) =>
  fixture(type, { policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) }, { name: "read" });
const label = `${TYPES.iamPolicy} read, statement 1`;

describe("iam-policy-exact-secret-arns", () => {
  it("is a mandatory rule on managed and inline IAM policies", () => {
    expect([iamPolicyExactSecretArns.kind, iamPolicyExactSecretArns.enforcementLevel, iamPolicyExactSecretArns.resourceTypes]).toEqual([
      "resource",
      "mandatory",
      [TYPES.iamPolicy, TYPES.iamRolePolicy],
    ]);
  });

  it("passes GetSecretValue on exact ARNs, as a string or a document, and statements about other services", () => {
    expect(iamPolicyExactSecretArns.validate(policyOf({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: ARN }))).toEqual([]);
    const document = fixture(TYPES.iamRolePolicy, { policy: { Statement: { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [ARN] } } });
    expect(iamPolicyExactSecretArns.validate(document)).toEqual([]);
    expect(iamPolicyExactSecretArns.validate(policyOf({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }))).toEqual([]);
    expect(iamPolicyExactSecretArns.validate(policyOf({ Effect: "Deny", Action: "secretsmanager:*", Resource: "*" }))).toEqual([]);
  });

  it("passes the template's own read policy", async () => {
    const stack = await runStack();
    const policies = stack.ruleInputs().filter((r) => r.type === TYPES.iamPolicy);
    // The secrets read policy, and the job heartbeats' publish-only policy (monitoring.jobs).
    expect(policies.map((p) => p.name).sort()).toEqual(["launch-jobs-publish", "launch-secrets-read"]);
    expect(policies.flatMap((p) => iamPolicyExactSecretArns.validate(p))).toEqual([]);
  });

  it.each([
    [
      "every secret",
      { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: "*" },
      [`${label}: resource * is not an exact ARN. Name each secret by its ARN (the secret resource's arn output), never with * or ?.`],
    ],
    [
      "a secret name pattern",
      { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:example.com/prod/*"] },
      [`${label}: resource arn:aws:secretsmanager:eu-west-1:123456789012:secret:example.com/prod/* is not an exact ARN. Name each secret by its ARN (the secret resource's arn output), never with * or ?.`],
    ],
    [
      "a wildcard action",
      { Effect: "Allow", Action: "secretsmanager:*", Resource: [ARN] },
      [`${label}: action secretsmanager:* is a wildcard. List the actions the app needs, such as secretsmanager:GetSecretValue.`],
    ],
    [
      "everything on everything",
      { Effect: "Allow", Action: "*", Resource: "*" },
      [
        `${label}: action * is a wildcard. List the actions the app needs, such as secretsmanager:GetSecretValue.`,
        `${label}: resource * is not an exact ARN. Name each secret by its ARN (the secret resource's arn output), never with * or ?.`,
      ],
    ],
    [
      "NotResource",
      { Effect: "Allow", Action: "secretsmanager:GetSecretValue", NotResource: [ARN] },
      [`${label}: NotResource allows every secret not listed. Name the secrets' ARNs in Resource instead.`],
    ],
    ["NotAction", { Effect: "Allow", NotAction: "iam:*", Resource: "*" }, [`${label}: NotAction allows everything not listed, Secrets Manager included. List the actions in Action instead.`]],
    ["no Resource", { Effect: "Allow", Action: "secretsmanager:GetSecretValue" }, [`${label}: names no Resource. Name the secrets' exact ARNs.`]],
  ])("fails a policy granting %s", (_label, statement, messages) => {
    expect(iamPolicyExactSecretArns.validate(policyOf(statement))).toEqual(messages);
  });

  it("fails a policy it cannot read", () => {
    expect(iamPolicyExactSecretArns.validate(fixture(TYPES.iamPolicy, { policy: "{not json" }, { name: "read" }))).toEqual([
      `${TYPES.iamPolicy} read: its policy is not valid JSON, so what it allows cannot be checked. Build it with JSON.stringify of a policy document.`,
    ]);
  });
});
