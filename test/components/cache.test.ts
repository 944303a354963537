import { describe, expect, it } from "vitest";
import { TYPES } from "../../model/type-tokens";
import { prodConfig, runStack, type StackRun } from "../helpers/harness";
import { runRecordingOptions } from "../helpers/resource-options";
import { Cache } from "../../components/cache";
import { cacheRules } from "../../lib/edge-rules";
import { childTypes, runComponent, runRecording } from "../helpers/component";

const cacheRuleset = (stack: StackRun) => {
  const rulesets = stack.ofType(TYPES.ruleset).filter((r) => stack.parentOf(r)?.type === "launch-ready:edge:Cache");
  expect(rulesets).toHaveLength(1);
  return stack.inputs(rulesets[0]!);
};

describe("Cache", () => {
  it("holds the static-asset rule and the bypass rule in one cache-settings ruleset", async () => {
    const { stack, options } = await runRecordingOptions();
    const ruleset = cacheRuleset(stack);
    expect(ruleset).toMatchObject({ kind: "zone", phase: "http_request_cache_settings" });
    expect(options.get("launch-cache-ruleset")?.deleteBeforeReplace).toBe(true);
    const [cached, bypass] = ruleset["rules"] as Record<string, unknown>[];
    expect(cached).toMatchObject({
      ref: "cache_static_assets",
      action: "set_cache_settings",
      actionParameters: { cache: true, edgeTtl: { mode: "override_origin", default: 2_592_000 }, browserTtl: { mode: "override_origin", default: 2_592_000 } },
    });
    expect(cached?.["expression"]).toContain('(http.request.uri.path wildcard "/_next/static/*")');
    expect(bypass).toMatchObject({ ref: "cache_bypass_dynamic", action: "set_cache_settings", actionParameters: { cache: false } });
    expect(bypass?.["expression"]).toContain('(http.request.uri.path wildcard "/password-reset*")');
    expect(bypass?.["expression"]).toContain('any(http.request.headers["authorization"][*] ne "")');
  });

  it("uses the stack's edge TTL", async () => {
    const stack = await runStack(prodConfig({ cache: { staticPaths: ["/assets/*"], bypassPaths: ["/app/*"], edgeTtlSeconds: 86_400 } }));
    const [cached] = cacheRuleset(stack)["rules"] as Record<string, unknown>[];
    expect(cached?.["actionParameters"]).toMatchObject({ edgeTtl: { default: 86_400 }, browserTtl: { default: 86_400 } });
  });
});

describe("Cache, constructed directly", () => {
  const cache = { staticPaths: ["/assets/*"], bypassPaths: ["/app/*"], edgeTtlSeconds: 86400 };

  it("creates the one cache-settings entrypoint of the zone, with the builder's rules, replaced by deleting first", async () => {
    const { stack, options } = await runRecording(() => new Cache("cache", { zoneId: "zone-1", cache }));
    expect(childTypes(stack, "launch-ready:edge:Cache")).toEqual({ [TYPES.ruleset]: 1 });
    const [ruleset] = stack.ofType(TYPES.ruleset);
    const { rules, ...rest } = stack.inputs(ruleset!);
    expect(rest).toEqual({ zoneId: "zone-1", kind: "zone", phase: "http_request_cache_settings", name: "launch-ready http_request_cache_settings", description: "Static assets cached; dynamic and signed-in requests bypass" });
    expect(rules).toEqual(JSON.parse(JSON.stringify(cacheRules(cache))));
    // Signed-in requests are never cached: a visitor must not be served another's page.
    expect(JSON.stringify(rules)).toMatch(/Authorization|authorization/);
    expect(options.get("cache-ruleset")?.deleteBeforeReplace).toBe(true);
  });
});
