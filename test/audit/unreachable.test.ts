// A resolver that never answers: every check ends as `error` (never a pass), within the run's bound, and the
// command exits 1. Usage mistakes exit 2 with a message and no stack trace.
import dgram from "node:dgram";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAuditArgs } from "../../cli/audit/args";
import { AuditContext } from "../../cli/audit/context";
import { buildChecks, exitCode, runAudit } from "../../cli/audit/run";
import { UsageError } from "../../cli/usage-error";
import { REPO, runCli, testOptions } from "./helpers/audit";

const SILENT_HOST = "127.0.4.1";
let silent: dgram.Socket;
let port: number;
let received = 0;

beforeAll(async () => {
  // Reads every query and answers none.
  silent = dgram.createSocket("udp4");
  silent.on("message", () => received++);
  await new Promise<void>((resolve) => silent.bind(0, SILENT_HOST, () => resolve()));
  port = silent.address().port;
});

afterAll(() => {
  silent?.close();
});

// The registry's RDAP server is named here (.test has none), so that it too is looked up through the silent resolver.
const RDAP = { rdapBase: new URL("https://rdap.silent.test/rdap/") };

function checkIds(domain: string): string[] {
  const ctx = new AuditContext(testOptions(domain, { host: SILENT_HOST, port }, RDAP), new AbortController().signal);
  return buildChecks(ctx).map((c) => c.id).sort();
}

describe("a resolver that never answers", () => {
  it("reports one error per check, none a pass, after each query's timeout", async () => {
    const report = await runAudit(testOptions("silent.test", { host: SILENT_HOST, port }, { timeoutMs: 200, deadlineMs: 10_000, ...RDAP }));
    expect(report.findings.map((f) => f.id).sort()).toEqual(checkIds("silent.test"));
    expect(new Set(report.findings.map((f) => f.status))).toEqual(new Set(["error"]));
    expect(report.findings.find((f) => f.id === "spf.record")!.summary).toBe("Could not check the SPF record of silent.test: TXT silent.test: no answer from 127.0.4.1:" + port + " within 200 ms.");
    expect(report.findings.find((f) => f.id === "dns.apex")!.fix).toContain("Until it runs, this check counts as not passed.");
    expect(received).toBeGreaterThan(0);
    expect(exitCode(report)).toBe(1);
  });

  it("stops at the run's bound and reports the unfinished checks as errors", async () => {
    const report = await runAudit(testOptions("silent.test", { host: SILENT_HOST, port }, { timeoutMs: 5000, deadlineMs: 300, ...RDAP }));
    expect(report.findings.map((f) => f.id).sort()).toEqual(checkIds("silent.test"));
    for (const f of report.findings) {
      expect(f.status).toBe("error");
      expect(f.summary).toMatch(/: not finished within the run's 300 ms bound\.$/);
    }
  });

  it("exits 1 from the command line, without a crash", async () => {
    const result = await runCli(["silent.test", "--resolver", `${SILENT_HOST}:${port}`, "--timeout-ms", "200", "--deadline-ms", "2000"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("ERROR dns.ns: Could not check the name servers of silent.test");
    expect(result.stdout).not.toContain("PASSED");
  });
});

describe("usage errors: a message that says what is wrong, exit code 2", () => {
  const cases: Array<[string[], string]> = [
    [["https://example.com/"], '"https://example.com/" is not a domain name: give a domain name such as example.com, without scheme, port or path.'],
    [["localhost"], '"localhost" is a single label: give a domain name such as example.com.'],
    [["192.0.2.7"], '"192.0.2.7" is an IP address: give a domain name such as example.com.'],
    [["co.uk"], '"co.uk" is a public suffix, not a domain that can be registered: give a domain name such as example.com.'],
    [["exa_mple.com"], '"exa_mple.com" has an invalid label "exa_mple": labels are 1-63 letters, digits and inner hyphens.'],
    [[], "give the domain to audit, e.g. npm run audit -- example.com."],
    [["a.test", "b.test"], "give one domain; got 2: a.test b.test."],
    [["example.com", "--resolver", "dns.example:53"], '--resolver must be IP[:PORT] (e.g. 127.0.0.1:5353 or [::1]:53); got "dns.example:53".'],
    [["example.com", "--timeout-ms", "soon"], '--timeout-ms must be a whole number from 10 to 60000; got "soon".'],
    [["example.com", "--ca", "/nonexistent/ca.pem"], "cannot read --ca /nonexistent/ca.pem"],
    [["example.com", "--ca", path.join(REPO, "package.json")], "holds no PEM certificate"],
    [["example.com", "--plan", path.join(REPO, "package.json")], "is not a plan document"],
    [["good.test", "--plan", path.join(REPO, "test/audit/fixtures/other-domain.plan.json")], "is for other.test, but the audit is of good.test"],
    [["example.com", "--frobnicate"], "Unknown option '--frobnicate'"],
  ];
  it.each(cases)("%j", async (args, message) => {
    const rejection = parseAuditArgs(args);
    await expect(rejection).rejects.toBeInstanceOf(UsageError);
    await expect(rejection).rejects.toThrow(message);
  });

  it.each([[["https://example.com/"]], [["example.com", "--frobnicate"]]])("from the command line: %j", async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^audit: \S/);
    expect(result.stderr).toContain("Usage: npm run audit -- DOMAIN [options]");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
