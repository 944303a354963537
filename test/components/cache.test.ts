import { describe, expect, it } from "vitest";
import { TYPES } from "../../model/type-tokens";
import { prodConfig, runStack, type StackRun } from "../helpers/harness";
import { runRecordingOptions } from "../helpers/resource-options";

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
