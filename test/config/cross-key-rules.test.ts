import { describe, expect, it } from "vitest";
import { parseSettings, type RawValues } from "../../config";
import { completeSettings } from "../../config/complete";
import { CROSS_KEY_RULES } from "../../config/cross-key-rules";
import { keyName } from "../../config/problems";
import { rawSchema } from "../../config/schema";

const ACCOUNT = "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e";
const CNAME = (target: string) => ({ type: "CNAME", target });

/** The smallest valid stack with some keys replaced. */
function stack(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    domain: "example.com",
    cloudflare: { accountId: ACCOUNT },
    hosts: { "@": CNAME("myapp.onrender.com") },
    monitoring: { alertEmails: ["ops@example.net"] },
    ...overrides,
  };
}

const asValues = (config: Record<string, unknown>): RawValues =>
  Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));

const monitoring = (extra: Record<string, unknown>) => ({ monitoring: { alertEmails: ["ops@example.net"], ...extra } });
const rule = (name: string, periodSeconds = 10) => ({ name, paths: ["/login"], requestsPerPeriod: 5, periodSeconds });
const slack = (cloudflareWebhook: boolean) => ({ workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23", cloudflareWebhook });
const flow = (name: string) => ({ name, steps: [{ url: "https://example.com/login" }] });

/** Per rule: a stack that makes it fire (and the keys it names), and one that passes every check. */
const CASES: Record<string, { fires: Record<string, unknown>; at: string[]; passes: Record<string, unknown> }> = {
  "enterprise-only-on-an-existing-zone": {
    fires: { cloudflare: { accountId: ACCOUNT, plan: "enterprise" } },
    at: ["launch-ready:cloudflare.plan"],
    passes: { cloudflare: { accountId: ACCOUNT, plan: "enterprise", existingZone: true } },
  },
  "canonical-host-has-a-record": {
    fires: { hosts: { app: CNAME("a.fly.dev") } },
    at: ["launch-ready:hosts"],
    passes: { canonicalHost: "www", hosts: { www: CNAME("a.fly.dev") } },
  },
  "redirects-within-plan-quota": {
    fires: { redirects: Array.from({ length: 10 }, (_, i) => ({ from: `/old-${i}`, to: "/" })) },
    at: ["launch-ready:redirects"],
    passes: { redirects: Array.from({ length: 9 }, (_, i) => ({ from: `/old-${i}`, to: "/" })) },
  },
  "redirects-reach-a-published-page-in-one-hop": {
    fires: { redirects: [{ from: "/a", to: "/b" }, { from: "/b", to: "/c" }, { from: "/d", to: "https://shop.example.com/" }] },
    at: ["launch-ready:redirects[0].to", "launch-ready:redirects[2].to"],
    passes: { redirects: [{ from: "/a", to: "/c" }, { from: "/b", to: "/c" }] },
  },
  "host-labels-relative-and-not-self-referencing": {
    fires: { hosts: { "@": CNAME("myapp.onrender.com"), "app.example.com": CNAME("x.fly.dev"), api: CNAME("api.example.com") } },
    at: ["launch-ready:hosts.app.example.com", "launch-ready:hosts.api.target"],
    passes: { hosts: { "@": CNAME("myapp.onrender.com"), app: CNAME("x.fly.dev") } },
  },
  "records-beside-the-template-records": {
    fires: { records: [{ name: "@", type: "TXT", content: "v=spf1 include:_spf.example.net -all" }, { name: "_dmarc", type: "TXT", content: "v=DMARC1; p=none" }] },
    at: ["launch-ready:records[0].content", "launch-ready:records[1].content"],
    passes: { records: [{ name: "send", type: "TXT", content: "v=spf1 include:amazonses.com ~all" }] },
  },
  "rate-limits-within-plan-quota": {
    fires: { rateLimits: [rule("a"), rule("b")] },
    at: ["launch-ready:rateLimits"],
    passes: { rateLimits: [rule("a")] },
  },
  "rate-limit-periods-and-actions-on-plan": {
    fires: { rateLimits: [{ ...rule("a", 60), action: "log" }] },
    at: ["launch-ready:rateLimits[0].periodSeconds", "launch-ready:rateLimits[0].action"],
    passes: { rateLimits: [{ ...rule("a", 10), action: "managed_challenge" }] },
  },
  "rate-limit-names-once": {
    fires: { cloudflare: { accountId: ACCOUNT, plan: "pro" }, rateLimits: [rule("a", 60), rule("a", 60)] },
    at: ["launch-ready:rateLimits[1].name"],
    passes: { cloudflare: { accountId: ACCOUNT, plan: "pro" }, rateLimits: [rule("a", 60), rule("b", 60)] },
  },
  "edge-ttl-at-least-plan-minimum": {
    fires: { cache: { edgeTtlSeconds: 3600 } },
    at: ["launch-ready:cache.edgeTtlSeconds"],
    passes: { cloudflare: { accountId: ACCOUNT, plan: "pro" }, cache: { edgeTtlSeconds: 3600 } },
  },
  "paths-fit-one-expression": {
    fires: { cache: { staticPaths: Array.from({ length: 200 }, (_, i) => `/static-folder-${i}/*`) } },
    at: ["launch-ready:cache.staticPaths"],
    passes: { cache: { staticPaths: ["/static-folder/*"] } },
  },
  "spf-within-lookup-limit": {
    fires: { email: { spfIncludes: Array.from({ length: 11 }, (_, i) => `spf${i}.example.net`) } },
    at: ["launch-ready:email.senders"],
    passes: { email: { spfIncludes: Array.from({ length: 10 }, (_, i) => `spf${i}.example.net`) } },
  },
  "senders-once": {
    fires: { email: { senders: ["postmark", "resend", "postmark"] } },
    at: ["launch-ready:email.senders[2]"],
    passes: { email: { senders: ["postmark", "resend"] } },
  },
  "dkim-selectors-once": {
    fires: { email: { dkim: [{ selector: "s1", value: "s1.dkim.example.net" }, { selector: "S1", value: "s1b.dkim.example.net" }] } },
    at: ["launch-ready:email.dkim[1].selector"],
    passes: { email: { dkim: [{ selector: "s1", value: "s1.dkim.example.net" }, { selector: "s2", value: "s2.dkim.example.net" }] } },
  },
  "dkim-in-a-form-the-sender-gives": {
    fires: { email: { senders: ["mailerlite"], dkim: [{ selector: "litesrv", value: "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC" }] } },
    at: ["launch-ready:email.dkim[0].value"],
    passes: { email: { senders: ["mailerlite"], dkim: [{ selector: "litesrv", value: "litesrv._domainkey.mlsend.com" }] } },
  },
  "addresses-receive-mail": {
    fires: { email: { dmarc: { rua: ["dmarc@mail.example.com"] } }, ...monitoring({ alertEmails: ["ops@example.com"] }) },
    at: ["launch-ready:email.dmarc.rua[0]", "launch-ready:monitoring.alertEmails[0]"],
    passes: { email: { inbound: "google-workspace", dmarc: { rua: ["dmarc@example.com"] } }, ...monitoring({ alertEmails: ["ops@example.com"] }) },
  },
  "mail-from-not-a-host": {
    fires: { hosts: { "@": CNAME("myapp.onrender.com"), mail: CNAME("webmail.example.net") } },
    at: ["launch-ready:email.mailFromSubdomain"],
    passes: { hosts: { "@": CNAME("myapp.onrender.com"), mail: CNAME("webmail.example.net") }, email: { mailFromSubdomain: "bounce" } },
  },
  "mta-sts-not-a-host": {
    fires: { email: { inbound: "google-workspace" }, hosts: { "@": CNAME("myapp.onrender.com"), "mta-sts": CNAME("x.fly.dev") } },
    at: ["launch-ready:hosts.mta-sts"],
    passes: { email: { inbound: "none" }, hosts: { "@": CNAME("myapp.onrender.com"), "mta-sts": CNAME("x.fly.dev") } },
  },
  "check-names-once": {
    fires: monitoring({ checks: [{ name: "home", url: "https://example.com/" }, { name: "home", url: "https://example.com/pricing" }] }),
    at: ["launch-ready:monitoring.checks[1].name"],
    passes: monitoring({ checks: [{ name: "home", url: "https://example.com/" }, { name: "pricing", url: "https://example.com/pricing" }] }),
  },
  "flow-names-once": {
    fires: monitoring({ flows: [flow("login"), flow("login")] }),
    at: ["launch-ready:monitoring.flows[1].name"],
    passes: monitoring({ flows: [flow("login"), flow("signup")] }),
  },
  "job-names-once": {
    fires: monitoring({ jobs: [{ name: "nightly", everyMinutes: 60 }, { name: "nightly", everyMinutes: 720 }] }),
    at: ["launch-ready:monitoring.jobs[1].name"],
    passes: monitoring({ jobs: [{ name: "nightly", everyMinutes: 60 }, { name: "weekly", everyMinutes: 720 }] }),
  },
  "cloudflare-webhook-needs-pro": {
    fires: monitoring({ slack: slack(true) }),
    at: ["launch-ready:monitoring.slack.cloudflareWebhook"],
    passes: { cloudflare: { accountId: ACCOUNT, plan: "pro" }, ...monitoring({ slack: slack(true) }) },
  },
  "alert-emails-once": {
    fires: monitoring({ alertEmails: ["ops@example.net", "OPS@example.net"] }),
    at: ["launch-ready:monitoring.alertEmails[1]"],
    passes: monitoring({ alertEmails: ["ops@example.net", "founder@example.net"] }),
  },
  "secret-names-once-and-not-config-keys": {
    fires: { secrets: [{ name: "apiKey" }, { name: "apiKey" }, { name: "hsts" }] },
    at: ["launch-ready:secrets[1].name", "launch-ready:secrets[2].name"],
    passes: { secrets: [{ name: "apiKey" }, { name: "stripeKey", generate: true }] },
  },
};

/** What one rule finds in a stack that passes the schema, as the user reads the keys. */
function firedAt(name: string, config: Record<string, unknown>): string[] {
  const found = CROSS_KEY_RULES.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no rule ${name}`);
  const raw = rawSchema.parse(config);
  return found.check(completeSettings(raw), { rateLimits: raw.rateLimits !== undefined }).map((p) => keyName(p.path));
}

describe("the cross-key rule table", () => {
  it("has a firing and a passing stack for every rule, and unique rule names", () => {
    const names = CROSS_KEY_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice().sort()).toEqual(Object.keys(CASES).sort());
  });

  it("names for every rule the keys it relates, as the stack file writes them", () => {
    for (const r of CROSS_KEY_RULES) {
      expect(r.keys.length, r.name).toBeGreaterThan(0);
      for (const key of r.keys) expect(key, r.name).toMatch(/^[a-zA-Z]+(\.[a-zA-Z]+|\[\])*$/);
    }
  });

  it.each(Object.entries(CASES))("%s fires at the keys to change, and passes a stack without the mistake", (name, { fires, at, passes }) => {
    expect(firedAt(name, stack(fires))).toEqual(at);
    expect(firedAt(name, stack(passes))).toEqual([]);
    // The passing stack is a valid one; the firing one is refused with the rule's problems among the others.
    const good = parseSettings(asValues(stack(passes)), "test");
    expect(good.ok ? [] : good.issues).toEqual([]);
    const bad = parseSettings(asValues(stack(fires)), "test");
    expect(bad.ok ? [] : bad.issues.map((i) => i.key)).toEqual(expect.arrayContaining(at));
  });
});
