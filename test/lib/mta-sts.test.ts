import fc from "fast-check";
import { parsePolicy } from "mailauth/lib/mta-sts";
import { describe, expect, it } from "vitest";
import { buildMtaStsPolicy, buildMtaStsRecord, buildTlsRpt, MTA_STS_PATH, mtaStsId, mtaStsWorkerName, mtaStsWorkerScript } from "../../lib/mta-sts";
import { inboundMx, NULL_MX, receivesMail, sesConfigurationSetName, sesFeedbackHost } from "../../lib/mail-presets";

const policy = buildMtaStsPolicy({ mode: "testing", mx: ["aspmx.l.google.com", "ALT1.aspmx.l.google.com", "aspmx.l.google.com"], maxAgeSeconds: 604800 });

describe("MTA-STS", () => {
  it("writes the RFC 8461 policy with CRLF lines, each MX once, and mailauth parses it", () => {
    expect(policy).toBe("version: STSv1\r\nmode: testing\r\nmx: aspmx.l.google.com\r\nmx: alt1.aspmx.l.google.com\r\nmax_age: 604800\r\n");
    expect(parsePolicy(policy)).toEqual({ version: "STSv1", mode: "testing", mx: ["aspmx.l.google.com", "alt1.aspmx.l.google.com"], maxAge: 604800 });
  });

  it("derives an id of 1-32 alphanumerics that changes with the policy and only with it", () => {
    fc.assert(
      fc.property(fc.array(fc.domain(), { minLength: 1, maxLength: 5 }), fc.array(fc.domain(), { minLength: 1, maxLength: 5 }), (a, b) => {
        const pa = buildMtaStsPolicy({ mode: "testing", mx: a, maxAgeSeconds: 604800 });
        const pb = buildMtaStsPolicy({ mode: "testing", mx: b, maxAgeSeconds: 604800 });
        expect(mtaStsId(pa)).toMatch(/^[A-Za-z0-9]{1,32}$/);
        expect(mtaStsId(pa) === mtaStsId(pb)).toBe(pa === pb);
      }),
    );
    expect(buildMtaStsRecord(policy)).toBe(`v=STSv1; id=${mtaStsId(policy)}`);
  });

  it("serves the policy from the Worker at the well-known path only, whatever the policy text holds", async () => {
    const tricky = `${policy}"; globalThis.pwned = true; "\``;
    const module = (await import(`data:text/javascript;base64,${Buffer.from(mtaStsWorkerScript(tricky)).toString("base64")}`)) as { default: { fetch(r: Request): Promise<Response> } };
    const ok = await module.default.fetch(new Request(`https://mta-sts.example.com${MTA_STS_PATH}`));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await ok.text()).toBe(tricky);
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
    expect((await module.default.fetch(new Request("https://mta-sts.example.com/other"))).status).toBe(404);
  });

  it("names the Worker within Cloudflare's 63 characters, distinct per domain", () => {
    expect(mtaStsWorkerName("example.com")).toBe("mta-sts-example-com");
    const long = `${"a".repeat(60)}.example.com`;
    expect(mtaStsWorkerName(long)).toHaveLength(63);
    expect(mtaStsWorkerName(long)).not.toBe(mtaStsWorkerName(`${"a".repeat(60)}.example.org`));
    expect(mtaStsWorkerName(long)).toMatch(/^[a-z0-9-]+$/);
  });

  it("writes the TLS-RPT record", () => {
    expect(buildTlsRpt(["tls@example.com", "x@example.net"])).toBe("v=TLSRPTv1; rua=mailto:tls@example.com,mailto:x@example.net");
  });
});

describe("mail presets", () => {
  it("gives each provider's MX set, and the null MX for none", () => {
    expect(inboundMx("google-workspace", "example.com").map((m) => `${m.priority} ${m.exchange}`)).toEqual([
      "1 aspmx.l.google.com",
      "5 alt1.aspmx.l.google.com",
      "5 alt2.aspmx.l.google.com",
      "10 alt3.aspmx.l.google.com",
      "10 alt4.aspmx.l.google.com",
    ]);
    expect(inboundMx("microsoft-365", "my-firm.co.uk")).toEqual([{ priority: 0, exchange: "my-firm-co-uk.mail.protection.outlook.com" }]);
    expect(inboundMx("none", "example.com")).toEqual([NULL_MX]);
    expect(receivesMail([NULL_MX])).toBe(false);
    expect(receivesMail(inboundMx("microsoft-365", "example.com"))).toBe(true);
  });

  it("names SES's feedback host and configuration set", () => {
    expect(sesFeedbackHost("eu-west-1")).toBe("feedback-smtp.eu-west-1.amazonses.com");
    expect(sesConfigurationSetName("xn--bcher-gsb.de")).toBe("launch-ready-xn--bcher-gsb-de");
    expect(sesConfigurationSetName(`${"a".repeat(70)}.com`)).toHaveLength(64);
  });
});
