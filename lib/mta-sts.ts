import { createHash } from "node:crypto";
import { mailtoUri } from "./dmarc";

/** RFC 8461 policy modes; we publish `testing` so failures are reported (TLS-RPT) but mail is never refused. */
export type MtaStsMode = "testing" | "enforce" | "none";

/** One week: long enough for senders to cache, short enough to move to enforce soon after reports look clean. */
export const MTA_STS_MAX_AGE_SECONDS = 604_800;
/** The names RFC 8461 and RFC 8460 fix below the domain: the policy host, the policy's TXT record, the TLS-RPT record. */
export const MTA_STS_HOST = "mta-sts";
export const MTA_STS_RECORD = "_mta-sts";
export const TLS_RPT_RECORD = "_smtp._tls";
export const MTA_STS_NAMES = [MTA_STS_RECORD, MTA_STS_HOST, TLS_RPT_RECORD] as const;

export interface MtaStsPolicy {
  mode: MtaStsMode;
  /** MX host names (or `*.` patterns) the policy allows. */
  mx: readonly string[];
  maxAgeSeconds: number;
}

/** The policy file served at https://mta-sts.<domain>/.well-known/mta-sts.txt (RFC 8461 §3.2: CRLF-separated pairs). */
export function buildMtaStsPolicy({ mode, mx, maxAgeSeconds }: MtaStsPolicy): string {
  const lines = ["version: STSv1", `mode: ${mode}`, ...[...new Set(mx.map((h) => h.toLowerCase()))].map((h) => `mx: ${h}`), `max_age: ${maxAgeSeconds}`];
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * The policy id: 1-32 alphanumerics (RFC 8461 §3.1) that change whenever the policy text changes, so senders refetch it.
 * Derived from the text itself, so the same policy always has the same id.
 */
export function mtaStsId(policyText: string): string {
  return createHash("sha256").update(policyText).digest("hex").slice(0, 20);
}

/** The `_mta-sts` TXT record. */
export function buildMtaStsRecord(policyText: string): string {
  return `v=STSv1; id=${mtaStsId(policyText)}`;
}

/** The `_smtp._tls` TXT record (RFC 8460): where senders mail their daily TLS failure reports. */
export function buildTlsRpt(rua: readonly string[]): string {
  return `v=TLSRPTv1; rua=${rua.map(mailtoUri).join(",")}`;
}

/** The path senders fetch the policy from (RFC 8461 §3.2). */
export const MTA_STS_PATH = "/.well-known/mta-sts.txt";

/**
 * A Cloudflare Worker (module syntax) that serves the policy at its well-known path and 404 elsewhere. The policy is a
 * JSON string literal, so no character of it can break out of the script.
 */
export function mtaStsWorkerScript(policyText: string): string {
  return [
    `const POLICY = ${JSON.stringify(policyText)};`,
    "export default {",
    "  async fetch(request) {",
    `    if (new URL(request.url).pathname === ${JSON.stringify(MTA_STS_PATH)}) {`,
    '      return new Response(POLICY, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "public, max-age=3600" } });',
    "    }",
    '    return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });',
    "  },",
    "};",
    "",
  ].join("\n");
}

/**
 * The account-wide Worker name for a domain: lowercase letters, digits and hyphens, at most 63 characters. Long domains
 * are shortened with a hash suffix so two domains never share a Worker.
 */
export function mtaStsWorkerName(domain: string): string {
  const name = `mta-sts-${domain.replace(/[^a-z0-9]+/g, "-")}`;
  if (name.length <= 63) return name;
  const hash = createHash("sha256").update(domain).digest("hex").slice(0, 8);
  return `${name.slice(0, 54).replace(/-+$/, "")}-${hash}`;
}
