import { describe, expect, it } from "vitest";
import { zoneProtected } from "../../policies/rules/zone/zone-protected";
import { TYPES } from "../../model/type-tokens";
import { fixture } from "../helpers/harness";

describe("zone-protected", () => {
  it("is mandatory and applies to zones only", () => {
    expect(zoneProtected.enforcementLevel).toBe("mandatory");
    expect(zoneProtected.resourceTypes).toEqual([TYPES.zone]);
  });

  it("passes a protected zone", () => {
    expect(zoneProtected.validate(fixture(TYPES.zone, { name: "example.com" }, { protect: true }))).toEqual([]);
  });

  it("fails an unprotected zone and says how to fix it", () => {
    expect(zoneProtected.validate(fixture(TYPES.zone, { name: "example.com" }))).toEqual([
      "Zone example.com is not protected: create it with { protect: true } (and retainOnDelete) so a destroy or a replacement cannot delete the domain's DNS.",
    ]);
  });
});
