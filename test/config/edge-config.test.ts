import { describe, expect, it } from "vitest";
import { readStackFile } from "../../cli/plan/stack-file";
import { parseSettings, type ConfigIssue, type RawValues } from "../../config";
import { PROD_STACK_FILE, prodValue } from "../helpers/harness";
import { planCli } from "../helpers/plan-cli";

const ACCOUNT = "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e";

/** Pulumi.prod.yaml's contract values (without namespace) with some replaced. */
function prodValues(overrides: Record<string, unknown>): RawValues {
  const values: RawValues = {};
  for (const [key, text] of Object.entries(readStackFile(PROD_STACK_FILE).config)) {
    if (key.startsWith("launch-ready:")) values[key.slice("launch-ready:".length)] = text;
  }
  for (const [key, value] of Object.entries(overrides)) values[key] = value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value);
  return values;
}

function issues(overrides: Record<string, unknown>): ConfigIssue[] {
  const result = parseSettings(prodValues(overrides), "prod");
  if (result.ok) throw new Error("expected the config to be refused");
  return result.issues;
}

const redirect = (from: string, to = "/new") => ({ from, to });

describe("edge config through parseSettings", () => {
  it("accepts Pulumi.prod.yaml", () => {
    expect(parseSettings(prodValues({}), "prod").ok).toBe(true);
  });

  it.each([
    ["pricing", 'a URL path starting with "/"'],
    ["https://old.example.com/pricing", 'a URL path starting with "/"'],
    ["/search?q=coaching", "without spaces, quotes, backslashes, ? or #"],
    ["/page#top", "without spaces, quotes, backslashes, ? or #"],
    ["/blog/*", "one exact path such as /old-page (no *: each legacy URL gets its own redirect)"],
  ])("refuses a redirect from %j that is not one path, naming the key", (from, allowed) => {
    const [issue] = issues({ redirects: [redirect(from)] });
    expect(issue?.key).toBe("launch-ready:redirects[0].from");
    expect(issue?.received).toBe(JSON.stringify(from));
    expect(issue?.allowed).toContain(allowed);
  });

  it("refuses more redirects than the plan allows, counting the canonical-host rule", () => {
    const ten = Array.from({ length: 10 }, (_, i) => redirect(`/old-${i}`));
    expect(issues({ redirects: ten })).toEqual([
      {
        key: "launch-ready:redirects",
        received: expect.stringMatching(/^\[\{"from":"\/old-0"/),
        allowed: "at most 9 redirects on the free plan (10 redirect rules, one is the canonical-host redirect)",
        fix: "remove redirects, or move to a plan with more rules (cloudflare.plan)",
      },
    ]);
    expect(parseSettings(prodValues({ redirects: ten.slice(0, 9) }), "prod").ok).toBe(true);
    expect(parseSettings(prodValues({ redirects: ten, cloudflare: { accountId: ACCOUNT, plan: "pro" } }), "prod").ok).toBe(true);
  });

  it("refuses more rate-limit rules than the plan allows", () => {
    const rule = (name: string) => ({ name, paths: ["/login"], requestsPerPeriod: 10, periodSeconds: 10 });
    expect(issues({ rateLimits: [rule("a"), rule("b")] }).map((i) => [i.key, i.allowed])).toEqual([["launch-ready:rateLimits", "at most 1 rate-limit rule on the free plan"]]);
    expect(issues({ rateLimits: [rule("a"), rule("b"), rule("c")], cloudflare: { accountId: ACCOUNT, plan: "pro" } }).map((i) => i.allowed)).toEqual(["at most 2 rate-limit rules on the pro plan"]);
  });

  it("refuses an A record whose target is not an IPv4 address", () => {
    const hosts = { ...prodValue<Record<string, unknown>>("hosts"), api: { type: "A", target: "api.example.net" } };
    expect(issues({ hosts })).toEqual([
      { key: "launch-ready:hosts.api.target", received: '"api.example.net"', allowed: "for a A record, an IPv4 address such as 203.0.113.10", fix: "correct launch-ready:hosts.api.target in Pulumi.prod.yaml" },
    ]);
  });

  it("refuses a redirect to itself, to another redirected path, and a source redirected twice", () => {
    expect(issues({ redirects: [redirect("/a", "/a/")] }).map((i) => [i.key, i.allowed])).toEqual([
      ["launch-ready:redirects[0].to", "a destination that is not redirected again: /a/ is this redirect's own from path, a redirect loop that browsers stop with an error"],
    ]);
    expect(issues({ redirects: [redirect("/a", "/b"), redirect("/b", "/c")] }).map((i) => [i.key, i.fix])).toEqual([["launch-ready:redirects[0].to", "point to the final destination (/c)"]]);
    expect(issues({ redirects: [redirect("/a", "https://www.brightpath-coaching.com/b"), redirect("/b", "/c")] }).map((i) => i.key)).toEqual(["launch-ready:redirects[0].to"]);
    expect(issues({ redirects: [redirect("/a", "/x"), redirect("/a/", "/y")] }).map((i) => [i.key, i.allowed])).toEqual([
      ["launch-ready:redirects[1].from", "each from path once (redirects[0] already redirects it)"],
    ]);
    expect(parseSettings(prodValues({ redirects: [redirect("/a", "https://elsewhere.example.net/a")] }), "prod").ok).toBe(true);
  });

  it("refuses paths that do not fit in one Cloudflare expression", () => {
    const paths = Array.from({ length: 120 }, (_, i) => `/a-rather-long-legacy-path-number-${i}`);
    const [issue] = issues({ rateLimits: [{ name: "many", paths, requestsPerPeriod: 10, periodSeconds: 10 }] });
    expect(issue?.key).toBe("launch-ready:rateLimits[0].paths");
    expect(issue?.allowed).toBe("paths that fit in one Cloudflare expression (4096 characters)");
    expect(issues({ cache: { staticPaths: paths } }).map((i) => i.key)).toEqual(["launch-ready:cache.staticPaths"]);
  });
});

describe("edge config through npm run plan", () => {
  it.each([
    ["a redirect from that is not a path", { redirects: [redirect("pricing")] }, "launch-ready:redirects[0].from"],
    ["a redirect from with a wildcard", { redirects: [redirect("/blog/*")] }, "launch-ready:redirects[0].from"],
    ["more redirects than the plan allows", { redirects: Array.from({ length: 10 }, (_, i) => redirect(`/old-${i}`)) }, "launch-ready:redirects"],
    ["more rate-limit rules than the plan allows", { rateLimits: ["a", "b"].map((name) => ({ name, paths: ["/login"], requestsPerPeriod: 5, periodSeconds: 10 })) }, "launch-ready:rateLimits"],
    ["an A record target that is not IPv4", { hosts: { "@": { type: "A", target: "2001:db8::1" } } }, "launch-ready:hosts.@.target"],
  ])("exits 2 on %s, naming the key, before any resource is planned", async (_what, overrides, key) => {
    const config = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [`launch-ready:${k}`, v]));
    const { code, stdout, stderr } = await planCli("bad", config);
    expect(code).toBe(2);
    expect(stderr).toContain(`  - ${key}: received `);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe("");
  });
});
