import { describe, expect, it } from "vitest";
import snapshot from "../../cli/plan/data/route53-healthchecks-ip-ranges.json";
import { invokeResult } from "../../cli/plan/mocks";
import { TYPES } from "../../model/type-tokens";
import { fixtureStack, planFile } from "../helpers/plan-file";

describe("Route 53 health-checker addresses", () => {
  it("come from a dated snapshot of AWS's ip-ranges.json that names its source", () => {
    expect(snapshot.source).toMatch(/^https:\/\/ip-ranges\.amazonaws\.com\/ip-ranges\.json, as committed to github\.com\/joetek\/aws-ip-ranges-json .* at commit [0-9a-f]{40}, 2026-08-22\)$/);
    expect(snapshot.createDate).toBe("2026-08-22-21-17-05");
    // The hand-copied list missed these: the checkers in Singapore.
    expect(snapshot.prefixes.filter((p) => p.region === "ap-southeast-1").map((p) => p.ip_prefix)).toEqual(["54.251.31.128/26", "54.255.254.192/26"]);
    expect(snapshot.prefixes).toHaveLength(31);
    expect(snapshot.ipv6_prefixes).toHaveLength(26);
  });

  it("are what the offline plan's getIpRanges answers for the health-check service, sorted, and nothing else", () => {
    const result = invokeResult("aws:index/getIpRanges:getIpRanges", { services: ["route53_healthchecks"] }, "us-east-1");
    expect(result["cidrBlocks"]).toEqual(snapshot.prefixes.map((p) => p.ip_prefix).sort());
    expect(result["ipv6CidrBlocks"]).toEqual(snapshot.ipv6_prefixes.map((p) => p.ipv6_prefix).sort());
    expect(() => invokeResult("aws:index/getIpRanges:getIpRanges", { services: ["cloudfront"] }, "us-east-1")).toThrow(/only knows the ROUTE53_HEALTHCHECKS service/);
  });

  it("are every one exempt in the WAF's health-check skip rule", async () => {
    const doc = await planFile(fixtureStack("free-new-zone"));
    const custom = doc.resources.find((r) => r.type === TYPES.ruleset && r.inputs["phase"] === "http_request_firewall_custom");
    const expression = String((custom?.inputs["rules"] as { expression: string }[])[0]?.expression);
    for (const p of [...snapshot.prefixes.map((x) => x.ip_prefix), ...snapshot.ipv6_prefixes.map((x) => x.ipv6_prefix)]) expect(expression).toContain(p);
  });
});
