import { createHash } from "node:crypto";
import { zoneFile } from "../../../lib/zone-file";
import { TYPES } from "../../../model/type-tokens";
import { resourcesOf, type PlanDocument } from "../../../model/plan-document";
import { plannedRecords } from "../../../model/planned-records";
import { readStackOutputs } from "../../../model/stack-outputs";

/** The zone file's name in DIR/<stack>/: the domain, as DNS tools expect it. */
export const zoneFileName = (doc: PlanDocument): string => `${doc.domain}.zone`;

/**
 * The SOA serial: a hash of what the zone holds, so two plans of one stack give the same file and any change to a
 * record or name server changes the serial. A date would change every day with nothing changed. 1 to 2^31 - 1: the
 * range every DNS tool compares correctly (RFC 1982).
 */
export function zoneSerial(zoneText: string): number {
  return (Number.parseInt(createHash("sha256").update(zoneText).digest("hex").slice(0, 8), 16) % 0x7fff_ffff) + 1;
}

/**
 * The BIND zone file of the plan: every DnsRecord, the name servers, and as comments what Cloudflare serves by itself
 * (the MTA-STS Worker's host, the DNSSEC keys whose DS record the registrar holds).
 */
export function zoneDocument(doc: PlanDocument): string {
  const outputs = readStackOutputs(doc);
  // The zone file writes a CAA record from its data.
  const records = plannedRecords(doc).map((r) => (r.caa === undefined ? r : { ...r, data: r.caa }));
  const options = { domain: doc.domain, nameServers: outputs.nameServers };
  const serial = zoneSerial(zoneFile(records, { ...options, serial: 1 }));
  const notes = [
    `; From the offline plan: the name servers, the SES DKIM names and the DS record are stand-ins until pulumi up (pulumi stack output --stack ${doc.stack}).`,
    ...resourcesOf(doc, TYPES.workersCustomDomain).map(
      (r) => `; ${String(r.inputs["hostname"])} is served by the Cloudflare Worker ${String(r.inputs["service"])} (a Workers custom domain): Cloudflare creates and answers its record.`,
    ),
    `; DNSSEC: Cloudflare signs the zone and serves its DNSKEY records; the registrar publishes DS ${outputs.dnssecDsRecord}.`,
  ];
  return `${zoneFile(records, { ...options, serial })}${notes.map((n) => `${n}\n`).join("")}`;
}
