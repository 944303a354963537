import { describe, expect, it } from "vitest";
import { TYPES } from "../../model/type-tokens";
import { prodConfig, runStack, type StackRun } from "../helpers/harness";
import { runRecordingOptions } from "../helpers/resource-options";
import { Redirects } from "../../components/redirects";
import { redirectRules, siteHosts } from "../../lib/edge-rules";
import { childTypes, runComponent } from "../helpers/component";

const ZONE = "9d674f626949eac8b484948b2ab9f575";

const redirectRuleset = (stack: StackRun) => {
  const rulesets = stack.ofType(TYPES.ruleset).filter((r) => stack.parentOf(r)?.type === "launch-ready:edge:Redirects");
  expect(rulesets).toHaveLength(1);
  return stack.inputs(rulesets[0]!);
};

describe("Redirects", () => {
  it("puts every redirect in one zone ruleset of the dynamic-redirect phase: legacy URLs first, then the canonical host", async () => {
    const { stack, options } = await runRecordingOptions();
    const ruleset = redirectRuleset(stack);
    expect(ruleset).toMatchObject({ zoneId: ZONE, kind: "zone", phase: "http_request_dynamic_redirect", name: "launch-ready http_request_dynamic_redirect" });
    expect(options.get("launch-redirects-ruleset")?.deleteBeforeReplace).toBe(true);
    const rules = ruleset["rules"] as Record<string, unknown>[];
    expect(rules.map((r) => r["ref"])).toEqual([expect.stringMatching(/^legacy_coaching_packages_/), expect.stringMatching(/^legacy_book_a_call_/), expect.stringMatching(/^legacy_podcast_/), "canonical_host"]);
    expect(rules[3]).toEqual({
      ref: "canonical_host",
      description: "www.brightpath-coaching.com → brightpath-coaching.com (301, path and query kept)",
      expression: '(http.host eq "www.brightpath-coaching.com")',
      action: "redirect",
      actionParameters: { fromValue: { statusCode: 301, preserveQueryString: true, targetUrl: { expression: 'concat("https://brightpath-coaching.com", http.request.uri.path)' } } },
    });
    expect(rules[2]).toMatchObject({
      expression: '((http.host in {"brightpath-coaching.com" "www.brightpath-coaching.com"}) and (http.request.uri.path in {"/podcast" "/podcast/"}))',
      actionParameters: { fromValue: { statusCode: 302, preserveQueryString: true, targetUrl: { value: "https://brightpath.transistor.fm/" } } },
    });
  });

  it("redirects the apex to www when www is canonical", async () => {
    const stack = await runStack(prodConfig({ canonicalHost: "www", hosts: { www: { type: "CNAME", target: "site.example.net" } }, redirects: [] }));
    const rules = redirectRuleset(stack)["rules"] as Record<string, unknown>[];
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      expression: '(http.host eq "brightpath-coaching.com")',
      actionParameters: { fromValue: { targetUrl: { expression: 'concat("https://www.brightpath-coaching.com", http.request.uri.path)' } } },
    });
  });
});

describe("Redirects, constructed directly", () => {
  it("creates the one dynamic-redirect entrypoint: legacy URLs first, then the non-canonical host, 301", async () => {
    const site = siteHosts("example.com", "www");
    const redirects = [{ from: "/old-pricing", to: "/pricing", status: 301 }];
    const stack = await runComponent(() => new Redirects("redirects", { zoneId: "zone-1", site, redirects }));
    expect(childTypes(stack, "launch-ready:edge:Redirects")).toEqual({ [TYPES.ruleset]: 1 });
    const { rules, ...rest } = stack.inputs(stack.ofType(TYPES.ruleset)[0]!);
    expect(rest).toEqual({ zoneId: "zone-1", kind: "zone", phase: "http_request_dynamic_redirect", name: "launch-ready http_request_dynamic_redirect", description: "Canonical host www.example.com and legacy URLs" });
    expect(rules).toEqual(JSON.parse(JSON.stringify(redirectRules(site, redirects))));
    const last = (rules as { actionParameters: { fromValue: { statusCode: number; preserveQueryString: boolean } } }[]).at(-1)!;
    expect(last.actionParameters.fromValue).toMatchObject({ statusCode: 301, preserveQueryString: true });
  });
});
