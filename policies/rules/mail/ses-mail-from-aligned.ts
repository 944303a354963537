import { isAtOrBelow } from "../../../lib/domain";
import { parseDmarc } from "../../../lib/dmarc";
import { SES_SPF_INCLUDE, sesFeedbackHost } from "../../../lib/mail-presets";
import { parseSpf } from "../../../lib/spf";
import { governingDmarc, mailDnsRecords, mxAt, spfRecords } from "../../../model/mail-dns";
import { TYPES } from "../../../model/type-tokens";
import type { StackRule, Violation } from "../types";

export const sesMailFromAligned: StackRule = {
  kind: "stack",
  name: "ses-mail-from-aligned",
  description:
    "Checks that every SES identity has a custom MAIL FROM below its domain with SES's MX and SPF published and relaxed SPF alignment, because otherwise SPF passes only for amazonses.com and never counts towards DMARC.",
  enforcementLevel: "mandatory",
  validate: (resources) => {
    const records = mailDnsRecords(resources);
    const violations: Violation[] = [];
    const mailFroms = resources.filter((r) => r.type === TYPES.sesMailFrom);
    for (const identity of resources.filter((r) => r.type === TYPES.sesEmailIdentity)) {
      const domain = String(identity.props["emailIdentity"] ?? "").toLowerCase();
      const region = String(identity.props["region"] ?? "");
      const attributes = mailFroms.find((m) => String(m.props["emailIdentity"] ?? "").toLowerCase() === domain);
      const mailFrom = String(attributes?.props["mailFromDomain"] ?? "").toLowerCase();
      if (attributes === undefined || mailFrom === "") {
        violations.push({ urn: identity.urn, message: `SES identity ${domain} has no custom MAIL FROM: add EmailIdentityMailFromAttributes with mailFromDomain <label>.${domain} (email.mailFromSubdomain).` });
        continue;
      }
      if (mailFrom === domain || !isAtOrBelow(mailFrom, domain)) {
        violations.push({ urn: attributes.urn, message: `MAIL FROM ${mailFrom} is not a subdomain of ${domain}, so SPF cannot align with the From domain: use <label>.${domain}.` });
      }
      if (attributes.props["behaviorOnMxFailure"] !== "USE_DEFAULT_VALUE") {
        violations.push({ urn: attributes.urn, message: `MAIL FROM ${mailFrom} rejects mail while its MX does not resolve: set behaviorOnMxFailure to USE_DEFAULT_VALUE (DKIM keeps DMARC passing meanwhile).` });
      }
      const feedback = region === "" ? undefined : sesFeedbackHost(region);
      if (!mxAt(records, mailFrom).some((r) => (feedback === undefined ? r.content.endsWith(".amazonses.com") : r.content === feedback))) {
        violations.push({ urn: attributes.urn, message: `MAIL FROM ${mailFrom} has no MX to ${feedback ?? "feedback-smtp.<region>.amazonses.com"}: SES cannot take bounces there and falls back to its own MAIL FROM.` });
      }
      const spf = spfRecords(records).find((r) => r.name === mailFrom);
      if (spf === undefined || !parseSpf(spf.content).terms.some((t) => t.name === "include" && t.value === SES_SPF_INCLUDE)) {
        violations.push({ urn: attributes.urn, message: `MAIL FROM ${mailFrom} has no SPF including ${SES_SPF_INCLUDE}: publish "v=spf1 include:${SES_SPF_INCLUDE} -all" there.` });
      }
      const dmarc = governingDmarc(records, domain);
      if (dmarc !== undefined && parseDmarc(dmarc.content).tags["aspf"] === "s") {
        violations.push({ urn: dmarc.urn, message: `DMARC at ${dmarc.name} asks for strict SPF alignment (aspf=s), which a MAIL FROM subdomain never meets: use aspf=r.` });
      }
    }
    return violations;
  },
};
