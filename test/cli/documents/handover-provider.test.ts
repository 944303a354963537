import { describe, expect, it } from "vitest";
import { handover } from "../../../cli/plan/documents/handover";
import { founderPage } from "../../helpers/handover";
import { fixtureStack, planFile } from "../../helpers/plan-file";

const section = (markdown: string, heading: string) => markdown.slice(markdown.indexOf(heading), markdown.indexOf("\n## ", markdown.indexOf(heading) + 1) >>> 0);

describe("the handover pack on what the providers leave behind", () => {
  it("says in the rollback section that removing a zone setting or the paid plan changes nothing live", async () => {
    const text = section(handover(await planFile(fixtureStack("pro-active-zone"))), "## Appendix H. Rolling back");
    expect(text).toContain("Zone settings keep their last value when removed or destroyed, because the provider's delete of a zone setting does nothing: ssl");
    expect(text).toContain("The zone stays on the pro plan when the stack is destroyed or the subscription removed (the provider's delete does nothing), and Cloudflare keeps billing $25 a month billed monthly");
  });

  it("states the plan's monthly cost in what is still to do, and the step that waits for an active zone", async () => {
    const proPack = handover(await planFile(fixtureStack("pro-active-zone")));
    const pro = section(proPack, "## Appendix A. Still to do, step by step");
    expect(pro).toContain("Cloudflare bills the zone's pro plan, $25 a month billed monthly");
    expect(founderPage(proPack).todo).toContain("- [ ] Check that the Cloudflare account has a payment method for the pro plan: Appendix A.");
    const freePack = handover(await planFile(fixtureStack("free-new-zone")));
    const free = section(freePack, "## Appendix A. Still to do, step by step");
    expect(free).not.toContain("Cloudflare bills");
    expect(founderPage(freePack).todo.filter((item) => item.includes("payment method"))).toEqual([]);
    expect(free).toContain("MTA-STS starts once Cloudflare shows the zone Active: then set launch-ready:cloudflare.zoneActive to true and run pulumi up again.");
  });
});
