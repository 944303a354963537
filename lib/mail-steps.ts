/**
 * What only a person can do for the domain's mail to work, as plain sentences for the stack output mailNeedsAPerson
 * and the handover pack: verification waits, the SES sandbox, keys to fetch from senders, receivers to ask.
 */

import { externalAuthorizations } from "./dmarc";
import { SENDERS, type Sender, type SenderId } from "./senders";

export interface MailSteps {
  /** The domain, in punycode. */
  domain: string;
  /** The SES region when SES sends the app's mail; undefined without SES. */
  sesRegion?: string | undefined;
  /** The catalog senders that send as the domain. */
  senders: readonly SenderId[];
  /** The DKIM selectors the stack publishes for them. */
  dkimSelectors: readonly string[];
  /** Whether the domain receives mail (so MTA-STS applies). */
  receivesMail: boolean;
  /** Whether the zone is active: the MTA-STS policy host waits for it. */
  zoneActive: boolean;
  /** The DMARC aggregate-report addresses. */
  reportAddresses: readonly string[];
}

export function mailNeedsAPerson(steps: MailSteps): string[] {
  const { domain } = steps;
  const items: string[] = [];
  if (steps.sesRegion !== undefined) {
    items.push(
      `SES verifies ${domain} once its three DKIM CNAMEs resolve, which can take up to 72 hours: run \`pulumi refresh\` and check sesVerificationStatus is SUCCESS before relying on mail.`,
      `New SES accounts are in the sandbox and can only send to verified addresses: request production access for ${steps.sesRegion} in the SES console (Account dashboard → Request production access); it is a support request, not code.`,
    );
  }
  for (const id of steps.senders) {
    const sender: Sender = SENDERS[id];
    // A sender whose account owner picks the selector counts as published once any DKIM record is.
    const published = steps.dkimSelectors.some((s) => sender.dkimSelector === undefined || sender.dkimSelector.test(s));
    // The key often exists only once the provider has verified the domain; signing is a separate switch there.
    items.push(
      published
        ? `Turn on DKIM signing at ${sender.label} once its key resolves: ${sender.dkimFrom}.`
        : `Publish ${sender.label}'s DKIM key and turn signing on: copy the key from ${sender.dkimFrom}, put it in email.dkim and run pulumi up again.`,
    );
  }
  if (steps.receivesMail && !steps.zoneActive) {
    items.push("MTA-STS starts once Cloudflare shows the zone Active: then set launch-ready:cloudflare.zoneActive to true and run pulumi up again.");
  }
  for (const auth of externalAuthorizations(domain, steps.reportAddresses)) {
    items.push(`DMARC reports for ${auth.address} are only sent once its domain publishes TXT ${auth.name} "${auth.value}": ask its administrator (report services do this for you).`);
  }
  return items;
}
