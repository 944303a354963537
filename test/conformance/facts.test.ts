import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docsSeconds, parseResourceSchema, parseZoneSettingTable, periodsOf } from "../../conformance/extract";
import { awsSdkFacts, BRIDGE, CLOUDFLARE_RESOURCES, loadFacts } from "../../conformance/facts";
import { tfName } from "../../conformance/check";
import { CLOUDFLARE_PLANS, PLAN_QUOTAS } from "../../lib/cloudflare-plans";
import { PROJECT_DIR } from "../helpers/harness";

const facts = loadFacts();

describe("the facts files", () => {
  it("name their source: repository, release and commit, and each file's path", () => {
    expect(facts.provider.source).toEqual({ repo: "cloudflare/terraform-provider-cloudflare", version: "v5.22.0", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    for (const [type, resource] of Object.entries(facts.provider.resources)) expect(resource.path).toBe(`internal/services/${CLOUDFLARE_RESOURCES[type] ?? "?"}/schema.go`);
    expect(Object.keys(facts.provider.resources).sort()).toEqual(Object.keys(CLOUDFLARE_RESOURCES).sort());
    expect(facts.plans.plansData.source).toEqual({ path: "src/content/plans/index.json", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(facts.plans.rateLimiting.source).toEqual({ path: "src/content/partials/waf/rate-limiting-availability-by-plan.mdx", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    for (const pkg of Object.values(facts.aws)) expect(pkg.source.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("hold the AWS enums of exactly the SDK versions package.json pins", () => {
    const pins = (JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> });
    for (const [pkg, { source }] of Object.entries(facts.aws)) expect(pins.devDependencies[pkg] ?? pins.dependencies[pkg]).toBe(source.version);
    expect(facts.aws).toEqual(awsSdkFacts());
  });

  it("record which provider release @pulumi/cloudflare bridges, and the evidence still holds for the installed SDK", () => {
    expect(facts.provider.bridge).toEqual(BRIDGE);
    const installed = JSON.parse(readFileSync(join(PROJECT_DIR, "node_modules/@pulumi/cloudflare/package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(BRIDGE.version);
    // The SDK documents webmcp settings that the release the facts come from lacks: it bridges a later one.
    expect(readFileSync(join(PROJECT_DIR, "node_modules/@pulumi/cloudflare/zoneSetting.d.ts"), "utf8")).toMatch(/`webmcpEnabled`/);
    expect(facts.provider.zoneSettings.settings["webmcp_enabled"]).toBeUndefined();
  });

  it("settable attributes of every resource are inputs of the installed SDK (the bridge kept them)", () => {
    const missing = Object.entries(facts.provider.resources).flatMap(([type, { attributes }]) => {
      const file = type.split(":")[1]?.split("/")[1] ?? "";
      const dts = readFileSync(join(PROJECT_DIR, `node_modules/@pulumi/cloudflare/${file}.d.ts`), "utf8");
      const args = dts.slice(dts.indexOf("Args {"));
      return Object.entries(attributes)
        .filter(([path, f]) => !path.includes(".") && (f.required === true || f.optional === true))
        .map(([path]) => path)
        .filter((path) => ![path, `${path}s`, path.replace(/y$/, "ies")].some((name) => new RegExp(`\\n\\s+${name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())}\\??:`).test(args)))
        .map((path) => `${type} ${path}`);
    });
    expect(missing).toEqual([]);
  });
});

describe("lib/cloudflare-plans.ts agrees with Cloudflare's documented limits", () => {
  it.each(CLOUDFLARE_PLANS)("on %s", (plan) => {
    const quota = PLAN_QUOTAS[plan];
    const docs = facts.plans;
    expect(quota.redirectRules).toBe(docs.plansData.singleRedirectRules[plan]);
    expect(quota.cacheRules).toBe(docs.plansData.cacheRules[plan]);
    expect(quota.rateLimitRules).toBe(docs.plansData.rateLimitRules[plan]);
    expect(quota.customRules).toBe(docs.plansData.customRules[plan]);
    expect(quota.minEdgeTtlSeconds).toBe(docs.plansData.minEdgeTtlSeconds[plan]);
    expect(quota.rateLimitPeriods).toEqual(docs.rateLimiting.countingPeriods[plan]);
    expect(quota.rateLimitPathOnly).toBe(docs.rateLimiting.expressionFields[plan].every((f) => ["Path", "Verified Bot"].includes(f)));
  });
});

describe("extraction from the sources", () => {
  const schema = `package x
func ResourceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		Attributes: map[string]schema.Attribute{
			"zone_id": schema.StringAttribute{
				Description: "Identifier, \\"quoted\\" {braces}",
				Required:    true,
			},
			"rules": schema.ListNestedAttribute{
				Optional: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"action": schema.StringAttribute{
							Required: true,
							Validators: []validator.String{
								stringvalidator.OneOfCaseInsensitive("block", "skip"),
								// stringvalidator.OneOfCaseInsensitive("current"),
							},
						},
						"phases": schema.ListAttribute{
							Optional: true,
							Validators: []validator.List{listvalidator.ValueStringsAre(stringvalidator.OneOfCaseInsensitive("http_ratelimit"))},
						},
						"period": schema.Int64Attribute{Required: true, Validators: []validator.Int64{int64validator.Between(1, 65535)}},
					},
				},
			},
			"status": schema.StringAttribute{Computed: true},
		},
	}
}`;

  it("reads attribute paths, required/optional/computed and validators, ignoring comments and braces in strings", () => {
    expect(parseResourceSchema(schema)).toEqual({
      zone_id: { kind: "String", required: true },
      rules: { kind: "ListNested", optional: true },
      "rules[].action": { kind: "String", required: true, oneOf: ["block", "skip"], caseInsensitive: true },
      "rules[].phases": { kind: "List", optional: true, elementOneOf: ["http_ratelimit"] },
      "rules[].period": { kind: "Int64", required: true, min: 1, max: 65535 },
      status: { kind: "String", computed: true },
    });
  });

  it("reads the zone-setting table's values and value types", () => {
    const table = '| Setting ID | Value Type | Description |\n|---|---|---|\n| `ssl` | `"off"`, `"flexible"`, `"full"`, `"strict"` | SSL |\n| `0rtt` | `"on"` / `"off"` | 0-RTT |\n| `challenge_ttl` | Number (14 values) | ... |\n';
    expect(parseZoneSettingTable(table)).toEqual({ ssl: { values: ["off", "flexible", "full", "strict"] }, "0rtt": { values: ["on", "off"] }, challenge_ttl: { type: "Number" } });
  });

  it("reads the availability table's periods and durations", () => {
    const supported = [10, 15, 60, 90, 600, 3600, 65535, 86400];
    expect(periodsOf("10 s", supported)).toEqual([10]);
    expect(periodsOf("All supported values up to 1&nbsp;min[^3]", supported)).toEqual([10, 15, 60]);
    expect(periodsOf("All supported values up to 1&nbsp;day[^3]&nbsp;[^4]", supported)).toEqual(supported);
    expect(["2 hours", "1 hour", "1 second", "65,535&nbsp;s"].map(docsSeconds)).toEqual([7200, 3600, 1, 65535]);
  });

  it("maps Pulumi input names to the provider's", () => {
    expect(["zoneId", "actionParameters", "mitigationTimeout", "http3"].map(tfName)).toEqual(["zone_id", "action_parameters", "mitigation_timeout", "http3"]);
  });
});
