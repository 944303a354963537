import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHECKER_REGIONS,
  DOWN_ALARM,
  healthCheckTarget,
  keyPagesOf,
  latencyAlarm,
  stackSlug,
  type KeyPage,
} from "../../lib/uptime";

describe("healthCheckTarget", () => {
  it.each([
    [{ url: "https://example.com/" }, { type: "HTTPS", fqdn: "example.com", port: 443, resourcePath: "/", enableSni: true }],
    [
      { url: "https://app.example.com/login", expect: "Sign in" },
      { type: "HTTPS_STR_MATCH", fqdn: "app.example.com", port: 443, resourcePath: "/login", searchString: "Sign in", enableSni: true },
    ],
    [
      { url: "https://api.example.com/health?deep=1" },
      { type: "HTTPS", fqdn: "api.example.com", port: 443, resourcePath: "/health?deep=1", enableSni: true },
    ],
    [{ url: "https://example.com" }, { type: "HTTPS", fqdn: "example.com", port: 443, resourcePath: "/", enableSni: true }],
    [{ url: "https://bücher.de/" }, { type: "HTTPS", fqdn: "xn--bcher-kva.de", port: 443, resourcePath: "/", enableSni: true }],
  ])("turns %j into an HTTPS check with SNI on port 443", (check, target) => {
    expect(healthCheckTarget(check)).toEqual(target);
  });

  it("fails on a URL that is not https", () => {
    expect(() => healthCheckTarget({ url: "http://example.com/" })).toThrow("Uptime checks run over HTTPS; received http://example.com/.");
  });

  it("keeps path and query exactly and never adds a search string without expect", () => {
    fc.assert(
      fc.property(fc.webPath(), fc.webQueryParameters(), (path, query) => {
        const url = new URL(`https://example.com${path.startsWith("/") ? path : `/${path}`}${query === "" ? "" : `?${query}`}`);
        const target = healthCheckTarget({ url: url.href });
        expect(target.resourcePath).toBe(`${url.pathname}${url.search}`);
        expect("searchString" in target).toBe(false);
      }),
    );
  });
});

describe("alarm settings", () => {
  it("pages on two unhealthy minutes in a row, and when the metric stops", () => {
    expect(DOWN_ALARM).toEqual({
      namespace: "AWS/Route53",
      metricName: "HealthCheckStatus",
      statistic: "Minimum",
      periodSeconds: 60,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
      warmUpMinutes: 15,
    });
  });

  it("raises latency on two five-minute averages over the budget and ignores missing data", () => {
    expect(latencyAlarm(750)).toEqual({
      namespace: "AWS/Route53",
      metricName: "TimeToFirstByte",
      statistic: "Average",
      periodSeconds: 300,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 750,
      treatMissingData: "ignore",
    });
  });

  it("checks from at least three regions that Route 53 offers", () => {
    const valid = ["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"];
    expect(CHECKER_REGIONS.length).toBeGreaterThanOrEqual(3);
    expect(CHECKER_REGIONS.every((r) => valid.includes(r))).toBe(true);
  });
});

describe("stackSlug", () => {
  it.each([
    ["brightpath-coaching.com", "prod", "alerts", 256, "brightpath-coaching-com-prod-alerts"],
    ["xn--bcher-kva.de", "Staging_2", "home-down", 255, "xn--bcher-kva-de-staging-2-home-down"],
  ])("names %s / %s / %s", (domain, stack, suffix, max, expected) => {
    expect(stackSlug(domain, stack, suffix, max)).toBe(expected);
  });

  it("stays within the limit, uses only letters, digits and hyphens, keeps the suffix, and tells long names apart", () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    const domain = fc.array(label, { minLength: 2, maxLength: 5 }).map((labels) => labels.join("."));
    fc.assert(
      fc.property(domain, domain, fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.integer({ min: 40, max: 256 }), (a, b, stack, max) => {
        const slugA = stackSlug(a, stack, "alerts", max);
        expect(slugA.length).toBeLessThanOrEqual(max);
        expect(slugA).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
        expect(slugA.endsWith("-alerts")).toBe(true);
        if (a.replaceAll(".", "-") !== b.replaceAll(".", "-")) expect(stackSlug(b, stack, "alerts", max)).not.toBe(slugA);
      }),
    );
  });
});

describe("keyPagesOf", () => {
  const cases: [string, string | undefined, KeyPage[]][] = [
    ["example.com", "/", ["home"]],
    ["www.example.com", undefined, ["home"]],
    ["app.example.com", "/login", ["login"]],
    ["example.com", "/users/sign_in", ["login"]],
    ["example.com", "/auth/login?next=/", ["login"]],
    ["api.example.com", "/health", ["api-health"]],
    ["api.example.com", "/", ["api-health"]],
    ["app.example.com", "/api/healthz", ["api-health"]],
    ["example.com", "/pricing", []],
    ["example.com", "/loginhelp", []],
  ];
  it.each(cases)("%s%s covers %j", (fqdn, path, pages) => {
    expect(keyPagesOf(fqdn, path)).toEqual(pages);
  });
});
