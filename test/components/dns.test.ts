import { describe, expect, it } from "vitest";
import { TYPES } from "../../model/type-tokens";
import { prodConfig, runStack, type StackRun } from "../helpers/harness";
import { runRecordingOptions } from "../helpers/resource-options";
import { Dns } from "../../components/dns";
import { siteHosts } from "../../lib/edge-rules";
import { childTypes, runComponent } from "../helpers/component";

// What mocks cannot prove: that Cloudflare accepts the records (the provider's validation runs only on a real preview).

const ZONE = "9d674f626949eac8b484948b2ab9f575";

/** The Dns component's records as name → the inputs that matter. */
function records(stack: StackRun): Record<string, Record<string, unknown>> {
  const dns = stack.ofType(TYPES.dnsRecord).filter((r) => stack.parentOf(r)?.type === "launch-ready:edge:Dns");
  return Object.fromEntries(dns.map((r) => [r.name, stack.inputs(r)]));
}

describe("Dns", () => {
  it("creates the hosts map with full names, proxied with TTL 1, and a redirect-only www", async () => {
    const stack = await runStack();
    const got = records(stack);
    expect(got["launch-dns-apex"]).toEqual({ zoneId: ZONE, name: "brightpath-coaching.com", type: "CNAME", content: "brightpath-site.netlify.app", proxied: true, ttl: 1, comment: "launch-ready: apex host" });
    expect(got["launch-dns-host-app"]).toEqual({ zoneId: ZONE, name: "app.brightpath-coaching.com", type: "CNAME", content: "brightpath-app.fly.dev", proxied: true, ttl: 1, comment: "launch-ready: app host" });
    expect(got["launch-dns-host-api"]).toEqual({ zoneId: ZONE, name: "api.brightpath-coaching.com", type: "CNAME", content: "brightpath-api.onrender.com", proxied: true, ttl: 1, comment: "launch-ready: api host" });
    expect(got["launch-dns-host-www"]).toEqual({
      zoneId: ZONE,
      name: "www.brightpath-coaching.com",
      type: "AAAA",
      content: "100::",
      proxied: true,
      ttl: 1,
      comment: "launch-ready: redirect-only, 301 to the canonical host",
    });
  });

  it("publishes CAA for Cloudflare's four CAs, single names and wildcards, with an iodef address", async () => {
    const stack = await runStack();
    const caa = Object.entries(records(stack)).filter(([, r]) => r["type"] === "CAA");
    expect(caa.map(([name]) => name)).toEqual([
      "launch-dns-caa-issue-letsencrypt.org",
      "launch-dns-caa-issue-pki.goog",
      "launch-dns-caa-issue-ssl.com",
      "launch-dns-caa-issue-sectigo.com",
      "launch-dns-caa-issuewild-letsencrypt.org",
      "launch-dns-caa-issuewild-pki.goog",
      "launch-dns-caa-issuewild-ssl.com",
      "launch-dns-caa-issuewild-sectigo.com",
      "launch-dns-caa-iodef",
    ]);
    for (const [, record] of caa) expect(record).toMatchObject({ zoneId: ZONE, name: "brightpath-coaching.com", ttl: 3600 });
    expect(caa.map(([, r]) => r["data"])).toContainEqual({ flags: 0, tag: "issue", value: "pki.goog; cansignhttpexchanges=yes" });
    expect(caa.at(-1)?.[1]["data"]).toEqual({ flags: 0, tag: "iodef", value: "mailto:ops@brightpath-coaching.com" });
  });

  it("keeps a www the stack defines, and gives DNS-only records a real TTL", async () => {
    const stack = await runStack(
      prodConfig({
        hosts: { "@": { type: "A", target: "93.184.215.14" }, www: { type: "CNAME", target: "site.example.net" }, legacy: { type: "A", target: "203.0.113.11", proxied: false } },
      }),
    );
    const got = records(stack);
    expect(got["launch-dns-host-www"]).toMatchObject({ name: "www.brightpath-coaching.com", type: "CNAME", content: "site.example.net", proxied: true, ttl: 1 });
    expect(got["launch-dns-host-legacy"]).toMatchObject({ name: "legacy.brightpath-coaching.com", type: "A", proxied: false, ttl: 300 });
    expect(Object.values(got).filter((r) => r["name"] === "www.brightpath-coaching.com")).toHaveLength(1);
  });

  it("with www canonical, puts the redirect-only placeholder on the apex", async () => {
    const stack = await runStack(prodConfig({ canonicalHost: "www", hosts: { www: { type: "CNAME", target: "site.example.net" } } }));
    const got = records(stack);
    expect(got["launch-dns-apex"]).toEqual({
      zoneId: ZONE,
      name: "brightpath-coaching.com",
      type: "AAAA",
      content: "100::",
      proxied: true,
      ttl: 1,
      comment: "launch-ready: redirect-only, 301 to the canonical host",
    });
  });

  it("deletes a record before creating its replacement and keeps its name when its type changes", async () => {
    const { stack, options } = await runRecordingOptions();
    for (const name of Object.keys(records(stack))) expect(options.get(name)?.deleteBeforeReplace, name).toBe(true);
    const asA = records((await runRecordingOptions(prodConfig({ hosts: { "@": { type: "A", target: "93.184.215.14" }, app: { type: "A", target: "93.184.215.15" } } }))).stack);
    expect(asA["launch-dns-host-app"]).toMatchObject({ type: "A", content: "93.184.215.15" });
  });
});

describe("Dns, constructed directly", () => {
  const args = {
    zoneId: "zone-1",
    domain: "example.com",
    site: siteHosts("example.com", "apex"),
    hosts: { "@": { type: "A" as const, target: "203.0.113.10", proxied: true }, app: { type: "CNAME" as const, target: "app.fly.dev", proxied: false } },
    records: [{ name: "send", type: "MX" as const, content: "feedback-smtp.eu-west-1.amazonses.com", proxied: false, priority: 10 }],
    caaReportEmail: "ops@example.com",
  };

  it("creates each host, a proxied redirect-only placeholder for the other host, the extra records and the CAA set", async () => {
    const stack = await runComponent(() => new Dns("dns", args));
    const got = Object.fromEntries(stack.ofType(TYPES.dnsRecord).map((r) => [r.name, stack.inputs(r)]));
    expect(got["dns-apex"]).toEqual({ zoneId: "zone-1", name: "example.com", type: "A", content: "203.0.113.10", proxied: true, ttl: 1, comment: "launch-ready: apex host" });
    // DNS-only: five minutes, so a host can move quickly during launch week.
    expect(got["dns-host-app"]).toEqual({ zoneId: "zone-1", name: "app.example.com", type: "CNAME", content: "app.fly.dev", proxied: false, ttl: 300, comment: "launch-ready: app host" });
    expect(got["dns-host-www"]).toEqual({ zoneId: "zone-1", name: "www.example.com", type: "AAAA", content: "100::", proxied: true, ttl: 1, comment: "launch-ready: redirect-only, 301 to the canonical host" });
    const extra = Object.entries(got).filter(([name]) => name.startsWith("dns-record-"));
    expect(extra.map(([, r]) => r)).toEqual([
      { zoneId: "zone-1", name: "send.example.com", type: "MX", content: "feedback-smtp.eu-west-1.amazonses.com", proxied: false, ttl: 300, priority: 10, comment: "launch-ready: extra MX record (records)" },
    ]);
    const caa = Object.values(got).filter((r) => r["type"] === "CAA");
    expect(caa.every((r) => r["name"] === "example.com" && r["ttl"] === 3600)).toBe(true);
    expect(caa.map((r) => r["data"])).toContainEqual({ flags: 0, tag: "iodef", value: "mailto:ops@example.com" });
    expect(childTypes(stack, "launch-ready:edge:Dns")).toEqual({ [TYPES.dnsRecord]: 4 + caa.length });
  });

  it("adds no placeholder when the hosts name the other host themselves", async () => {
    const hosts = { ...args.hosts, www: { type: "CNAME" as const, target: "example.netlify.app", proxied: true } };
    const stack = await runComponent(() => new Dns("dns", { ...args, hosts }));
    expect(stack.ofType(TYPES.dnsRecord).filter((r) => stack.inputs(r)["content"] === "100::")).toEqual([]);
  });
});
