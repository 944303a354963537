import { declaredAuthPaths } from "../../../model/declared-intent";
import { canaryPages } from "../../../model/flows";
import { coverage } from "../../../model/uptime";
import type { StackRule } from "../types";
import { TYPES } from "../../../model/type-tokens";

/**
 * The key flows a visitor must be able to complete: signing in, and (when the stack publishes an api. host) the API's
 * health. Route 53 says whether the page answers; only a canary walks it like a visitor and times it for a p95.
 */
export const keyFlowsChecked: StackRule = {
  kind: "stack",
  name: "key-flows-checked",
  description:
    "Checks that the login page and, when the stack checks an API, its health endpoint are walked by a flow-check canary, because Route 53 only says a page answers, not that a visitor can use it or how slow the slowest visits are.",
  enforcementLevel: "mandatory",
  validate(resources) {
    const signIn = declaredAuthPaths(resources)?.signIn ?? [];
    const walked = new Set(resources.filter((r) => r.type === TYPES.canary).flatMap((c) => [...canaryPages(c, signIn)]));
    const checked = coverage(resources);
    const wanted = (["login", "api-health"] as const).filter((page) => page === "login" || checked.apiHostChecked || checked.pages.has("api-health"));
    return wanted
      .filter((page) => !walked.has(page))
      .map((page) => ({
        message: `No flow-check canary walks the ${page} page: add a monitoring.flows entry whose steps include it (${page === "login" ? "https://app.<domain>/login" : "https://api.<domain>/health"}), or leave monitoring.flows out for the defaults.`,
      }));
  },
};
