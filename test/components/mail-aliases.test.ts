import { describe, expect, it } from "vitest";
import program from "../../index";
import { runRecording } from "../helpers/component";
import { prodZoneActive } from "../helpers/plan-file";
import { EngineUrns, urnParts } from "../helpers/urns";

// The URNs a stack planned before Email was split into SendingIdentity and MailRecords holds for its mail resources
// (Pulumi.prod.yaml on an active zone, as the engine forms them: every ancestor's type, the Stack left out).
const EMAIL = "urn:pulumi:prod::launch-ready::launch-ready:app:Launch$launch-ready:mail:Email";
const MTA_STS = `${EMAIL}$launch-ready:mail:MtaSts`;
const FORMER_URNS = [
  `${EMAIL}::launch-email`,
  `${EMAIL}$aws:sesv2/configurationSet:ConfigurationSet::launch-email-ses-config`,
  `${EMAIL}$aws:sesv2/emailIdentity:EmailIdentity::launch-email-ses-identity`,
  `${EMAIL}$aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes::launch-email-ses-mail-from`,
  ...["ses-dkim-0", "ses-dkim-1", "ses-dkim-2", "mail-from-mx", "mail-from-spf", "spf", "dmarc", "dkim-google", "mx-0", "mx-1", "mx-2", "mx-3", "mx-4"].map(
    (role) => `${EMAIL}$cloudflare:index/dnsRecord:DnsRecord::launch-email-${role}`,
  ),
  `${MTA_STS}::launch-email-mta-sts`,
  `${MTA_STS}$cloudflare:index/workersScript:WorkersScript::launch-email-mta-sts-policy`,
  `${MTA_STS}$cloudflare:index/workersCustomDomain:WorkersCustomDomain::launch-email-mta-sts-host`,
  `${MTA_STS}$cloudflare:index/dnsRecord:DnsRecord::launch-email-mta-sts-record`,
  `${MTA_STS}$cloudflare:index/dnsRecord:DnsRecord::launch-email-mta-sts-tls-rpt`,
];

const typeOf = (urn: string) => urnParts(urn).qualifiedType.split("$").pop();

describe("Existing stacks keep their mail resources through the split", () => {
  it("every former mail URN is claimed by exactly one resource of the same type and name, through its aliases", async () => {
    const { stack, aliases } = await runRecording(program, { stack: prodZoneActive() });
    const urns = new EngineUrns(stack.resources, aliases);
    const claimed = FORMER_URNS.map((urn) => {
      const resource = urns.claimedBy(urn);
      // The Email component itself became MailRecords; everything else keeps its type.
      expect([resource.name, urn.endsWith("::launch-email") ? "launch-ready:mail:MailRecords" : typeOf(urn)]).toEqual([urnParts(urn).name, resource.type]);
      return resource.urn;
    });
    expect(new Set(claimed).size).toBe(FORMER_URNS.length);
    // Nothing under the two new components is left without a former URN: the split creates no mail resource anew,
    // except the SendingIdentity component itself.
    const mail = stack.resources.filter((r) => r.name.startsWith("launch-email"));
    expect(mail.filter((r) => !claimed.includes(r.urn)).map((r) => `${r.type} ${r.name}`)).toEqual(["launch-ready:mail:SendingIdentity launch-email"]);
  });

  it("without the aliases, a pulumi up would replace the SES identity and every mail record", async () => {
    const { stack } = await runRecording(program, { stack: prodZoneActive() });
    const urns = new EngineUrns(stack.resources, new Map());
    for (const urn of FORMER_URNS) expect(() => urns.claimedBy(urn)).toThrow(/^0 resources claim/);
  });
});
