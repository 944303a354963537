import { parseDmarc } from "../../../lib/dmarc";
import { acceptsMail, dmarcRecords, governingDmarc, mailDnsRecords, spfRecords } from "../../../model/mail-dns";
import type { StackRule, Violation } from "../types";

export const dnsDmarcValid: StackRule = {
  kind: "stack",
  name: "dns-dmarc-valid",
  description:
    "Checks that every name that sends or receives mail is covered by exactly one valid DMARC record, because without one receivers cannot tell forged mail from the domain's own and Gmail and Yahoo refuse bulk mail.",
  enforcementLevel: "mandatory",
  validate: (resources) => {
    const records = mailDnsRecords(resources);
    const violations: Violation[] = [];
    const dmarc = dmarcRecords(records);
    for (const record of dmarc) {
      if (dmarc.filter((r) => r.name === record.name)[0] === record && dmarc.filter((r) => r.name === record.name).length > 1) {
        violations.push({ urn: record.urn, message: `${record.name} has more than one DMARC record, so receivers ignore them all: keep one.` });
      }
      for (const error of parseDmarc(record.content).errors) {
        violations.push({ urn: record.urn, message: `DMARC at ${record.name}: ${error}. Build it with lib/dmarc.ts buildDmarc or correct the tag.` });
      }
    }
    const mailNames = new Set([...spfRecords(records).map((r) => r.name), ...records.filter((r) => r.type === "MX" && acceptsMail(records, r.name)).map((r) => r.name)]);
    for (const name of mailNames) {
      if (governingDmarc(records, name) === undefined) {
        violations.push({ message: `${name} sends or receives mail but no DMARC record covers it: publish TXT _dmarc.<domain> "v=DMARC1; p=none; rua=mailto:..." (email.dmarc).` });
      }
    }
    return violations;
  },
};
