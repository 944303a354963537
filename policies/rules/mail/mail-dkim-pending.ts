import { missingSenderKeys } from "../../../model/sender-keys";
import type { StackRule } from "../types";

export const mailDkimPending: StackRule = {
  kind: "stack",
  name: "mail-dkim-pending",
  description:
    "Checks whether catalog senders whose mail still passes DMARC (SPF aligns, or the policy does not enforce) publish a DKIM key yet, because the key often exists only after the provider has verified the domain, and Gmail and Yahoo require DKIM for bulk mail.",
  enforcementLevel: "advisory",
  validate: (resources) =>
    missingSenderKeys(resources)
      .filter((m) => !m.failsDmarc)
      .map((m) => ({
        urn: m.urn,
        message: `${m.sender.label} sends as ${m.domain} without a DKIM key yet (its mail still passes DMARC ${m.policy}${m.sender.spfAligned ? " through aligned SPF" : ""}): once ${m.sender.label} has verified the domain, copy the key from ${m.sender.dkimFrom} into email.dkim, run pulumi up, then switch DKIM signing on in ${m.sender.label}'s console.`,
      })),
};
