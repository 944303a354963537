import { describe, expect, it } from "vitest";
import { MtaSts } from "../../components/mta-sts";
import { TYPES } from "../../model/type-tokens";
import { childTypes, runComponent, runRecording } from "../helpers/component";

// Constructed with its own Args; MailRecords creates it for a domain that receives mail (mail-records.test.ts).
describe("MtaSts, constructed directly", () => {
  const args = { domain: "example.com", zoneId: "zone-1", accountId: "account-1", zoneActive: true, mxHosts: ["mx1.example.net", "mx2.example.net"], reportAddresses: ["tls@example.com"] };

  it("serves a testing-mode policy for exactly the MX hosts from a Worker on mta-sts.<domain>, and announces it", async () => {
    const { stack, options } = await runRecording(() => new MtaSts("mta-sts", args));
    expect(childTypes(stack, "launch-ready:mail:MtaSts")).toEqual({ "cloudflare:index/workersScript:WorkersScript": 1, [TYPES.workersCustomDomain]: 1, [TYPES.dnsRecord]: 2 });
    const outputs = stack.ofType("launch-ready:mail:MtaSts")[0]!.outputs;
    expect(outputs).toEqual({ policy: "version: STSv1\r\nmode: testing\r\nmx: mx1.example.net\r\nmx: mx2.example.net\r\nmax_age: 604800\r\n", policyHost: "mta-sts.example.com" });
    expect(String(stack.inputs(stack.named("mta-sts-policy"))["content"])).toContain(JSON.stringify(outputs["policy"]));
    expect(stack.inputs(stack.named("mta-sts-host"))).toMatchObject({ hostname: "mta-sts.example.com", zoneId: "zone-1" });
    expect(stack.inputs(stack.named("mta-sts-record"))).toMatchObject({ type: "TXT", name: "_mta-sts.example.com", ttl: 3600, proxied: false });
    expect(stack.inputs(stack.named("mta-sts-tls-rpt"))).toMatchObject({ type: "TXT", name: "_smtp._tls.example.com", content: "v=TLSRPTv1; rua=mailto:tls@example.com" });
    for (const r of stack.ofType(TYPES.dnsRecord)) expect(options.get(r.name)?.deleteBeforeReplace).toBe(true);
  });

  it("publishes only TLS-RPT until the zone is active, and no TLS-RPT without report addresses", async () => {
    const pending = await runComponent(() => new MtaSts("mta-sts", { ...args, zoneActive: false }));
    expect(pending.resources.filter((r) => r.custom).map((r) => r.name)).toEqual(["mta-sts-tls-rpt"]);
    const silent = await runComponent(() => new MtaSts("mta-sts", { ...args, reportAddresses: [] }));
    expect(silent.ofType(TYPES.dnsRecord).map((r) => r.name)).toEqual(["mta-sts-record"]);
  });
});
