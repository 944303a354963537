import { describe, expect, it } from "vitest";
import { COMPONENTS, TYPES } from "../../model/type-tokens";
import { zonePlanSubscribed } from "../../policies/rules/zone/zone-plan-subscribed";
import { fixture } from "../helpers/harness";

// The plan the rules are sized for, as the stack outputs declare it on the root Stack resource.
const component = (plan: string) => fixture(COMPONENTS.stack, { cloudflarePlan: plan }, { name: "launch-ready-prod" });
const zone = fixture(TYPES.zone, { name: "example.com", type: "full" }, { name: "launch-zone-zone" });
const subscription = (id: string) => fixture(TYPES.zoneSubscription, { zoneId: "z", ratePlan: { id }, frequency: "monthly" }, { name: "launch-zone-subscription" });
const messages = (resources: Parameters<typeof zonePlanSubscribed.validate>[0]) => zonePlanSubscribed.validate(resources).map((v) => v.message);

describe("zone-plan-subscribed", () => {
  it("passes a created zone subscribed to the plan its rules are sized for, a Free zone, and an adopted zone", () => {
    expect(messages([component("pro"), zone, subscription("pro")])).toEqual([]);
    expect(messages([component("business"), zone, subscription("business")])).toEqual([]);
    expect(messages([component("free"), zone])).toEqual([]);
    expect(messages([component("business")])).toEqual([]);
    expect(messages([component("enterprise")])).toEqual([]);
  });

  it("fires when a created zone sized for Pro is never subscribed", () => {
    expect(messages([component("pro"), zone])).toEqual([
      "The rules are sized for the pro plan, but the zone this stack creates has no ZoneSubscription, so it stays on Free and Cloudflare refuses the rulesets. Fix: let the Zone component subscribe it (cloudflare.plan: pro).",
    ]);
  });

  it("fires when the subscription's rate plan is not the plan the rules are sized for", () => {
    expect(messages([component("pro"), zone, subscription("business")])).toEqual([
      'The zone is subscribed to rate plan "business", but its rules are sized for the pro plan. Fix: set cloudflare.plan to the plan you mean to buy; the Zone component subscribes to it.',
    ]);
    expect(messages([component("free"), zone, subscription("pro")])).toHaveLength(1);
  });

  it("fires when a created zone is sized for Enterprise, which no subscription buys", () => {
    expect(messages([component("enterprise"), zone])).toEqual([expect.stringMatching(/^The rules are sized for Enterprise on a zone this stack creates/)]);
  });
});
