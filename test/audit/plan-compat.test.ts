import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPlan } from "../../cli/audit/plan";
import { planStack } from "../../cli/plan/plan-stack";
import { PROD_STACK_FILE } from "../helpers/harness";

// The audit reads what `npm run plan -- --json` writes: this runs the real plan and loads its document.
describe("audit --plan with a document the offline plan wrote", () => {
  it("reads every DNS record, the name servers and the DS record", async () => {
    const plan = await planStack("launch-ready", PROD_STACK_FILE);
    if (!plan.ok) throw new Error(plan.error);
    const file = join(mkdtempSync(join(tmpdir(), "audit-plan-")), "plan.json");
    writeFileSync(file, JSON.stringify(plan.document));
    const loaded = await loadPlan(file, "brightpath-coaching.com");
    const declared = plan.document.resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord");
    expect(loaded.records).toHaveLength(declared.length);
    expect(loaded.nameServers).toEqual(plan.document.outputs["nameServers"]);
    const [keyTag, algorithm, digestType, digest] = String(plan.document.outputs["dnssecDsRecord"]).split(" ");
    expect(loaded.ds).toMatchObject({ keyTag: Number(keyTag), algorithm: Number(algorithm), digestType: Number(digestType), digest: digest?.toLowerCase() });
  });
});
