import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { policies } from "../../policies/pack";
import { rules } from "../../policies/rules";
import { PENDING_POLICY } from "../../policies/rules/evaluate";
import { TYPES } from "../../model/type-tokens";
import { PROJECT_DIR } from "../helpers/harness";

const exec = promisify(execFile);

const opts = (protect: boolean) => ({ protect, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] });

function resourceArgs(type: string, props: Record<string, unknown>, protect: boolean): ResourceValidationArgs {
  return {
    type,
    props,
    urn: `urn:pulumi:s::p::${type}::r`,
    name: "r",
    opts: opts(protect),
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T>() => ({}) as T,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  };
}

describe("the CrossGuard pack", () => {
  it("has exactly one policy per rule, with the rule's name, enforcement and description, then the pending checks", () => {
    expect(policies.map((p) => [p.name, p.enforcementLevel, p.description])).toEqual([
      ...rules.map((r) => [r.name, r.enforcementLevel, r.description]),
      [PENDING_POLICY.name, "advisory", PENDING_POLICY.description],
    ]);
  });

  it("reports what the rule finds, and only on the rule's resource types", async () => {
    const policy = policies.find((p) => p.name === "zone-protected") as ResourceValidationPolicy;
    const reported: string[] = [];
    const validate = policy.validateResource;
    if (typeof validate !== "function") throw new Error("expected one validateResource function");
    await validate(resourceArgs(TYPES.zone, { name: "example.com" }, false), (m) => reported.push(m));
    await validate(resourceArgs(TYPES.zone, { name: "example.com" }, true), (m) => reported.push(m));
    await validate(resourceArgs(TYPES.dnsRecord, { name: "example.com" }, false), (m) => reported.push(m));
    expect(reported).toEqual([expect.stringMatching(/^Zone example.com is not protected/)]);
  });

  it("hands stack policies every resource with its URN", async () => {
    const policy = policies.find((p) => p.name === "no-plaintext-secrets") as StackValidationPolicy;
    const secret = "generated-secret-value-123456";
    const resource = (type: string, name: string, props: Record<string, unknown>): PolicyResource => ({
      type,
      name,
      props,
      urn: `urn:${name}`,
      opts: opts(false),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    });
    const reported: [string, string | undefined][] = [];
    await policy.validateStack(
      {
        resources: [resource(TYPES.randomPassword, "pw", { result: secret }), resource(TYPES.dnsRecord, "leak", { content: secret })],
        stackTags: new Map(),
        getConfig: <T>() => ({}) as T,
        notApplicable: () => {
          throw new Error("not applicable");
        },
      },
      (message, urn) => reported.push([message, urn]),
    );
    expect(reported.map(([, urn]) => urn)).toEqual(["urn:leak"]);
  });

  it("assembles exactly these policies in policies/index.ts", async () => {
    // Load the real entry point in a child process with PolicyPack replaced by a recorder (the real one starts a server).
    const script = [
      // The package's index re-exports PolicyPack through a getter over ./policy, so the recorder goes there.
      `const policy = require(require.resolve("@pulumi/policy/policy", { paths: [${JSON.stringify(join(PROJECT_DIR, "policies"))}] }));`,
      `policy.PolicyPack = class { constructor(name, args) { process.stdout.write(JSON.stringify({ name, policies: args.policies.map((p) => p.name) })); } };`,
      `require(${JSON.stringify(join(PROJECT_DIR, "policies", "index.ts"))});`,
    ].join("\n");
    const { stdout } = await exec(process.execPath, ["-r", join(PROJECT_DIR, "scripts", "ts-hook.cjs"), "-e", script], { cwd: join(PROJECT_DIR, "policies"), timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ name: "launch-ready", policies: [...rules.map((r) => r.name), PENDING_POLICY.name] });
  });
});
