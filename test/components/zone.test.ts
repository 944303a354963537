import { describe, expect, it } from "vitest";
import { COMPONENTS, TYPES } from "../../model/type-tokens";
import { prodConfig, runStack } from "../helpers/harness";
import { runRecordingOptions } from "../helpers/resource-options";
import { Zone } from "../../components/zone";
import { childTypes, runComponent, runRecording } from "../helpers/component";

const ACCOUNT = "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e";

describe("Zone", () => {
  it("creates the zone protected and retained, under its component", async () => {
    const stack = await runStack();
    const zones = stack.ofType("cloudflare:index/zone:Zone");
    expect(zones).toHaveLength(1);
    const zone = zones[0]!;
    expect(zone.name).toBe("launch-zone-zone");
    expect(zone.protect).toBe(true);
    expect(stack.inputs(zone)).toEqual({ account: { id: "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e" }, name: "brightpath-coaching.com", type: "full" });
    expect(stack.parentOf(zone)?.type).toBe("launch-ready:edge:Zone");
    expect(stack.outputs["nameServers"]).toEqual(["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]);
  });

  it("adopts an existing zone without creating one", async () => {
    const stack = await runStack(prodConfig({ cloudflare: { accountId: ACCOUNT, existingZone: true } }));
    expect(stack.ofType("cloudflare:index/zone:Zone")).toHaveLength(0);
    expect(stack.outputs["zoneId"]).toMatch(/^[0-9a-f]{32}$/);
  });

  it("retains the created zone and its DNSSEC signing when the stack is destroyed", async () => {
    const { options } = await runRecordingOptions();
    expect(options.get("launch-zone-zone")).toMatchObject({ protect: true, retainOnDelete: true });
    expect(options.get("launch-zone-dnssec")?.retainOnDelete).toBe(true);
  });

  it("turns DNSSEC on for the zone, created or adopted", async () => {
    for (const existingZone of [false, true]) {
      const stack = await runStack(prodConfig({ cloudflare: { accountId: ACCOUNT, existingZone } }));
      const dnssec = stack.ofType(TYPES.zoneDnssec);
      expect(dnssec.map((r) => r.name)).toEqual(["launch-zone-dnssec"]);
      expect(stack.inputs(dnssec[0]!)).toEqual({ zoneId: stack.outputs["zoneId"], status: "active" });
      expect(stack.parentOf(dnssec[0]!)?.type).toBe("launch-ready:edge:Zone");
    }
  });

  it("gives the registrar the name servers and the DS record, whole and in parts, and says what to do there", async () => {
    const stack = await runStack();
    const digest = String(stack.outputs["dnssecDsRecord"]).split(" ")[3];
    expect(stack.outputs["dnssecDsRecord"]).toMatch(/^2371 13 2 [0-9A-F]{64}$/);
    expect(stack.outputs["dnssecDsParts"]).toEqual({ keyTag: 2371, algorithm: "13", digestType: "2", digest });
    expect(stack.outputs["registrarSteps"]).toEqual([
      "Remove any DS record a previous DNS host left at the registrar, then set the domain's name servers to exactly: ada.ns.cloudflare.com, bob.ns.cloudflare.com. Cloudflare activates the zone once it sees them (up to 24 hours).",
      `Once the zone is active, add this DS record at the registrar: 2371 13 2 ${digest} (key tag 2371, algorithm 13, digest type 2, digest ${digest}). DNSSEC shows "pending" in Cloudflare until it is published.`,
    ]);
  });

  it("declares the zone's plan in the stack outputs, where the quota rule reads it, also on a first preview", async () => {
    for (const mode of ["first-preview", "after-up"] as const) {
      const stack = await runStack(prodConfig({ cloudflare: { accountId: ACCOUNT, plan: "pro" } }), mode);
      const root = stack.resources.find((r) => r.type === COMPONENTS.stack);
      expect(root?.outputs["cloudflarePlan"], mode).toBe("pro");
    }
  });
});

describe("Zone, constructed directly", () => {
  const args = { domain: "example.com", accountId: "account-1", existingZone: false, plan: "free" as const, active: false };

  it("creates a full zone, protected and retained, with DNSSEC on and retained", async () => {
    const { stack, options } = await runRecording(() => new Zone("zone", args));
    expect(childTypes(stack, "launch-ready:edge:Zone")).toEqual({ [TYPES.zone]: 1, [TYPES.zoneDnssec]: 1 });
    expect(stack.inputs(stack.named("zone-zone"))).toEqual({ account: { id: "account-1" }, name: "example.com", type: "full" });
    expect(stack.named("zone-zone").protect).toBe(true);
    expect(options.get("zone-zone")).toMatchObject({ protect: true, retainOnDelete: true });
    expect(stack.inputs(stack.named("zone-dnssec"))).toEqual({ zoneId: expect.stringMatching(/^[0-9a-f]{32}$/), status: "active" });
    expect(stack.named("zone-dnssec").propertyDependencies["zoneId"]).toEqual([stack.named("zone-zone").urn]);
    expect(options.get("zone-dnssec")).toMatchObject({ retainOnDelete: true, ignoreChanges: ["status"] });
  });

  it("buys a paid plan with a retained subscription, and DNSSEC waits for it", async () => {
    const { stack, options } = await runRecording(() => new Zone("zone", { ...args, plan: "pro" }));
    expect(childTypes(stack, "launch-ready:edge:Zone")).toEqual({ [TYPES.zone]: 1, [TYPES.zoneSubscription]: 1, [TYPES.zoneDnssec]: 1 });
    expect(stack.inputs(stack.named("zone-subscription"))).toMatchObject({ ratePlan: { id: "pro" }, frequency: "monthly" });
    expect(options.get("zone-subscription")?.retainOnDelete).toBe(true);
    expect(stack.named("zone-dnssec").propertyDependencies["zoneId"]).toContain(stack.named("zone-subscription").urn);
  });

  it("adopts an existing zone: nothing created but DNSSEC", async () => {
    const stack = await runComponent(() => new Zone("zone", { ...args, existingZone: true, active: true }));
    expect(childTypes(stack, "launch-ready:edge:Zone")).toEqual({ [TYPES.zoneDnssec]: 1 });
  });
});
