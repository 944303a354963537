import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAN_MODES, runProgram, type PlanMode, type ProgramRun } from "../../cli/plan/engine";
import { evaluate } from "../../cli/plan/evaluate";
import { rules } from "../../policies/rules";
import { PENDING_POLICY } from "../../policies/rules/evaluate";
import program from "../../index";
import { prodConfig, prodValue, type StackInput } from "../helpers/harness";
import { PolicyPackProcess, type Diagnostic } from "../helpers/policy-pack";

// The real CrossGuard runtime (run-policy-pack, @pulumi/policy, gRPC) against the offline plan, in both modes: the
// verdicts must be the same, nothing may be "unable to run", and a stack that breaks the bar must be blocked on its
// first preview. What this cannot show: the Pulumi CLI's own rendering of the diagnostics.

const project = "launch-ready";

/** A fork whose component code was edited: the HSTS setting's max-age cut to five minutes, outside any ramp. */
const shortHsts = (args: pulumi.ResourceTransformationArgs): pulumi.ResourceTransformationResult | undefined => {
  if (args.type !== "cloudflare:index/zoneSetting:ZoneSetting" || args.props["settingId"] !== "security_header") return undefined;
  return { props: { ...args.props, value: { strict_transport_security: { enabled: true, max_age: 300, include_subdomains: true, preload: false, nosniff: true } } }, opts: args.opts };
};

interface Case {
  name: string;
  input: StackInput;
  transformation?: typeof shortHsts;
  /** Mandatory policies a first preview must block the stack on. */
  blockedBy: string[];
}

const email = prodValue("email");
const dmarc = email["dmarc"] as Record<string, unknown>;
const monitoring = prodValue("monitoring");

const CASES: Case[] = [
  { name: "the template's own stack", input: prodConfig(), blockedBy: [] },
  { name: "HSTS cut to five minutes in the component", input: prodConfig(), transformation: shortHsts, blockedBy: ["zone-hsts"] },
  { name: "DMARC p=none without reports", input: prodConfig({ email: { ...email, dmarc: { ...dmarc, policy: "none", rua: [] } } }), blockedBy: ["dns-dmarc-monitoring-has-reports"] },
  {
    name: "no uptime check of the login page",
    input: prodConfig({ monitoring: { ...monitoring, checks: [{ name: "home", url: "https://brightpath-coaching.com/" }, { name: "api-health", url: "https://api.brightpath-coaching.com/health" }] } }),
    blockedBy: ["uptime-checks-cover-key-pages"],
  },
  {
    name: "Postmark sends under quarantine without its DKIM key",
    input: prodConfig({ email: { ...email, senders: [...((email["senders"] as string[]) ?? []), "postmark"], dmarc: { ...dmarc, policy: "quarantine", testing: false } } }),
    blockedBy: ["mail-dkim-for-every-sender"],
  },
];

async function run(c: Case, mode: PlanMode): Promise<ProgramRun> {
  const transformation = c.transformation;
  return runProgram({
    mode,
    project,
    stack: c.input.stack ?? "prod",
    config: c.input.config,
    secretKeys: c.input.secretKeys,
    program: transformation === undefined ? program : () => (pulumi.runtime.registerStackTransformation(transformation), program()),
  });
}

/** A comparable line per finding: policy, enforcement (or "pending"), resource and message. */
const line = (policy: string, kind: string, urn: string | undefined, message: string) => JSON.stringify([policy, kind, urn ?? "", message]);

function packLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    if (d.policy !== PENDING_POLICY.name) return line(d.policy, d.enforcement, d.urn, d.message);
    const at = d.message.indexOf(": ");
    return line(d.message.slice(0, at), "pending", d.urn, d.message.slice(at + 2));
  });
}

let pack: PolicyPackProcess;
beforeAll(async () => {
  pack = await PolicyPackProcess.start({ project, stack: "prod", mode: "first-preview" });
}, 200_000);
afterAll(async () => {
  await pack?.stop();
});

describe("the policy pack under the real CrossGuard runtime", () => {
  it("announces one policy per rule with the rule's enforcement, and the pending checks as advisory", async () => {
    const announced = await pack.policies();
    expect([...announced]).toEqual([...rules.map((r) => [r.name, r.enforcementLevel]), [PENDING_POLICY.name, "advisory"]]);
  });

  for (const c of CASES) {
    for (const mode of PLAN_MODES) {
      it(`gives the offline plan's verdicts for ${c.name} (${mode})`, async () => {
        const programRun = await run(c, mode);
        const offline = evaluate(programRun, rules);
        const { diagnostics } = await pack.verdicts(programRun);

        expect(diagnostics.filter((d) => d.message.includes("can't run policy"))).toEqual([]);
        const expected = [
          ...offline.violations.map((v) => line(v.policy, v.enforcement, v.urn, v.message)),
          ...offline.pending.map((p) => line(p.policy, "pending", p.urn, p.message)),
        ];
        expect(packLines(diagnostics).sort()).toEqual(expected.sort());

        const mandatory = [...new Set(diagnostics.filter((d) => d.enforcement === "mandatory").map((d) => d.policy))].sort();
        expect(mandatory).toEqual([...c.blockedBy].sort());
        if (mode === "after-up") expect(offline.pending).toEqual([]);
        console.log(`${c.name} | ${mode} | policies ${rules.length + 1} | pending ${new Set(offline.pending.map((p) => p.policy)).size} | unable to run 0 | mandatory ${mandatory.join(",") || "-"}`);
      });
    }
  }
});
