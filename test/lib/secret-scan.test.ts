// The secret scanner over served text: which credentials it names and how critical each is, where it finds them,
// and that what it returns never holds the secret. Credentials are made here, never stored in the repository.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findSecrets } from "../../lib/secret-scan";

const pick = (n: number, alphabet: string) => [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join("");
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const MIXED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

describe("findSecrets", () => {
  const cases: Array<[string, string, Array<{ kind: string; critical: boolean }>]> = [
    ["an AWS access key ID", `k="AKIA${pick(16, UPPER)}"`, [{ kind: "AWS access key ID", critical: true }]],
    ["an AWS secret access key", `secretAccessKey:"${pick(40, MIXED)}"`, [{ kind: "AWS secret access key", critical: true }]],
    ["a Stripe live secret key", `stripe("sk_${"live"}_${pick(30, MIXED)}")`, [{ kind: "Stripe live secret key", critical: true }]],
    ["a Stripe restricted live key", `rk_${"live"}_${pick(30, MIXED)}`, [{ kind: "Stripe live secret key", critical: true }]],
    ["a private key", String(generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" })), [{ kind: "private key", critical: true }]],
    ["a Slack token (a secret, not a key to money or infrastructure)", `token="xoxb-${pick(11, "0123456789")}-${pick(12, "0123456789")}-${pick(24, MIXED)}"`, [{ kind: "slack token", critical: false }]],
    ["a Stripe publishable key, meant for browsers", `pk_${"live"}_${pick(30, MIXED)}`, []],
    ["a Stripe test key", `sk_${"test"}_${pick(30, MIXED)}`, []],
    ["code without credentials", "const total = items.reduce((a, b) => a + b, 0);", []],
  ];

  it.each(cases)("%s", async (_name, content, expected) => {
    const hits = await findSecrets(content, "https://example.test/app.js");
    expect(hits.map(({ kind, critical }) => ({ kind, critical }))).toEqual(expected);
  });

  it("reports where the secret starts (1-based line and column) and never the secret", async () => {
    const key = `AKIA${pick(16, UPPER)}`;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.stringMatching(/^[a-z ;=(){}.]{0,40}$/), { maxLength: 5 }), fc.stringMatching(/^[a-z =]{0,30}$/), async (before, prefix) => {
        const content = [...before, `${prefix}"${key}"`].join("\n");
        const hits = await findSecrets(content, "bundle.js");
        expect(hits).toEqual([{ kind: "AWS access key ID", critical: true, line: before.length + 1, column: prefix.length + 2 }]);
        expect(JSON.stringify(hits)).not.toContain(key);
      }),
      { numRuns: 40 },
    );
  });
});
