import { ONE_YEAR_SECONDS } from "../../lib/durations";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseSettings } from "../../config";
import { DEFAULTS } from "../../config/defaults";
import { CONFIG_REFERENCE, configReference } from "../../config/reference";
import { CONTRACT_KEYS } from "../../config/schema";

const row = (key: string) => CONFIG_REFERENCE.find((r) => r.key === key);

describe("the config reference the README's table is generated from", () => {
  it("lists every key of the contract once, then aws:region, each with a type, a default and a description", () => {
    const keys = CONFIG_REFERENCE.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => /^[a-zA-Z]+$/.test(k))).toEqual([...CONTRACT_KEYS]);
    expect(keys.at(-1)).toBe("aws:region");
    for (const r of CONFIG_REFERENCE) {
      expect(r.type.length, r.key).toBeGreaterThan(0);
      expect(r.default.length, r.key).toBeGreaterThan(0);
      expect(r.description.length, r.key).toBeGreaterThan(0);
    }
  });

  it("says each default in the words of config/defaults.ts, and each value's form as the stack file writes it", () => {
    expect(row("hsts.maxAgeSeconds")).toEqual({
      key: "hsts.maxAgeSeconds",
      type: `whole number of seconds, 0 to ${2 * ONE_YEAR_SECONDS}`,
      default: DEFAULTS["hsts.maxAgeSeconds"].says,
      description: "how long browsers keep to HTTPS after a visit (max-age); under six months only with rampStage",
    });
    expect(row("canonicalHost")).toMatchObject({ type: "apex | www", default: DEFAULTS.canonicalHost.says });
    expect(row("hosts")?.type).toBe('map of host label ("@", app, www) to { type, target, proxied }');
    expect(row("hosts.<label>.proxied")).toMatchObject({ type: "true or false", default: DEFAULTS["hosts.<label>.proxied"].says });
    expect(row("redirects[].status")?.type).toBe("301 | 302 | 303 | 307 | 308");
    expect(row("monitoring.flows[].steps[].url")).toMatchObject({ type: "https:// URL", default: "required" });
    expect(row("rateLimits")?.default).toBe(DEFAULTS.rateLimits.says);
    expect(row("hsts")?.default).toBe("each key's default");
    expect(row("domain")?.default).toBe("required");
    expect(row("aws:region")?.default).toBe(DEFAULTS.awsRegion.says);
  });

  it("the defaults config applies are the values config/defaults.ts documents", () => {
    const result = parseSettings(
      { domain: "example.com", cloudflare: JSON.stringify({ accountId: "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e" }), hosts: JSON.stringify({ "@": { type: "CNAME", target: "a.fly.dev" } }), monitoring: JSON.stringify({ alertEmails: ["ops@example.net"] }) },
      "test",
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.settings.hsts).toEqual({
      maxAgeSeconds: DEFAULTS["hsts.maxAgeSeconds"].value,
      includeSubdomains: DEFAULTS["hsts.includeSubdomains"].value,
      preload: DEFAULTS["hsts.preload"].value,
      rampStage: DEFAULTS["hsts.rampStage"].value,
    });
  });

  it("refuses a schema and defaults that disagree, so neither can drift from the other", () => {
    const described = <T extends z.ZodType>(schema: T) => schema.meta({ description: "a key" });
    expect(() => configReference({ a: described(z.number().default(2)) }, { a: { value: 1, says: "one" } })).toThrow(/a's default in the schema is not DEFAULTS\["a"\]\.value/);
    expect(() => configReference({ a: described(z.number().default(1)) }, {})).toThrow(/a has a default in the schema but no value/);
    expect(() => configReference({ a: described(z.number().optional()) }, {})).toThrow(/a may be left out/);
    expect(() => configReference({ a: described(z.number()) }, { a: { says: "derived" } })).toThrow(/a is required, yet/);
    expect(() => configReference({ a: z.number() }, {})).toThrow(/a has no description/);
    expect(() => configReference({ a: described(z.number()) }, { b: { says: "gone" } })).toThrow(/documents keys the schema does not have: b/);
    expect(configReference({ a: described(z.number().default(1)) }, { a: { value: 1, says: "one" } })).toEqual([{ key: "a", type: "number", default: "one", description: "a key" }]);
  });
});
