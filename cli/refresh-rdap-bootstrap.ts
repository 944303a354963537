// `npm run refresh:rdap [-- --from URL]`: replaces the audit's copy of IANA's RDAP bootstrap registry for domain
// names (RFC 9224) with the current one, after checking it is one, and records where and when it came from.
// Needs the internet (data.iana.org); IANA updates the file when a registry's RDAP server changes.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { BOOTSTRAP_FILE, parseBootstrap } from "./audit/rdap";
import { runCommand } from "./output";
import { parseCommandLine } from "./usage-error";

export const IANA_DNS_BOOTSTRAP = "https://data.iana.org/rdap/dns.json";
const MAX_BYTES = 4 * 1024 * 1024;
const TIMEOUT_MS = 30_000;
/** IANA's file lists several hundred registries; far fewer means a truncated or wrong file. */
const MIN_SERVICES = 100;

export interface Source {
  url: string;
  retrieved: string;
  publication: string;
}

export const SOURCE_FILE = path.join(path.dirname(BOOTSTRAP_FILE), "source.json");

/** Checks that `text` is a domain bootstrap file worth shipping; returns its publication date or says what is wrong. */
export function checkBootstrap(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON (${(err as Error).message})`);
  }
  let bootstrap;
  try {
    bootstrap = parseBootstrap(json);
  } catch {
    throw new Error('not an RDAP bootstrap file (expected "publication" and "services": [[[labels], [urls]], ...])');
  }
  if (bootstrap.services.size < MIN_SERVICES) throw new Error(`only ${bootstrap.services.size} TLDs listed (IANA lists hundreds)`);
  if (!bootstrap.services.has("com")) throw new Error('no entry for "com"');
  return bootstrap.publication;
}

async function download(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_BYTES) throw new Error(`${url} sent more than ${MAX_BYTES} bytes`);
  return text;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine({ args: argv, options: { from: { type: "string" }, out: { type: "string" } }, strict: true }, "Give --from URL to read the bootstrap from elsewhere and --out FILE to write it elsewhere; both are optional.");
  const url = values.from ?? IANA_DNS_BOOTSTRAP;
  const out = values.out ?? BOOTSTRAP_FILE;
  let text: string;
  let publication: string;
  try {
    text = await download(url);
    publication = checkBootstrap(text);
  } catch (err) {
    process.stderr.write(`refresh-rdap: ${url}: ${(err as Error).message}; the shipped file is unchanged.\n`);
    return 1;
  }
  const source: Source = { url, retrieved: new Date().toISOString(), publication };
  await writeFile(out, text.endsWith("\n") ? text : `${text}\n`);
  await writeFile(path.join(path.dirname(out), "source.json"), `${JSON.stringify(source, null, 2)}\n`);
  process.stdout.write(`RDAP bootstrap published ${publication} written to ${out}.\n`);
  return 0;
}

if (require.main === module) runCommand("refresh-rdap", main);
