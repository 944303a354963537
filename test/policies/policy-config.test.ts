import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENFORCEMENT_LEVELS, parsePolicyConfig, policyLevels, PolicyConfigError } from "../../policies/policy-config";

const POLICIES = [
  { name: "zone-hsts", enforcementLevel: "mandatory" },
  { name: "zone-hsts-one-year", enforcementLevel: "advisory" },
  { name: "checks-pending-until-created", enforcementLevel: "advisory" },
] as const;
const NAMES = POLICIES.map((p) => p.name);

const levels = (text: string) => Object.fromEntries(policyLevels(POLICIES, parsePolicyConfig(text, "policy-config.json", NAMES)));
const problem = (text: string) => {
  try {
    parsePolicyConfig(text, "policy-config.json", NAMES);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyConfigError);
    return (err as Error).message;
  }
  throw new Error(`expected ${text} to be refused`);
};

describe("a policy pack config file, read as the Pulumi CLI reads it", () => {
  it.each([
    ["no file content: every policy keeps its level", "  \n", { "zone-hsts": "mandatory", "zone-hsts-one-year": "advisory", "checks-pending-until-created": "advisory" }],
    ["a level as a string lowers a mandatory policy", '{"zone-hsts": "advisory"}', { "zone-hsts": "advisory", "zone-hsts-one-year": "advisory", "checks-pending-until-created": "advisory" }],
    ["a level as an object (the organization-level form)", '{"zone-hsts": {"enforcementLevel": "disabled"}}', { "zone-hsts": "disabled", "zone-hsts-one-year": "advisory", "checks-pending-until-created": "advisory" }],
    ["all sets every policy, the pending checks too", '{"all": "mandatory"}', { "zone-hsts": "mandatory", "zone-hsts-one-year": "mandatory", "checks-pending-until-created": "mandatory" }],
    ["a policy's own entry wins over all, wherever it stands", '{"zone-hsts-one-year": "remediate", "all": "disabled"}', { "zone-hsts": "disabled", "zone-hsts-one-year": "remediate", "checks-pending-until-created": "disabled" }],
    ["an empty object sets nothing, as the CLI skips it", '{"zone-hsts": {}}', { "zone-hsts": "mandatory", "zone-hsts-one-year": "advisory", "checks-pending-until-created": "advisory" }],
  ])("%s", (_, text, expected) => {
    expect(levels(text)).toEqual(expected);
  });

  it("takes the string and the object form alike, for any levels", () => {
    const entry = fc.record({ name: fc.constantFrom(...NAMES, "all"), level: fc.constantFrom(...ENFORCEMENT_LEVELS) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        const asStrings = JSON.stringify(Object.fromEntries(entries.map((e) => [e.name, e.level])));
        const asObjects = JSON.stringify(Object.fromEntries(entries.map((e) => [e.name, { enforcementLevel: e.level }])));
        expect(levels(asObjects)).toEqual(levels(asStrings));
      }),
    );
  });

  it.each([
    ["text that is not JSON", "{zone-hsts: advisory}", /^policy-config\.json is not JSON \(.+\)\. A policy pack config file is one JSON object, e\.g\. \{"all": "mandatory"/],
    ["JSON that is not an object", '["zone-hsts"]', /^policy-config\.json holds \["zone-hsts"\], not a JSON object\./],
    ["a name that is no policy of the pack", '{"zone-hst": "advisory"}', /"zone-hst" is not a policy of the pack\. Use "all" for every policy, or one of: zone-hsts, zone-hsts-one-year, checks-pending-until-created\./],
    ["a level Pulumi does not have", '{"zone-hsts": "warn"}', /"zone-hsts": "warn" is not an enforcement level: use advisory, mandatory, remediate or disabled\./],
    ["a level that is not a string", '{"all": {"enforcementLevel": 1}}', /"all": 1 is not an enforcement level: use advisory, mandatory, remediate or disabled\./],
    ["a value that is neither a level nor an object", '{"zone-hsts": true}', /"zone-hsts": true is neither a level nor an object: write "zone-hsts": "advisory" or "zone-hsts": \{"enforcementLevel": "advisory"\}\./],
    ["a property the policies do not take", '{"zone-hsts": {"enforcement": "advisory"}}', /"zone-hsts" sets "enforcement": the pack's policies take no configuration but "enforcementLevel"\./],
    ["ESC environments, which only the CLI can open", '{"environments": ["org/policy-env"]}', /"environments" names Pulumi ESC environments, which only the Pulumi CLI can open/],
  ])("refuses %s, saying what is allowed", (_, text, message) => {
    expect(problem(text)).toMatch(message);
  });

  it("reports every problem of the file at once, each on its line", () => {
    expect(problem('{"zone-hst": "advisory", "zone-hsts": "warn"}').split("\n")).toEqual([
      "policy-config.json is not a valid policy pack config:",
      expect.stringMatching(/^ {2}- "zone-hst" is not a policy of the pack\./),
      expect.stringMatching(/^ {2}- "zone-hsts": "warn" is not an enforcement level/),
    ]);
  });
});
