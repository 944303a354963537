import { describe, expect, it } from "vitest";
import { noPlaintextSecrets } from "../../policies/rules/secrets/no-plaintext-secrets";
import type { PlannedResource } from "../../model/resource";
import { TYPES } from "../../model/type-tokens";
import { fixture, prodConfig, prodValue, runStack } from "../helpers/harness";

// no-plaintext-secrets against what the Secrets component really produces (its unit fixtures are in
// no-plaintext-secrets.test.ts): generated and configured values in the secret store pass; the same values anywhere
// else, stack outputs included, fail.

const CONFIGURED = "pk_live_configuredPostmarkToken42";

async function planState(): Promise<PlannedResource[]> {
  const secrets = [...prodValue<unknown[]>("secrets"), { name: "postmarkToken" }];
  return (await runStack(prodConfig({ secrets }, { postmarkToken: CONFIGURED }))).ruleState();
}

const generatedIn = (state: PlannedResource[]) => state.filter((r) => r.type === TYPES.randomPassword).map((r) => String(r.props["result"]));
const replace = (state: PlannedResource[], target: PlannedResource, props: Record<string, unknown>) =>
  state.map((r) => (r === target ? { ...r, props: { ...r.props, ...props } } : r));

describe("no-plaintext-secrets on the Secrets component", () => {
  it("passes generated and configured secrets kept in Secrets Manager", async () => {
    const state = await planState();
    expect(generatedIn(state)).toHaveLength(2);
    expect(state.filter((r) => r.type === TYPES.secretVersion).map((r) => r.props["secretString"])).toContain(CONFIGURED);
    expect(noPlaintextSecrets.validate(state)).toEqual([]);
  });

  it("fails a generated value copied into another resource", async () => {
    const state = await planState();
    const secret = state.find((r) => r.type === TYPES.secret)!;
    const leaked = replace(state, secret, { description: `session secret ${generatedIn(state)[0]}` });
    expect(noPlaintextSecrets.validate(leaked)).toEqual([
      { urn: secret.urn, message: `${TYPES.secret} ${secret.name}: input description contains a secret value in plaintext. Pass the secret to the app through Secrets Manager, not through this resource.` },
    ]);
  });

  it("fails a configured value exported as a stack output", async () => {
    const state = await planState();
    const root = state.find((r) => r.type === "pulumi:pulumi:Stack")!;
    const leaked = replace(state, root, { postmarkToken: CONFIGURED });
    expect(noPlaintextSecrets.validate(leaked).map((v) => v.urn)).toEqual([root.urn]);
  });

  it("treats a version's write-only and binary values as the store, too", () => {
    const password = fixture(TYPES.randomPassword, { length: 48, result: "Zq8xGeneratedValue0123456789abcdef" }, { name: "pw" });
    const writeOnly = fixture(TYPES.secretVersion, { secretId: "s", secretStringWo: "Zq8xGeneratedValue0123456789abcdef", secretStringWoVersion: 1 }, { name: "wo" });
    const binary = fixture(TYPES.secretVersion, { secretId: "s", secretBinary: "WnE4eEdlbmVyYXRlZA==" }, { name: "bin" });
    expect(noPlaintextSecrets.validate([password, writeOnly, binary])).toEqual([]);
  });
});
