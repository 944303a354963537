import { describe, expect, it } from "vitest";
import { planCli } from "../helpers/plan-cli";
import { prodValue } from "../helpers/harness";

describe("npm run plan exit codes", () => {
  it("exits 1 on a mandatory violation and reports it under its component, mandatory first", async () => {
    // Valid config, weak choice: DMARC monitoring (p=none) without anywhere to send the reports.
    const email = prodValue("email");
    const { code, stdout, stderr } = await planCli("weak", { "launch-ready:email": { ...email, dmarc: { policy: "none", rua: [] } } });
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const findings = stdout.split("\n").filter((l) => /^\s+(✗ MANDATORY|! advisory)/.test(l));
    expect(findings.length).toBeGreaterThanOrEqual(2);
    expect(findings[0]).toMatch(/✗ MANDATORY dns-dmarc-monitoring-has-reports: /);
    expect(findings.some((l) => /! advisory {2}dns-dmarc-policy-enforced: /.test(l))).toBe(true);
    // Listed under the mail component that owns the _dmarc record, before the next component's heading.
    const lines = stdout.split("\n");
    const heading = lines.findIndex((l) => l.endsWith("(launch-ready:mail:MailRecords)"));
    const next = lines.findIndex((l, i) => i > heading && /^\S/.test(l));
    const finding = lines.findIndex((l) => l.includes("✗ MANDATORY dns-dmarc-monitoring-has-reports"));
    expect([heading >= 0, finding > heading, finding < next]).toEqual([true, true, true]);
    // Blocked on the first preview already, not only after `pulumi up`.
    expect(stdout).toMatch(/policies evaluated \(first preview: [1-9]\d* mandatory, \d+ advisory, \d+ pending; after up: [1-9]\d* mandatory, \d+ advisory\): BLOCKED until the mandatory findings are fixed\./);
  });
});
