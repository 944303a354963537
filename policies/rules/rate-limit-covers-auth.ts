import { PATH } from "../../lib/expressions";
import { parse, valuesComparedWith } from "../../lib/rule-language";
import { phaseRules, rateLimitsFor, readingRules, samplePath, VISITOR_IP, zoneApex } from "./edge-state";
import type { StackRule } from "./types";

/** Which paths count as sign-in and as password reset, by the words apps use for them. */
const CONCERNS = [
  { what: "sign-in", example: "/login", word: /(log|sign)[-_]?in|auth/i },
  { what: "password reset", example: "/password-reset", word: /password|passwd|reset|forgot|recover/i },
] as const;

export const rateLimitCoversAuth: StackRule = {
  kind: "stack",
  name: "rate-limit-covers-auth",
  description:
    "Checks that an enforcing rate-limit rule counts requests to the sign-in and password-reset paths from an ordinary visitor, because those are where passwords are guessed and reset mails are sprayed.",
  enforcementLevel: "mandatory",
  validate(resources) {
    return readingRules(() => {
      const host = zoneApex(resources) ?? "example.com";
      const paths = phaseRules(resources, "http_ratelimit").flatMap((rule) => valuesComparedWith(parse(rule.expression), PATH));
      return CONCERNS.flatMap(({ what, example, word }) => {
        const candidates = paths.filter((p) => word.test(p));
        const covered = candidates.some((p) => rateLimitsFor(resources, { host, path: samplePath(p), ip: VISITOR_IP, method: "POST" }).length > 0);
        if (covered) return [];
        const found = candidates.length === 0 ? `no rate-limit rule names a ${what} path` : `${candidates.join(", ")} ${candidates.length === 1 ? "is" : "are"} named but no enforcing rule counts it for an ordinary visitor`;
        return [{ message: `Nothing rate-limits ${what}: ${found}. Fix: add your ${what} path (such as ${example}) to rateLimits[].paths with action block or managed_challenge.` }];
      });
    });
  },
};
