// DMARC: exactly one valid record, an enforcing policy, and aggregate reports that can arrive.
// mailauth finds the record that applies (falling back to the organisational domain, as receivers do) and
// splits its tags; this file judges them against RFC 7489 and RFC 9989 (DMARCbis).
import { DMARC_POLICIES, isDmarcRecord } from "../../../lib/dmarc";
import { getDomain } from "tldts";
import { defineCheck, type AuditContext, type Check } from "../context";
import { DnsError } from "../dns";
import { getDmarcRecord } from "../mailauth";
import { reporter, type Finding, type Problem } from "../types";

/** The findings besides the record's own (dmarc.record, the check's id). */
const policyReport = reporter("dmarc.policy", "mail", "high");
const reportsReport = reporter("dmarc.reports", "mail", "medium");

const POLICIES: ReadonlySet<string> = new Set(DMARC_POLICIES);
const REPORT_URI = /^(mailto:[^@\s]+@[^@\s!]+|https:\/\/\S+?)(![0-9]+[kmgt]?)?$/i;

type Tags = Record<string, string | number | boolean | undefined>;

function tag(tags: Tags, name: string): string | undefined {
  const value = tags[name];
  return value === undefined || value === false ? undefined : String(value).trim();
}

function reportUris(tags: Tags, name: string): string[] {
  return (tag(tags, name) ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u !== "");
}

/** Syntax problems that make receivers ignore the record, and ones they tolerate. */
function syntaxProblems(tags: Tags, where: string): Problem[] {
  const problems: Problem[] = [];
  const p = tag(tags, "p")?.toLowerCase();
  if (!p || !POLICIES.has(p)) {
    problems.push({
      status: "fail",
      severity: "launch-stopping",
      text: `The DMARC record at ${where} has ${p ? `an invalid policy p=${p}` : "no p= policy"}, so receivers ignore it.`,
      fix: "Set p=none, p=quarantine or p=reject right after v=DMARC1.",
    });
  }
  for (const name of ["sp", "np"]) {
    const value = tag(tags, name)?.toLowerCase();
    if (value !== undefined && !POLICIES.has(value)) {
      problems.push({
        status: "warn",
        severity: "medium",
        text: `${name}=${value} is not a policy; receivers fall back to p=.`,
        fix: `Use ${name}=none, quarantine or reject, or drop the tag.`,
      });
    }
  }
  for (const name of ["adkim", "aspf"]) {
    const value = tag(tags, name)?.toLowerCase();
    if (value !== undefined && value !== "r" && value !== "s") {
      problems.push({
        status: "warn",
        severity: "medium",
        text: `${name}=${value} is not r or s; receivers use relaxed alignment.`,
        fix: `Use ${name}=r (relaxed) or ${name}=s (strict), or drop the tag.`,
      });
    }
  }
  for (const name of ["rua", "ruf"]) {
    const invalid = reportUris(tags, name).filter((u) => !REPORT_URI.test(u));
    if (invalid.length > 0) {
      problems.push({
        status: "warn",
        severity: "medium",
        text: `${name}= has addresses receivers cannot use (${invalid.join(", ")}).`,
        fix: `Write each ${name} address as mailto:name@example.com.`,
      });
    }
  }
  return problems;
}

function policyFinding(domain: string, tags: Tags, where: string): Finding {
  const p = tag(tags, "p")?.toLowerCase() ?? "none";
  const sp = tag(tags, "sp")?.toLowerCase();
  const testing = tag(tags, "t")?.toLowerCase() === "y";
  const pct = tag(tags, "pct");
  const problems: Problem[] = [];
  if (p === "none") {
    problems.push({
      status: "fail",
      severity: "high",
      text: `The DMARC policy of ${domain} is p=none: receivers deliver mail that fails authentication, so anyone can still send mail as ${domain}.`,
      fix: "Read the aggregate reports for 2–4 weeks, make sure every real sender passes, then move to p=quarantine and later p=reject (the template's dmarc.policy).",
    });
  } else if (testing) {
    problems.push({
      status: "warn",
      severity: "medium",
      text: `The DMARC policy p=${p} is in test mode (t=y), so receivers apply one step less (RFC 9989).`,
      fix: "Remove t=y once the reports show every real sender passing.",
    });
  }
  if (p !== "none" && sp === "none") {
    problems.push({
      status: "warn",
      severity: "medium",
      text: `sp=none leaves every subdomain of ${domain} open to spoofing.`,
      fix: "Drop sp= (subdomains then inherit p=) or set it to quarantine or reject.",
    });
  }
  if (pct !== undefined && Number(pct) < 100) {
    problems.push({
      status: "warn",
      severity: "low",
      text: `pct=${pct} applies the policy to only part of the failing mail (and RFC 9989 removed pct).`,
      fix: "Remove pct= and use t=y for a trial period instead.",
    });
  }
  return policyReport.judge(
    problems,
    `The DMARC policy at ${where} is p=${p}${sp ? `, sp=${sp}` : ""}: receivers ${p === "reject" ? "reject" : "quarantine"} mail that fails authentication.`,
  );
}

async function reportsFinding(ctx: AuditContext, tags: Tags): Promise<Finding> {
  const domain = ctx.domain;
  const rua = reportUris(tags, "rua");
  if (rua.length === 0) {
    return reportsReport.warn(
      "medium",
      `The DMARC record of ${domain} asks for no aggregate reports (no rua=): you cannot see who sends mail as ${domain}, nor safely move to p=reject.`,
      `Add rua=mailto:dmarc-reports@${domain} (or a DMARC report service's address).`,
    );
  }
  // RFC 7489 §7.1: a report address in another organisational domain must publish an authorisation record.
  const ownOrg = getDomain(domain);
  const external = [
    ...new Set(
      rua
        .filter((u) => u.toLowerCase().startsWith("mailto:"))
        .map((u) =>
          u
            .slice(u.lastIndexOf("@") + 1)
            .replace(/!.*$/, "")
            .toLowerCase(),
        )
        .filter((d) => getDomain(d) !== ownOrg),
    ),
  ];
  const unauthorised: string[] = [];
  for (const destination of external) {
    const name = `${domain}._report._dmarc.${destination}`;
    const { strings } = await ctx.dns.txt(name);
    if (!strings.some(isDmarcRecord)) unauthorised.push(destination);
  }
  if (unauthorised.length > 0) {
    return reportsReport.warn(
      "medium",
      `Reports for ${domain} go to ${unauthorised.join(", ")}, which does not publish ${domain}._report._dmarc.<its domain>: receivers drop those reports (RFC 7489 §7.1).`,
      `Have the report receiver publish TXT "v=DMARC1" at ${domain}._report._dmarc.${unauthorised[0]} (report services do this when you register the domain).`,
    );
  }
  return reportsReport.pass(`Aggregate reports go to ${rua.join(", ")}.`);
}

export function dmarc(ctx: AuditContext): Check {
  const domain = ctx.domain;
  const where = `_dmarc.${domain}`;
  return defineCheck({ id: "dmarc.record", area: "mail", severity: "launch-stopping", what: `the DMARC record of ${domain}` }, async (report) => {
    const records = (await ctx.dns.txt(where)).strings.filter(isDmarcRecord);
    if (records.length > 1) {
      return [
        report.fail(
          "launch-stopping",
          `${where} has ${records.length} DMARC records: receivers ignore all of them (RFC 7489 §6.6.3), so ${domain} has no DMARC policy and can be spoofed.`,
          `Keep exactly one TXT record at ${where} that starts with v=DMARC1.`,
        ),
      ];
    }
    const record = await getDmarcRecord(domain, ctx.dns.nodeResolver());
    if (!record) {
      return [
        report.fail(
          "launch-stopping",
          `${domain} publishes no DMARC record: anyone can send mail as ${domain} with nothing telling receivers to reject it, and Gmail and Yahoo require DMARC from bulk senders.`,
          `Publish TXT at ${where}: "v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}", then move to p=quarantine and p=reject as the reports come in clean.`,
        ),
      ];
    }
    const found = record.isOrgRecord ? `_dmarc.${getDomain(domain)} (the organisational domain's record, which applies to ${domain})` : where;
    const syntax = syntaxProblems(record, found);
    const findings = [report.judge(syntax, `${found} publishes one DMARC record: "${record.rr}".`)];
    if (syntax.some((p) => p.severity === "launch-stopping")) return findings;
    findings.push(policyFinding(domain, record, found));
    try {
      findings.push(await reportsFinding(ctx, record));
    } catch (err) {
      if (!(err instanceof DnsError)) throw err;
      findings.push(
        reportsReport.error(
          `Could not check that the report address accepts reports for ${domain}: ${err.message}.`,
          "Make sure the resolver answers for the report address's domain, then run the audit again.",
        ),
      );
    }
    return findings;
  });
}
