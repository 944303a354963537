import { describe, expect, it } from "vitest";
import { TYPES } from "../../model/type-tokens";
import { prodConfig, runStack, type StackRun } from "../helpers/harness";
import { runRecordingOptions } from "../helpers/resource-options";

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
