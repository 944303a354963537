import { z } from "zod";
import { bareName, recordContent } from "../lib/zone-file";
import { REDACTED, UNKNOWN_TEXT, resourcesOf, type PlanResource } from "./plan-document";
import { TYPES } from "./type-tokens";

/**
 * The DNS records a plan document declares, read once for everything that reads them: the zone file, the DNS map and
 * the handover pack, the mail proof, and the audit's `--plan`, which compares them with what is served.
 */

export interface PlannedRecord {
  urn: string;
  /** Lowercase FQDN without the final dot ("@" and names relative to the zone read as Cloudflare reads them). */
  name: string;
  /** Upper case: A, CNAME, TXT, ... */
  type: string;
  /** Seconds; 1 means "automatic" at Cloudflare. */
  ttl: number;
  proxied: boolean;
  /** The data as a resolver hands it to code (TXT unquoted and joined, host names bare); "" for CAA. */
  content: string;
  priority?: number;
  caa?: { flags: number; tag: string; value: string };
  /** The whole value as a person reads it and DNS serves it: the content, MX with its priority, CAA as flags tag "value". */
  value: string;
  /** False when the plan writes the value as a secret or as not known yet: then only the record's presence says anything. */
  known: boolean;
}

/** The DnsRecord inputs a reader relies on. */
const recordInputs = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  content: z.string().optional(),
  data: z.object({ flags: z.union([z.number(), z.string()]).optional(), tag: z.string().optional(), value: z.string().optional() }).optional(),
  priority: z.number().optional(),
  // Cloudflare's own default: 1, automatic.
  ttl: z.number().default(1),
  proxied: z.boolean().optional(),
});

/** A plan whose resources do not have the shape the readers rely on. */
export class PlanShapeError extends Error {
  override readonly name = "PlanShapeError";
}

/** Inputs of one resource, checked against what a reader relies on; a resource that does not fit is a PlanShapeError. */
export function inputsOf<T extends z.ZodType>(resource: Pick<PlanResource, "urn" | "inputs">, schema: T): z.infer<T> {
  const parsed = schema.safeParse(resource.inputs);
  if (!parsed.success) throw new PlanShapeError(`${resource.urn} has inputs the plan's readers cannot read: ${z.prettifyError(parsed.error).replace(/\n/g, " ")}`);
  return parsed.data;
}

/** A record name as Cloudflare reads it: "@" is the apex, a name outside the zone is relative to it. */
function fullName(name: string, domain: string): string {
  const bare = bareName(name);
  if (bare === "@" || bare === domain) return domain;
  return bare.endsWith(`.${domain}`) ? bare : `${bare}.${domain}`;
}

/** Every DnsRecord of the plan, in plan order. */
export function plannedRecords(doc: { domain: string; resources: readonly Pick<PlanResource, "urn" | "type" | "inputs">[] }): PlannedRecord[] {
  const domain = bareName(doc.domain);
  return resourcesOf(doc, TYPES.dnsRecord).map((resource) => {
    const inputs = inputsOf(resource, recordInputs);
    const type = inputs.type.toUpperCase();
    const hidden = inputs.content === REDACTED || inputs.content === UNKNOWN_TEXT;
    const content = inputs.content === undefined || hidden ? inputs.content ?? "" : recordContent(type, inputs.content);
    const record: PlannedRecord = { urn: resource.urn, name: fullName(inputs.name, domain), type, ttl: inputs.ttl, proxied: inputs.proxied === true, content, value: content, known: !hidden };
    if (inputs.priority !== undefined) record.priority = inputs.priority;
    if (type === "MX" && record.known) record.value = `${inputs.priority ?? 0} ${content}`;
    if (type === "CAA" && inputs.data !== undefined) {
      const caa = { flags: Number(inputs.data.flags ?? 0), tag: (inputs.data.tag ?? "").toLowerCase(), value: inputs.data.value ?? "" };
      record.caa = caa;
      record.value = `${caa.flags} ${caa.tag} "${caa.value}"`;
    }
    return record;
  });
}

