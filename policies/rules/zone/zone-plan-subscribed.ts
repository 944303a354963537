import { paidRatePlanId } from "../../../lib/cloudflare-plans";
import { zonePlan } from "../../../model/edge";
import { TYPES } from "../../../model/type-tokens";
import type { StackRule, Violation } from "../types";

const ratePlanOf = (props: Record<string, unknown>): string => {
  const ratePlan = props["ratePlan"];
  const id = ratePlan !== null && typeof ratePlan === "object" ? (ratePlan as Record<string, unknown>)["id"] : undefined;
  return typeof id === "string" ? id : "(none)";
};

export const zonePlanSubscribed: StackRule = {
  kind: "stack",
  name: "zone-plan-subscribed",
  description:
    "Checks that the plan the rulesets are sized for is the plan the zone is on: a zone this stack creates starts on Free, so a paid plan needs a ZoneSubscription to that rate plan, because Cloudflare refuses Pro-sized rulesets on a Free zone and the deploy fails halfway.",
  enforcementLevel: "mandatory",
  validate(resources) {
    const plan = zonePlan(resources);
    const created = resources.some((r) => r.type === TYPES.zone);
    const subscriptions = resources.filter((r) => r.type === TYPES.zoneSubscription);
    const violations: Violation[] = [];
    for (const subscription of subscriptions) {
      const ratePlan = ratePlanOf(subscription.props);
      if (ratePlan !== paidRatePlanId(plan)) {
        violations.push({ urn: subscription.urn, message: `The zone is subscribed to rate plan "${ratePlan}", but its rules are sized for the ${plan} plan. Fix: set cloudflare.plan to the plan you mean to buy; the Zone component subscribes to it.` });
      }
    }
    if (!created) return violations;
    if (plan === "enterprise") {
      violations.push({ message: "The rules are sized for Enterprise on a zone this stack creates, which starts on Free and cannot buy Enterprise. Fix: adopt the Enterprise zone (cloudflare.existingZone: true) or choose pro or business." });
    } else if (paidRatePlanId(plan) !== undefined && subscriptions.length === 0) {
      violations.push({ message: `The rules are sized for the ${plan} plan, but the zone this stack creates has no ZoneSubscription, so it stays on Free and Cloudflare refuses the rulesets. Fix: let the Zone component subscribe it (cloudflare.plan: ${plan}).` });
    }
    return violations;
  },
};
