// What is served compared with what the plan declares: records missing or different, delegation, DS.
import { defineCheck, type AuditContext, type Check } from "../context";
import { DnsError, normalizeName, type RecordType } from "../dns";
import type { Plan, PlannedRecord } from "../plan";
import { isAddressRecordType } from "../../../lib/domain";
import { recordContent } from "../../../lib/zone-file";
import { reporter, type Finding } from "../types";

type Comparison = { state: "served" } | { state: "missing" } | { state: "different"; served: string[] } | { state: "error"; error: DnsError };

const MAX_LISTED = 5;
/** Types whose served value is compared with the declared one; other types are checked for presence. */
const COMPARED_TYPES = new Set(["A", "AAAA", "CNAME", "NS", "TXT", "MX", "CAA"]);
/** Other types Cloudflare accepts that the audit's DNS client can ask for. */
const PRESENCE_TYPES = new Set<string>(["SRV", "TLSA", "SSHFP", "NAPTR", "PTR", "CERT", "URI", "LOC", "DS", "DNSKEY"]);
const isPresenceType = (type: string): type is RecordType => PRESENCE_TYPES.has(type);

function listed(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).join("; ");
  return items.length > MAX_LISTED ? `${shown}; and ${items.length - MAX_LISTED} more` : shown;
}

function describeRecord(record: PlannedRecord): string {
  return `${record.name} ${record.type}`;
}

/** The value served values are compared with ("" when the plan hides it: then presence counts). */
function plannedValue(record: PlannedRecord): string {
  return record.known ? record.value : "";
}

async function servedValues(ctx: AuditContext, record: PlannedRecord): Promise<string[]> {
  switch (record.type) {
    case "TXT":
      return (await ctx.dns.txt(record.name)).strings;
    case "MX":
      return (await ctx.dns.lookup(record.name, "MX")).records.flatMap((r) =>
        // Normalised as the plan's records are, so a null MX (".") compares equal.
        r.type === "MX" ? [`${r.data.preference ?? 0} ${recordContent("MX", r.data.exchange)}`] : [],
      );
    case "CAA":
      return (await ctx.dns.lookup(record.name, "CAA")).records.flatMap((r) =>
        r.type === "CAA" ? [`${r.data.flags ?? 0} ${r.data.tag.toLowerCase()} "${r.data.value}"`] : [],
      );
    case "A":
    case "AAAA":
    case "CNAME":
    case "NS":
      return (await ctx.dns.lookup(record.name, record.type)).records.flatMap((r) =>
        (r.type === "A" || r.type === "AAAA" || r.type === "CNAME" || r.type === "NS") && r.type === record.type ? [normalizeName(r.data)] : [],
      );
    default:
      if (!isPresenceType(record.type)) return ["(not checked)"];
      return (await ctx.dns.lookup(record.name, record.type)).records.map(() => "(present)");
  }
}

async function compare(ctx: AuditContext, record: PlannedRecord): Promise<Comparison> {
  try {
    // A proxied record is served as the edge's addresses, so only its presence can be compared.
    if (record.proxied && isAddressRecordType(record.type)) {
      const { v4, v6 } = await ctx.dns.addresses(record.name);
      return v4.length + v6.length > 0 ? { state: "served" } : { state: "missing" };
    }
    const served = await servedValues(ctx, record);
    if (served.length === 0) {
      // A CNAME at the zone apex is served flattened, as addresses.
      if (record.type === "CNAME" && (await ctx.dns.addresses(record.name)).v4.length > 0) return { state: "served" };
      return { state: "missing" };
    }
    const expected = plannedValue(record);
    // A secret value, or a type compared for presence only, counts as served once something is there.
    if (!COMPARED_TYPES.has(record.type) || expected === "" || served.includes(expected)) return { state: "served" };
    return { state: "different", served };
  } catch (err) {
    if (err instanceof DnsError) return { state: "error", error: err };
    throw err;
  }
}

/** The check's second finding (its own id is plan.records.missing). */
const differentReport = reporter("plan.records.different", "plan", "high");

function planRecords(ctx: AuditContext, plan: Plan): Check {
  return defineCheck({ id: "plan.records.missing", area: "plan", severity: "high", what: `the DNS records declared in ${plan.file}` }, async (report) => {
    const results = await Promise.all(plan.records.map(async (record) => ({ record, outcome: await compare(ctx, record) })));
    const missing = results.filter((r) => r.outcome.state === "missing").map((r) => describeRecord(r.record));
    const errors = results.flatMap((r) => (r.outcome.state === "error" ? [r.outcome.error] : []));
    const different = results.flatMap(({ record, outcome }) =>
      outcome.state === "different"
        ? [`${describeRecord(record)} served ${outcome.served.map((s) => `"${s}"`).join(", ")}, planned "${plannedValue(record)}"`]
        : [],
    );
    const total = plan.records.length;
    const findings: Finding[] = [];
    if (missing.length > 0) {
      findings.push(
        report.fail(
          "high",
          `${missing.length} of the ${total} DNS records the plan declares are not served: ${listed(missing)}.`,
          "Run `pulumi up` for this stack; if it has run, check that the registrar delegates the domain to the plan's name servers (plan.nameservers).",
        ),
      );
    } else if (errors.length > 0) {
      findings.push(
        report.error(
          `Could not compare ${errors.length} of the ${total} declared records: ${errors[0]!.message}.`,
          "Make sure the resolver answers, then run the audit again. Until it runs, this check counts as not passed.",
        ),
      );
    } else {
      findings.push(report.pass(`All ${total} DNS records the plan declares are served.`));
    }
    findings.push(
      different.length > 0
        ? differentReport.fail(
            "high",
            `${different.length} DNS records are served with other values than the plan declares: ${listed(different)}.`,
            "They were changed outside Pulumi: run `pulumi up` to restore them, or change the stack config if the live values are the right ones.",
          )
        : differentReport.pass("Every declared record that is served has the declared value."),
    );
    return findings;
  });
}

function planNameServers(ctx: AuditContext, planned: string[]): Check {
  return defineCheck({ id: "plan.nameservers", area: "plan", severity: "high", what: `the delegation of ${ctx.domain}` }, async (report) => {
    const lookup = await ctx.dns.lookup(ctx.domain, "NS");
    const served = lookup.records.flatMap((r) => (r.type === "NS" ? [normalizeName(r.data)] : [])).sort();
    const expected = [...planned].sort();
    if (served.join() === expected.join()) return [report.pass(`${ctx.domain} is delegated to the plan's name servers (${expected.join(", ")}).`)];
    return [
      report.fail(
        "high",
        `${ctx.domain} is delegated to ${served.length > 0 ? served.join(", ") : "no name server"}, not to the plan's zone (${expected.join(", ")}): the records Pulumi manages are not what the world sees.`,
        `At the registrar, set the name servers to ${expected.join(" and ")}.`,
      ),
    ];
  });
}

function planDs(ctx: AuditContext, planned: NonNullable<Plan["ds"]>): Check {
  return defineCheck({ id: "plan.ds", area: "plan", severity: "high", what: `the DS record of ${ctx.domain} at the registrar` }, async (report) => {
    const response = await ctx.dns.query(ctx.domain, "DS");
    const served = response.answers.flatMap((a) => (a.type === "DS" && normalizeName(a.name) === ctx.domain ? [a.data] : []));
    const same = served.some(
      (ds) =>
        ds.keyTag === planned.keyTag &&
        ds.algorithm === planned.algorithm &&
        ds.digestType === planned.digestType &&
        ds.digest.toString("hex") === planned.digest,
    );
    if (same) return [report.pass(`The registrar publishes the plan's DS record (key tag ${planned.keyTag}).`)];
    return [
      report.fail(
        "high",
        served.length === 0
          ? `The registrar publishes no DS record for ${ctx.domain}: the zone is signed but DNSSEC is not in effect.`
          : `The registrar's DS record for ${ctx.domain} (key tag ${served.map((d) => d.keyTag).join(", ")}) is not the plan's (key tag ${planned.keyTag}).`,
        `At the registrar, publish exactly this DS record: ${planned.text}`,
      ),
    ];
  });
}

/** The checks against the plan (--plan): its records, and the delegation and DS when the plan declares them. */
export function planChecks(ctx: AuditContext): Check[] {
  const plan = ctx.options.plan;
  if (!plan) return [];
  return [planRecords(ctx, plan), ...(plan.nameServers ? [planNameServers(ctx, plan.nameServers)] : []), ...(plan.ds ? [planDs(ctx, plan.ds)] : [])];
}
