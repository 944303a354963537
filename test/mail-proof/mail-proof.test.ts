import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { proveOffline } from "../../cli/mail-proof/offline";
import { mailSetup, testZone, type MailSetup, type TestZone } from "../../cli/mail-proof/setup";
import type { PlanDocument } from "../../cli/plan/document";
import { planStack } from "../../cli/plan/plan-stack";
import { projectNameIn } from "../../cli/plan/stack-file";
import { transactionalMessages } from "../../lib/transactional-mail";
import { runProjectCli } from "../helpers/cli";

// The mail proof as a founder runs it: the real plan of Pulumi.prod.yaml, its records served by the proof's DNS
// server on loopback, mailauth as the receiver. Live mode goes to a fake SES endpoint on loopback through the AWS SDK's
// own endpoint override (AWS_ENDPOINT_URL_SESV2), so the requests are the SDK's real, signed ones.
const PROJECT_DIR = join(__dirname, "..", "..");
const DOMAIN = "brightpath-coaching.com";
const FROM = { name: "Brightpath Coaching", address: `noreply@${DOMAIN}` };

const home = mkdtempSync(join(tmpdir(), "mail-proof-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));
let doc: PlanDocument;
let setup: MailSetup;
let zone: TestZone;

beforeAll(async () => {
  const plan = await planStack(projectNameIn(PROJECT_DIR), join(PROJECT_DIR, "Pulumi.prod.yaml"));
  if (!plan.ok) throw new Error(plan.error);
  doc = plan.document;
  const found = mailSetup(doc);
  if (typeof found === "string") throw new Error(found);
  setup = found;
  zone = testZone(doc, setup);
}, 60_000);

describe("what the proof reads from the plan", () => {
  it("takes the SES identity's region, configuration set, MAIL FROM domain and the three DKIM tokens", () => {
    expect(setup).toMatchObject({ domain: DOMAIN, region: "eu-west-1", configurationSet: "launch-ready-brightpath-coaching-com", mailFromDomain: `mail.${DOMAIN}`, appOrigin: `https://app.${DOMAIN}` });
    expect(setup.dkimSelectors).toHaveLength(3);
    const cnames = doc.resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && String(r.inputs["name"]).includes("._domainkey.") && r.inputs["type"] === "CNAME");
    expect(cnames.map((r) => String(r.inputs["name"]).split(".")[0])).toEqual(setup.dkimSelectors);
  });

  it("publishes a 2048-bit test key behind each SES DKIM CNAME, beside the plan's DNS-only records and amazonses.com's SPF", () => {
    const keys = zone.records.filter((r) => r.name.endsWith(".dkim.amazonses.com"));
    expect(keys.map((r) => r.name)).toEqual(setup.dkimSelectors.map((t) => `${t}.dkim.amazonses.com`));
    expect(new Set(keys.map((r) => r.data)).size).toBe(1);
    expect(Buffer.from(/p=(\S+)$/.exec(keys[0]!.data)![1]!, "base64").length).toBeGreaterThan(256);
    expect(zone.records.filter((r) => r.name === `mail.${DOMAIN}`).map((r) => [r.type, r.data]).sort()).toEqual([
      ["MX", "feedback-smtp.eu-west-1.amazonses.com"],
      ["TXT", "v=spf1 include:amazonses.com -all"],
    ]);
    expect(zone.records.find((r) => r.name === "amazonses.com")?.data).toMatch(/ip4:54\.240\.0\.0\/18/);
  });

  it("refuses a stack that does not send with SES", () => {
    const withoutSes = { ...doc, resources: doc.resources.filter((r) => !r.type.startsWith("aws:sesv2/")) };
    expect(mailSetup(withoutSes)).toBe('stack prod does not send with SES (launch-ready:email.transactional is "none"), so there is no mail of this stack to prove.');
  });
});

describe("the offline proof judges what the receiver sees", () => {
  const messages = transactionalMessages(FROM.name, `https://app.${DOMAIN}`);
  const without = (test: (name: string) => boolean) => ({ ...zone, records: zone.records.filter((r) => !test(r.name)) });

  it("fails a message whose DKIM key is not published, though DMARC passes on aligned SPF", async () => {
    const proof = await proveOffline(setup, without((n) => n.endsWith(".dkim.amazonses.com")), messages, FROM);
    for (const m of proof.messages) {
      expect([m.spf.result, m.spf.aligned, m.dkim.result, m.dmarc.result, m.passed]).toEqual(["pass", true, "neutral", "pass", false]);
    }
  });

  it("fails a message whose MAIL FROM domain has no SPF, though DMARC passes on aligned DKIM", async () => {
    const proof = await proveOffline(setup, without((n) => n === `mail.${DOMAIN}`), messages.slice(0, 1), FROM);
    expect(proof.messages.map((m) => [m.spf.result, m.dkim.result, m.dkim.aligned, m.dmarc.result, m.passed])).toEqual([["none", "pass", true, "pass", false]]);
  });

  it("follows the stack's config: another MAIL FROM subdomain is where SPF passes and aligns", async () => {
    const prod = parse(readFileSync(join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, Record<string, unknown>> };
    const file = join(home, "Pulumi.bounce.yaml");
    writeFileSync(file, stringify({ config: { ...prod.config, "launch-ready:email": { ...prod.config["launch-ready:email"], mailFromSubdomain: "bounce" } } }));
    const plan = await planStack(projectNameIn(PROJECT_DIR), file);
    if (!plan.ok) throw new Error(plan.error);
    const other = mailSetup(plan.document);
    if (typeof other === "string") throw new Error(other);
    const proof = await proveOffline(other, testZone(plan.document, other), messages.slice(0, 1), FROM);
    expect(proof.messages.map((m) => [m.spf.result, m.spf.domain, m.spf.aligned, m.returnPath.endsWith(`@bounce.${DOMAIN}`), m.passed])).toEqual([["pass", `bounce.${DOMAIN}`, true, true, true]]);
  }, 60_000);

  it("fails DMARC when neither is there", async () => {
    const proof = await proveOffline(setup, without((n) => n === `mail.${DOMAIN}` || n.endsWith(".dkim.amazonses.com")), messages.slice(0, 1), FROM);
    expect(proof.messages.map((m) => [m.dmarc.result, m.passed])).toEqual([["fail", false]]);
  });
});

describe("npm run mail-proof (offline)", () => {
  it("proves all three messages pass SPF and DKIM aligned, and DMARC, over the plan's records on loopback; exits 0", async () => {
    const json = join(home, "proof.json");
    const { code, stdout } = await runProjectCli("mail-proof.ts", ["--json", json]);
    expect(code).toBe(0);
    expect(stdout).toContain(`  ok   password-reset: "Reset your Brightpath Coaching password"\n       SPF pass for mail.${DOMAIN} (aligned); DKIM pass d=${DOMAIN} (aligned); DMARC pass (p=quarantine, applied as none while in test mode)\n`);
    expect(stdout).toContain(`PROVEN: all 3 messages pass SPF and DKIM, both aligned with ${DOMAIN}, and DMARC.`);
    const result = JSON.parse(readFileSync(json, "utf8")) as { mode: string; dnsServer: string; dnsQueries: number; messages: Array<Record<string, unknown> & { authenticationResults: string }> };
    expect(result.mode).toBe("offline");
    expect(result.dnsServer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(result.dnsQueries).toBeGreaterThanOrEqual(9);
    expect(result.messages.map((m) => m["kind"])).toEqual(["password-reset", "invite", "booking-confirmation"]);
    for (const m of result.messages) {
      expect(m).toMatchObject({
        from: `Brightpath Coaching <noreply@${DOMAIN}>`,
        spf: { result: "pass", domain: `mail.${DOMAIN}`, aligned: true },
        dkim: { result: "pass", domain: DOMAIN, selector: setup.dkimSelectors[0], aligned: true },
        dmarc: { result: "pass", published: "quarantine", applied: "none" },
        passed: true,
      });
      expect(m["returnPath"]).toMatch(new RegExp(`^[0-9a-f]{16}-[0-9a-f-]{36}-000000@mail\\.${DOMAIN.replace(".", "\\.")}$`));
      expect(m.authenticationResults).toContain(`dmarc=pass (p=QUARANTINE) policy.dmarc=none header.from=${DOMAIN}`);
      expect(m.authenticationResults).toMatch(new RegExp(`dkim=pass header\\.i=@${DOMAIN.replace(".", "\\.")} header\\.s=${setup.dkimSelectors[0]}`));
    }
  }, 60_000);

  it("says what is wrong with its arguments (exit 2)", async () => {
    const cases: Array<[string[], string]> = [
      [["--simulator"], "mail-proof: --simulator needs --send-to ADDRESS: the bounce and complaint notices go to that address."],
      [["--send-to", "not-an-address"], 'mail-proof: --send-to must be an e-mail address such as you@example.com; got "not-an-address".'],
      [["--stack", "nosuch"], `mail-proof: no stack file ${join(PROJECT_DIR, "Pulumi.nosuch.yaml")}: give --stack NAME for a Pulumi.NAME.yaml beside Pulumi.yaml, or --config-file FILE.`],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runProjectCli("mail-proof.ts", args);
      expect([code, stderr.split("\n")[0]]).toEqual([2, message]);
    }
  }, 60_000);
});

describe("npm run mail-proof --send-to (live, against a fake SES endpoint on loopback)", () => {
  const requests: { path: string; authorization: string; body: Record<string, unknown> }[] = [];
  let server: http.Server;
  let endpoint: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const json = JSON.parse(body) as { Destination: { ToAddresses: string[] } };
        requests.push({ path: `${req.method} ${req.url}`, authorization: String(req.headers.authorization), body: json });
        if (json.Destination.ToAddresses[0] === "unverified@example.org") {
          res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "MessageRejected" });
          return res.end(JSON.stringify({ message: "Email address is not verified. The following identities failed the check in region EU-WEST-1: unverified@example.org" }));
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ MessageId: `fake-${requests.length}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const env = () => ({ AWS_ENDPOINT_URL_SESV2: endpoint, AWS_ACCESS_KEY_ID: "AKIDMAILPROOF", AWS_SECRET_ACCESS_KEY: "not-a-real-secret", HOME: home, AWS_EC2_METADATA_DISABLED: "true" });

  it("sends the three through the stack's configuration set, then the simulator's bounce and complaint, and says what to check", async () => {
    requests.length = 0;
    const { code, stdout } = await runProjectCli("mail-proof.ts", ["--send-to", "founder@example.org", "--simulator"], env());
    expect(code).toBe(0);
    expect(requests.map((r) => [r.path, (r.body["Destination"] as { ToAddresses: string[] }).ToAddresses[0], (r.body["EmailTags"] as { Value: string }[])[0]?.Value])).toEqual([
      ["POST /v2/email/outbound-emails", "founder@example.org", "password-reset"],
      ["POST /v2/email/outbound-emails", "founder@example.org", "invite"],
      ["POST /v2/email/outbound-emails", "founder@example.org", "booking-confirmation"],
      ["POST /v2/email/outbound-emails", "bounce@simulator.amazonses.com", "password-reset"],
      ["POST /v2/email/outbound-emails", "complaint@simulator.amazonses.com", "password-reset"],
    ]);
    for (const r of requests) {
      expect(r.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDMAILPROOF\/\d{8}\/eu-west-1\/ses\/aws4_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/);
      expect(r.body).toMatchObject({ FromEmailAddress: `Brightpath Coaching <noreply@${DOMAIN}>`, ConfigurationSetName: "launch-ready-brightpath-coaching-com" });
      expect((r.body["Content"] as { Simple: { Subject: { Data: string } } }).Simple.Subject.Data).toMatch(/Brightpath Coaching|Booking confirmed/);
    }
    expect(requests.map((r) => r.body["FeedbackForwardingEmailAddress"])).toEqual([undefined, undefined, undefined, "founder@example.org", "founder@example.org"]);
    expect(stdout).toContain("Sent through Amazon SES in eu-west-1 with the configuration set launch-ready-brightpath-coaching-com:\n  ok   password-reset to founder@example.org: SES message id fake-1\n");
    expect(stdout).toContain(`  1. Authentication-Results (written by your provider) says spf=pass with smtp.mailfrom=…@mail.${DOMAIN}.`);
    expect(stdout).toContain(`  3. It says dmarc=pass with header.from=${DOMAIN}.`);
    expect(stdout).toContain("  - for bounce@simulator.amazonses.com: the receiving side answers 550 5.1.1 (unknown user): SES sends a bounce notification, forwarded to founder@example.org.");
  }, 60_000);

  it("says what to set when there are no AWS credentials, and exits 2 without sending", async () => {
    requests.length = 0;
    const { code, stderr } = await runProjectCli("mail-proof.ts", ["--send-to", "founder@example.org"], { ...env(), AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_PROFILE: "" });
    expect([code, requests.length]).toEqual([2, 0]);
    expect(stderr).toBe("mail-proof: no AWS credentials for the live proof: Could not load credentials from any providers. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as for pulumi up.\n");
  }, 60_000);

  it("reports SES's refusal with the sandbox hint and exits 1", async () => {
    requests.length = 0;
    const { code, stdout } = await runProjectCli("mail-proof.ts", ["--send-to", "unverified@example.org"], env());
    expect(code).toBe(1);
    expect(requests).toHaveLength(3);
    expect(stdout).toContain("  FAIL password-reset to unverified@example.org: MessageRejected: Email address is not verified.");
    expect(stdout).toContain("In the sandbox SES only sends to verified addresses");
  }, 60_000);
});
