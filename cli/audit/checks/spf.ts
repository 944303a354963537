// SPF: one record, valid, at most 10 DNS lookups and 2 void lookups, no include loop, a strict `all`.
// mailauth evaluates the record (the same code receivers' MTAs run); this file adds the include-graph walk
// that names a loop and warms the DNS cache so that mailauth's one-by-one lookups come back at once. Terms are
// read with lib/spf's parser; the findings are the table SPF_FINDINGS, picked by `spfFindingKinds`.
import { isSpfRecord, parseSpf, SPF_LOOKUP_LIMIT, type SpfTerm } from "../../../lib/spf";
import { defineCheck, type AuditContext, type Check } from "../context";
import { normalizeName } from "../dns";
import { evaluateSpf } from "../mailauth";
import { findingOf, type Finding, type FindingKind } from "../types";
import type { SpfResult } from "mailauth/lib/spf";

/**
 * RFC 5737 TEST-NET-1, passed to the evaluation as the sending server: no real sender is listed with it, so
 * the whole record is walked and the verdict is what an unlisted (spoofing) server gets. No packet goes to it.
 */
export const UNLISTED_IP = "192.0.2.1";
/** RFC 7208 §4.6.4: more than 2 lookups that find no records make the record a permerror. */
const VOID_LOOKUP_LIMIT = 2;
const MAX_VISITS = 50;

/** The name a term sends a DNS query for: its domain-spec without a CIDR length, or the record's own name. */
function queriedName(term: SpfTerm, name: string): string {
  return normalizeName(term.value?.replace(/\/.*$/, "") || name);
}

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
    for (const term of parseSpf(record).terms) {
      if (term.value?.includes("%")) continue; // macros depend on the sender
      const target = queriedName(term, name);
      switch (term.name) {
        case "include":
        case "redirect":
          if (!term.value) break;
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

/** The term that decides for an unlisted server: the `all` mechanism, else the redirect= target. */
function allTerm(record: string): string {
  const { terms } = parseSpf(record);
  const all = terms.find((t) => t.kind === "mechanism" && t.name === "all");
  if (all?.kind === "mechanism") return `${all.qualifier}all`;
  return terms.some((t) => t.kind === "modifier" && t.name === "redirect") ? "its redirect= target" : "no all term";
}

/** What the SPF check read: the domain's SPF records and, for a single one, how it evaluates. */
export interface SpfInput {
  domain: string;
  /** Every TXT record of the domain that is an SPF record, as received (strings joined). */
  records: readonly string[];
  /** For a single record: mailauth's verdict for an unlisted server, and the include loops the walk found. */
  evaluation?: { result: SpfResult; loops: readonly string[][] };
}

/** What the findings' texts put in. */
interface Received {
  domain: string;
  /** The record as received. */
  record: string;
  count: number;
  /** mailauth's reason for an error, without its lookup preamble. */
  reason: string;
  outcome: string;
  lookups: number;
  voids: number;
  /** The first loop, "a → b → a". */
  loop: string;
  allTerm: string;
}

const SPF_FAILS = "so SPF fails for all mail from the domain";

/** Every finding the SPF check can give, by kind. */
export const SPF_FINDINGS = {
  missing: {
    id: "spf.record",
    status: "fail",
    severity: "launch-stopping",
    summary: (r) => `${r.domain} publishes no SPF record: mail from it fails SPF, and Gmail and Yahoo reject or junk bulk mail without SPF and DKIM.`,
    fix: (r) => `Publish one TXT record at ${r.domain}: "v=spf1 include:<each sending service> ~all", or "v=spf1 -all" if the domain sends no mail.`,
  },
  several: {
    id: "spf.record",
    status: "fail",
    severity: "launch-stopping",
    summary: (r) => `${r.domain} publishes ${r.count} SPF records: receivers treat that as a permanent error (RFC 7208 §4.5), so SPF fails for all its mail.`,
    fix: "Merge them into one TXT record that starts with v=spf1 and lists every sender once.",
  },
  unevaluated: {
    id: "spf.record",
    status: "error",
    severity: "launch-stopping",
    summary: (r) => `Could not evaluate the SPF record of ${r.domain}: ${r.reason}.`,
    fix: "Make sure the resolver answers for every name the record includes, then run the audit again. Until it runs, this check counts as not passed.",
  },
  invalid: {
    id: "spf.record",
    status: "fail",
    severity: "launch-stopping",
    summary: (r) => `The SPF record of ${r.domain} has an error receivers treat as permanent (${r.reason}), ${SPF_FAILS}: "${r.record}".`,
    fix: "Correct the record's syntax (mechanisms: include:, a, mx, ip4:, ip6:, exists:, all; modifiers: redirect=, exp=).",
  },
  published: { id: "spf.record", status: "pass", severity: "launch-stopping", summary: (r) => `${r.domain} publishes one SPF record: "${r.record}".` },
  loop: {
    id: "spf.loop",
    status: "fail",
    severity: "launch-stopping",
    summary: (r) => `The SPF record includes itself (${r.loop}): evaluation never ends before the ${SPF_LOOKUP_LIMIT}-lookup limit, ${SPF_FAILS}.`,
    fix: "Remove the include: (or redirect=) that points back to a record already in the chain.",
  },
  noLoop: { id: "spf.loop", status: "pass", severity: "launch-stopping", summary: () => "No SPF include loop." },
  tooManyLookups: {
    id: "spf.lookups",
    status: "fail",
    severity: "launch-stopping",
    summary: (r) =>
      `The SPF record of ${r.domain} needs more than ${SPF_LOOKUP_LIMIT} DNS lookups (include, a, mx, ptr, exists, redirect; RFC 7208 §4.6.4): receivers stop with a permanent error, ${SPF_FAILS}: "${r.record}".`,
    fix: "Remove includes for services you no longer use, replace a/mx with ip4:/ip6: ranges, or move a sender to its own subdomain with its own SPF record.",
  },
  nearLookupLimit: {
    id: "spf.lookups",
    status: "warn",
    severity: "low",
    summary: (r) =>
      `The SPF record of ${r.domain} uses ${r.lookups} of the ${SPF_LOOKUP_LIMIT} DNS lookups allowed: one more include breaks SPF, and providers change their includes without notice.`,
    fix: "Drop unused includes or move a sender to a subdomain before adding another service.",
  },
  lookupsWithin: {
    id: "spf.lookups",
    status: "pass",
    severity: "launch-stopping",
    summary: (r) => `The SPF record of ${r.domain} uses ${r.lookups} of the ${SPF_LOOKUP_LIMIT} DNS lookups allowed.`,
  },
  tooManyVoid: {
    id: "spf.void",
    status: "fail",
    severity: "launch-stopping",
    summary: (r) =>
      `More than ${VOID_LOOKUP_LIMIT} names in the SPF record of ${r.domain} do not exist or have no records (void lookups; RFC 7208 §4.6.4): receivers stop with a permanent error, ${SPF_FAILS}: "${r.record}".`,
    fix: "Remove include:, a: and mx: terms that point at names without records (often a retired service).",
  },
  someVoid: {
    id: "spf.void",
    status: "warn",
    severity: "low",
    summary: (r) => `${r.voids} name(s) in the SPF record of ${r.domain} have no records (void lookups; a third makes SPF fail).`,
    fix: "Remove terms that point at names without records.",
  },
  noVoid: { id: "spf.void", status: "pass", severity: "launch-stopping", summary: (r) => `No term of the SPF record of ${r.domain} points at an empty name.` },
  anyoneMaySend: {
    id: "spf.all",
    status: "fail",
    severity: "launch-stopping",
    summary: (r) =>
      `SPF lets any server send mail as ${r.domain}: a server in none of your senders' ranges (${UNLISTED_IP}) gets "pass" (${r.allTerm}). Spoofed mail passes SPF, and DMARC with it.`,
    fix: 'End the record with "~all" (or "-all") instead of "+all", and list each sender with include:, ip4: or ip6:.',
  },
  neutral: {
    id: "spf.all",
    status: "fail",
    severity: "high",
    summary: (r) => `SPF does not tell receivers to distrust other servers (${r.allTerm} gives "neutral"), so mail from any server is treated like yours.`,
    fix: 'End the record with "~all" (or "-all" once every sender is listed).',
  },
  strict: {
    id: "spf.all",
    status: "pass",
    severity: "launch-stopping",
    summary: (r) => `Servers not listed in the SPF record get "${r.outcome}" (${r.allTerm}).`,
  },
} as const satisfies Record<string, FindingKind<Received>>;

export type SpfFindingKind = keyof typeof SPF_FINDINGS;

function received(input: SpfInput): Received {
  const record = input.records.length === 1 ? input.records[0]!.trim() : "";
  const result = input.evaluation?.result;
  return {
    domain: input.domain,
    record,
    count: input.records.length,
    reason: (result?.status.comment ?? "").replace(/^.*?: (permanent )?error in processing during lookup of [^:]+: /, ""),
    outcome: result?.status.result ?? "",
    lookups: result?.lookups?.count ?? 0,
    voids: result?.lookups?.void ?? 0,
    loop: input.evaluation?.loops[0]?.join(" → ") ?? "",
    allTerm: allTerm(record),
  };
}

/** Which findings the input makes, one per id that applies. */
export function spfFindingKinds(input: SpfInput): SpfFindingKind[] {
  if (input.records.length === 0) return ["missing"];
  if (input.records.length > 1) return ["several"];
  const r = received(input);
  if (r.outcome === "temperror") return ["unevaluated"];
  const tooManyLookups = r.outcome === "permerror" && /too many dns requests/i.test(r.reason);
  const tooManyVoid = r.outcome === "permerror" && /too many void/i.test(r.reason);
  const kinds: SpfFindingKind[] = [];
  // A record over the lookup limits is a permanent error too: spf.lookups or spf.void reports it, and spf.record
  // stays silent rather than list the record as a pass.
  if (r.outcome !== "permerror") kinds.push("published");
  else if (!tooManyLookups && !tooManyVoid) kinds.push("invalid");
  kinds.push(r.loop !== "" ? "loop" : "noLoop");
  kinds.push(tooManyLookups ? "tooManyLookups" : r.lookups >= SPF_LOOKUP_LIMIT - 1 ? "nearLookupLimit" : "lookupsWithin");
  kinds.push(tooManyVoid ? "tooManyVoid" : r.voids > 0 ? "someVoid" : "noVoid");
  if (r.outcome === "pass") kinds.push("anyoneMaySend");
  else if (r.outcome === "neutral" || r.outcome === "none") kinds.push("neutral");
  else if (r.outcome === "softfail" || r.outcome === "fail") kinds.push("strict");
  return kinds;
}

/** The SPF findings for what the check read. */
export function judgeSpf(input: SpfInput): Finding[] {
  const r = received(input);
  return spfFindingKinds(input).map((kind) => findingOf<Received>("mail", SPF_FINDINGS[kind], r));
}

export function spf(ctx: AuditContext): Check {
  const domain = ctx.domain;
  return defineCheck({ id: "spf.record", area: "mail", severity: "launch-stopping", what: `the SPF record of ${domain}` }, async () => {
    const records = (await ctx.dns.txt(domain)).strings.filter(isSpfRecord);
    if (records.length !== 1) return judgeSpf({ domain, records });
    // The walk first: its lookups run in parallel and fill the cache that mailauth's one-by-one lookups then read.
    const loops = await walkIncludes(ctx);
    const result = await evaluateSpf({
      sender: `postmaster@${domain}`,
      ip: UNLISTED_IP,
      helo: domain,
      mta: "launch-ready-audit",
      resolver: ctx.dns.nodeResolver(),
    });
    return judgeSpf({ domain, records, evaluation: { result, loops } });
  });
}
