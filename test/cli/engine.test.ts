import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { ProgramFailed, runProgram } from "../../cli/plan/engine";
import { redact, unwrap } from "../../cli/plan/values";
import { UNKNOWN } from "../../model/resource";
import { secretPaths } from "../helpers/harness";

class Probe extends pulumi.ComponentResource {
  constructor(name: string) {
    super("launch-ready:test:Probe", name, {});
    const password = new random.RandomPassword(`${name}-pw`, { length: 40, special: false }, { parent: this });
    new cloudflare.DnsRecord(`${name}-txt`, { zoneId: "z", name: "t.example.com", type: "TXT", ttl: 300, content: password.result }, { parent: this, protect: true });
    this.registerOutputs({});
  }
}

describe("the mock engine", () => {
  it("captures type, name, parent and protect of every registration", async () => {
    const run = await runAfterUp(() => new Probe("probe") && {});
    expect(run.resources.map((r) => [r.type, r.name, r.custom, r.protect])).toEqual([
      ["pulumi:pulumi:Stack", "p-s", false, false],
      ["launch-ready:test:Probe", "probe", false, false],
      ["random:index/randomPassword:RandomPassword", "probe-pw", true, false],
      ["cloudflare:index/dnsRecord:DnsRecord", "probe-txt", true, true],
    ]);
    const [stack, probe, pw, txt] = run.resources;
    expect(probe?.parent).toBe(stack?.urn);
    expect(pw?.parent).toBe(probe?.urn);
    expect(txt?.parent).toBe(probe?.urn);
  });

  it("on a first preview sends what the provider computes as the engine's unknown sentinel, with its dependencies", async () => {
    const run = await runProgram({ mode: "first-preview", project: "p", stack: "s", config: {}, secretKeys: [], program: () => new Probe("probe") && {} });
    const pw = run.resources.find((r) => r.name === "probe-pw");
    const txt = run.resources.find((r) => r.name === "probe-txt");
    // The generated password is not made yet: a secret whose value is unknown, in the inputs of the record too.
    expect(txt?.inputs["content"]).toEqual({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: pulumi.runtime.unknownValue });
    expect(pw?.outputs["result"]).toEqual({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: pulumi.runtime.unknownValue });
    expect(pw?.outputs["length"]).toBe(40);
    expect(txt?.propertyDependencies["content"]).toEqual([pw?.urn]);
    expect(redact(txt?.inputs)).toMatchObject({ content: "[secret]", name: "t.example.com" });
    expect(unwrap(txt?.inputs)).toMatchObject({ content: UNKNOWN, zoneId: "z" });
  });

  it("keeps provider-secret outputs secret, as the engine does, and the secret flows into inputs", async () => {
    const run = await runAfterUp(() => new Probe("probe") && {});
    const pw = run.resources.find((r) => r.name === "probe-pw");
    const txt = run.resources.find((r) => r.name === "probe-txt");
    expect(secretPaths(pw?.outputs).sort()).toEqual(["bcryptHash", "result"]);
    expect(secretPaths(txt?.inputs)).toEqual(["content"]);
    expect(redact(txt?.inputs)).toMatchObject({ content: "[secret]", name: "t.example.com" });
  });

  it("marks secret config as secret and keeps stack outputs in wire form", async () => {
    const run = await runProgram({
      mode: "after-up",
      project: "p",
      stack: "s",
      config: { "p:token": "abc123", "p:plain": "visible" },
      secretKeys: ["p:token"],
      program: () => {
        const config = new pulumi.Config();
        return { token: config.requireSecret("token"), plain: config.require("plain") };
      },
    });
    expect(secretPaths(run.outputs)).toEqual(["token"]);
    expect(redact(run.outputs)).toEqual({ token: "[secret]", plain: "visible" });
  });

  it("runs the program without stack traces, keeps a failure's message and gives stack traces back after", async () => {
    const before = { limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace };
    let during = "";
    const failed = await runAfterUp(() => {
      new Probe("probe");
      during = String(new Error("inside").stack);
      throw new TypeError("domain is not a string");
    }).catch((err: unknown) => err);
    expect(during).toBe("Error: inside");
    expect(failed).toBeInstanceOf(ProgramFailed);
    expect((failed as ProgramFailed).message).toBe("domain is not a string");
    expect((failed as ProgramFailed).resources.map((r) => r.name)).toContain("probe-txt");
    expect({ limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace }).toEqual(before);
    expect(new Error("after").stack).toMatch(/^Error: after\n\s+at /);
  });

  it("tracks every runtime promise for the leak report without annotating it, and gives the SDK its own back after", async () => {
    const debuggable = runtimeModule<{ debuggablePromise: unknown }>("debuggable");
    const { getStore } = runtimeModule<{ getStore(): { leakCandidates: Set<object> } }>("state");
    const sdkOwn = debuggable.debuggablePromise;
    let during: { tracked: number; annotated: boolean; own: boolean } | undefined;
    await runAfterUp(() => {
      new Probe("probe");
      const tracked = [...getStore().leakCandidates];
      during = { tracked: tracked.length, annotated: tracked.some((p) => "_debugStackTrace" in p), own: debuggable.debuggablePromise === sdkOwn };
      return {};
    });
    // Each output property of each resource alone is four promises, all pending while the program runs.
    expect(during?.tracked).toBeGreaterThan(4 * 4);
    expect(during).toMatchObject({ annotated: false, own: false });
    expect(getStore().leakCandidates.size).toBe(0);
    expect(debuggable.debuggablePromise).toBe(sdkOwn);
  });
});

/** Runs a test program after up, with no config. */
function runAfterUp(program: () => unknown) {
  return runProgram({ mode: "after-up", project: "p", stack: "s", config: {}, secretKeys: [], program });
}

/** An internal module of the Pulumi SDK's runtime (not in its typings), the same instance the engine patches. */
function runtimeModule<T>(name: string): T {
  return createRequire(__filename)(`@pulumi/pulumi/runtime/${name}`) as T;
}
