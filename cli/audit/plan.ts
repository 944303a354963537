// Reads the offline plan document (`npm run plan -- --json FILE`) and extracts what the audit compares with the
// live domain: the DNS records the program declares, the name servers the zone was given, and the DS record.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { normalizeName } from "./dns";
import { unquoteTxt } from "../../lib/zone-file";
import { UsageError } from "../usage-error";

export const DNS_RECORD_TYPE = "cloudflare:index/dnsRecord:DnsRecord";
export const HEALTH_CHECK_TYPE = "aws:route53/healthCheck:HealthCheck";
/** How the plan writes a secret value. */
export const SECRET = "[secret]";

const caaData = z.object({ flags: z.number().optional(), tag: z.string(), value: z.string() });

const recordInputs = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  content: z.string().optional(),
  data: z.unknown().optional(),
  priority: z.number().optional(),
  ttl: z.number().optional(),
  proxied: z.boolean().optional(),
});

const healthCheckTarget = z.object({ fqdn: z.string().min(1), resourcePath: z.string().startsWith("/") });

const planDocument = z.object({
  domain: z.string().min(1),
  resources: z.array(z.object({ urn: z.string(), type: z.string(), name: z.string(), inputs: z.record(z.string(), z.unknown()) })),
  outputs: z.record(z.string(), z.unknown()).optional(),
});

export interface PlannedRecord {
  /** Lower-case FQDN without the trailing dot. */
  name: string;
  type: string;
  /** The declared value (normalised per type); undefined when it is a secret or the type has none. */
  value?: string;
  priority?: number;
  caa?: { flags: number; tag: string; value: string };
  proxied: boolean;
  urn: string;
}

export interface PlannedDs {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: string;
  text: string;
}

export interface Plan {
  file: string;
  domain: string;
  records: PlannedRecord[];
  nameServers?: string[];
  ds?: PlannedDs;
  /** The login page(s) the stack's uptime checks watch (the check named "login"), as https URLs. */
  loginPages: string[];
}

/** `example.com. 3600 IN DS 2371 13 2 <hex>` (owner, TTL and class optional). */
export function parseDs(text: string): PlannedDs | undefined {
  // The record data alone ("2371 13 2 <digest>", the plan's dnssecDsRecord output) or a whole DS record line.
  const match = /^(?:.*\sDS\s+)?(\d+)\s+(\d+)\s+(\d+)\s+([0-9a-fA-F\s]+)$/.exec(text.trim());
  if (!match) return undefined;
  return {
    keyTag: Number(match[1]),
    algorithm: Number(match[2]),
    digestType: Number(match[3]),
    digest: match[4]!.replace(/\s+/g, "").toLowerCase(),
    text: text.trim(),
  };
}

/** Record names are FQDNs in the plan; "@" and relative names are read as Cloudflare reads them. */
function fqdn(name: string, domain: string): string {
  const normal = normalizeName(name);
  if (normal === "@" || normal === domain) return domain;
  return normal.endsWith(`.${domain}`) ? normal : `${normal}.${domain}`;
}

function plannedRecord(urn: string, raw: Record<string, unknown>, file: string, domain: string): PlannedRecord {
  const parsed = recordInputs.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(`${file}: DNS record ${urn} has unexpected inputs (${z.prettifyError(parsed.error).replace(/\n/g, " ")}).`);
  }
  const inputs = parsed.data;
  const record: PlannedRecord = {
    name: fqdn(inputs.name, domain),
    type: inputs.type.toUpperCase(),
    proxied: inputs.proxied ?? false,
    urn,
  };
  if (inputs.priority !== undefined) record.priority = inputs.priority;
  if (record.type === "CAA") {
    const data = caaData.safeParse(inputs.data);
    if (data.success) record.caa = { flags: data.data.flags ?? 0, tag: data.data.tag.toLowerCase(), value: data.data.value };
  } else if (inputs.content !== undefined && inputs.content !== SECRET) {
    record.value = record.type === "TXT" ? unquoteTxt(inputs.content) : normalizeName(inputs.content);
  }
  return record;
}

/** Loads and checks a plan file for `domain`. Problems with the file are usage errors (exit code 2). */
export async function loadPlan(file: string, domain: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read --plan ${file}: ${(err as Error).message}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--plan ${file} is not JSON (${(err as Error).message}); write it with \`npm run plan -- --json ${file}\`.`);
  }
  const parsed = planDocument.safeParse(json);
  if (!parsed.success) {
    throw new UsageError(
      `--plan ${file} is not a plan document (${z.prettifyError(parsed.error).replace(/\n/g, " ")}); write it with \`npm run plan -- --json ${file}\`.`,
    );
  }
  const document = parsed.data;
  if (normalizeName(document.domain) !== domain) {
    throw new UsageError(`--plan ${file} is for ${document.domain}, but the audit is of ${domain}: audit the plan's domain or pass its plan.`);
  }
  const plan: Plan = {
    file,
    domain,
    records: document.resources.filter((r) => r.type === DNS_RECORD_TYPE).map((r) => plannedRecord(r.urn, r.inputs, file, domain)),
    loginPages: document.resources.flatMap((r) => {
      const target = healthCheckTarget.safeParse(r.inputs);
      return r.type === HEALTH_CHECK_TYPE && r.name.endsWith("-login") && target.success ? [`https://${target.data.fqdn}${target.data.resourcePath}`] : [];
    }),
  };
  const nameServers = z.array(z.string()).safeParse(document.outputs?.["nameServers"]);
  if (nameServers.success) plan.nameServers = nameServers.data.map(normalizeName);
  const dsRecord = document.outputs?.["dnssecDsRecord"];
  if (typeof dsRecord === "string" && dsRecord !== SECRET) {
    const ds = parseDs(dsRecord);
    if (!ds) throw new UsageError(`--plan ${file}: outputs.dnssecDsRecord is not a DS record ("${dsRecord}").`);
    plan.ds = ds;
  }
  return plan;
}

/** DKIM selectors the plan publishes (`<selector>._domainkey.<domain>`), so the audit checks the real ones. */
export function plannedDkimSelectors(plan: Plan): string[] {
  const suffix = `._domainkey.${plan.domain}`;
  const selectors = plan.records.filter((r) => r.name.endsWith(suffix)).map((r) => r.name.slice(0, -suffix.length));
  return [...new Set(selectors)];
}
