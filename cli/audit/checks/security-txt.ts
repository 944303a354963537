// security.txt (RFC 9116): how a researcher reports a vulnerability. Parsed by hand: no well-kept npm parser exists,
// and the format is a few "Field: value" lines (RFC 9116 section 4), optionally inside an OpenPGP cleartext signature.
import { defineCheck, type AuditContext, type Check } from "../context";
import type { Problem } from "../types";

const PATH = "/.well-known/security.txt";
const MAX_BYTES = 32 * 1024;
const YEAR_MS = 365 * 86_400_000;

export interface SecurityTxt {
  /** Lower-case field name → values, in order. */
  fields: Map<string, string[]>;
}

/** The fields of a security.txt body; comment lines, the OpenPGP armour and the signature are skipped. */
export function parseSecurityTxt(body: string): SecurityTxt {
  const fields = new Map<string, string[]>();
  let inSignature = false;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("-----BEGIN PGP SIGNATURE-----")) inSignature = true;
    if (inSignature || line === "" || line.startsWith("#") || line.startsWith("-----") || /^Hash:/i.test(line)) continue;
    const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (!match) continue;
    const name = match[1]!.toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), match[2]!.trim()]);
  }
  return { fields };
}

/** What RFC 9116 requires and recommends of the fields, as problems. */
export function securityTxtProblems(url: string, parsed: SecurityTxt, now: number): Problem[] {
  const fix = `Publish ${PATH} with at least one Contact (mailto: or https:) and one Expires less than a year ahead, e.g. "Contact: mailto:security@example.com" and "Expires: 2027-06-30T00:00:00Z"; renew Expires before it passes.`;
  const problems: Problem[] = [];
  const warn = (text: string) => problems.push({ status: "warn", severity: "low", text, fix });
  if ((parsed.fields.get("contact") ?? []).length === 0) warn(`${url} has no Contact field (RFC 9116 requires one).`);
  const expires = parsed.fields.get("expires") ?? [];
  if (expires.length !== 1) {
    warn(`${url} has ${expires.length === 0 ? "no" : expires.length} Expires field${expires.length > 1 ? "s" : ""} (RFC 9116 requires exactly one).`);
  } else {
    const when = Date.parse(expires[0]!);
    if (Number.isNaN(when)) warn(`The Expires of ${url} is not a date (${expires[0]}).`);
    else if (when <= now) warn(`${url} expired on ${new Date(when).toISOString().slice(0, 10)}: researchers treat its contacts as stale.`);
    else if (when - now > YEAR_MS)
      warn(
        `The Expires of ${url} is more than a year ahead (${new Date(when).toISOString().slice(0, 10)}); RFC 9116 recommends less, so the file is reviewed.`,
      );
  }
  return problems;
}

export function securityTxt(ctx: AuditContext): Check {
  return defineCheck({ id: "http.security-txt", area: "http", severity: "low", what: `${PATH} of ${ctx.domain}` }, async (report) => {
    const apex = await ctx.host("apex");
    if (apex.v4.length + apex.v6.length === 0) return []; // dns.apex reports it
    // On the host the site settles on (the canonical one).
    const home = (await ctx.chain(`https://${ctx.domain}/`)).final;
    const host = home?.url.hostname ?? ctx.domain;
    const url = `https://${host}${PATH}`;
    const chain = await ctx.web.follow(new URL(url), { maxBytes: MAX_BYTES, truncate: true });
    if (chain.error) throw chain.error;
    const final = chain.final!;
    const type = String(final.headers["content-type"] ?? "");
    if (final.status !== 200 || final.url.protocol !== "https:" || !/^text\/plain/i.test(type)) {
      const why =
        final.status !== 200
          ? `answers ${final.status}`
          : final.url.protocol !== "https:"
            ? `ends on ${final.url.href}`
            : `is served as ${type || "no type"}, not text/plain`;
      return [
        report.warn(
          "low",
          `${url} ${why}: security researchers who find a flaw have no published way to report it.`,
          `Serve ${PATH} over HTTPS as text/plain with a Contact and an Expires field (RFC 9116).`,
        ),
      ];
    }
    const parsed = parseSecurityTxt(final.body ?? "");
    const contacts = (parsed.fields.get("contact") ?? []).join(", ");
    return [report.judge(securityTxtProblems(url, parsed, Date.now()), `${url} names ${contacts} and expires ${parsed.fields.get("expires")?.[0] ?? ""}.`)];
  });
}
