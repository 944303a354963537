import { describe, expect, it } from "vitest";
import { TYPES } from "../../model/type-tokens";
import { prodConfig, runStack, type StackRun } from "../helpers/harness";
import { Tls } from "../../components/tls";
import { childTypes, runComponent } from "../helpers/component";

const ZONE = "9d674f626949eac8b484948b2ab9f575";

const settings = (stack: StackRun) =>
  Object.fromEntries(stack.ofType(TYPES.zoneSetting).filter((r) => stack.parentOf(r)?.type === "launch-ready:edge:Tls").map((r) => [r.name, stack.inputs(r)]));

describe("Tls", () => {
  it("sets every TLS, HSTS and speed setting with the API's exact ids and values", async () => {
    const stack = await runStack();
    expect(settings(stack)).toEqual({
      "launch-tls-ssl": { zoneId: ZONE, settingId: "ssl", value: "strict" },
      "launch-tls-always-use-https": { zoneId: ZONE, settingId: "always_use_https", value: "on" },
      "launch-tls-min-tls-version": { zoneId: ZONE, settingId: "min_tls_version", value: "1.2" },
      "launch-tls-tls-1-3": { zoneId: ZONE, settingId: "tls_1_3", value: "on" },
      "launch-tls-automatic-https-rewrites": { zoneId: ZONE, settingId: "automatic_https_rewrites", value: "on" },
      "launch-tls-hsts": {
        zoneId: ZONE,
        settingId: "security_header",
        value: { strict_transport_security: { enabled: true, max_age: 31_536_000, include_subdomains: true, preload: false, nosniff: true } },
      },
      "launch-tls-http3": { zoneId: ZONE, settingId: "http3", value: "on" },
      "launch-tls-early-hints": { zoneId: ZONE, settingId: "early_hints", value: "on" },
    });
  });

  it("sets preload only when the stack opts in, with includeSubDomains and at least a year", async () => {
    const stack = await runStack(prodConfig({ hsts: { maxAgeSeconds: 63_072_000, includeSubdomains: true, preload: true } }));
    expect(settings(stack)["launch-tls-hsts"]?.["value"]).toEqual({
      strict_transport_security: { enabled: true, max_age: 63_072_000, include_subdomains: true, preload: true, nosniff: true },
    });
  });

  it("creates the same settings on every plan: none of them is gated on Free", async () => {
    const names = async (plan: string) => Object.keys(settings(await runStack(prodConfig({ cloudflare: { accountId: "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e", plan } })))).sort();
    const free = await names("free");
    expect(await names("business")).toEqual(free);
    expect(free).not.toContain("launch-tls-http2");
  });
});

describe("Tls, constructed directly", () => {
  it("sets the eight zone settings (strict TLS to the origin, no 0-RTT, HSTS as given) and says whether HSTS is a ramp step", async () => {
    const hsts = { maxAgeSeconds: 300, includeSubdomains: false, preload: false, rampStage: true };
    const stack = await runComponent(() => new Tls("tls", { zoneId: "zone-1", hsts }));
    expect(childTypes(stack, "launch-ready:edge:Tls")).toEqual({ [TYPES.zoneSetting]: 8 });
    const values = stack.ofType(TYPES.zoneSetting).map((r) => stack.inputs(r));
    expect(values.every((v) => v["zoneId"] === "zone-1")).toBe(true);
    expect(Object.fromEntries(values.map((v) => [v["settingId"], v["value"]]))).toEqual({
      ssl: "strict",
      always_use_https: "on",
      min_tls_version: "1.2",
      tls_1_3: "on",
      automatic_https_rewrites: "on",
      security_header: { strict_transport_security: { enabled: true, max_age: 300, include_subdomains: false, preload: false, nosniff: true } },
      http3: "on",
      early_hints: "on",
    });
    expect(stack.ofType("launch-ready:edge:Tls")[0]?.outputs).toEqual({ hstsRampStage: true });
  });

  it("declares no ramp step unless told", async () => {
    const stack = await runComponent(() => new Tls("tls", { zoneId: "zone-1", hsts: { maxAgeSeconds: 31536000, includeSubdomains: true, preload: false } }));
    expect(stack.ofType("launch-ready:edge:Tls")[0]?.outputs).toEqual({ hstsRampStage: false });
  });
});
