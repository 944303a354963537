/**
 * Builders for Cloudflare Rules-language expressions (wirefilter). Every value a user typed (paths, hosts) goes through
 * `quote`, so no input can close a string literal or change the expression around it.
 *
 * String literals: only `"` and `\` are escapes of their own; `\xHH` and octal escapes exist, anything else after a
 * backslash is a syntax error, and every other character (Unicode included) stands for itself
 * (cloudflare/wirefilter engine/src/rhs_types/bytes.rs). Wildcard patterns: `*` matches anything, `\` escapes,
 * `**` is rejected (engine/src/rhs_types/wildcard.rs). Expressions are limited to 4,096 characters
 * (https://developers.cloudflare.com/firewall/cf-firewall-rules/fields-and-expressions/).
 */

export const MAX_EXPRESSION_LENGTH = 4096;

export const PATH = "http.request.uri.path";
export const HOST = "http.host";

/** A double-quoted string literal holding exactly `value`. Control characters are written as \xHH. */
export function quote(value: string): string {
  let literal = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") literal += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) literal += `\\x${code.toString(16).padStart(2, "0")}`;
    else literal += ch;
  }
  return `${literal}"`;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const RESERVED = /^[:/?#[\]@!$&'()*+,;=]$/;

const percent = (byte: number) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;

/**
 * The path as Cloudflare's URL normalization (on by default, type "cloudflare") hands it to rules: backslashes become
 * slashes, runs of slashes merge, percent-encoded unreserved characters are decoded, other percent-encodings are
 * uppercased, other literal bytes (spaces, quotes, non-ASCII) are percent-encoded as UTF-8, and dot segments are
 * removed. A rule that compares against this form matches what the browser actually sent.
 * Source: https://developers.cloudflare.com/rules/normalization/how-it-works/
 */
export function edgePath(path: string): string {
  let encoded = "";
  const chars = [...path.replace(/\\/g, "/")];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? "";
    const hex = `${chars[i + 1] ?? ""}${chars[i + 2] ?? ""}`;
    if (ch === "%" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      const decoded = String.fromCharCode(parseInt(hex, 16));
      encoded += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
      i += 2;
    } else if (UNRESERVED.test(ch) || RESERVED.test(ch)) {
      encoded += ch;
    } else {
      for (const byte of Buffer.from(ch, "utf8")) encoded += percent(byte);
    }
  }
  return removeDotSegments(encoded.replace(/\/{2,}/g, "/"));
}

/** RFC 3986 §5.2.4: "/a/./b/../c" → "/a/c". */
function removeDotSegments(path: string): string {
  const output: string[] = [];
  const segments = path.split("/");
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === ".") {
      if (last) output.push("");
    } else if (segment === "..") {
      if (output.length > 1) output.pop();
      if (last) output.push("");
    } else output.push(segment);
  });
  const joined = output.join("/");
  return joined.startsWith("/") ? joined : `/${joined}`;
}

/** A user path with `*` as "anything" turned into a wildcard pattern: normalized, `\` escaped, `**` collapsed. */
export function wildcardPattern(path: string): string {
  return edgePath(path).replace(/\\/g, "\\\\").replace(/\*{2,}/g, "*");
}

const unique = (values: string[]) => [...new Set(values)];

/**
 * Matches the request path against user paths: exact paths by equality (one `in` set), paths containing `*` by the
 * case-insensitive `wildcard` operator.
 */
export function pathMatches(paths: readonly string[], field = PATH): string {
  const exact = unique(paths.filter((p) => !p.includes("*")).map(edgePath));
  const patterns = unique(paths.filter((p) => p.includes("*")).map(wildcardPattern));
  const parts: string[] = [];
  if (exact.length === 1) parts.push(`(${field} eq ${quote(exact[0] ?? "")})`);
  else if (exact.length > 1) parts.push(`(${field} in {${exact.map(quote).join(" ")}})`);
  for (const pattern of patterns) parts.push(`(${field} wildcard ${quote(pattern)})`);
  return anyOf(parts);
}

/** The request is for one of these hosts (ASCII, lowercase: the form `http.host` carries). */
export function hostIs(hosts: readonly string[]): string {
  const list = unique(hosts.map((h) => h.toLowerCase()));
  return list.length === 1 ? `(${HOST} eq ${quote(list[0] ?? "")})` : `(${HOST} in {${list.map(quote).join(" ")}})`;
}

/** The client address is in one of these CIDR blocks (IPv4 or IPv6). */
export function sourceIn(cidrs: readonly string[]): string {
  for (const cidr of cidrs) {
    if (!/^[0-9A-Fa-f:.]+\/\d{1,3}$/.test(cidr)) throw new Error(`Not a CIDR block: ${JSON.stringify(cidr)}`);
  }
  return `(ip.src in {${unique([...cidrs]).join(" ")}})`;
}

/** Cookie names of common session frameworks, lowercased substrings: express (connect.sid), PHP/Java (…sessid), Django
 * (sessionid), Rails/Laravel (…_session), Auth.js (…session-token), Supabase (…auth-token), WordPress (logged_in),
 * ASP.NET (.aspnetcore.). Matching the whole Cookie header over-matches on purpose: a missed cache hit is cheap, a
 * cached private page is a leak. */
export const SESSION_COOKIE_MARKERS = ["sess", "sid", "auth", "token", "logged_in", ".aspnetcore."] as const;

/** The request carries credentials: an Authorization header or a cookie that looks like a session. */
export function carriesCredentials(): string {
  return anyOf([
    `any(http.request.headers["authorization"][*] ne "")`,
    ...SESSION_COOKIE_MARKERS.map((marker) => `(lower(http.cookie) contains ${quote(marker)})`),
  ]);
}

const wrap = (parts: string[], operator: string): string => {
  if (parts.length === 0) throw new Error(`An expression needs at least one part to join with ${operator}.`);
  return parts.length === 1 ? (parts[0] ?? "") : `(${parts.join(` ${operator} `)})`;
};

export const anyOf = (parts: string[]): string => wrap(parts, "or");
export const allOf = (parts: string[]): string => wrap(parts, "and");
export const not = (expression: string): string => `(not ${expression})`;

/** Throws when an expression is longer than Cloudflare accepts; `what` names the config that produced it. */
export function checkLength(expression: string, what: string): string {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new Error(`The expression for ${what} is ${expression.length} characters; Cloudflare accepts at most ${MAX_EXPRESSION_LENGTH}. Use fewer or shorter paths.`);
  }
  return expression;
}
