import { PATH } from "../../../lib/expressions";
import { parse, valuesComparedWith, type Probe } from "../../../lib/rule-language";
import { cachedByRules, phaseRules, samplePath, zoneApex } from "../../../model/edge";
import { readingRules } from "../builders";
import { declaredAuthPaths } from "../../../model/declared-intent";
import type { StackRule } from "../types";

/** Paths of the app, the API and authentication in the template's defaults and in common frameworks; the stack's own auth pages are added. */
const DYNAMIC_PATHS = ["/login", "/logout", "/signup", "/password-reset", "/app/", "/app/dashboard", "/api/v1/me", "/auth/callback", "/account/settings"];
/** What a signed-in browser or API client sends. */
const CREDENTIALS: readonly { label: string; headers: Record<string, string[]> }[] = [
  { label: "an Authorization header", headers: { authorization: ["Bearer launch-ready-probe"] } },
  { label: "a session cookie", headers: { cookie: ["theme=dark; session=launch-ready-probe"] } },
];

export const cacheNeverDynamic: StackRule = {
  kind: "stack",
  name: "cache-never-dynamic",
  description:
    "Checks that no cache rule makes app, API or auth pages, or any request with an Authorization header or session cookie, eligible for caching, because a cached personal page is served to the next visitor.",
  enforcementLevel: "mandatory",
  validate(resources) {
    return readingRules(() => {
      const host = zoneApex(resources) ?? "example.com";
      const declared = declaredAuthPaths(resources);
      const dynamicPaths = [...new Set([...DYNAMIC_PATHS, ...(declared === undefined ? [] : [...declared.signIn, ...declared.passwordReset, ...declared.signUp].map(samplePath))])];
      const cachingRules = phaseRules(resources, "http_request_cache_settings").filter((r) => r.actionParameters["cache"] === true);
      if (cachingRules.length === 0) return [];
      // The static paths the caching rules name, as requests: a signed-in browser fetches those too.
      const staticPaths = cachingRules.flatMap((r) => valuesComparedWith(parse(r.expression), PATH)).map(samplePath);
      const probes: { probe: Probe; why: string }[] = [
        ...dynamicPaths.map((path) => ({ probe: { host, path }, why: `${path} (a dynamic page)` })),
        ...[...dynamicPaths, ...staticPaths].flatMap((path) =>
          CREDENTIALS.map(({ label, headers }) => ({ probe: { host, path, headers }, why: `${path} with ${label}` })),
        ),
      ];
      const leaks = probes.filter(({ probe }) => cachedByRules(resources, probe)).map(({ why }) => why);
      if (leaks.length === 0) return [];
      return [
        {
          message: `Cache rules make private responses cacheable: ${leaks.slice(0, 5).join("; ")}${leaks.length > 5 ? ` and ${leaks.length - 5} more` : ""}. Fix: keep dynamic paths in cache.bypassPaths and static paths out of them, and end the cache ruleset with the bypass rule for credentials (the Cache component does).`,
        },
      ];
    });
  },
};
