// What is served compared with what the plan declares: records missing or different, delegation, DS.
import type { AuditContext, Check } from "../context";
import { DnsError, normalizeName, type RecordType } from "../dns";
import type { Plan, PlannedRecord } from "../plan";
import { pass, type Finding } from "../types";

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

function plannedValue(record: PlannedRecord): string {
  if (record.caa) return `${record.caa.flags} ${record.caa.tag} "${record.caa.value}"`;
  if (record.type === "MX" && record.priority !== undefined) return `${record.priority} ${record.value}`;
  return record.value ?? "";
}

async function servedValues(ctx: AuditContext, record: PlannedRecord): Promise<string[]> {
  switch (record.type) {
    case "TXT":
      return (await ctx.dns.txt(record.name)).strings;
    case "MX":
      return (await ctx.dns.lookup(record.name, "MX")).records.flatMap((r) =>
        r.type === "MX" ? [record.priority === undefined ? normalizeName(r.data.exchange) : `${r.data.preference ?? 0} ${normalizeName(r.data.exchange)}`] : [],
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
    if (record.proxied && ["A", "AAAA", "CNAME"].includes(record.type)) {
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

export function planRecords(ctx: AuditContext, plan: Plan): Check {
  return {
    id: "plan.records.missing",
    area: "plan",
    severity: "high",
    what: `the DNS records declared in ${plan.file}`,
    async run(): Promise<Finding[]> {
      const results = await Promise.all(plan.records.map(async (record) => ({ record, outcome: await compare(ctx, record) })));
      const missing = results.filter((r) => r.outcome.state === "missing").map((r) => describeRecord(r.record));
      const errors = results.flatMap((r) => (r.outcome.state === "error" ? [r.outcome.error] : []));
      const different = results.flatMap(({ record, outcome }) =>
        outcome.state === "different" ? [`${describeRecord(record)} served ${outcome.served.map((s) => `"${s}"`).join(", ")}, planned "${plannedValue(record)}"`] : [],
      );
      const total = plan.records.length;
      const findings: Finding[] = [];
      if (missing.length > 0) {
        findings.push({
          id: "plan.records.missing",
          area: "plan",
          status: "fail",
          severity: "high",
          summary: `${missing.length} of the ${total} DNS records the plan declares are not served: ${listed(missing)}.`,
          fix: "Run `pulumi up` for this stack; if it has run, check that the registrar delegates the domain to the plan's name servers (plan.nameservers).",
        });
      } else if (errors.length > 0) {
        findings.push({
          id: "plan.records.missing",
          area: "plan",
          status: "error",
          severity: "high",
          summary: `Could not compare ${errors.length} of the ${total} declared records: ${errors[0]!.message}.`,
          fix: "Make sure the resolver answers, then run the audit again. Until it runs, this check counts as not passed.",
        });
      } else {
        findings.push(pass("plan.records.missing", "plan", "high", `All ${total} DNS records the plan declares are served.`));
      }
      findings.push(
        different.length > 0
          ? {
              id: "plan.records.different",
              area: "plan",
              status: "fail",
              severity: "high",
              summary: `${different.length} DNS records are served with other values than the plan declares: ${listed(different)}.`,
              fix: "They were changed outside Pulumi: run `pulumi up` to restore them, or change the stack config if the live values are the right ones.",
            }
          : pass("plan.records.different", "plan", "high", "Every declared record that is served has the declared value."),
      );
      return findings;
    },
  };
}

export function planNameServers(ctx: AuditContext, planned: string[]): Check {
  const id = "plan.nameservers";
  return {
    id,
    area: "plan",
    severity: "high",
    what: `the delegation of ${ctx.domain}`,
    async run() {
      const lookup = await ctx.dns.lookup(ctx.domain, "NS");
      const served = lookup.records.flatMap((r) => (r.type === "NS" ? [normalizeName(r.data)] : [])).sort();
      const expected = [...planned].sort();
      if (served.join() === expected.join()) return [pass(id, "plan", "high", `${ctx.domain} is delegated to the plan's name servers (${expected.join(", ")}).`)];
      return [
        {
          id,
          area: "plan",
          status: "fail",
          severity: "high",
          summary: `${ctx.domain} is delegated to ${served.length > 0 ? served.join(", ") : "no name server"}, not to the plan's zone (${expected.join(", ")}): the records Pulumi manages are not what the world sees.`,
          fix: `At the registrar, set the name servers to ${expected.join(" and ")}.`,
        },
      ];
    },
  };
}

export function planDs(ctx: AuditContext, planned: NonNullable<Plan["ds"]>): Check {
  const id = "plan.ds";
  return {
    id,
    area: "plan",
    severity: "high",
    what: `the DS record of ${ctx.domain} at the registrar`,
    async run() {
      const response = await ctx.dns.query(ctx.domain, "DS");
      const served = response.answers.flatMap((a) => (a.type === "DS" && normalizeName(a.name) === ctx.domain ? [a.data] : []));
      const same = served.some(
        (ds) => ds.keyTag === planned.keyTag && ds.algorithm === planned.algorithm && ds.digestType === planned.digestType && ds.digest.toString("hex") === planned.digest,
      );
      if (same) return [pass(id, "plan", "high", `The registrar publishes the plan's DS record (key tag ${planned.keyTag}).`)];
      return [
        {
          id,
          area: "plan",
          status: "fail",
          severity: "high",
          summary:
            served.length === 0
              ? `The registrar publishes no DS record for ${ctx.domain}: the zone is signed but DNSSEC is not in effect.`
              : `The registrar's DS record for ${ctx.domain} (key tag ${served.map((d) => d.keyTag).join(", ")}) is not the plan's (key tag ${planned.keyTag}).`,
          fix: `At the registrar, publish exactly this DS record: ${planned.text}`,
        },
      ];
    },
  };
}
