// SPF: one record, valid, at most 10 DNS lookups and 2 void lookups, no include loop, a strict `all`.
// mailauth evaluates the record (the same code receivers' MTAs run); this file adds the include-graph walk
// that names a loop and warms the DNS cache so that mailauth's one-by-one lookups come back at once.
import { isSpfRecord } from "../../../lib/spf";
import type { AuditContext, Check } from "../context";
import { normalizeName } from "../dns";
import { evaluateSpf } from "../mailauth";
import { pass, type Finding } from "../types";

/**
 * RFC 5737 TEST-NET-1, passed to the evaluation as the sending server: no real sender is listed with it, so
 * the whole record is walked and the verdict is what an unlisted (spoofing) server gets. No packet goes to it.
 */
export const UNLISTED_IP = "192.0.2.1";
const MAX_VISITS = 50;

/** Follows include: and redirect= (and prefetches a/mx targets); returns each include loop as a path. */
async function walkIncludes(ctx: AuditContext): Promise<string[][]> {
  const loops: string[][] = [];
  let visits = 0;
  const visit = async (path: string[]): Promise<void> => {
    const name = path[path.length - 1]!;
    if (++visits > MAX_VISITS) return;
    let record: string | undefined;
    try {
      record = (await ctx.dns.txt(name)).strings.find(isSpfRecord);
    } catch {
      return; // the evaluation below reports lookups that fail
    }
    if (!record) return;
    const work: Array<Promise<unknown>> = [];
    for (const term of record.trim().split(/\s+/).slice(1)) {
      const [, mechanism = "", argument] = /^[+?~-]?([a-z]+)(?:[:=]([^/]*))?/i.exec(term) ?? [];
      if (argument?.includes("%")) continue; // macros depend on the sender
      const target = normalizeName(argument || name);
      switch (mechanism.toLowerCase()) {
        case "include":
        case "redirect":
          if (!argument) break;
          if (path.includes(target)) loops.push([...path, target]);
          else work.push(visit([...path, target]));
          break;
        case "a":
          work.push(ctx.dns.lookup(target, "A").catch(() => undefined));
          break;
        case "mx":
          work.push(
            ctx.dns
              .lookup(target, "MX")
              .then((mx) => Promise.all(mx.records.map((r) => (r.type === "MX" ? ctx.dns.lookup(r.data.exchange, "A") : undefined))))
              .catch(() => undefined),
          );
          break;
      }
    }
    await Promise.all(work);
  };
  await visit([ctx.domain]);
  return loops;
}

function allTerm(record: string): string {
  return /(?:^|\s)([+?~-]?all)(?:\s|$)/i.exec(record)?.[1] ?? (/\sredirect=\S+/i.test(record) ? "its redirect= target" : "no all term");
}

export function spf(ctx: AuditContext): Check {
  const domain = ctx.domain;
  return {
    id: "spf.record",
    area: "mail",
    severity: "launch-stopping",
    what: `the SPF record of ${domain}`,
    async run(): Promise<Finding[]> {
      const records = (await ctx.dns.txt(domain)).strings.filter(isSpfRecord);
      if (records.length === 0) {
        return [
          {
            id: "spf.record",
            area: "mail",
            status: "fail",
            severity: "launch-stopping",
            summary: `${domain} publishes no SPF record: mail from it fails SPF, and Gmail and Yahoo reject or junk bulk mail without SPF and DKIM.`,
            fix: `Publish one TXT record at ${domain}: "v=spf1 include:<each sending service> ~all", or "v=spf1 -all" if the domain sends no mail.`,
          },
        ];
      }
      if (records.length > 1) {
        return [
          {
            id: "spf.record",
            area: "mail",
            status: "fail",
            severity: "launch-stopping",
            summary: `${domain} publishes ${records.length} SPF records: receivers treat that as a permanent error (RFC 7208 §4.5), so SPF fails for all its mail.`,
            fix: "Merge them into one TXT record that starts with v=spf1 and lists every sender once.",
          },
        ];
      }
      const record = records[0]!.trim();
      const loops = await walkIncludes(ctx);
      const result = await evaluateSpf({
        sender: `postmaster@${domain}`,
        ip: UNLISTED_IP,
        helo: domain,
        mta: "launch-ready-audit",
        resolver: ctx.dns.nodeResolver(),
      });
      const outcome = result.status.result;
      const reason = (result.status.comment ?? "").replace(/^.*?: (permanent )?error in processing during lookup of [^:]+: /, "");
      if (outcome === "temperror") {
        return [
          {
            id: "spf.record",
            area: "mail",
            status: "error",
            severity: "launch-stopping",
            summary: `Could not evaluate the SPF record of ${domain}: ${reason}.`,
            fix: "Make sure the resolver answers for every name the record includes, then run the audit again. Until it runs, this check counts as not passed.",
          },
        ];
      }
      const lookups = result.lookups ?? { count: 0, void: 0 };
      const tooManyLookups = outcome === "permerror" && /too many dns requests/i.test(reason);
      const tooManyVoid = outcome === "permerror" && /too many void/i.test(reason);
      const findings: Finding[] = [];
      const spfFails = "so SPF fails for all mail from the domain";

      // A record over the lookup limits is a permanent error too: spf.lookups or spf.void reports it, and this
      // check stays silent rather than list the record as a pass.
      if (outcome === "permerror" && !tooManyLookups && !tooManyVoid) {
        findings.push({
          id: "spf.record",
          area: "mail",
          status: "fail",
          severity: "launch-stopping",
          summary: `The SPF record of ${domain} has an error receivers treat as permanent (${reason}), ${spfFails}: "${record}".`,
          fix: "Correct the record's syntax (mechanisms: include:, a, mx, ip4:, ip6:, exists:, all; modifiers: redirect=, exp=).",
        });
      } else if (outcome !== "permerror") {
        findings.push(pass("spf.record", "mail", "launch-stopping", `${domain} publishes one SPF record: "${record}".`));
      }

      findings.push(
        loops.length > 0
          ? {
              id: "spf.loop",
              area: "mail",
              status: "fail",
              severity: "launch-stopping",
              summary: `The SPF record includes itself (${loops[0]!.join(" → ")}): evaluation never ends before the 10-lookup limit, ${spfFails}.`,
              fix: "Remove the include: (or redirect=) that points back to a record already in the chain.",
            }
          : pass("spf.loop", "mail", "launch-stopping", "No SPF include loop."),
      );

      if (tooManyLookups) {
        findings.push({
          id: "spf.lookups",
          area: "mail",
          status: "fail",
          severity: "launch-stopping",
          summary: `The SPF record of ${domain} needs more than 10 DNS lookups (include, a, mx, ptr, exists, redirect; RFC 7208 §4.6.4): receivers stop with a permanent error, ${spfFails}: "${record}".`,
          fix: "Remove includes for services you no longer use, replace a/mx with ip4:/ip6: ranges, or move a sender to its own subdomain with its own SPF record.",
        });
      } else if (lookups.count >= 9) {
        findings.push({
          id: "spf.lookups",
          area: "mail",
          status: "warn",
          severity: "low",
          summary: `The SPF record of ${domain} uses ${lookups.count} of the 10 DNS lookups allowed: one more include breaks SPF, and providers change their includes without notice.`,
          fix: "Drop unused includes or move a sender to a subdomain before adding another service.",
        });
      } else {
        findings.push(pass("spf.lookups", "mail", "launch-stopping", `The SPF record of ${domain} uses ${lookups.count} of the 10 DNS lookups allowed.`));
      }

      if (tooManyVoid) {
        findings.push({
          id: "spf.void",
          area: "mail",
          status: "fail",
          severity: "launch-stopping",
          summary: `More than 2 names in the SPF record of ${domain} do not exist or have no records (void lookups; RFC 7208 §4.6.4): receivers stop with a permanent error, ${spfFails}: "${record}".`,
          fix: "Remove include:, a: and mx: terms that point at names without records (often a retired service).",
        });
      } else if (lookups.void > 0) {
        findings.push({
          id: "spf.void",
          area: "mail",
          status: "warn",
          severity: "low",
          summary: `${lookups.void} name(s) in the SPF record of ${domain} have no records (void lookups; a third makes SPF fail).`,
          fix: "Remove terms that point at names without records.",
        });
      } else {
        findings.push(pass("spf.void", "mail", "launch-stopping", `No term of the SPF record of ${domain} points at an empty name.`));
      }

      const term = allTerm(record);
      if (outcome === "pass") {
        findings.push({
          id: "spf.all",
          area: "mail",
          status: "fail",
          severity: "launch-stopping",
          summary: `SPF lets any server send mail as ${domain}: a server in none of your senders' ranges (${UNLISTED_IP}) gets "pass" (${term}). Spoofed mail passes SPF, and DMARC with it.`,
          fix: 'End the record with "~all" (or "-all") instead of "+all", and list each sender with include:, ip4: or ip6:.',
        });
      } else if (outcome === "neutral" || outcome === "none") {
        findings.push({
          id: "spf.all",
          area: "mail",
          status: "fail",
          severity: "high",
          summary: `SPF does not tell receivers to distrust other servers (${term} gives "neutral"), so mail from any server is treated like yours.`,
          fix: 'End the record with "~all" (or "-all" once every sender is listed).',
        });
      } else if (outcome === "softfail" || outcome === "fail") {
        findings.push(pass("spf.all", "mail", "launch-stopping", `Servers not listed in the SPF record get "${outcome}" (${term}).`));
      }
      return findings;
    },
  };
}
