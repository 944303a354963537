import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "../helpers/harness";
import type { CliResult } from "../helpers/cli";
import { planCli, runPlanCli } from "../helpers/plan-cli";

const exec = promisify(execFile);

/**
 * Mistakes users make in a stack file or on the command line: each is refused with exit 2, naming the key, what was
 * received and the fix, never a stack trace.
 */

const D = "brightpath-coaching.com";
const prodHosts = { "@": { type: "CNAME", target: "brightpath-site.netlify.app" }, app: { type: "CNAME", target: "brightpath-app.fly.dev" }, api: { type: "CNAME", target: "brightpath-api.onrender.com" } };

/** Exit 2 with the key's line, naming what was received and the fix. */
function expectRefused(result: CliResult, key: string, ...inLine: (string | RegExp)[]): string {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).not.toMatch(/\n\s+at |Internal error|opaque-secret-value/);
  const lines = result.stderr.split("\n").filter((l) => l.startsWith(`  - ${key}: received `));
  const line = lines.find((l) => inLine.every((part) => (typeof part === "string" ? l.includes(part) : part.test(l))));
  expect(line, `no line for ${key} with ${inLine.join(", ")} in:\n${result.stderr}`).toBeDefined();
  return line ?? "";
}

function stackFile(name: string, yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "launch-ready-mistake-")), `Pulumi.${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

// Fake credentials, assembled at run time so this file itself holds none for the repository's secret scan.
const STRIPE_LIVE = ["sk", "live", "4eC39HqLyjWDarjtT1zdp7dcXYZabc12"].join("_");
const PRIVATE_KEY = [`-----BEGIN ${"RSA"} PRIVATE KEY-----`, "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun", "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK", `-----END ${"RSA"} PRIVATE KEY-----`].join("\n");

describe("mistakes in a stack file exit 2 with the key and the fix", () => {
  it("a domain that is a public suffix, or not registrable", async () => {
    expectRefused(await planCli("suffix", { "launch-ready:domain": "co.uk" }), "launch-ready:domain", 'received "co.uk"', /co\.uk is a public suffix/, /Fix: put the domain you bought at the registrar here/);
    expectRefused(await planCli("subdomain", { "launch-ready:domain": `app.${D}` }), "launch-ready:domain", /below the registrable domain brightpath-coaching\.com/);
  });

  it("a host label that contains the domain, host labels differing only by case, a CNAME to itself, a proxied private address", async () => {
    const hosts = { ...prodHosts, [`shop.${D}`]: { type: "CNAME", target: "shops.example.net" }, App: { type: "CNAME", target: "other.fly.dev" }, www: { type: "CNAME", target: `www.${D}` }, api: { type: "A", target: "10.0.0.5" } };
    const result = await planCli("hosts", { "launch-ready:hosts": hosts });
    expectRefused(result, `launch-ready:hosts.shop.${D}`, /would publish shop\.brightpath-coaching\.com\.brightpath-coaching\.com/, /Fix: write the label without the domain: shop/);
    expectRefused(result, "launch-ready:hosts.App", /"App" and "app" differ only by case/, /Fix: keep one of them, in lowercase: app/);
    expectRefused(result, "launch-ready:hosts.www.target", /points to itself never resolves/, /Fix: point it to the host your app runs on/);
    expectRefused(result, "launch-ready:hosts.api.target", 'received "10.0.0.5"', /private range, which Cloudflare's edge cannot reach/, /Fix: use the server's public address/);
  });

  it("duplicate YAML keys, naming the key and the line", async () => {
    const file = stackFile("dup", readFileSync(join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8").replace("  launch-ready:canonicalHost: apex\n", "  launch-ready:canonicalHost: apex\n  launch-ready:canonicalHost: www\n"));
    const result = await runPlanCli(["--config-file", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line \d+: launch-ready:canonicalHost appears twice in the same map.*Fix: keep one launch-ready:canonicalHost/);
  });

  it("a namespace that looks like a misspelling of launch-ready:", async () => {
    const result = await planCli("namespace", { "launch_ready:canonicalHost": "www", "launchready:hsts": { maxAgeSeconds: 31536000 } });
    expectRefused(result, "launch_ready:canonicalHost", /Fix: rename it to launch-ready:canonicalHost/);
    expectRefused(result, "launchready:hsts", /Fix: rename it to launch-ready:hsts/);
  });

  it("plaintext credentials anywhere in the file, with the pulumi config set --secret command; the repository's secret scan catches the same file", async () => {
    const overrides = {
      "launch-ready:stripeSecretKey": STRIPE_LIVE,
      "launch-ready:secrets": [{ name: "sessionSecret", generate: true }, { name: "stripeSecretKey" }],
      "launch-ready:email": { inbound: "google-workspace", dkim: [{ selector: "google", value: PRIVATE_KEY }] },
    };
    const result = await planCli("leak", overrides);
    expectRefused(result, "launch-ready:stripeSecretKey", /received a plaintext Stripe live secret key/, /Fix: pulumi config set --secret --stack leak launch-ready:stripeSecretKey '<value>'.*then rotate it/);
    expectRefused(result, "launch-ready:email.dkim[0].value", /received a plaintext private key/, /Fix: take it out of launch-ready:email, store it with pulumi config set --secret/);
    expect(result.stderr).not.toContain(STRIPE_LIVE);
    // The same file through `npm run scan:secrets`'s rules, on a copy outside the repository.
    const dir = mkdtempSync(join(tmpdir(), "launch-ready-scan-"));
    const { stringify } = await import("yaml");
    writeFileSync(join(dir, "Pulumi.leak.yaml"), stringify({ config: overrides }));
    const scan = await exec(join(PROJECT_DIR, "node_modules", ".bin", "secretlint"), ["--secretlintrc", join(PROJECT_DIR, ".secretlintrc.json"), "Pulumi.leak.yaml"], { cwd: dir }).then(
      () => ({ code: 0, stdout: "" }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );
    expect(scan.code).toBe(1);
    expect(scan.stdout).toMatch(/secretlint-rule-pattern/);
    expect(scan.stdout).toMatch(/secretlint-rule-privatekey/);
  });

  it("a redirect to a host of the domain the zone does not publish, and a redirect loop with a fix that is no loop", async () => {
    const unpublished = await planCli("unpublished", { "launch-ready:redirects": [{ from: "/shop", to: `https://shop.${D}/` }] });
    expectRefused(unpublished, "launch-ready:redirects[0].to", /shop\.brightpath-coaching\.com has no record/, /Fix: add shop to hosts, or redirect to a page that exists/);
    const loop = await planCli("loop", { "launch-ready:redirects": [{ from: "/a", to: "/b" }, { from: "/b", to: "/a" }] });
    const line = expectRefused(loop, "launch-ready:redirects[0].to", /a redirect loop/, /Fix: point the redirects of the loop to the page that really holds the content/);
    expect(line).not.toMatch(/Fix: point to the final destination \(\/a\)/);
    expectRefused(loop, "launch-ready:redirects[1].to", /a redirect loop/);
  });

  it("a secure: value inside a structured key: a clear message, no internal placeholder", async () => {
    const file = stackFile("nested", `config:\n  launch-ready:domain: ${D}\n  launch-ready:email:\n    dkim:\n      - selector: google\n        value:\n          secure: AAABAQ==\n`);
    const result = await runPlanCli(["--config-file", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("launch-ready:email.dkim[0].value is a secure: value inside a structured key");
    expect(result.stderr).toContain("Fix: write the value in plain text if it is public");
    expect(result.stderr).not.toContain("opaque-secret-value");
  });

  it("an accidental short HSTS max-age, a DKIM value in a form its sender does not give, and extra records the template already writes", async () => {
    const hsts = await planCli("hsts", { "launch-ready:hsts": { maxAgeSeconds: 3600 } });
    expectRefused(hsts, "launch-ready:hsts.maxAgeSeconds", "received 3600", /unless this is a deliberate step of the HSTS ramp/, /Fix: set maxAgeSeconds: 31536000, or, while ramping up on purpose, add rampStage: true/);
    const dkim = await planCli("dkim", { "launch-ready:email": { inbound: "microsoft-365", senders: ["microsoft-365"], dkim: [{ selector: "selector1", value: "v=DKIM1; k=rsa; p=MIIBIjANBg" }] } });
    expectRefused(dkim, "launch-ready:email.dkim[0].value", /for Microsoft 365's selector selector1, the host name its CNAME points to, such as selector1-example-com\._domainkey\.example\.onmicrosoft\.com/);
    const records = await planCli("records", {
      "launch-ready:records": [
        { name: "@", type: "TXT", content: "v=spf1 include:_spf.mlsend.com -all" },
        { name: "_dmarc", type: "TXT", content: "v=DMARC1; p=none" },
        { name: "app", type: "CNAME", content: "elsewhere.example.net" },
        { name: `verify.${D}`, type: "TXT", content: "x" },
        { name: "send", type: "MX", content: "feedback-smtp.us-east-1.amazonses.com" },
      ],
    });
    expectRefused(records, "launch-ready:records[0].content", /no SPF record at brightpath-coaching\.com/, /Fix: add the sender to email\.senders, or its include domain to email\.spfIncludes/);
    expectRefused(records, "launch-ready:records[1].content", /the template writes it from email\.dmarc/);
    expectRefused(records, "launch-ready:records[2].type", /a CNAME must stand alone/);
    expectRefused(records, "launch-ready:records[3].name", /would publish verify\.brightpath-coaching\.com\.brightpath-coaching\.com/);
    expectRefused(records, "launch-ready:records[4].priority", /a priority for an MX record/);
  });

  it("reports every problem of a file in one run: schema, cross-key, namespace and credential mistakes together", async () => {
    const result = await planCli("four", {
      "launch-ready:canonicalHost": "both",
      "launch-ready:redirects": [{ from: "/a", to: `https://shop.${D}/` }],
      "launch_ready:hsts": { maxAgeSeconds: 31536000 },
      "launch-ready:stripeSecretKey": STRIPE_LIVE,
    });
    expect(result.stderr).toMatch(/\(4 problems\)/);
    for (const key of ["launch-ready:canonicalHost", "launch-ready:redirects[0].to", "launch_ready:hsts", "launch-ready:stripeSecretKey"]) expectRefused(result, key);
  });
});

describe("path mistakes on the command line exit 2 with a plain sentence", () => {
  const prod = join(PROJECT_DIR, "Pulumi.prod.yaml");
  const plain = (result: CliResult, sentence: RegExp) => {
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(sentence);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  };

  it("a folder as --config-file, --json to a folder or into a missing folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "launch-ready-paths-"));
    plain(await runPlanCli(["--config-file", dir]), /is a folder, not a stack file/);
    plain(await runPlanCli(["--config-file", prod, "--json", dir]), /--json .* is a folder: pass a file name/);
    plain(await runPlanCli(["--config-file", prod, "--json", join(dir, "missing", "plan.json")]), /the folder .*missing does not exist/);
  });

  it("--out-dir under a file, under /proc, or in a folder this user cannot write", async () => {
    const dir = mkdtempSync(join(tmpdir(), "launch-ready-paths-"));
    writeFileSync(join(dir, "a-file"), "");
    plain(await runPlanCli(["--config-file", prod, "--out-dir", join(dir, "a-file", "docs")]), /cannot be created: .*a-file is a file, not a folder/);
    plain(await runPlanCli(["--config-file", prod, "--out-dir", "/proc/launch-docs"]), /is under \/proc, a system folder/);
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    // root may write anywhere; the check is then what access(2) says for root, so the case only runs for other users.
    if (process.getuid?.() !== 0) plain(await runPlanCli(["--config-file", prod, "--out-dir", join(locked, "docs")]), /is not writable for this user/);
  });

  it("-h and --help print the usage with every exit code and exit 0", async () => {
    for (const flag of ["-h", "--help"]) {
      const result = await runPlanCli([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: npm run plan --/);
      expect(result.stdout).toMatch(/Exit codes: 0 .* 1 .* 2 .*\n3 internal error/);
    }
  });
});
