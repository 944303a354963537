import { ALERT_TYPE_PLANS, EDGE_ALERTS, webhooksAllowed } from "../../../lib/edge-alerts";
import { zonePlan } from "../../../model/edge";
import type { StackRule, Violation } from "../types";
import { TYPES } from "../../../model/type-tokens";
import { record } from "../../../model/props";

export const edgeAlertsMatchPlan: StackRule = {
  kind: "stack",
  name: "edge-alerts-match-plan",
  description:
    "Checks that the stack has every Cloudflare notification its zone's plan offers (DDoS attack, origin unreachable, edge certificate), none its plan lacks, webhooks only on Pro and up, and no empty mechanism list, because Cloudflare refuses what the plan lacks and an empty list drifts on every preview (cloudflare/terraform-provider-cloudflare#7342).",
  enforcementLevel: "mandatory",
  validate(resources) {
    const plan = zonePlan(resources);
    const policies = resources.filter((r) => r.type === TYPES.notificationPolicy);
    const violations: Violation[] = [];
    for (const policy of policies) {
      const alertType = String(policy.props["alertType"] ?? "");
      const subject = `Cloudflare notification ${String(policy.props["name"] ?? policy.name)} (${alertType})`;
      const plans = ALERT_TYPE_PLANS[alertType];
      if (plans !== undefined && !plans.includes(plan)) {
        violations.push({ urn: policy.urn, message: `${subject} needs the ${plans.join(" or ")} plan; the zone is on ${plan}. Remove it, or set cloudflare.plan to the zone's real plan.` });
      }
      const mechanisms = record(policy.props["mechanisms"]);
      for (const [kind, list] of Object.entries(mechanisms)) {
        if (Array.isArray(list) && list.length === 0) {
          violations.push({ urn: policy.urn, message: `${subject} sets an empty ${kind} list: Cloudflare reads it back differently and every preview shows a change. Leave the key out.` });
        }
      }
      if (Array.isArray(mechanisms["webhooks"]) && mechanisms["webhooks"].length > 0 && !webhooksAllowed(plan)) {
        violations.push({ urn: policy.urn, message: `${subject} sends to a webhook, which needs a Pro (or higher) zone in the account; the zone is on ${plan}. Use e-mail (monitoring.alertEmails).` });
      }
      if (!Array.isArray(mechanisms["emails"]) || mechanisms["emails"].length === 0) {
        violations.push({ urn: policy.urn, message: `${subject} e-mails nobody: add the alert addresses to mechanisms.emails.` });
      }
    }
    const present = new Set(policies.map((p) => String(p.props["alertType"])));
    for (const alert of EDGE_ALERTS.filter((a) => a.plans.includes(plan) && !present.has(a.alertType))) {
      violations.push({ message: `The ${plan} plan offers the Cloudflare notification ${alert.alertType} (${alert.role}), and the stack has none: ${alert.description}` });
    }
    return violations;
  },
};
