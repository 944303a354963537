import { describe, expect, it } from "vitest";
import { CLOUDFLARE_PLANS, ENFORCING_ACTIONS, logActionAllowed, RATE_LIMIT_ACTIONS, requiredMitigationTimeout } from "../../lib/cloudflare-plans";

// One table of what each plan requires of a rate-limit action, read by config, the rule builder and the policies.
describe("rate-limit actions per plan", () => {
  it("requires a 0 s timeout for challenges below Enterprise and exactly 10 s for a block on Free", () => {
    const table = Object.fromEntries(CLOUDFLARE_PLANS.map((plan) => [plan, RATE_LIMIT_ACTIONS.map((action) => requiredMitigationTimeout(plan, action) ?? "any")]));
    expect(RATE_LIMIT_ACTIONS).toEqual(["block", "managed_challenge", "js_challenge", "challenge", "log"]);
    expect(table).toEqual({
      free: [10, 0, 0, 0, 10],
      pro: ["any", 0, 0, 0, "any"],
      business: ["any", 0, 0, 0, "any"],
      enterprise: ["any", "any", "any", "any", "any"],
    });
  });

  it("offers log on Enterprise only, and counts everything but log as enforcing", () => {
    expect(CLOUDFLARE_PLANS.filter(logActionAllowed)).toEqual(["enterprise"]);
    expect(ENFORCING_ACTIONS).toEqual(["block", "managed_challenge", "js_challenge", "challenge"]);
  });
});
