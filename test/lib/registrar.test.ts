import { describe, expect, it } from "vitest";
import { registrarSteps } from "../../lib/registrar";

const ds = { ds: "2371 13 2 ABCD", keyTag: 2371, algorithm: "13", digestType: "2", digest: "ABCD" };

describe("registrarSteps", () => {
  it("for a new zone: clear an old DS, delegate, then publish the new DS", () => {
    expect(registrarSteps(["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"], ds, false)).toEqual([
      "Remove any DS record a previous DNS host left at the registrar, then set the domain's name servers to exactly: ada.ns.cloudflare.com, bob.ns.cloudflare.com. Cloudflare activates the zone once it sees them (up to 24 hours).",
      'Once the zone is active, add this DS record at the registrar: 2371 13 2 ABCD (key tag 2371, algorithm 13, digest type 2, digest ABCD). DNSSEC shows "pending" in Cloudflare until it is published.',
    ]);
  });

  it("for an adopted zone: check the delegation instead of changing it", () => {
    expect(registrarSteps(["ada.ns.cloudflare.com"], ds, true)[0]).toBe("Check that the registrar delegates the domain to exactly these name servers: ada.ns.cloudflare.com.");
  });
});
