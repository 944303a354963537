import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mailNeedsAPerson, type MailSteps } from "../../lib/mail-steps";
import { SENDER_IDS, SENDERS } from "../../lib/senders";

const NONE: MailSteps = { domain: "example.com", senders: [], dkimSelectors: [], receivesMail: false, zoneActive: true, reportAddresses: [] };

describe("mailNeedsAPerson", () => {
  it.each<[string, Partial<MailSteps>, string[]]>([
    ["nothing when no sender, no inbound mail and no report address outside the domain", { reportAddresses: ["dmarc@example.com"] }, []],
    [
      "the SES verification wait and the sandbox, in the SES region",
      { sesRegion: "eu-west-1" },
      [
        "SES verifies example.com once its three DKIM CNAMEs resolve, which can take up to 72 hours: run `pulumi refresh` and check sesVerificationStatus is SUCCESS before relying on mail.",
        "New SES accounts are in the sandbox and can only send to verified addresses: request production access for eu-west-1 in the SES console (Account dashboard → Request production access); it is a support request, not code.",
      ],
    ],
    [
      "turning signing on at a sender whose key is published",
      { senders: ["google-workspace"], dkimSelectors: ["google"] },
      [`Turn on DKIM signing at Google Workspace once its key resolves: ${SENDERS["google-workspace"].dkimFrom}.`],
    ],
    [
      "publishing the key of a sender whose selector is not among the records",
      { senders: ["sendgrid"], dkimSelectors: ["google"] },
      [`Publish SendGrid's DKIM key and turn signing on: copy the key from ${SENDERS.sendgrid.dkimFrom}, put it in email.dkim and run pulumi up again.`],
    ],
    [
      "waiting for an active zone before MTA-STS, only when the domain receives mail",
      { receivesMail: true, zoneActive: false },
      ["MTA-STS starts once Cloudflare shows the zone Active: then set launch-ready:cloudflare.zoneActive to true and run pulumi up again."],
    ],
    ["no MTA-STS wait on an active zone", { receivesMail: true, zoneActive: true }, []],
    ["no MTA-STS wait when the domain receives no mail", { receivesMail: false, zoneActive: false }, []],
    [
      "asking each report receiver outside the domain once for its authorization record",
      { reportAddresses: ["a@reports.example.net", "b@reports.example.net", "dmarc@example.com"] },
      ['DMARC reports for a@reports.example.net are only sent once its domain publishes TXT example.com._report._dmarc.reports.example.net "v=DMARC1": ask its administrator (report services do this for you).'],
    ],
  ])("lists %s", (_, steps, expected) => {
    expect(mailNeedsAPerson({ ...NONE, ...steps })).toEqual(expected);
  });

  it("keeps the order SES, senders, MTA-STS, report receivers, whatever is combined", () => {
    const steps = mailNeedsAPerson({ ...NONE, sesRegion: "us-east-1", senders: ["postmark"], receivesMail: true, zoneActive: false, reportAddresses: ["r@reports.example.net"] });
    expect(steps.map((s) => s.split(" ").slice(0, 2).join(" "))).toEqual(["SES verifies", "New SES", "Publish Postmark's", "MTA-STS starts", "DMARC reports"]);
  });

  it("says one thing per catalog sender, in the order given, each a full sentence naming the sender", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...SENDER_IDS)), fc.array(fc.constantFrom("google", "s1", "selector1", "k1", "custom")), (senders, dkimSelectors) => {
        const steps = mailNeedsAPerson({ ...NONE, senders, dkimSelectors });
        expect(steps).toHaveLength(senders.length);
        steps.forEach((step, i) => {
          expect(step).toContain(SENDERS[senders[i]!].label);
          expect(step).toMatch(/^(Turn on|Publish) .*\.$/);
          expect(step).not.toMatch(/undefined/);
        });
      }),
    );
  });
});
