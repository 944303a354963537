import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSettings, type ConfigIssue, type RawValues } from "../../config";
import { PLAN_QUOTAS } from "../../lib/cloudflare-plans";
import { registrableProblem } from "../../lib/domain";

const ACCOUNT = "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e";

/** The smallest valid stack: every required key, everything else defaulted. */
function minimal(overrides: Record<string, unknown> = {}): RawValues {
  const base: Record<string, unknown> = {
    domain: "example.com",
    cloudflare: { accountId: ACCOUNT },
    hosts: { "@": { type: "CNAME", target: "myapp.onrender.com" } },
    monitoring: { alertEmails: ["ops@example.net"] },
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(base).flatMap(([k, v]) => (v === undefined ? [] : [[k, typeof v === "string" ? v : JSON.stringify(v)]])),
  );
}

function settingsOf(values: RawValues) {
  const result = parseSettings(values, "test");
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.key}: ${i.allowed}`).join("\n"));
  return result.settings;
}

function issuesOf(values: RawValues): ConfigIssue[] {
  const result = parseSettings(values, "test");
  if (result.ok) throw new Error("expected the config to be refused");
  return result.issues;
}

describe("parseSettings defaults", () => {
  it("fills every default of the contract", () => {
    const s = settingsOf(minimal());
    expect(s.canonicalHost).toBe("apex");
    expect(s.cloudflare).toEqual({ accountId: ACCOUNT, plan: "free", existingZone: false, zoneActive: false });
    expect(s.hosts).toEqual({ "@": { type: "CNAME", target: "myapp.onrender.com", proxied: true } });
    expect(s.redirects).toEqual([]);
    expect(s.hsts).toEqual({ rampStage: false, maxAgeSeconds: 31_536_000, includeSubdomains: true, preload: false });
    expect(s.email).toEqual({
      transactional: "ses",
      mailFromSubdomain: "mail",
      inbound: "none",
      senders: [],
      spfIncludes: [],
      spfAll: "-all",
      dkim: [],
      dmarc: { policy: "none", rua: [], testing: false },
    });
    expect(s.rateLimits).toEqual([
      { name: "auth-and-api", paths: ["/login", "/password-reset", "/signup", "/api/*"], requestsPerPeriod: 50, periodSeconds: 10, action: "block" },
    ]);
    expect(s.cache.edgeTtlSeconds).toBe(2_592_000);
    expect(s.monitoring).toEqual({
      alertEmails: ["ops@example.net"],
      latencyBudgetMs: 1000,
      checks: [
        { name: "home", url: "https://example.com/" },
        { name: "login", url: "https://example.com/login" },
      ],
      // The login check is the one key flow; canaries run in aws:region; every alert kind is owned by the first address.
      flows: [{ name: "login", steps: [{ url: "https://example.com/login" }], everyMinutes: 15 }],
      flowRegion: "us-east-1",
      errorRatePercent: 10,
      owners: { down: "ops@example.net", errors: "ops@example.net", slow: "ops@example.net", edge: "ops@example.net", jobs: "ops@example.net" },
      errorTracking: false,
      jobs: [],
    });
    expect(s.secrets).toEqual([]);
    expect(s.authPaths).toEqual({ signIn: ["/login"], passwordReset: ["/password-reset"], signUp: ["/signup"] });
    expect(s.records).toEqual([]);
    expect(s.awsRegion).toBe("us-east-1");
  });

  it("builds rate limits, cache bypass and the login check from the stack's own auth pages", () => {
    const authPaths = { signIn: ["/connexion"], passwordReset: ["/mot-de-passe-oublie"], signUp: ["/inscription"] };
    const free = settingsOf(minimal({ authPaths }));
    expect(free.rateLimits.map((r) => r.paths)).toEqual([["/connexion", "/mot-de-passe-oublie", "/inscription", "/api/*"]]);
    expect(free.cache.bypassPaths).toEqual(expect.arrayContaining(["/connexion*", "/mot-de-passe-oublie*", "/inscription*", "/login*"]));
    expect(free.monitoring.checks).toContainEqual({ name: "login", url: "https://example.com/connexion" });
    const pro = settingsOf(minimal({ authPaths, cloudflare: { accountId: ACCOUNT, plan: "pro" } }));
    expect(pro.rateLimits[0]).toMatchObject({ name: "auth", paths: ["/connexion", "/mot-de-passe-oublie", "/inscription"] });
  });

  it("gives paid plans one rate-limit rule per concern", () => {
    const s = settingsOf(minimal({ cloudflare: { accountId: ACCOUNT, plan: "pro" } }));
    expect(s.rateLimits.map((r) => [r.name, r.paths, r.requestsPerPeriod, r.periodSeconds, r.action])).toEqual([
      ["auth", ["/login", "/password-reset", "/signup"], 10, 60, "managed_challenge"],
      ["api", ["/api/*"], 300, 60, "block"],
    ]);
  });

  it("derives uptime checks from the app and api hosts", () => {
    const s = settingsOf(
      minimal({
        canonicalHost: "www",
        hosts: { www: { type: "CNAME", target: "site.netlify.app" }, app: { type: "CNAME", target: "a.fly.dev" }, api: { type: "A", target: "203.0.113.5", proxied: false } },
      }),
    );
    expect(s.monitoring.checks).toEqual([
      { name: "home", url: "https://www.example.com/" },
      { name: "login", url: "https://app.example.com/login" },
      { name: "api-health", url: "https://api.example.com/health" },
    ]);
  });

  it("returns a deeply frozen object", () => {
    const s = settingsOf(minimal());
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.hosts["@"])).toBe(true);
    expect(Object.isFrozen(s.monitoring.alertEmails)).toBe(true);
  });
});

describe("parseSettings normalisation", () => {
  it("publishes a Unicode domain and address domains as lowercase punycode", () => {
    const s = settingsOf(
      minimal({
        domain: "Bücher.DE",
        email: { inbound: "google-workspace", dmarc: { rua: ["mailto:Berichte@Bücher.de"] } },
        monitoring: { alertEmails: ["ops@München.de"] },
      }),
    );
    // Well-known IDNA forms (RFC 3492 examples in registrar documentation).
    expect(s.domain).toBe("xn--bcher-kva.de");
    expect(s.email.dmarc.rua).toEqual(["Berichte@xn--bcher-kva.de"]);
    expect(s.monitoring.alertEmails).toEqual(["ops@xn--mnchen-3ya.de"]);
  });

  it("lowercases host labels and accepts a trailing dot on the domain", () => {
    const s = settingsOf(minimal({ domain: "Example.com.", hosts: { "@": { type: "A", target: "93.184.215.14" }, APP: { type: "CNAME", target: "x.fly.dev" } } }));
    expect(s.domain).toBe("example.com");
    expect(Object.keys(s.hosts)).toEqual(["@", "app"]);
  });

  it("normalises any case of a domain to the same result (idempotent)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/), fc.constantFrom("com", "io", "coach"), (name, tld) => {
        // Some such names are public suffixes themselves (co.io, com.io): refused, as test/lib/domain.test.ts checks.
        fc.pre(registrableProblem(`${name}.${tld}`) === undefined);
        const once = settingsOf(minimal({ domain: `${name.toUpperCase()}.${tld}` })).domain;
        expect(settingsOf(minimal({ domain: once })).domain).toBe(once);
        expect(once).toBe(`${name}.${tld}`);
      }),
    );
  });
});

describe("parseSettings refuses bad config with the key named", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["a domain with spaces", { domain: "my domain.com" }, "launch-ready:domain", /a domain name/],
    ["a bare word as domain", { domain: "localhost" }, "launch-ready:domain", /a domain name/],
    ["canonicalHost: blog", { canonicalHost: "blog" }, "launch-ready:canonicalHost", /one of apex, www/],
    ["a negative latency budget", { monitoring: { alertEmails: ["ops@example.net"], latencyBudgetMs: -5 } }, "launch-ready:monitoring.latencyBudgetMs", /from 1 to 60000/],
    ["a zero latency budget", { monitoring: { alertEmails: ["ops@example.net"], latencyBudgetMs: 0 } }, "launch-ready:monitoring.latencyBudgetMs", /from 1 to 60000/],
    ["a DMARC report address that is not an e-mail", { email: { dmarc: { rua: ["reports"] } } }, "launch-ready:email.dmarc.rua[0]", /an e-mail address/],
    ["an unknown sender id", { email: { senders: ["mailchimp"] } }, "launch-ready:email.senders[0]", /google-workspace, microsoft-365, postmark, sendgrid, mailgun, resend, zoho/],
    ["an empty alertEmails", { monitoring: { alertEmails: [] } }, "launch-ready:monitoring.alertEmails", /at least one e-mail address/],
    ["a check URL that is not https", { monitoring: { alertEmails: ["ops@example.net"], checks: [{ name: "home", url: "http://example.com/" }] } }, "launch-ready:monitoring.checks[0].url", /https:\/\//],
    ["an A record target that is not IPv4", { hosts: { "@": { type: "A", target: "example.net" } } }, "launch-ready:hosts.@.target", /IPv4 address/],
    ["a redirect from that is not a path", { redirects: [{ from: "old-page", to: "/new" }] }, "launch-ready:redirects[0].from", /starting with "\/"/],
    ["an unknown key", { cloudflare: { accountId: ACCOUNT, plna: "pro" } }, "launch-ready:cloudflare.plna", /only these keys: accountId, plan, existingZone/],
    ["an account id of the wrong shape", { cloudflare: { accountId: "abc" } }, "launch-ready:cloudflare.accountId", /32-character/],
    ["a missing domain", { domain: undefined }, "launch-ready:domain", /a domain name/],
    ["HSTS preload without includeSubdomains", { hsts: { preload: true, includeSubdomains: false } }, "launch-ready:hsts.preload", /includeSubdomains: true/],
    ["a redirect status that is not a redirect", { redirects: [{ from: "/a", to: "/b", status: 200 }] }, "launch-ready:redirects[0].status", /301, 302, 303, 307, 308/],
    ["no record for the canonical host", { hosts: { app: { type: "CNAME", target: "a.fly.dev" } } }, "launch-ready:hosts", /"@" entry/],
    ["an invalid aws:region", { awsRegion: "Ireland" }, "aws:region", /AWS region/],
  ];

  it.each(cases)("fails on %s", (_label, overrides, key, allowed) => {
    const issues = issuesOf(minimal(overrides));
    const issue = issues.find((i) => i.key === key);
    expect(issue, JSON.stringify(issues, null, 2)).toBeDefined();
    expect(issue?.allowed).toMatch(allowed);
    expect(issue?.fix.length).toBeGreaterThan(0);
  });

  it.each([
    ["an unknown key", { cloudflare: { accountId: ACCOUNT, plna: "pro" } }, "launch-ready:cloudflare.plna", "remove the key or correct its spelling"],
    ["an unknown sender id", { email: { senders: ["mailchimp"] } }, "launch-ready:email.senders[0]", "use one of these ids, or put the sender's SPF include domain in email.spfIncludes"],
    ["an empty alertEmails", { monitoring: { alertEmails: [] } }, "launch-ready:monitoring.alertEmails", 'add one: alertEmails: ["ops@example.com"]'],
    ["a flow of six steps", { monitoring: { alertEmails: ["ops@example.net"], flows: [{ name: "f", steps: Array.from({ length: 6 }, () => ({ url: "https://example.com/" })) }] } }, "launch-ready:monitoring.flows[0].steps", "split the flow in two"],
    ["a Slack workspace id of the wrong shape", { monitoring: { alertEmails: ["ops@example.net"], slack: { workspaceId: "x", channelId: "C07EZ1ABC23" } } }, "launch-ready:monitoring.slack.workspaceId", "copy it from the AWS Chatbot console after authorising the workspace"],
    ["an invalid aws:region", { awsRegion: "Ireland" }, "aws:region", "pulumi config set aws:region eu-west-1"],
    ["a domain below the registrable one", { domain: "app.example.com" }, "launch-ready:domain", "put the domain you bought at the registrar here; subdomains go in hosts"],
  ])("gives the check's own fix for %s", (_label, overrides, key, fix) => {
    const issue = issuesOf(minimal(overrides)).find((i) => i.key === key);
    expect(issue?.fix).toBe(fix);
  });

  it("reports the value received", () => {
    const [issue] = issuesOf(minimal({ domain: "my domain.com" }));
    expect(issue).toEqual({
      key: "launch-ready:domain",
      received: '"my domain.com"',
      allowed: "a domain name such as example.com: letters, digits and hyphens in dot-separated labels, no spaces",
      fix: "correct launch-ready:domain in Pulumi.test.yaml",
    });
  });

  it("lists every problem at once", () => {
    const issues = issuesOf(minimal({ domain: "bad domain", canonicalHost: "blog", monitoring: { alertEmails: [], latencyBudgetMs: -1 } }));
    expect(issues.map((i) => i.key).sort()).toEqual([
      "launch-ready:canonicalHost",
      "launch-ready:domain",
      "launch-ready:monitoring.alertEmails",
      "launch-ready:monitoring.latencyBudgetMs",
    ]);
  });

  it("refuses structured text that is not JSON", () => {
    expect(issuesOf({ ...minimal(), hosts: "{not json" })[0]).toMatchObject({ key: "launch-ready:hosts", allowed: expect.stringMatching(/YAML map or list/) });
  });
});

describe("cross-field checks", () => {
  it("refuses report and alert addresses at a domain that receives no mail", () => {
    const issues = issuesOf(minimal({ email: { inbound: "none", dmarc: { rua: ["dmarc@example.com"] } }, monitoring: { alertEmails: ["ops@example.com"] } }));
    expect(issues.map((i) => i.key)).toEqual(["launch-ready:email.dmarc.rua[0]", "launch-ready:monitoring.alertEmails[0]"]);
    expect(issues[0]?.allowed).toMatch(/example.com receives no mail/);
  });

  it("accepts the same addresses once the domain receives mail", () => {
    const s = settingsOf(minimal({ email: { inbound: "microsoft-365", dmarc: { rua: ["dmarc@example.com"] } }, monitoring: { alertEmails: ["ops@example.com"] } }));
    expect(s.email.dmarc.rua).toEqual(["dmarc@example.com"]);
  });

  it.each(Object.entries(PLAN_QUOTAS))("refuses more redirects than the %s plan allows", (plan, quota) => {
    const redirects = Array.from({ length: quota.redirectRules }, (_, i) => ({ from: `/old-${i}`, to: "/" }));
    // Enterprise is a contract on an existing zone; the other plans are bought for a created one.
    const cloudflare = { accountId: ACCOUNT, plan, existingZone: plan === "enterprise" };
    const issues = issuesOf(minimal({ cloudflare, redirects }));
    expect(issues.map((i) => i.key)).toEqual(["launch-ready:redirects"]);
    expect(issues[0]?.allowed).toBe(`at most ${quota.redirectRules - 1} redirects on the ${plan} plan (${quota.redirectRules} redirect rules, one is the canonical-host redirect)`);
    expect(() => settingsOf(minimal({ cloudflare, redirects: redirects.slice(1) }))).not.toThrow();
  });

  it("defaults zoneActive to existingZone: a created zone is pending on its first up, an adopted one usually active", () => {
    expect(settingsOf(minimal({ cloudflare: { accountId: ACCOUNT, existingZone: true } })).cloudflare.zoneActive).toBe(true);
    expect(settingsOf(minimal({ cloudflare: { accountId: ACCOUNT, zoneActive: true } })).cloudflare.zoneActive).toBe(true);
  });

  it("refuses Enterprise for a zone the stack creates: no subscription buys it", () => {
    const issues = issuesOf(minimal({ cloudflare: { accountId: ACCOUNT, plan: "enterprise" } }));
    expect(issues.map((i) => [i.key, i.fix])).toEqual([
      ["launch-ready:cloudflare.plan", "create the zone on pro or business, or adopt the Enterprise zone with cloudflare.existingZone: true"],
    ]);
  });

  it("refuses more rate-limit rules than the free plan allows, and periods it does not offer", () => {
    const rule = { paths: ["/login"], requestsPerPeriod: 5, periodSeconds: 10 };
    const issues = issuesOf(minimal({ rateLimits: [{ name: "a", ...rule }, { name: "b", ...rule, periodSeconds: 60 }] }));
    expect(issues.map((i) => [i.key, i.allowed])).toEqual([
      ["launch-ready:rateLimits", "at most 1 rate-limit rule on the free plan"],
      ["launch-ready:rateLimits[1].periodSeconds", "on the free plan, one of 10 seconds"],
    ]);
  });

  it("refuses an edge TTL below the plan's minimum", () => {
    const issues = issuesOf(minimal({ cache: { edgeTtlSeconds: 60 } }));
    expect(issues.map((i) => [i.key, i.allowed])).toEqual([["launch-ready:cache.edgeTtlSeconds", "at least 7200 seconds on the free plan (its minimum edge cache TTL)"]]);
  });

  it("refuses duplicate names and secret names that shadow config keys", () => {
    const issues = issuesOf(minimal({ secrets: [{ name: "apiKey" }, { name: "apiKey" }, { name: "domain" }] }));
    expect(issues.map((i) => i.key)).toEqual(["launch-ready:secrets[1].name", "launch-ready:secrets[2].name"]);
  });
});
