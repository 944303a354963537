import { PATH } from "../../../lib/expressions";
import { parse, valuesComparedWith } from "../../../lib/rule-language";
import type { AuthPaths } from "../../../lib/edge-rules";
import { declaredAuthPaths } from "../../../model/declared-intent";
import { phaseRules, rateLimitsFor, samplePath, VISITOR_IP, zoneApex } from "../../../model/edge";
import { readingRules } from "../builders";
import type { StackRule } from "../types";

/**
 * Which paths count as sign-in, password reset and sign-up: the ones the stack names (authPaths), else those the
 * rate-limit rules name with the words English apps use.
 */
const CONCERNS = [
  { what: "sign-in", key: "signIn", example: "/login", word: /(log|sign)[-_]?in|auth/i },
  { what: "password reset", key: "passwordReset", example: "/password-reset", word: /password|passwd|reset|forgot|recover/i },
  { what: "sign-up", key: "signUp", example: "/signup", word: /sign[-_]?up|register/i },
] as const satisfies readonly { what: string; key: keyof AuthPaths; example: string; word: RegExp }[];

export const rateLimitCoversAuth: StackRule = {
  kind: "stack",
  name: "rate-limit-covers-auth",
  description:
    "Checks that an enforcing rate-limit rule counts requests from an ordinary visitor to every sign-in, password-reset and sign-up path the stack names (English defaults), because those are where passwords are guessed, reset mails are sprayed and fake accounts are made.",
  enforcementLevel: "mandatory",
  validate(resources) {
    return readingRules(() => {
      const host = zoneApex(resources) ?? "example.com";
      const declared = declaredAuthPaths(resources);
      const named = phaseRules(resources, "http_ratelimit").flatMap((rule) => valuesComparedWith(parse(rule.expression), PATH));
      return CONCERNS.flatMap(({ what, key, example, word }) => {
        // Without a declaration, sign-up is not required: older stacks named only sign-in and reset.
        if (declared === undefined && key === "signUp") return [];
        const candidates = declared?.[key] ?? named.filter((p) => word.test(p));
        const counted = (p: string) => rateLimitsFor(resources, { host, path: samplePath(p), ip: VISITOR_IP, method: "POST" }).length > 0;
        const uncovered = declared === undefined ? (candidates.some(counted) ? [] : candidates) : candidates.filter((p) => !counted(p));
        if (candidates.length > 0 && uncovered.length === 0) return [];
        const found = candidates.length === 0 ? `no rate-limit rule names a ${what} path` : `${uncovered.join(", ")} ${uncovered.length === 1 ? "is" : "are"} not counted by an enforcing rule for an ordinary visitor`;
        return [{ message: `Nothing rate-limits ${what}: ${found}. Fix: add your ${what} path (such as ${declared?.[key][0] ?? example}) to rateLimits[].paths with action block or managed_challenge, or leave rateLimits out to get the defaults built from authPaths.` }];
      });
    });
  },
};
