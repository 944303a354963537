import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAN_MODES, runProgram, type CapturedResource, type PlanMode, type ProgramRun } from "../../cli/plan/engine";
import { unwrap } from "../../cli/plan/values";
import { configuredPack, evaluate, readPolicyConfig } from "../../cli/plan/evaluate";
import { rules } from "../../policies/rules";
import { PENDING_POLICY, type Verdicts } from "../../policies/rules/evaluate";
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

/** The pending checks' advisories are read back into the rule and check they report; at any other level they block. */
function packLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    if (d.policy !== PENDING_POLICY.name || d.enforcement !== "advisory") return line(d.policy, d.enforcement, d.urn, d.message);
    const at = d.message.indexOf(": ");
    return line(d.message.slice(0, at), "pending", d.urn, d.message.slice(at + 2));
  });
}

const offlineLines = (verdicts: Verdicts): string[] => [
  ...verdicts.violations.map((v) => line(v.policy, v.enforcement, v.urn, v.message)),
  ...verdicts.pending.map((p) => line(p.policy, "pending", p.urn, p.message)),
];

/** The policies that block: any with a mandatory finding. */
const blocking = (diagnostics: readonly Diagnostic[]) => [...new Set(diagnostics.filter((d) => d.enforcement === "mandatory").map((d) => d.policy))].sort();

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
        expect(packLines(diagnostics).sort()).toEqual(offlineLines(offline).sort());

        const mandatory = blocking(diagnostics);
        expect(mandatory).toEqual([...c.blockedBy].sort());
        if (mode === "after-up") expect(offline.pending).toEqual([]);
        console.log(`${c.name} | ${mode} | policies ${rules.length + 1} | pending ${new Set(offline.pending.map((p) => p.policy)).size} | unable to run 0 | mandatory ${mandatory.join(",") || "-"}`);
      });
    }
  }
});

// One fixture per mandatory policy that makes it fire, on the template's stack after `pulumi up` (the template's own
// stack is the fixture that passes, above). Each edit is what a fork could do to a component; the pack must report the
// policy, and exactly what the offline plan reports.
type Props = Record<string, unknown>;
const D = "brightpath-coaching.com";
const named = (name: string) => (r: CapturedResource) => r.name === name;
const edit = (run: ProgramRun, match: (r: CapturedResource) => boolean, change: (props: Props) => Props, protect?: boolean): ProgramRun => ({
  ...run,
  resources: run.resources.map((r) => (match(r) ? { ...r, inputs: change(r.inputs), outputs: change(r.outputs), protect: protect ?? r.protect } : r)),
});
const drop = (run: ProgramRun, match: (r: CapturedResource) => boolean): ProgramRun => ({ ...run, resources: run.resources.filter((r) => !match(r)) });
/** A copy of a resource under another name, with some inputs changed. */
function copy(run: ProgramRun, name: string, as: string, change: (props: Props) => Props): ProgramRun {
  const original = run.resources.find(named(name));
  if (original === undefined) throw new Error(`no resource ${name}`);
  const clone = { ...original, name: as, urn: original.urn.replace(new RegExp(`::${name}$`), `::${as}`), inputs: change(original.inputs), outputs: change(original.outputs) };
  return { ...run, resources: [...run.resources, clone] };
}
const rules0 = (props: Props) => (props["rules"] as Props[]) ?? [];
const setRateLimit = (props: Props, ratelimit: Props) => ({ ...props, rules: rules0(props).map((r, i) => (i === 0 ? { ...r, ratelimit: { ...(r["ratelimit"] as Props), ...ratelimit } } : r)) });
const secretValue = (run: ProgramRun) => String((unwrap(run.resources.find(named("launch-secrets-sessionSecret-value"))?.inputs) as Props)["secretString"]);

const FIRES: Record<string, (run: ProgramRun) => ProgramRun> = {
  "zone-protected": (run) => edit(run, named("launch-zone-zone"), (p) => p, false),
  "zone-settings-present": (run) => drop(run, named("launch-tls-ssl")),
  "zone-ssl-strict": (run) => edit(run, named("launch-tls-ssl"), (p) => ({ ...p, value: "full" })),
  "zone-always-https": (run) => edit(run, named("launch-tls-always-use-https"), (p) => ({ ...p, value: "off" })),
  "zone-min-tls-1-2": (run) => edit(run, named("launch-tls-min-tls-version"), (p) => ({ ...p, value: "1.0" })),
  "zone-hsts": (run) => edit(run, named("launch-tls-hsts"), (p) => ({ ...p, value: { strict_transport_security: { enabled: false, max_age: 0 } } })),
  "zone-dnssec-active": (run) => edit(run, named("launch-zone-dnssec"), (p) => ({ ...p, status: "disabled" })),
  "caa-allows-edge-cas": (run) => drop(run, (r) => r.inputs["type"] === "CAA"),
  "dns-cname-alone": (run) => copy(run, "launch-dns-host-app", "launch-dns-app-txt", (p) => ({ ...p, type: "TXT", content: "hello", proxied: false })),
  "canonical-host-redirect": (run) => drop(run, named("launch-redirects-ruleset")),
  "rate-limit-covers-auth": (run) => drop(run, named("launch-edge-protection-rate-limits")),
  "cache-never-dynamic": (run) =>
    edit(run, named("launch-cache-ruleset"), (p) => ({ ...p, rules: [...rules0(p), { ref: "everything", action: "set_cache_settings", expression: "true", actionParameters: { cache: true }, enabled: true }] })),
  "ruleset-one-per-phase": (run) => copy(run, "launch-cache-ruleset", "launch-cache-second", (p) => p),
  "ruleset-within-plan-limits": (run) => edit(run, named("launch-edge-protection-rate-limits"), (p) => setRateLimit(p, { period: 7 })),
  "no-plaintext-secrets": (run) => edit(run, named("launch-dns-host-app"), (p) => ({ ...p, comment: `session ${secretValue(run)}` })),
  "iam-policy-exact-secret-arns": (run) =>
    edit(run, named("launch-secrets-read"), (p) => ({ ...p, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }] }) })),
  "health-check-down-alarm": (run) => drop(run, (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name.startsWith("launch-uptime-") && r.name.endsWith("-down")),
  "uptime-checks-cover-key-pages": (run) => drop(run, named("launch-uptime-login")),
  "dns-spf-single-strict": (run) => edit(run, named("launch-email-spf"), (p) => ({ ...p, content: "v=spf1 include:_spf.google.com +all" })),
  "dns-spf-lookup-budget": (run) =>
    edit(run, named("launch-email-spf"), (p) => ({ ...p, content: `v=spf1 ${Array.from({ length: 11 }, (_, i) => `include:s${i}.example.net`).join(" ")} -all` })),
  "dns-dmarc-valid": (run) => edit(run, named("launch-email-dmarc"), (p) => ({ ...p, content: `v=DMARC1; p=sometimes; rua=mailto:dmarc-reports@${D}` })),
  "dns-dmarc-monitoring-has-reports": (run) => edit(run, named("launch-email-dmarc"), (p) => ({ ...p, content: "v=DMARC1; p=none" })),
  "mail-dkim-for-every-sender": (run) => edit(run, named("launch-email-ses-identity"), (p) => ({ ...p, dkimSigningAttributes: { ...(p["dkimSigningAttributes"] as Props), nextSigningKeyLength: "RSA_1024_BIT" } })),
  "ses-mail-from-aligned": (run) => edit(run, named("launch-email-ses-mail-from"), (p) => ({ ...p, behaviorOnMxFailure: "REJECT_MESSAGE" })),
  "mail-addresses-can-receive": (run) => edit(run, named("launch-alerts-ops@brightpath-coaching.com"), (p) => ({ ...p, endpoint: `alerts@www.${D}` })),
  // The rules sized for Pro on a zone this stack creates, with no subscription to Pro.
  "zone-plan-subscribed": (run) => edit(run, (r) => r.type === "pulumi:pulumi:Stack", (p) => ({ ...p, cloudflarePlan: "pro" })),
  "key-flows-checked": (run) => drop(run, named("launch-flows-login")),
  "flow-check-alarms": (run) => edit(run, named("launch-flows-login"), (p) => ({ ...p, startCanary: false })),
  "slack-read-only-guardrail": (run) => edit(run, named("launch-slack-channel"), (p) => ({ ...p, guardrailPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] })),
  "edge-alerts-match-plan": (run) => drop(run, named("launch-edge-alerts-ddos")),
};

describe("every mandatory policy fires through the real runtime", () => {
  let template: ProgramRun;
  beforeAll(async () => {
    template = await run(CASES[0] as Case, "after-up");
  });

  it("has a fixture for each mandatory policy", () => {
    expect(rules.filter((r) => r.enforcementLevel === "mandatory").map((r) => r.name).filter((name) => FIRES[name] === undefined)).toEqual([]);
  });

  for (const [policy, breakIt] of Object.entries(FIRES)) {
    it(policy, async () => {
      const broken = breakIt(template);
      const offline = evaluate(broken, rules);
      const { diagnostics } = await pack.verdicts(broken);
      expect(offline.violations.filter((v) => v.enforcement === "mandatory").map((v) => v.policy)).toContain(policy);
      expect(diagnostics.filter((d) => d.enforcement === "mandatory").map((d) => d.policy)).toContain(policy);
      const expected = offline.violations.map((v) => line(v.policy, v.enforcement, v.urn, v.message));
      expect(packLines(diagnostics).sort()).toEqual(expected.sort());
    });
  }
});

// A team's policy pack config (`pulumi preview --policy-pack policies --policy-pack-config FILE`), sent to the pack
// as the CLI sends it, and the same file given to the offline plan (`npm run plan -- --policy-config FILE`).
describe("a policy pack config, applied by the runtime and by the offline plan alike", () => {
  const dir = mkdtempSync(join(tmpdir(), "policy-config-"));
  afterAll(async () => {
    await pack.configure("");
    rmSync(dir, { recursive: true, force: true });
  });

  /** Configures the pack with the file, plans the case with it, and checks that both give the same findings. */
  async function underConfig(config: object, c: Case, mode: PlanMode): Promise<{ diagnostics: Diagnostic[]; unconfigured: Verdicts }> {
    const file = join(dir, "policy-config.json");
    writeFileSync(file, JSON.stringify(config, null, 2));
    await pack.configure(readFileSync(file, "utf8"));
    const configured = configuredPack(rules, readPolicyConfig(file, rules));
    const programRun = await run(c, mode);
    const { diagnostics } = await pack.verdicts(programRun);
    expect(packLines(diagnostics).sort()).toEqual(offlineLines(evaluate(programRun, configured.rules, configured.pendingLevel)).sort());
    return { diagnostics, unconfigured: evaluate(programRun, rules) };
  }

  const TEAM = {
    "zone-hsts": "advisory",
    "dns-dmarc-monitoring-has-reports": { enforcementLevel: "disabled" },
    "mail-dkim-for-every-sender": "disabled",
    // No rule remediates: @pulumi/policy reports a remediate policy's violations as mandatory.
    "zone-hsts-one-year": "remediate",
  };
  const [template, shortHstsCase, dmarcNone] = CASES as [Case, Case, Case];

  for (const mode of PLAN_MODES) {
    it(`lowers a mandatory policy to advisory and blocks on a remediate one (${mode})`, async () => {
      const { diagnostics } = await underConfig(TEAM, shortHstsCase, mode);
      expect(diagnostics.filter((d) => d.policy === "zone-hsts").map((d) => d.enforcement)).toEqual(["advisory"]);
      expect(blocking(diagnostics)).toEqual(["zone-hsts-one-year"]);
    });

    it(`runs no disabled policy (${mode})`, async () => {
      const { diagnostics, unconfigured } = await underConfig(TEAM, dmarcNone, mode);
      expect(unconfigured.violations.map((v) => v.policy)).toContain("dns-dmarc-monitoring-has-reports");
      expect(diagnostics.filter((d) => d.policy === "dns-dmarc-monitoring-has-reports")).toEqual([]);
      expect(blocking(diagnostics)).toEqual([]);
    });
  }

  it("lists no pending check of a disabled policy", async () => {
    const { diagnostics, unconfigured } = await underConfig(TEAM, template, "first-preview");
    expect(unconfigured.pending.map((p) => p.policy)).toContain("mail-dkim-for-every-sender");
    expect(packLines(diagnostics).filter((l) => l.includes("mail-dkim-for-every-sender"))).toEqual([]);
  });

  it('blocks a first preview on its pending checks when "all" makes every policy mandatory', async () => {
    const { diagnostics } = await underConfig({ all: "mandatory" }, template, "first-preview");
    expect(blocking(diagnostics)).toContain(PENDING_POLICY.name);
  });
});
