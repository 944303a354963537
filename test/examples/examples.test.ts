import { readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PLAN_MODES } from "../../cli/plan/engine";
import { evaluate } from "../../cli/plan/evaluate";
import { readStackFile } from "../../cli/plan/stack-file";
import { cachedByRules, phaseRules, rateLimitsFor, redirectFor, VISITOR_IP } from "../../model/edge";
import { mailDnsRecords, mxAt } from "../../model/mail-dns";
import type { PlannedResource } from "../../model/resource";
import { TYPES } from "../../model/type-tokens";
import { checkedUrl } from "../../model/uptime";
import type { Probe } from "../../lib/rule-language";
import { rules } from "../../policies/rules";
import { examples } from "../helpers/examples";
import { PROJECT_DIR, runStack } from "../helpers/harness";

/**
 * Every example under examples/ is planned as `npm run plan` does, on its first preview and after `pulumi up`: it meets
 * the bar in both, and its plan does what its use case is for.
 */

const ofType = (resources: readonly PlannedResource[], type: string) => resources.filter((r) => r.type === type);
const recordsAt = (resources: readonly PlannedResource[], name: string, type: string) =>
  ofType(resources, TYPES.dnsRecord).filter((r) => r.props["name"] === name && r.props["type"] === type).map((r) => ({ content: r.props["content"], proxied: r.props["proxied"] }));
const request = (url: string): Probe => {
  const { protocol, hostname, pathname, search } = new URL(url);
  return { scheme: protocol === "http:" ? "http" : "https", host: hostname, path: pathname, query: search.slice(1), ip: VISITOR_IP };
};
const redirect = (resources: readonly PlannedResource[], url: string) => {
  const outcome = redirectFor(resources, request(url));
  return outcome === undefined ? undefined : { status: outcome.status, location: outcome.location };
};

/** What each example is for, read from its plan. A new example needs its facts here. */
const USE_CASES: Record<string, (resources: readonly PlannedResource[]) => void> = {
  "free-plan-apex": (resources) => {
    const domain = "mindful-leaders.com";
    expect(ofType(resources, TYPES.zone).map((z) => z.props["name"])).toEqual([domain]);
    // A new zone starts on Free: nothing is bought.
    expect(ofType(resources, TYPES.zoneSubscription)).toEqual([]);
    expect(redirect(resources, `http://www.${domain}/pricing?ref=newsletter`)).toEqual({ status: 301, location: `https://${domain}/pricing?ref=newsletter` });
    expect(redirect(resources, `https://${domain}/pricing`)).toBeUndefined();
    // Free allows one rate-limit rule: sign-in, reset, sign-up and the API share it.
    expect(phaseRules(resources, "http_ratelimit")).toHaveLength(1);
    expect(rateLimitsFor(resources, request(`https://app.${domain}/login`))).toHaveLength(1);
  },
  "www-canonical-pro": (resources) => {
    const domain = "xn--lebensglck-coaching-dbc.de";
    expect(redirect(resources, `http://${domain}/kurse?utm_source=flyer`)).toEqual({ status: 301, location: `https://www.${domain}/kurse?utm_source=flyer` });
    expect(redirect(resources, `https://www.${domain}/kurse`)).toBeUndefined();
    // The apex serves only the redirect: a proxied discard address, never an origin.
    expect(recordsAt(resources, domain, "AAAA")).toEqual([{ content: "100::", proxied: true }]);
    expect(recordsAt(resources, `www.${domain}`, "CNAME")).toEqual([{ content: "lebensglueck-studio.netlify.app", proxied: true }]);
    // Pro's two rules: sign-in pages get a managed challenge, the API a block (Free has one rule, which blocks).
    expect(phaseRules(resources, "http_ratelimit")).toHaveLength(2);
    expect(rateLimitsFor(resources, request(`https://app.${domain}/anmelden`)).map((r) => r.action)).toEqual(["managed_challenge"]);
    expect(rateLimitsFor(resources, request(`https://app.${domain}/api/termine`)).map((r) => r.action)).toEqual(["block"]);
  },
  "existing-zone": (resources) => {
    const domain = "kairos-mentoring.co.uk";
    // Adopted: no Zone and no plan purchase, but everything inside the zone is managed.
    expect(ofType(resources, TYPES.zone)).toEqual([]);
    expect(ofType(resources, TYPES.zoneSubscription)).toEqual([]);
    expect(ofType(resources, TYPES.zoneDnssec)).toHaveLength(1);
    expect(recordsAt(resources, domain, "CNAME")).toEqual([{ content: "tranquil-meadow-4k2j9x1b7q8w3e5r.herokudns.com", proxied: true }]);
    // An adopted zone is taken as active, so the MTA-STS policy host comes with the first `up`.
    expect(ofType(resources, TYPES.workersCustomDomain).map((r) => r.props["hostname"])).toEqual([`mta-sts.${domain}`]);
  },
  "no-inbound-mail": (resources) => {
    const domain = "stillwaterbook.app";
    const mail = mailDnsRecords(resources);
    // A null MX (RFC 7505) and nothing that invites senders to deliver: no MTA-STS, no TLS-RPT.
    expect(mxAt(mail, domain).map((r) => ({ content: r.content, priority: r.priority }))).toEqual([{ content: ".", priority: 0 }]);
    expect(mail.filter((r) => r.name === `_mta-sts.${domain}` || r.name === `_smtp._tls.${domain}`)).toEqual([]);
    expect(ofType(resources, TYPES.workersCustomDomain)).toEqual([]);
    // It still sends: SES signs, bounces come back to its own MAIL FROM, and the apex SPF allows nobody.
    expect(ofType(resources, TYPES.sesEmailIdentity).map((r) => r.props["emailIdentity"])).toEqual([domain]);
    expect(mxAt(mail, `mail.${domain}`).map((r) => r.content)).toEqual(["feedback-smtp.us-west-2.amazonses.com"]);
    expect(mail.filter((r) => r.name === domain && r.type === "TXT" && r.content.startsWith("v=spf1")).map((r) => r.content)).toEqual(["v=spf1 -all"]);
  },
  "non-english-site": (resources) => {
    const domain = "xn--clat-coaching-9gb.fr";
    expect(ofType(resources, TYPES.zone).map((z) => z.props["name"])).toEqual([domain]);
    // The French sign-in pages are the ones rate-limited, never cached, and watched.
    for (const path of ["/connexion", "/mot-de-passe-oublie", "/inscription"]) {
      expect(rateLimitsFor(resources, request(`https://app.${domain}${path}`)), path).toHaveLength(1);
    }
    expect(cachedByRules(resources, request(`https://app.${domain}/connexion`))).toBe(false);
    expect(ofType(resources, TYPES.healthCheck).map(checkedUrl)).toContain(`https://app.${domain}/connexion`);
    expect(redirect(resources, `https://${domain}/tarifs-2024`)).toEqual({ status: 301, location: `https://${domain}/tarifs` });
  },
};

describe("the examples", () => {
  const all = examples();

  it("are one folder per use case, each with one stack file and a README that says how to plan it", () => {
    expect(all.map((e) => e.useCase)).toEqual(Object.keys(USE_CASES).sort());
    for (const example of all) {
      expect(example.stackFiles, example.useCase).toHaveLength(1);
      expect(example.files, example.useCase).toContain("README.md");
      const readme = readFileSync(join(example.dir, "README.md"), "utf8");
      const file = relative(PROJECT_DIR, example.stackFiles[0] ?? "");
      // The commands it gives name this very file: offline, copied beside Pulumi.yaml, and with Pulumi in place.
      const stack = readStackFile(example.stackFiles[0] ?? "").stack;
      expect(readme, example.useCase).toContain(`npm run plan -- --config-file ${file}`);
      expect(readme, example.useCase).toContain(`cp ${file} ${basename(file)}`);
      expect(readme, example.useCase).toContain(`pulumi preview --stack ${stack} --config-file ${file}`);
    }
  });

  describe.each(all.map((e) => [e.useCase, e.stackFiles[0] ?? ""]))("%s", (useCase, file) => {
    it.each(PLAN_MODES)("meets the bar and does what it is for (%s)", async (mode) => {
      const stack = await runStack(readStackFile(file), mode);
      const { violations } = evaluate(stack.run, rules);
      expect(violations.filter((v) => v.enforcement === "mandatory")).toEqual([]);
      USE_CASES[useCase]?.(stack.ruleInputs());
    });
  });
});
