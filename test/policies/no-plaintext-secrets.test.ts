import { describe, expect, it } from "vitest";
import { noPlaintextSecrets } from "../../policies/rules/secrets/no-plaintext-secrets";
import { TYPES } from "../../model/type-tokens";
import { fixture } from "../helpers/harness";

const SECRET = "s3cr3t-value-0123456789";
const store = fixture(TYPES.secretVersion, { secretId: "arn:aws:secretsmanager:x", secretString: SECRET }, { name: "store" });
const json = fixture(TYPES.secretVersion, { secretString: JSON.stringify({ sessionSecret: SECRET, other: "another-long-secret" }) }, { name: "json-store" });
const password = fixture(TYPES.randomPassword, { length: 32, result: SECRET }, { name: "pw" });

describe("no-plaintext-secrets", () => {
  it("is a mandatory stack rule", () => {
    expect([noPlaintextSecrets.kind, noPlaintextSecrets.enforcementLevel]).toEqual(["stack", "mandatory"]);
  });

  it("passes secrets that stay in the secret store", () => {
    const record = fixture(TYPES.dnsRecord, { name: "app.example.com", content: "app.fly.dev" });
    expect(noPlaintextSecrets.validate([store, password, record])).toEqual([]);
  });

  it("fails a resource whose input contains a generated secret", () => {
    const leak = fixture(TYPES.dnsRecord, { name: "x.example.com", type: "TXT", content: `token=${SECRET}` }, { name: "leak" });
    expect(noPlaintextSecrets.validate([password, leak])).toEqual([
      {
        urn: leak.urn,
        message: `${TYPES.dnsRecord} leak: input content contains a secret value in plaintext. Pass the secret to the app through Secrets Manager, not through this resource.`,
      },
    ]);
  });

  it("finds each value of a JSON secret, nested at any depth", () => {
    const leak = fixture("aws:ssm/parameter:Parameter", { name: "p", tags: { note: ["another-long-secret"] } }, { name: "leak" });
    expect(noPlaintextSecrets.validate([json, leak]).map((v) => v.urn)).toEqual([leak.urn]);
  });

  it("fails a credential-named input outside the secret store", () => {
    const param = fixture("aws:ssm/parameter:Parameter", { name: "db", apiKey: "hunter2" }, { name: "param" });
    expect(noPlaintextSecrets.validate([param])).toEqual([
      { urn: param.urn, message: "aws:ssm/parameter:Parameter param: input apiKey holds a credential. Store it in Secrets Manager and give the app read access instead." },
    ]);
  });

  it("ignores short values that would match by chance", () => {
    const short = fixture(TYPES.randomPassword, { result: "on" });
    const setting = fixture(TYPES.zoneSetting, { settingId: "http3", value: "on" });
    expect(noPlaintextSecrets.validate([short, setting])).toEqual([]);
  });
});
