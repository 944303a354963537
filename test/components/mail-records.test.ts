import { describe, expect, it } from "vitest";
import { MailRecords, type MailRecordsArgs } from "../../components/mail-records";
import { inboundMx, NULL_MX } from "../../lib/mail-presets";
import { TYPES } from "../../model/type-tokens";
import { childTypes, runComponent, runRecording } from "../helpers/component";
import type { StackRun } from "../helpers/harness";

// Constructed with its own Args, no stack config. What mocks cannot prove: that Cloudflare accepts the records.
const GOOGLE_KEY = "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1Jq";
const ARGS: MailRecordsArgs = {
  domain: "example.com",
  zoneId: "zone-1",
  accountId: "account-1",
  zoneActive: true,
  spfIncludes: ["_spf.google.com", "sendgrid.net"],
  spfAll: "-all",
  dmarc: { policy: "quarantine", rua: ["dmarc@example.com"], testing: false },
  dkim: [
    { selector: "google", value: GOOGLE_KEY },
    { selector: "s1", value: "s1.domainkey.u123.wl.sendgrid.net" },
  ],
  mx: inboundMx("google-workspace", "example.com"),
  tlsReportAddresses: ["tls@reports.example.net"],
};
const COMPONENT = "launch-ready:mail:MailRecords";
const MTA_STS = "launch-ready:mail:MtaSts";
const build = (overrides: Partial<MailRecordsArgs> = {}) => () => new MailRecords("mail", { ...ARGS, ...overrides });

/** Every DNS record of the run as name → the inputs that matter, the shared ones (zone, TTL, never proxied) checked. */
function records(stack: StackRun): Record<string, { type: unknown; name: unknown; content: unknown; priority?: unknown }> {
  return Object.fromEntries(
    stack.ofType(TYPES.dnsRecord).map((r) => {
      const { zoneId, ttl, proxied, ...rest } = stack.inputs(r);
      expect({ zoneId, ttl, proxied }).toEqual({ zoneId: "zone-1", ttl: 3600, proxied: false });
      return [r.name, rest as { type: unknown; name: unknown; content: unknown }];
    }),
  );
}

describe("MailRecords, constructed directly", () => {
  it("publishes the apex SPF, DMARC, each DKIM record in its form and the mailbox provider's MX set", async () => {
    const stack = await runComponent(build());
    expect(childTypes(stack, COMPONENT)).toEqual({ [TYPES.dnsRecord]: 9, [MTA_STS]: 1 });
    const got = records(stack);
    expect(got["mail-spf"]).toEqual({ type: "TXT", name: "example.com", content: "v=spf1 include:_spf.google.com include:sendgrid.net -all" });
    expect(got["mail-dmarc"]).toEqual({ type: "TXT", name: "_dmarc.example.com", content: "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com; adkim=r; aspf=r" });
    // A key is a TXT record; a host name is the CNAME the sender rotates its key behind.
    expect(got["mail-dkim-google"]).toEqual({ type: "TXT", name: "google._domainkey.example.com", content: GOOGLE_KEY });
    expect(got["mail-dkim-s1"]).toEqual({ type: "CNAME", name: "s1._domainkey.example.com", content: "s1.domainkey.u123.wl.sendgrid.net" });
    expect([0, 1, 2, 3, 4].map((i) => got[`mail-mx-${i}`])).toEqual([
      { type: "MX", name: "example.com", content: "aspmx.l.google.com", priority: 1 },
      { type: "MX", name: "example.com", content: "alt1.aspmx.l.google.com", priority: 5 },
      { type: "MX", name: "example.com", content: "alt2.aspmx.l.google.com", priority: 5 },
      { type: "MX", name: "example.com", content: "alt3.aspmx.l.google.com", priority: 10 },
      { type: "MX", name: "example.com", content: "alt4.aspmx.l.google.com", priority: 10 },
    ]);
  });

  it("adds MTA-STS in testing mode for the MX hosts, and TLS-RPT to the report addresses, on an active zone", async () => {
    const stack = await runComponent(build());
    expect(childTypes(stack, MTA_STS)).toEqual({
      "cloudflare:index/workersScript:WorkersScript": 1,
      [TYPES.workersCustomDomain]: 1,
      [TYPES.dnsRecord]: 2,
    });
    const script = String(stack.inputs(stack.named("mail-mta-sts-policy"))["content"]);
    expect(script).toContain(JSON.stringify(["version: STSv1", "mode: testing", ...ARGS.mx.map((m) => `mx: ${m.exchange}`), "max_age: 604800"].join("\r\n") + "\r\n"));
    expect(stack.inputs(stack.named("mail-mta-sts-host"))).toEqual({ accountId: "account-1", zoneId: "zone-1", hostname: "mta-sts.example.com", service: "mta-sts-example-com" });
    const got = records(stack);
    expect(got["mail-mta-sts-record"]).toMatchObject({ type: "TXT", name: "_mta-sts.example.com", content: expect.stringMatching(/^v=STSv1; id=[A-Za-z0-9]{1,32}$/) });
    expect(got["mail-mta-sts-tls-rpt"]).toEqual({ type: "TXT", name: "_smtp._tls.example.com", content: "v=TLSRPTv1; rua=mailto:tls@reports.example.net" });
  });

  it("waits with the MTA-STS policy host and record while the zone is pending, but publishes TLS-RPT", async () => {
    const stack = await runComponent(build({ zoneActive: false }));
    expect(childTypes(stack, MTA_STS)).toEqual({ [TYPES.dnsRecord]: 1 });
    expect(stack.named("mail-mta-sts-tls-rpt").type).toBe(TYPES.dnsRecord);
  });

  it("publishes the null MX and no MTA-STS when the domain receives no mail", async () => {
    const stack = await runComponent(build({ mx: [NULL_MX], dkim: [], spfIncludes: [] }));
    expect(childTypes(stack, COMPONENT)).toEqual({ [TYPES.dnsRecord]: 3 });
    const got = records(stack);
    expect(got["mail-mx"]).toEqual({ type: "MX", name: "example.com", content: ".", priority: 0 });
    // Nothing sends as the domain: the SPF record says so.
    expect(got["mail-spf"]).toEqual({ type: "TXT", name: "example.com", content: "v=spf1 -all" });
    expect(stack.ofType(MTA_STS)).toEqual([]);
  });

  it("replaces its records by deleting first, and is aliased to the Email component it was, so its children keep their URNs", async () => {
    const { stack, options, aliases } = await runRecording(build());
    expect(stack.ofType(TYPES.dnsRecord)).toHaveLength(11);
    for (const r of stack.ofType(TYPES.dnsRecord)) expect(options.get(r.name)?.deleteBeforeReplace).toBe(true);
    const [component] = stack.ofType(COMPONENT);
    expect(aliases.get(`${COMPONENT}::mail`)).toEqual([{ name: "", type: "launch-ready:mail:Email", parentUrn: component?.parent, noParent: false }]);
    // The children carry none of their own (the engine derives theirs from the parent's), only their provider's, for
    // the type each had before the provider renamed it (a DnsRecord was a Record).
    for (const r of stack.resources.filter((x) => x.custom)) {
      for (const alias of aliases.get(`${r.type}::${r.name}`) ?? []) {
        expect(alias).toEqual({ name: "", type: expect.stringMatching(/^cloudflare:index\//), parentUrn: r.parent, noParent: false });
      }
    }
  });
});
