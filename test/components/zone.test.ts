import { describe, expect, it } from "vitest";
import { prodConfig, runStack } from "../helpers/harness";

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
    const stack = await runStack(prodConfig({ cloudflare: { accountId: "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e", existingZone: true } }));
    expect(stack.ofType("cloudflare:index/zone:Zone")).toHaveLength(0);
    expect(stack.outputs["zoneId"]).toMatch(/^[0-9a-f]{32}$/);
  });
});
