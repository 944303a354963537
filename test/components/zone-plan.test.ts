import { describe, expect, it } from "vitest";
import { adoptedZoneProblem } from "../../components/zone";
import { TYPES } from "../../model/type-tokens";
import { fixtureStack, planFile, violationsOf } from "../helpers/plan-file";
import { runRecordingOptions } from "../helpers/resource-options";
import { readStackFile } from "../../cli/plan/stack-file";

const PLAN_POLICIES = ["zone-plan-subscribed", "ruleset-within-plan-limits"];
const planViolations = (doc: Parameters<typeof violationsOf>[0]) => violationsOf(doc).filter((v) => PLAN_POLICIES.some((p) => v.startsWith(`${p}:`)));
const ofType = (doc: Awaited<ReturnType<typeof planFile>>, type: string) => doc.resources.filter((r) => r.type === type);

describe("the zone's plan", () => {
  it("buys Pro for a created Pro zone, and its rulesets fit Pro", async () => {
    const doc = await planFile(fixtureStack("pro-active-zone"));
    const subscriptions = ofType(doc, TYPES.zoneSubscription);
    expect(subscriptions.map((s) => s.inputs)).toEqual([{ zoneId: expect.any(String), ratePlan: { id: "pro" }, frequency: "monthly" }]);
    expect(subscriptions[0]?.name).toBe("launch-zone-subscription");
    const rateLimits = ofType(doc, TYPES.ruleset).find((r) => r.inputs["phase"] === "http_ratelimit");
    expect((rateLimits?.inputs["rules"] as unknown[]).length).toBe(2);
    expect(planViolations(doc)).toEqual([]);
  });

  it("buys nothing on Free, and a Free stack's rulesets fit Free", async () => {
    const doc = await planFile(fixtureStack("free-new-zone"));
    expect(ofType(doc, TYPES.zoneSubscription)).toEqual([]);
    const rateLimits = ofType(doc, TYPES.ruleset).find((r) => r.inputs["phase"] === "http_ratelimit");
    expect(rateLimits?.inputs["rules"]).toMatchObject([{ ratelimit: { period: 10, mitigationTimeout: 10 } }]);
    expect(planViolations(doc)).toEqual([]);
  });

  it("buys nothing for an adopted zone: its plan is read at preview and must match the config", async () => {
    const doc = await planFile(fixtureStack("business-adopted-zone"));
    expect(ofType(doc, TYPES.zoneSubscription)).toEqual([]);
    expect(ofType(doc, TYPES.zone)).toEqual([]);
    expect(planViolations(doc)).toEqual([]);
  });

  it("stops an adopted zone whose plan differs from the config, saying which plan it is on and how to fix it", () => {
    const args = { domain: "example.com", plan: "pro", active: true } as const;
    expect(adoptedZoneProblem(args, "pro", "active")).toBeUndefined();
    expect(adoptedZoneProblem(args, "free", "active")).toBe(
      'The Cloudflare zone example.com is on the "free" plan, but launch-ready:cloudflare.plan is "pro": the rules would be sized for a plan the zone is not on. Fix: set cloudflare.plan to free in the stack file, or change the zone\'s plan in the Cloudflare dashboard first.',
    );
    expect(adoptedZoneProblem(args, "pro", "pending")).toMatch(/is "pending", but launch-ready:cloudflare.zoneActive is true\. Fix: set cloudflare.zoneActive to false/);
    expect(adoptedZoneProblem({ ...args, active: false }, "pro", "pending")).toBeUndefined();
  });
});

describe("DNSSEC", () => {
  it("asks for active once and ignores the pending/active status Cloudflare reports until the DS is at the registrar", async () => {
    const stack = readStackFile(fixtureStack("free-new-zone"));
    const { stack: run, options } = await runRecordingOptions({ config: stack.config, secretKeys: stack.secretKeys, stack: stack.stack });
    const dnssec = run.named("launch-zone-dnssec");
    expect(run.inputs(dnssec)["status"]).toBe("active");
    expect(options.get("launch-zone-dnssec")?.ignoreChanges).toEqual(["status"]);
  });
});

describe("the launch sequence", () => {
  it("leaves what needs an active zone out of a new zone's first up, and says what to do once it is active", async () => {
    const doc = await planFile(fixtureStack("free-new-zone"));
    expect(ofType(doc, TYPES.workersCustomDomain)).toEqual([]);
    expect(ofType(doc, "cloudflare:index/workersScript:WorkersScript")).toEqual([]);
    const txt = ofType(doc, TYPES.dnsRecord).map((r) => String(r.inputs["name"]));
    expect(txt).not.toContain("_mta-sts.northwind-mentoring.com");
    expect(txt).toContain("_smtp._tls.northwind-mentoring.com");
    expect(doc.outputs["mailNeedsAPerson"]).toContain(
      "MTA-STS starts once Cloudflare shows the zone Active: then set launch-ready:cloudflare.zoneActive to true and run pulumi up again.",
    );
  });

  it("serves the MTA-STS policy host once the zone is active", async () => {
    const doc = await planFile(fixtureStack("pro-active-zone"));
    expect(ofType(doc, TYPES.workersCustomDomain).map((r) => r.inputs["hostname"])).toEqual(["mta-sts.harbor-wellness.co.uk"]);
    expect(ofType(doc, TYPES.dnsRecord).map((r) => r.inputs["name"])).toContain("_mta-sts.harbor-wellness.co.uk");
  });
});
