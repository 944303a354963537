// The daily audit's logic (cli/daily-audit.ts): the domains of the stack files, the comparison of today's audit
// with the previous run's, the issue text, and the issue opened, updated and closed on a fake GitHub API on loopback.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport, Finding } from "../../cli/audit/types";
import { main, stackDomains } from "../../cli/daily-audit";
import { compare, issueBody, issueTitle, latencyP95 } from "../../cli/daily-audit/compare";
import { runScript } from "../audit/helpers/audit";
import { PROJECT_DIR } from "../helpers/harness";

const latency = (label: string, p95: number): Finding => ({
  id: `perf.latency.${label}`,
  area: "performance",
  status: "pass",
  severity: "medium",
  summary: `https://${label}.example.com/ answers in p50 ${Math.round(p95 / 2)} ms, p95 ${p95} ms over 20 requests, each on a new connection (budget 1000 ms).`,
  fix: "Nothing to do.",
});
const STOPPER: Finding = {
  id: "tls.expiry.apex",
  area: "tls",
  status: "fail",
  severity: "launch-stopping",
  summary: "The certificate for example.com expires on 2026-12-04, in 3 days.",
  fix: "Renew the certificate now.",
};
const report = (findings: Finding[]): AuditReport => ({ domain: "example.com", durationMs: 1200, findings });
const RUN = { stack: "acme", date: "2026-12-01", marginPercent: 25, runUrl: "https://github.example/o/r/actions/runs/7" };

describe("comparing today's audit with the previous run", () => {
  it("reads the p95 the latency check measured, and none from a check that could not run", () => {
    expect(latencyP95(latency("apex", 420))).toBe(420);
    expect(latencyP95({ ...latency("apex", 420), status: "error", summary: "Could not check the response time: p95 9 ms" })).toBeUndefined();
    expect(latencyP95(STOPPER)).toBeUndefined();
  });

  it.each([
    ["a 25 % margin is not exceeded at +25 %", 400, 500, false],
    ["over the margin and by 50 ms or more", 400, 520, true],
    ["over the margin but by less than 50 ms (noise)", 100, 140, false],
    ["faster", 500, 300, false],
  ])("%s", (_name, before, now, regressed) => {
    const verdict = compare(report([latency("apex", now)]), report([latency("apex", before)]), 25);
    expect(verdict.regressions).toEqual(regressed ? [{ id: "perf.latency.apex", previousMs: before, currentMs: now }] : []);
  });

  it("compares only hosts measured both times, and nothing on the first run", () => {
    expect(compare(report([latency("apex", 900), latency("app", 900)]), report([latency("apex", 100)]), 25).regressions.map((r) => r.id)).toEqual(["perf.latency.apex"]);
    expect(compare(report([latency("apex", 900)]), undefined, 25).regressions).toEqual([]);
  });

  it("lists launch-stopping failures and errors, not the rest", () => {
    const error: Finding = { ...STOPPER, id: "dns.ns", status: "error", summary: "Could not check the name servers." };
    const high: Finding = { ...STOPPER, id: "http.hsts.apex", severity: "high" };
    expect(compare(report([STOPPER, error, high]), undefined, 25).stoppers.map((f) => f.id)).toEqual(["tls.expiry.apex", "dns.ns"]);
  });

  it("writes one issue text with each stopper's fix and the regressions", () => {
    const verdict = compare(report([STOPPER, latency("apex", 900)]), report([latency("apex", 300)]), 25);
    expect(issueTitle("example.com")).toBe("Launch audit: example.com needs attention");
    expect(issueBody(verdict, RUN)).toBe(
      [
        "The daily launch audit of **example.com** (stack `acme`) on 2026-12-01 found what needs a person.",
        "Full report: https://github.example/o/r/actions/runs/7",
        "",
        "## Launch-stopping (1)",
        "",
        "- **tls.expiry.apex** (failed): The certificate for example.com expires on 2026-12-04, in 3 days.",
        "  - Fix: Renew the certificate now.",
        "",
        "## Slower than the previous run (p95 up by more than 25 %)",
        "",
        "| check | previous p95 | today's p95 |",
        "|---|---|---|",
        "| perf.latency.apex | 300 ms | 900 ms |",
        "",
        "Look at the origin's slowest requests and at what was deployed since the previous run.",
        "",
        "Check again by hand: `npm run audit -- example.com`. This issue is updated by every daily run and closed by the first run that finds nothing launch-stopping and no regression.",
        "",
      ].join("\n"),
    );
  });
});

describe("the stack files' domains", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("lists each stack with its domain (punycode), in stack order", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "daily-audit-"));
    writeFileSync(path.join(dir, "Pulumi.yaml"), "name: launch-ready\n");
    writeFileSync(path.join(dir, "Pulumi.zeta.yaml"), "config:\n  launch-ready:domain: zeta-coaching.com\n");
    writeFileSync(path.join(dir, "Pulumi.alpha.yaml"), "config:\n  aws:region: eu-west-1\n  launch-ready:domain: bücher-coach.de\n");
    expect(await stackDomains(dir)).toEqual([
      { stack: "alpha", domain: "xn--bcher-coach-thb.de" },
      { stack: "zeta", domain: "zeta-coaching.com" },
    ]);
  });

  it("reads the domain as the config does: a name that is not registrable is a usage error naming the file and the value", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "daily-audit-"));
    writeFileSync(path.join(dir, "Pulumi.shop.yaml"), "config:\n  launch-ready:domain: app.example.com\n");
    await expect(stackDomains(dir)).rejects.toThrow(
      'Pulumi.shop.yaml: launch-ready:domain is "app.example.com", but it must be a registrable domain such as example.com or example.co.uk; by the public suffix list, app.example.com is below the registrable domain example.com. Fix: set it to the domain bought at the registrar, or remove the file.',
    );
    writeFileSync(path.join(dir, "Pulumi.shop.yaml"), "config:\n  aws:region: eu-west-1\n");
    await expect(stackDomains(dir)).rejects.toThrow("Pulumi.shop.yaml has no launch-ready:domain: set it to the client's domain, or remove the file.");
  });

  it("reads the template's own stack", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "daily-audit-"));
    expect(await stackDomains(PROJECT_DIR)).toContainEqual({ stack: "prod", domain: "brightpath-coaching.com" });
  });
});

interface Call {
  method: string;
  url: string;
  body: unknown;
}

describe("npm run daily-audit -- report, against a GitHub API on loopback", () => {
  let server: http.Server;
  let api: string;
  let dir: string;
  const calls: Call[] = [];
  let openIssues: Array<{ number: number; title: string; pull_request?: object }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "daily-audit-gh-"));
    server = http.createServer((request, response) => {
      let raw = "";
      request.on("data", (c: Buffer) => (raw += c.toString()));
      request.on("end", () => {
        calls.push({ method: request.method ?? "", url: request.url ?? "", body: raw === "" ? undefined : JSON.parse(raw) });
        if (request.headers.authorization !== "Bearer test-token") return response.writeHead(401).end('{"message":"Bad credentials"}');
        if (request.method === "GET") return response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(openIssues));
        if (request.method === "POST" && request.url === "/repos/acme/site/issues") return response.writeHead(201).end('{"number":12,"title":"t"}');
        response.writeHead(200, { "content-type": "application/json" }).end('{"number":5,"title":"t"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.26.1", () => resolve()));
    api = `http://127.0.26.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    calls.length = 0;
  });

  const write = (name: string, value: AuditReport) => {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const env = (token: string) => ({ GITHUB_TOKEN: token, GITHUB_REPOSITORY: "acme/site", GITHUB_API_URL: api, GITHUB_SERVER_URL: "https://github.example", GITHUB_RUN_ID: "99" });
  const reportArgs = (args: string[]) => ["report", "--stack", "acme", "--domain", "example.com", ...args];
  /** In-process: what the command prints and its exit code. */
  const run = async (args: string[]) => {
    const { code, out } = await main(reportArgs(args), env("test-token"));
    return { code, stdout: code === 0 ? out : "", stderr: code === 0 ? "" : out };
  };
  /** As the workflow runs it: the CLI in a child process. */
  const cli = (args: string[], token: string) => runScript("cli/daily-audit.ts", reportArgs(args), { PATH: process.env["PATH"] ?? "", ...env(token) });

  it("opens the domain's issue when something is launch-stopping", async () => {
    openIssues = [{ number: 3, title: "Launch audit: example.com needs attention", pull_request: {} }];
    const result = await run(["--current", write("today.json", report([STOPPER]))]);
    expect(result.stderr).toBe("");
    expect([result.code, result.stdout]).toEqual([0, "example.com: opened issue #12.\n"]);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(["GET /repos/acme/site/issues?state=open&labels=launch-audit&per_page=100", "POST /repos/acme/site/issues"]);
    const created = calls[1]!.body as { title: string; body: string; labels: string[] };
    expect(created.title).toBe("Launch audit: example.com needs attention");
    expect(created.labels).toEqual(["launch-audit"]);
    expect(created.body).toContain("- **tls.expiry.apex** (failed)");
    expect(created.body).toContain("Full report: https://github.example/acme/site/actions/runs/99");
  });

  it("updates the one open issue when p95 regressed, instead of opening another", async () => {
    openIssues = [{ number: 5, title: "Launch audit: example.com needs attention" }];
    const result = await run(["--current", write("today.json", report([latency("apex", 800)])), "--previous", write("yesterday.json", report([latency("apex", 400)]))]);
    expect([result.code, result.stdout]).toEqual([0, "example.com: updated issue #5.\n"]);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(["GET /repos/acme/site/issues?state=open&labels=launch-audit&per_page=100", "PATCH /repos/acme/site/issues/5"]);
    expect((calls[1]!.body as { body: string }).body).toContain("| perf.latency.apex | 400 ms | 800 ms |");
  });

  it("closes the issue, with a comment, on the first clean run", async () => {
    openIssues = [{ number: 5, title: "Launch audit: example.com needs attention" }];
    const result = await run(["--current", write("today.json", report([latency("apex", 410)])), "--previous", write("yesterday.json", report([latency("apex", 400)]))]);
    expect([result.code, result.stdout]).toEqual([0, "example.com: all clear; closed issue #5.\n"]);
    expect(calls.slice(1).map((c) => [`${c.method} ${c.url}`, c.body])).toEqual([
      ["POST /repos/acme/site/issues/5/comments", { body: expect.stringContaining("found nothing launch-stopping and no p95 regression") }],
      ["PATCH /repos/acme/site/issues/5", { state: "closed", state_reason: "completed" }],
    ]);
  });

  it("does nothing on a clean run with no issue open", async () => {
    openIssues = [];
    const result = await run(["--current", write("today.json", report([latency("apex", 400)]))]);
    expect([result.code, result.stdout]).toEqual([0, "example.com: all clear; no issue to open.\n"]);
    expect(calls).toHaveLength(1);
  });

  it("opens the issue when the audit wrote no report (a crash is not a clean day)", async () => {
    openIssues = [];
    const result = await run(["--current", path.join(dir, "missing.json")]);
    expect(result.stdout).toBe("example.com: opened issue #12.\n");
    expect((calls[1]!.body as { body: string }).body).toContain(`produced no report: the audit wrote no JSON (${path.join(dir, "missing.json")} is missing)`);
  });

  it("says what GitHub answered when a call fails (exit 1), and refuses bad options (exit 2)", async () => {
    const denied = await cli(["--current", write("today.json", report([STOPPER]))], "wrong");
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe('daily-audit: GitHub GET /issues?state=open&labels=launch-audit&per_page=100 answered 401: {"message":"Bad credentials"}\n');
    const usage = await run(["--current", "x.json", "--p95-margin-percent", "lots"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--p95-margin-percent must be a whole number from 1 to 1000; got "lots".');
  });
});
