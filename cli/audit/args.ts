// Command line → AuditOptions. Every mistake is a UsageError that says what was received and what is allowed.
import { X509Certificate } from "node:crypto";
import dns from "node:dns";
import { readFile } from "node:fs/promises";
import { domainToASCII } from "node:url";
import { parse as parseDomainName } from "tldts";
import type { AuditOptions } from "./context";
import { parseServer, type DnsServer } from "./dns";
import { loadPlan } from "./plan";
import { parseCommandLine, SEE_USAGE, UsageError } from "../usage-error";

export const USAGE = `Usage: npm run audit -- DOMAIN [options]

Checks a live domain for what would hurt a launch (registration, DNS, DNSSEC, CAA, TLS, redirects, HSTS and
headers, mixed content, secrets in scripts, SPF, DMARC, DKIM, MX, MTA-STS, TLS-RPT, security.txt, page weight,
response time) and ranks the findings, launch-stopping first.

Options:
  --resolver IP[:PORT]       send every DNS query to this server (default: the system's resolvers)
  --ca FILE                  also trust the CA certificate(s) in this PEM file
  --dkim-selector SELECTOR   check this DKIM selector's key (repeatable; default: common selectors)
  --plan FILE                compare with an offline plan (npm run plan -- --json FILE)
  --json FILE                also write the findings as JSON to FILE ("-": JSON on stdout instead of the report)
  --timeout-ms N             per DNS query, TLS handshake or HTTP response (default 3000)
  --deadline-ms N            bound on the whole run (default 30000)
  --latency-budget-ms N      p95 response-time budget per host (default 1000)
  --latency-samples N        requests per host for the response-time check (default 10)
  --page PATH|URL            also read this landing page for mixed content, secrets and weight (repeatable)
  --page-weight-budget-kb N  transfer-size budget per landing page, in KiB (default 1600)
  --rdap-base URL            ask this RDAP server about the registration (default: the one IANA lists; for tests)
  --http-port N              port for http:// URLs (default 80; for tests)
  --https-port N             port for https:// URLs (default 443; for tests)
  -h, --help                 show this help

Exit codes: 0 no launch-stopping problem; 1 a launch-stopping check failed or could not run; 2 usage error;
3 internal error (please report it).
`;

export type ParsedArgs = { help: true } | { help: false; options: AuditOptions; json?: string };

const EXAMPLE = "a domain name such as example.com";
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SELECTOR = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i;

/** Lower-case ASCII (punycode) form of a domain the audit can check, or a UsageError saying why not. */
export function normalizeDomain(input: string): string {
  const raw = input.trim().replace(/\.$/, "").toLowerCase();
  if (raw === "" || /[/:@?#\s\\]/.test(raw)) {
    throw new UsageError(`"${input}" is not a domain name: give ${EXAMPLE}, without scheme, port or path.`);
  }
  const ascii = domainToASCII(raw);
  if (!ascii) throw new UsageError(`"${input}" is not a valid domain name: give ${EXAMPLE}.`);
  const parsed = parseDomainName(ascii);
  if (parsed.isIp) throw new UsageError(`"${input}" is an IP address: give ${EXAMPLE}.`);
  const labels = ascii.split(".");
  if (labels.length < 2) throw new UsageError(`"${input}" is a single label: give ${EXAMPLE}.`);
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    throw new UsageError(`"${input}" has an invalid label "${bad}": labels are 1-63 letters, digits and inner hyphens.`);
  }
  if (ascii.length > 253) throw new UsageError(`"${input}" is longer than the 253 characters a domain name may have.`);
  if (parsed.publicSuffix === ascii) {
    throw new UsageError(`"${input}" is a public suffix, not a domain that can be registered: give ${EXAMPLE}.`);
  }
  return ascii;
}

/** A whole-number option within [min, max], or the fallback when it is absent (also used by the red-team run). */
export function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}; got "${value}".`);
  }
  return n;
}

/**
 * Lighthouse's total-byte-weight guidance: a page under 1,600 KiB can load on a slow mobile (3G) connection
 * within about 10 seconds to interactive.
 */
export const DEFAULT_PAGE_WEIGHT_BUDGET_KB = 1600;

/** A --page value: a path on the site ("/pricing") or an https URL of the domain or a subdomain. */
function landingPage(value: string, domain: string): string {
  if (value.startsWith("/") && !value.startsWith("//")) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--page must be a path such as /pricing or an https:// URL of ${domain}; got "${value}".`);
  }
  if (url.protocol !== "https:" || (url.hostname !== domain && !url.hostname.endsWith(`.${domain}`))) {
    throw new UsageError(`--page must be a path such as /pricing or an https:// URL of ${domain} or its subdomains; got "${value}".`);
  }
  return url.href;
}

function rdapBase(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value.endsWith("/") ? value : `${value}/`);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new UsageError(`--rdap-base must be the base URL of an RDAP server, such as https://rdap.verisign.com/com/v1/; got "${value}".`);
  }
  return url;
}

function systemResolvers(): DnsServer[] {
  const servers = dns.getServers().flatMap((s) => parseServer(s) ?? []);
  if (servers.length === 0) throw new UsageError("this machine has no DNS resolver configured: pass --resolver IP[:PORT].");
  return servers;
}

async function readCa(file: string): Promise<Buffer> {
  let pem: Buffer;
  try {
    pem = await readFile(file);
  } catch (err) {
    throw new UsageError(`cannot read --ca ${file}: ${(err as Error).message}.`);
  }
  try {
    new X509Certificate(pem);
  } catch {
    throw new UsageError(`--ca ${file} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----").`);
  }
  return pem;
}

export async function parseAuditArgs(argv: string[]): Promise<ParsedArgs> {
  const parsed = parseCommandLine(
    {
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        resolver: { type: "string" },
        ca: { type: "string" },
        "dkim-selector": { type: "string", multiple: true },
        plan: { type: "string" },
        json: { type: "string" },
        "timeout-ms": { type: "string" },
        "deadline-ms": { type: "string" },
        "latency-budget-ms": { type: "string" },
        "latency-samples": { type: "string" },
        page: { type: "string", multiple: true },
        "page-weight-budget-kb": { type: "string" },
        "rdap-base": { type: "string" },
        "http-port": { type: "string" },
        "https-port": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    },
    SEE_USAGE,
  );
  const values = parsed.values;
  if (values.help) return { help: true };
  const positionals = parsed.positionals;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? `give the domain to audit, e.g. npm run audit -- example.com.` : `give one domain; got ${positionals.length}: ${positionals.join(" ")}.`,
    );
  }
  const domain = normalizeDomain(positionals[0]!);
  let resolvers: DnsServer[];
  if (values.resolver !== undefined) {
    const server = parseServer(values.resolver);
    if (!server) throw new UsageError(`--resolver must be IP[:PORT] (e.g. 127.0.0.1:5353 or [::1]:53); got "${values.resolver}".`);
    resolvers = [server];
  } else {
    resolvers = systemResolvers();
  }
  const selectors = values["dkim-selector"] ?? [];
  const badSelector = selectors.find((s) => !SELECTOR.test(s));
  if (badSelector !== undefined) {
    throw new UsageError(`--dkim-selector must be a DNS label such as "google" or "s1"; got "${badSelector}".`);
  }
  const timeoutMs = integer("timeout-ms", values["timeout-ms"], 3000, 10, 60_000);
  const options: AuditOptions = {
    domain,
    resolvers,
    dkimSelectors: selectors.map((s) => s.toLowerCase()),
    timeoutMs,
    deadlineMs: integer("deadline-ms", values["deadline-ms"], 30_000, timeoutMs, 600_000),
    httpPort: integer("http-port", values["http-port"], 80, 1, 65_535),
    httpsPort: integer("https-port", values["https-port"], 443, 1, 65_535),
    latencyBudgetMs: integer("latency-budget-ms", values["latency-budget-ms"], 1000, 1, 600_000),
    latencySamples: integer("latency-samples", values["latency-samples"], 10, 1, 100),
    pages: (values.page ?? []).map((page) => landingPage(page, domain)),
    pageWeightBudgetKb: integer("page-weight-budget-kb", values["page-weight-budget-kb"], DEFAULT_PAGE_WEIGHT_BUDGET_KB, 1, 1_000_000),
  };
  if (values["rdap-base"] !== undefined) options.rdapBase = rdapBase(values["rdap-base"]);
  if (values.ca !== undefined) options.ca = await readCa(values.ca);
  if (values.plan !== undefined) options.plan = await loadPlan(values.plan, domain);
  return values.json === undefined ? { help: false, options } : { help: false, options, json: values.json };
}
