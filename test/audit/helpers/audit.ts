// Runs the audit against loopback test infrastructure: in-process (for exact assertions on findings) or as
// the real CLI in a child process (for exit codes and output).
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { AuditOptions } from "../../../cli/audit/context";
import type { Finding } from "../../../cli/audit/types";

export const REPO = path.resolve(__dirname, "../../..");

/** Options for a run against a test DNS server; short timeouts, few latency samples, a generous budget. */
export function testOptions(domain: string, dns: { host: string; port: number }, extra: Partial<AuditOptions> = {}): AuditOptions {
  return {
    domain,
    resolvers: [{ host: dns.host, port: dns.port }],
    dkimSelectors: [],
    timeoutMs: 2000,
    deadlineMs: 20_000,
    httpPort: 1, // nothing listens there unless a test starts a site
    httpsPort: 1,
    latencyBudgetMs: 10_000,
    latencySamples: 2,
    pages: [],
    pageWeightBudgetKb: 1600,
    ...extra,
  };
}

export function caOption(caFile: string): Buffer {
  return readFileSync(caFile);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run audit -- ARGS`, without npm: node with the project's TypeScript hook on cli/audit.ts, as the script runs it. */
export function runCli(args: string[]): Promise<CliResult> {
  return runScript("cli/audit.ts", args);
}

/** A project CLI (`cli/<name>.ts`) as its npm script runs it: node with the TypeScript hook; `env` replaces the environment. */
export function runScript(script: string, args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", path.join(REPO, "scripts/ts-hook.cjs"), path.join(REPO, script), ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], ...(env ? { env } : {}) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The findings that are not passes, as [id, status, severity], in report order. */
export function problems(findings: Finding[]): Array<[string, string, string]> {
  return findings.filter((f) => f.status !== "pass").map((f) => [f.id, f.status, f.severity]);
}

export function finding(findings: Finding[], id: string): Finding {
  const found = findings.find((f) => f.id === id);
  if (!found) throw new Error(`no finding ${id} among ${findings.map((f) => f.id).join(", ")}`);
  return found;
}

/** A DKIM TXT value with a fresh RSA key of `bits` bits. */
export function dkimRecord(bits: number): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return `v=DKIM1; k=rsa; p=${publicKey.export({ type: "spki", format: "der" }).toString("base64")}`;
}
