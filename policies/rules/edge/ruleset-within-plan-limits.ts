import { isChallengeAction, PLAN_QUOTAS, requiredMitigationTimeout } from "../../../lib/cloudflare-plans";
import { PATH } from "../../../lib/expressions";
import { fieldsOf, parse } from "../../../lib/rule-language";
import { rulesets, zonePlan } from "../../../model/edge";
import { readingRules } from "../builders";
import type { StackRule, Violation } from "../types";

/** Fields a Free-plan rate-limit rule may read ("Path, Verified Bot": rate-limiting availability table). */
const FREE_RATE_LIMIT_FIELDS = new Set([PATH, "cf.bot_management.verified_bot"]);

export const rulesetWithinPlanLimits: StackRule = {
  kind: "stack",
  name: "ruleset-within-plan-limits",
  description:
    "Checks that each phase holds no more rules than the zone's plan allows and that rate-limit rules use only the periods, timeouts and fields the plan accepts, because Cloudflare refuses the whole ruleset otherwise and the deploy fails halfway.",
  enforcementLevel: "mandatory",
  validate(resources) {
    return readingRules(() => {
      const plan = zonePlan(resources);
      const quota = PLAN_QUOTAS[plan];
      const limits: Readonly<Record<string, number>> = {
        http_request_dynamic_redirect: quota.redirectRules,
        http_request_cache_settings: quota.cacheRules,
        http_ratelimit: quota.rateLimitRules,
        http_request_firewall_custom: quota.customRules,
      };
      const violations: Violation[] = [];
      for (const ruleset of rulesets(resources)) {
        const limit = limits[ruleset.phase];
        if (limit !== undefined && ruleset.rules.length > limit) {
          violations.push({ urn: ruleset.urn, message: `${ruleset.name} has ${ruleset.rules.length} rules in ${ruleset.phase}; the ${plan} plan allows ${limit}. Fix: remove or merge rules, or set cloudflare.plan to the plan the zone is on.` });
        }
        if (ruleset.phase !== "http_ratelimit") continue;
        for (const rule of ruleset.rules) {
          const name = rule.ref || "(no ref)";
          const period = rule.ratelimit["period"];
          const timeout = rule.ratelimit["mitigationTimeout"];
          const characteristics = Array.isArray(rule.ratelimit["characteristics"]) ? rule.ratelimit["characteristics"] : [];
          if (typeof period !== "number" || !quota.rateLimitPeriods.includes(period)) {
            violations.push({ urn: ruleset.urn, message: `Rate-limit rule ${name} counts over ${String(period)} s; the ${plan} plan accepts ${quota.rateLimitPeriods.join(", ")} s. Fix: set rateLimits[].periodSeconds to one of them.` });
          }
          const required = requiredMitigationTimeout(plan, rule.action);
          if (required !== undefined && timeout !== required) {
            violations.push({
              urn: ruleset.urn,
              message: isChallengeAction(rule.action)
                ? `Rate-limit rule ${name} challenges with a mitigation timeout of ${String(timeout)} s; below Enterprise a challenge needs 0.`
                : `Rate-limit rule ${name} blocks for ${String(timeout)} s; the free plan accepts only 10 s.`,
            });
          }
          if (!characteristics.includes("cf.colo.id")) {
            violations.push({ urn: ruleset.urn, message: `Rate-limit rule ${name} does not count per data center: characteristics must include cf.colo.id (with ip.src).` });
          }
          if (quota.rateLimitPathOnly) {
            const other = [...fieldsOf(parse(rule.expression))].filter((f) => !FREE_RATE_LIMIT_FIELDS.has(f));
            if (other.length > 0) {
              violations.push({ urn: ruleset.urn, message: `Rate-limit rule ${name} reads ${other.join(", ")}; on the ${plan} plan a rate-limit expression may only read the URI path. Fix: match on paths only.` });
            }
          }
        }
      }
      return violations;
    });
  },
};
