// Reads the offline plan document (`npm run plan -- --json FILE`) and extracts what the audit compares with the
// live domain: the DNS records the program declares, the name servers the zone was given, and the DS record.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { normalizeName } from "./dns";
import { planDocumentSchema, planResourceSchema, REDACTED, resourcesOf, UNKNOWN_TEXT } from "../../model/plan-document";
import { PlanShapeError, plannedRecords, type PlannedRecord } from "../../model/planned-records";
import { stackOutputsSchema } from "../../model/stack-outputs";
import { TYPES } from "../../model/type-tokens";
import { UsageError } from "../usage-error";

export type { PlannedRecord };

const healthCheckTarget = z.object({ fqdn: z.string().min(1), resourcePath: z.string().startsWith("/") });

/**
 * The part of the plan document the audit reads, by the document's own schema: a plan written by another version
 * of the template (or by hand, as the tests do) is read as long as these fit.
 */
const auditedPlan = planDocumentSchema.pick({ domain: true }).extend({
  resources: z.array(planResourceSchema.pick({ urn: true, type: true, name: true, inputs: true })),
  outputs: planDocumentSchema.shape.outputs.optional(),
});
const { nameServers: nameServersOutput, dnssecDsRecord: dsOutput } = stackOutputsSchema.shape;

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
  const parsed = auditedPlan.safeParse(json);
  if (!parsed.success) {
    throw new UsageError(
      `--plan ${file} is not a plan document (${z.prettifyError(parsed.error).replace(/\n/g, " ")}); write it with \`npm run plan -- --json ${file}\`.`,
    );
  }
  const document = parsed.data;
  if (normalizeName(document.domain) !== domain) {
    throw new UsageError(`--plan ${file} is for ${document.domain}, but the audit is of ${domain}: audit the plan's domain or pass its plan.`);
  }
  let records: PlannedRecord[];
  try {
    records = plannedRecords({ domain, resources: document.resources });
  } catch (err) {
    if (err instanceof PlanShapeError) throw new UsageError(`${file}: ${err.message}.`);
    throw err;
  }
  const plan: Plan = {
    file,
    domain,
    records,
    loginPages: resourcesOf(document, TYPES.healthCheck).flatMap((r) => {
      const target = healthCheckTarget.safeParse(r.inputs);
      return r.name.endsWith("-login") && target.success ? [`https://${target.data.fqdn}${target.data.resourcePath}`] : [];
    }),
  };
  // A plan of a first preview writes them as [unknown]: the audit then has none to compare with.
  const nameServers = nameServersOutput.safeParse(document.outputs?.["nameServers"]);
  if (nameServers.success) plan.nameServers = nameServers.data.map(normalizeName);
  const dsRecord = dsOutput.safeParse(document.outputs?.["dnssecDsRecord"]);
  if (dsRecord.success && dsRecord.data !== REDACTED && dsRecord.data !== UNKNOWN_TEXT) {
    const ds = parseDs(dsRecord.data);
    if (!ds) throw new UsageError(`--plan ${file}: outputs.dnssecDsRecord is not a DS record ("${dsRecord.data}").`);
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
