import { generateKeyPairSync } from "node:crypto";
import { authenticate } from "mailauth";
import { dkimSign } from "mailauth/lib/dkim/sign";
import { parsePolicy, resolvePolicy, validateMx } from "mailauth/lib/mta-sts";
import { spf } from "mailauth/lib/spf";
import { beforeAll, describe, expect, it } from "vitest";
import { MTA_STS_PATH } from "../../lib/mta-sts";
import { prodValue, runStack, type StackRun } from "../helpers/harness";
import { prodZoneActive } from "../helpers/plan-file";
import { planResolver, SES_IP, STRANGER_IP, WORLD } from "../helpers/plan-resolver";

// The records the template publishes, judged by mailauth (a receiver-side library) through a resolver that answers
// from the plan. What this cannot prove: that Cloudflare and SES accept the records, and how long DNS takes to serve them.
const DOMAIN = "brightpath-coaching.com";
const SELECTOR = "s2026";
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const publicKey = keys.publicKey.export({ type: "spki", format: "der" }).toString("base64");
const privateKey = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

let stack: StackRun;
let resolver: ReturnType<typeof planResolver>["resolve"];

beforeAll(async () => {
  const email = prodValue("email");
  const dkim = [...(email["dkim"] as unknown[]), { selector: SELECTOR, value: `v=DKIM1; k=rsa; p=${publicKey}` }];
  // Once the zone is active, so the MTA-STS policy host is planned too.
  stack = await runStack(prodZoneActive({ email: { ...email, dkim } }));
  resolver = planResolver(stack.ruleState(), WORLD).resolve;
});

const message = (from: string) =>
  [`From: Brightpath <${from}>`, "To: client@example.org", "Subject: Reset your password", "Date: Fri, 27 Nov 2026 10:00:00 +0000", "Message-ID: <reset-1@brightpath-coaching.com>", "", "Your reset link: https://app.brightpath-coaching.com/reset/abc", ""].join("\r\n");

async function signed(from: string): Promise<string> {
  const body = message(from);
  const { signatures, errors } = await dkimSign(body, { signatureData: [{ signingDomain: DOMAIN, selector: SELECTOR, privateKey }] });
  expect(errors).toEqual([]);
  return signatures + body;
}

describe("SPF as mailauth evaluates it", () => {
  it("passes SES's servers on the custom MAIL FROM domain", async () => {
    const result = await spf({ sender: `bounce@mail.${DOMAIN}`, ip: SES_IP, helo: "a8-15.smtp-out.amazonses.com", mta: "mx.example.org", resolver });
    expect(result.domain).toBe(`mail.${DOMAIN}`);
    expect(result.status.result).toBe("pass");
  });

  it("fails a stranger on the apex (-all)", async () => {
    const result = await spf({ sender: `ceo@${DOMAIN}`, ip: STRANGER_IP, helo: "mail.example.net", mta: "mx.example.org", resolver });
    expect(result.status.result).toBe("fail");
  });

  it("fails a stranger on the MAIL FROM domain too", async () => {
    const result = await spf({ sender: `bounce@mail.${DOMAIN}`, ip: STRANGER_IP, helo: "mail.example.net", mta: "mx.example.org", resolver });
    expect(result.status.result).toBe("fail");
  });
});

describe("DKIM and DMARC as mailauth evaluates them", () => {
  it("passes DKIM and DMARC for a message signed with a key published under a selector of email.dkim", async () => {
    const result = await authenticate(await signed(`noreply@${DOMAIN}`), { sender: `bounce@mail.${DOMAIN}`, ip: SES_IP, helo: "a8-15.smtp-out.amazonses.com", mta: "mx.example.org", resolver, disableArc: true, disableBimi: true });
    expect(result.dkim.results.map((r) => [r.signingDomain, r.selector, r.status.result])).toEqual([[DOMAIN, SELECTOR, "pass"]]);
    expect(result.spf.status.result).toBe("pass");
    expect(result.dmarc.status.result).toBe("pass");
    // The stack asks for quarantine with t=y: mailauth 7 applies RFC 9989's test mode, one step softer.
    expect(result.dmarc.status.comment).toBe("p=QUARANTINE");
    expect(result.dmarc.policy).toBe("none");
  });

  it("passes DMARC on aligned DKIM alone when SPF fails (forwarded mail)", async () => {
    const result = await authenticate(await signed(`noreply@${DOMAIN}`), { sender: `noreply@${DOMAIN}`, ip: STRANGER_IP, helo: "forwarder.example.net", mta: "mx.example.org", resolver, disableArc: true, disableBimi: true });
    expect(result.spf.status.result).toBe("fail");
    expect(result.dmarc.status.result).toBe("pass");
  });

  it("fails DMARC for an unsigned message from a stranger", async () => {
    const result = await authenticate(message(`ceo@${DOMAIN}`), { sender: `ceo@${DOMAIN}`, ip: STRANGER_IP, helo: "mail.example.net", mta: "mx.example.org", resolver, disableArc: true, disableBimi: true });
    expect(result.dmarc.status.result).toBe("fail");
  });
});

describe("MTA-STS as mailauth reads it", () => {
  it("finds the policy id in DNS, parses the policy the Worker serves, and accepts every MX of the plan", async () => {
    expect(await resolvePolicy(DOMAIN, { resolver })).toMatch(/^[0-9a-f]{20}$/);
    const script = String(stack.inputs(stack.named("launch-email-mta-sts-policy"))["content"]);
    const worker = (await import(`data:text/javascript;base64,${Buffer.from(script).toString("base64")}`)) as { default: { fetch(r: Request): Promise<Response> } };
    const response = await worker.default.fetch(new Request(`https://mta-sts.${DOMAIN}${MTA_STS_PATH}`));
    expect(response.status).toBe(200);
    const policy = parsePolicy(await response.text());
    expect(policy.mode).toBe("testing");
    const mx = (await resolver(DOMAIN, "MX")) as { exchange: string }[];
    expect(mx).toHaveLength(5);
    for (const { exchange } of mx) expect(validateMx(exchange, policy).valid).toBe(true);
    expect((await worker.default.fetch(new Request(`https://mta-sts.${DOMAIN}/`))).status).toBe(404);
  });
});
