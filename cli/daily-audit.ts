// `npm run daily-audit -- domains | report ...`: the logic of .github/workflows/daily-audit.yml, kept out of YAML.
//   domains [--dir DIR]            the stacks and their live domains (launch-ready:domain of each Pulumi.<stack>.yaml), as JSON
//   report --stack S --domain D --current FILE [--previous FILE] [--p95-margin-percent N]
//                                  opens or updates the domain's one issue when today's audit (--json FILE) found something
//                                  launch-stopping or p95 regressed past the margin; closes it when all is clear again
// GitHub is reached with GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL (set by Actions).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { stackKey } from "../config/problems";
import { rawSchema } from "../config/schema";
import { normalizeDomain } from "./audit/args";
import { readStackFile, stackFilesIn } from "./plan/stack-file";
import { SEVERITIES, STATUSES, type AuditReport } from "./audit/types";
import { parseCommandLine, SEE_USAGE, UsageError } from "./usage-error";
import { compare, DEFAULT_P95_MARGIN_PERCENT, issueBody, issueTitle, needsAttention, noReportBody, type RunInfo } from "./daily-audit/compare";
import { closeIssue, createIssue, findOpenIssue, updateIssue, type GitHubRepo } from "./daily-audit/github";

const USAGE = `Usage:
  npm run daily-audit -- domains [--dir DIR]
  npm run daily-audit -- report --stack STACK --domain DOMAIN --current AUDIT.json [--previous AUDIT.json] [--p95-margin-percent N]
`;

export interface Target {
  stack: string;
  domain: string;
}

/**
 * Every stack file's live domain, in stack order. It is the stack output `domain` (model/stack-outputs.ts), which is
 * the config's domain: read here as the config reads it (punycode, a registrable name), without planning each stack.
 */
export async function stackDomains(dir: string): Promise<Target[]> {
  const key = stackKey("domain");
  return stackFilesIn(dir).map((file) => {
    const { stack, config } = readStackFile(file);
    const value = config[key];
    if (value === undefined) throw new UsageError(`${path.basename(file)} has no ${key}: set it to the client's domain, or remove the file.`);
    const domain = rawSchema.shape.domain.safeParse(value);
    if (!domain.success) throw new UsageError(`${path.basename(file)}: ${key} is "${value}", but it must be ${domain.error.issues[0]?.message ?? "a registrable domain"}. Fix: set it to the domain bought at the registrar, or remove the file.`);
    return { stack, domain: domain.data };
  });
}

const reportSchema = z.object({
  domain: z.string(),
  durationMs: z.number(),
  findings: z.array(
    z.object({ id: z.string(), area: z.string(), status: z.enum(STATUSES), severity: z.enum(SEVERITIES), summary: z.string(), fix: z.string() }),
  ),
});

async function readReport(file: string): Promise<AuditReport | string> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return `the audit wrote no JSON (${file} is missing)`;
  }
  try {
    return reportSchema.parse(JSON.parse(text)) as AuditReport;
  } catch {
    return `${file} is not an audit report`;
  }
}

function github(env: NodeJS.ProcessEnv): GitHubRepo {
  const token = env["GITHUB_TOKEN"];
  const repo = env["GITHUB_REPOSITORY"];
  if (!token || !repo) throw new UsageError("GITHUB_TOKEN and GITHUB_REPOSITORY must be set (the workflow passes github.token and Actions sets the repository).");
  return { api: env["GITHUB_API_URL"] ?? "https://api.github.com", repo, token };
}

async function report(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { values } = parseCommandLine({
    args: argv,
    options: { stack: { type: "string" }, domain: { type: "string" }, current: { type: "string" }, previous: { type: "string" }, "p95-margin-percent": { type: "string" } },
    strict: true,
  }, SEE_USAGE);
  if (!values.stack || !values.domain || !values.current) throw new UsageError("report needs --stack, --domain and --current.");
  const margin = values["p95-margin-percent"] === undefined ? DEFAULT_P95_MARGIN_PERCENT : Number(values["p95-margin-percent"]);
  if (!Number.isInteger(margin) || margin < 1 || margin > 1000) {
    throw new UsageError(`--p95-margin-percent must be a whole number from 1 to 1000; got "${values["p95-margin-percent"]}".`);
  }
  const domain = normalizeDomain(values.domain);
  const gh = github(env);
  const run: RunInfo = { stack: values.stack, date: new Date().toISOString().slice(0, 10), marginPercent: margin };
  if (env["GITHUB_SERVER_URL"] && env["GITHUB_RUN_ID"]) run.runUrl = `${env["GITHUB_SERVER_URL"]}/${gh.repo}/actions/runs/${env["GITHUB_RUN_ID"]}`;

  const current = await readReport(values.current);
  // Yesterday's report is optional (the first run has none; a cache can expire): no comparison then.
  const previous = values.previous === undefined ? undefined : await readReport(values.previous);
  let body: string | undefined;
  if (typeof current === "string") {
    body = noReportBody(domain, run, current);
  } else {
    const verdict = compare(current, typeof previous === "string" ? undefined : previous, margin);
    if (needsAttention(verdict)) body = issueBody(verdict, run);
  }
  const title = issueTitle(domain);
  const open = await findOpenIssue(gh, title);
  if (body !== undefined) {
    if (open) {
      await updateIssue(gh, open.number, body);
      return `${domain}: updated issue #${open.number}.`;
    }
    const created = await createIssue(gh, title, body);
    return `${domain}: opened issue #${created.number}.`;
  }
  if (open) {
    await closeIssue(gh, open.number, `The daily audit of ${run.date} found nothing launch-stopping and no p95 regression${run.runUrl ? ` (${run.runUrl})` : ""}. Closing.`);
    return `${domain}: all clear; closed issue #${open.number}.`;
  }
  return `${domain}: all clear; no issue to open.`;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  const [command, ...rest] = argv;
  try {
    if (command === "domains") {
      const { values } = parseCommandLine({ args: rest, options: { dir: { type: "string" } }, strict: true }, SEE_USAGE);
      return { code: 0, out: `${JSON.stringify(await stackDomains(values.dir ?? process.cwd()))}\n` };
    }
    if (command === "report") return { code: 0, out: `${await report(rest, env)}\n` };
    throw new UsageError(command === undefined ? "give a command." : `unknown command "${command}".`);
  } catch (err) {
    if (err instanceof UsageError) {
      return { code: 2, out: `daily-audit: ${err.message}\n\n${USAGE}` };
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    ({ code, out }) => {
      (code === 0 ? process.stdout : process.stderr).write(out);
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`daily-audit: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
