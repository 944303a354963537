import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planDocument, type PlanDocument } from "../../../cli/plan/document";
import { redirectSentence } from "../../../cli/plan/documents/dns-map";
import { alarmCondition } from "../../../cli/plan/documents/handover";
import type { PlannedRedirect } from "../../../cli/plan/documents/plan-view";
import { zoneSerial } from "../../../cli/plan/documents/zone";
import { evaluate } from "../../../cli/plan/evaluate";
import { writeStackDocuments } from "../../../cli/plan/out-dir";
import { unwrap } from "../../../cli/plan/values";
import { rules } from "../../../policies/rules";
import { TYPES } from "../../../model/type-tokens";
import { checkZone } from "../../helpers/check-zone";
import { expectOnePage } from "../../helpers/handover";
import { prodZoneActive } from "../../helpers/plan-file";
import { prodConfig, prodValue, runStack, type StackInput, type StackRun } from "../../helpers/harness";

const DOMAIN = "brightpath-coaching.com";

/** Plans a stack the way `npm run plan` does and writes its documents; returns the plan, the run and each file's text. */
async function documents(input: StackInput = prodConfig()): Promise<{ doc: PlanDocument; stack: StackRun; files: Record<string, string> }> {
  const stack = await runStack(input);
  const doc = planDocument("launch-ready", input.stack ?? "prod", String(stack.outputs["domain"]), "after-up", stack.run, { "after-up": evaluate(stack.run, rules) }, rules);
  const dir = mkdtempSync(join(tmpdir(), "launch-ready-docs-"));
  const written = writeStackDocuments(dir, doc);
  return { doc, stack, files: Object.fromEntries(written.map((file) => [basename(file), readFileSync(file, "utf8")])) };
}

/** The rows of every Markdown table under a heading (header and separator rows left out), split into cells. */
function tableRows(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`);
  const end = markdown.indexOf("\n## ", start + 1);
  const section = markdown.slice(start, end === -1 ? undefined : end);
  const lines = section.split("\n").filter((l) => l.startsWith("| "));
  const rows = lines.map((l) => l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  return rows.filter((cells, i) => !cells.every((c) => c === "---") && !(rows[i + 1]?.every((c) => c === "---") ?? false));
}

function bullets(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n${heading}\n`);
  const section = markdown.slice(start + heading.length + 2);
  const end = section.search(/\n#{2,3} /);
  return (end === -1 ? section : section.slice(0, end)).split("\n").filter((l) => l.startsWith("- ")).map((l) => l.slice(2));
}

/** How the DNS map writes a record's value: TXT text, MX with priority, CAA as flags tag "value". */
function mapValue(inputs: Record<string, unknown>): string {
  const data = inputs["data"] as { flags: number; tag: string; value: string } | undefined;
  if (inputs["type"] === "CAA" && data !== undefined) return `\`${data.flags} ${data.tag} "${data.value}"\``;
  if (inputs["type"] === "MX") return `\`${String(inputs["priority"])} ${String(inputs["content"])}\``;
  return `\`${String(inputs["content"])}\``;
}

function mermaid(markdown: string): string[] {
  const match = /\n```mermaid\n([\s\S]*?)\n```\n/.exec(markdown);
  expect(match).not.toBeNull();
  return (match?.[1] ?? "").split("\n");
}

describe("launch documents of the example stack", () => {
  it("writes plan.json, the zone file, the DNS map and the handover pack in DIR/<stack>/, each saying which values are stand-ins", async () => {
    const { files } = await documents();
    expect(Object.keys(files)).toEqual(["plan.json", `${DOMAIN}.zone`, "dns-map.md", "handover.md"]);
    const note = "which cannot know what Cloudflare and AWS assign when they create things: the name servers, the DS record, the zone id, the names of Amazon SES's DKIM records, the AWS account id and the ARNs are stand-ins here. After `pulumi up`, `pulumi stack output --stack prod` shows the real ones.";
    expect(files["dns-map.md"]).toContain(note);
    expect(files["handover.md"]).toContain(note);
    expect(files[`${DOMAIN}.zone`]).toContain("; From the offline plan: the name servers, the SES DKIM names and the DS record are stand-ins until pulumi up (pulumi stack output --stack prod).");
  });

  it("writes a zone file that named-checkzone loads, with every record of the plan", async () => {
    const { doc, files } = await documents(prodZoneActive());
    const zone = files[`${DOMAIN}.zone`] ?? "";
    const serial = /SOA\s+\S+ \S+ (\d+) /.exec(zone)?.[1];
    expect(checkZone(DOMAIN, zone)).toContain(`loaded serial ${serial}`);
    expect(zone).toContain("@\t86400\tIN\tNS\tada.ns.cloudflare.com.");
    expect(zone).toContain('_dmarc\t3600\tIN\tTXT\t"v=DMARC1; p=quarantine; t=y; rua=mailto:dmarc-reports@brightpath-coaching.com; adkim=r; aspf=r"');
    expect(zone).toContain("mail\t3600\tIN\tMX\t10\tfeedback-smtp.eu-west-1.amazonses.com.");
    expect(zone).toContain(`; mta-sts.${DOMAIN} is served by the Cloudflare Worker mta-sts-brightpath-coaching-com`);
    expect(zone).toContain(`; DNSSEC: Cloudflare signs the zone and serves its DNSKEY records; the registrar publishes DS ${String(doc.outputs["dnssecDsRecord"])}.`);
    const recordLines = zone.split("\n").filter((l) => /\tIN\t/.test(l) && !/\t(SOA|NS)\t/.test(l));
    expect(recordLines).toHaveLength(doc.resources.filter((r) => r.type === TYPES.dnsRecord).length);
  });

  it("gives two plans of one stack identical documents, and a changed record a new serial", async () => {
    const [first, second] = [await documents(), await documents()];
    expect(second.files).toEqual(first.files);
    const changed = await documents(prodConfig({ hosts: { ...prodValue<Record<string, unknown>>("hosts"), api: { type: "A", target: "93.184.215.14" } } }));
    const serialOf = (zone: string | undefined) => /SOA\s+\S+ \S+ (\d+) /.exec(zone ?? "")?.[1];
    expect(serialOf(changed.files[`${DOMAIN}.zone`])).not.toBe(serialOf(first.files[`${DOMAIN}.zone`]));
  });

  it("lists every DnsRecord of the plan exactly once in the DNS map", async () => {
    const { doc, files } = await documents(prodZoneActive());
    const map = files["dns-map.md"] ?? "";
    const rows = ["## Website", "## Certificates", "## Mail"].flatMap((h) => tableRows(map, h));
    const records = doc.resources.filter((r) => r.type === TYPES.dnsRecord);
    expect(rows).toHaveLength(records.length);
    for (const { inputs } of records) {
      const matching = rows.filter(([name, type, value]) => name === inputs["name"] && type === inputs["type"] && value === mapValue(inputs));
      expect(matching, `${String(inputs["name"])} ${String(inputs["type"])}`).toHaveLength(1);
      expect(matching[0]?.slice(3).every((cell) => cell !== "")).toBe(true);
    }
    expect(rows.find(([name, type]) => name === `www.${DOMAIN}` && type === "AAAA")?.slice(3)).toEqual([
      `Lets Cloudflare answer for www.${DOMAIN} and redirect it to ${DOMAIN}. No server is behind it.`,
      "Cloudflare (redirect only)",
      "launch-dns (edge Dns)",
    ]);
    expect(rows.find(([name]) => name === `_mta-sts.${DOMAIN}`)?.[5]).toBe("launch-email-mta-sts (mail MtaSts)");
  });

  it("says every redirect as a sentence", async () => {
    const { files } = await documents();
    expect(bullets(files["dns-map.md"] ?? "", "### Redirects")).toEqual([
      `\`/coaching-packages\` (with or without a final slash) on ${DOMAIN} and www.${DOMAIN} is sent permanently (301) to https://${DOMAIN}/pricing, keeping the query string.`,
      `\`/book-a-call\` (with or without a final slash) on ${DOMAIN} and www.${DOMAIN} is sent permanently (301) to https://${DOMAIN}/app/booking, keeping the query string.`,
      `\`/podcast\` (with or without a final slash) on ${DOMAIN} and www.${DOMAIN} is sent temporarily (302) to https://brightpath.transistor.fm/, keeping the query string.`,
      `Every page on www.${DOMAIN} (http or https) is sent permanently (301) to the same page on https://${DOMAIN}, keeping the query string.`,
      "Every http:// address on a host through Cloudflare is sent permanently (301) to the same https:// address (Always Use HTTPS).",
    ]);
  });

  it("draws the request flow as a Mermaid flowchart whose every edge joins declared nodes", async () => {
    const { files } = await documents();
    const lines = mermaid(files["dns-map.md"] ?? "");
    expect(lines[0]).toBe("flowchart LR");
    // A node is declared where an id is followed by its shape: at the start of a line or as the target of an edge.
    const declared = new Set(lines.flatMap((l) => [...l.matchAll(/(?:^\s*(?:subgraph )?|--> (?:\|"[^"]*"\| )?)([a-z]\w*)\s*[[(]/g)].map((m) => m[1] ?? "")));
    const edges = lines.flatMap((l) => {
      const m = /^\s*(\w+) -->(?:\|"[^"]*"\|)? (\w+)/.exec(l);
      return m === null ? [] : [[m[1] ?? "", m[2] ?? ""] as const];
    });
    expect(edges.length).toBeGreaterThan(10);
    for (const [from, to] of edges) expect(declared.has(from) && declared.has(to), `${from} --> ${to}`).toBe(true);
    for (const line of lines) expect((line.match(/"/g) ?? []).length % 2, line).toBe(0);
    const text = lines.join("\n");
    expect(text).toContain('dns["Cloudflare DNS<br/>ada.ns.cloudflare.com<br/>bob.ns.cloudflare.com"]');
    for (const [host, origin] of [[DOMAIN, "brightpath-site.netlify.app"], [`app.${DOMAIN}`, "brightpath-app.fly.dev"], [`api.${DOMAIN}`, "brightpath-api.onrender.com"]]) {
      expect(text).toMatch(new RegExp(`\\n  (h\\d+)\\["${origin}"\\]\\n  s6 -->\\|"${host}"\\| \\1\\n`));
    }
    expect(text).not.toContain('"100::"');
    expect(text).toContain('s4["Rate limits:<br/>auth-and-api: 50 requests per 10 s per IP, then block"]');
    expect(text).toContain('checkers(["Route 53 health checkers<br/>us-east-1, eu-west-1, ap-southeast-1"])');
    expect(text).toContain('topic --> inbox["founder@brightpath-coaching.com<br/>ops@brightpath-coaching.com"]');
  });

  it("opens with one page for the founder: what is still to do, who to call, how to tell a real outage; the details follow as appendices", async () => {
    const { doc, files } = await documents();
    const handover = files["handover.md"] ?? "";
    const founder = expectOnePage(handover);
    expect(founder.appendices).toEqual([
      "## Appendix A. Still to do, step by step",
      "## Appendix B. Registrar: name servers and DNSSEC",
      "## Appendix C. Accounts and access to hand over",
      "## Appendix D. Secrets",
      "## Appendix E. Where alerts go",
      "## Appendix F. Is the outage real?",
      "## Appendix G. DMARC and HSTS: where they stand",
      "## Appendix H. Rolling back",
      "## Appendix I. Is mail working?",
    ]);
    expect(founder.todo).toEqual([
      "- [ ] At the registrar: point the name servers at Cloudflare and add the DNSSEC record: Appendix B.",
      "- [ ] Confirm the alert subscription e-mail from AWS at founder@brightpath-coaching.com, ops@brightpath-coaching.com: Appendix A.",
      "- [ ] At Netlify, Fly.io, Render: add the custom domains, so the host issues their certificates: Appendix A.",
      "- [ ] Mail: 4 steps at Amazon SES and the mail providers (verification, DKIM signing, ...): Appendix A.",
      "- [ ] Monitoring: 5 steps before every alert and report works: Appendix A.",
      "- [ ] Let the app read its secrets: attach the secrets read policy to the role it runs as: Appendix D.",
    ]);
    // Every step of the checklist is in Appendix A, once.
    const steps = bullets(handover, "## Appendix A. Still to do, step by step");
    expect(steps).toHaveLength(1 + 2 + 3 + 4 + 5 + 1);
    expect(steps[0]).toBe("[ ] At the registrar: the steps in Appendix B.");
    expect(tableRows(handover, "### Who to call")).toEqual([
      ["The domain registrar", "The domain, its name servers and DNSSEC (Appendix B)."],
      ["Cloudflare, account `5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e`", "DNS, HTTPS, redirects, firewall (https://www.cloudflarestatus.com)."],
      ["AWS, account `123456789012`", "Sending mail, secrets, uptime checks and alerts (https://health.aws.amazon.com/health/status)."],
      ["Netlify", "Hosts brightpath-coaching.com."],
      ["Fly.io", "Hosts app.brightpath-coaching.com."],
      ["Render", "Hosts api.brightpath-coaching.com."],
      ["Google Workspace", "Mailboxes and the mail the domain receives."],
      ["down: a URL or a key flow fails", "ops@brightpath-coaching.com (api-health, home, login); founder@brightpath-coaching.com (booking)"],
      ["errors in a key flow", "ops@brightpath-coaching.com (api-health, login); founder@brightpath-coaching.com (booking)"],
      ["slow answers", "ops@brightpath-coaching.com (api-health, home, login); founder@brightpath-coaching.com (booking)"],
      ["a scheduled job missed its run", "ops@brightpath-coaching.com (booking-reminders)"],
      ["Cloudflare's notices about the zone", "ops@brightpath-coaching.com"],
    ]);
    const down = ["api-health-broken", "api-health-down", "booking-broken", "home-down", "login-broken", "login-down"].map((a) => `\`brightpath-coaching-com-prod-${a}\``);
    expect(bullets(handover, "### How to tell a real outage")).toEqual([
      `Customers are affected when an alarm e-mail names one of: ${down.join(", ")}. Any other alarm means slow answers, errors or a missed job: the site still answers. An e-mail saying OK follows when it recovers.`,
      `Dashboard: ${String(doc.outputs["dashboardUrl"])}`,
      "First two checks:",
    ]);
    expect(founder.lines).toContain("  1. Open the site on a phone on mobile data, away from your office network.");
    expect(founder.lines).toContain("  2. Run `npm run audit -- brightpath-coaching.com`: it shows what the world sees.");
    expect(founder.lines).toContain("Both fine but the alarm stays? The check may be wrong rather than the site: Appendix F.");
  });

  it("lists every alert address as awaiting confirmation, with the checks, the alarms and the dashboard", async () => {
    const { doc, files } = await documents();
    const handover = files["handover.md"] ?? "";
    const addresses = Object.keys(doc.outputs["alertSubscriptions"] as Record<string, string>);
    expect(addresses).toEqual(["founder@brightpath-coaching.com", "ops@brightpath-coaching.com"]);
    expect(tableRows(handover, "## Appendix E. Where alerts go").filter((row) => row.length === 2)).toEqual(addresses.map((a) => [a, "**awaiting confirmation** (see Appendix A)"]));
    for (const address of addresses) {
      expect(bullets(handover, "## Appendix A. Still to do, step by step")).toContain(
        `[ ] ${address} must click "Confirm subscription" in the e-mail from AWS Notifications: no alert reaches this address until then. The link expires after about 3 days; then run \`pulumi refresh --stack prod\` and \`pulumi up --stack prod\` to send a new one.`,
      );
    }
    expect(handover).toContain("| https://brightpath-coaching.com/ | `Brightpath` | us-east-1, eu-west-1, ap-southeast-1 | 30 s | 3 failures in a row |");
    expect(handover).toContain("| `brightpath-coaching-com-prod-home-down` | ops@brightpath-coaching.com | Route 53 sees the URL down in 2 of 2 periods of 1 minute | counts as down: a check that stops reporting also alerts |");
    expect(handover).toContain("| `brightpath-coaching-com-prod-home-latency` | ops@brightpath-coaching.com | Average time to first byte above 1000 ms in 2 of 2 periods of 5 minutes | changes nothing |");
    expect(handover).toContain("| `brightpath-coaching-com-prod-booking-p95` | founder@brightpath-coaching.com | p95 ResponseTime above 1000 ms in 2 of 2 periods of 45 minutes | changes nothing |");
    expect(handover).toContain("| booking | https://app.brightpath-coaching.com/app/booking | 15 min | founder@brightpath-coaching.com |");
    expect(handover).toContain(`Dashboard: ${String(doc.outputs["dashboardUrl"])}`);
    expect(handover).toContain("For 15 minutes after a check is created, missing data does not alert.");
    expect(handover).toContain("`npm run audit -- brightpath-coaching.com`");
  });

  it("gives the registrar steps, the accounts, the DMARC and HSTS stage and the rollback", async () => {
    const { doc, files } = await documents();
    const handover = files["handover.md"] ?? "";
    for (const [i, step] of (doc.outputs["registrarSteps"] as string[]).entries()) expect(handover).toContain(`\n${i + 1}. ${step}\n`);
    expect(handover).toContain("**Enter only the real values at the registrar**: after `pulumi up`, run `pulumi stack output registrarSteps --stack prod` and follow what it prints.");
    expect(tableRows(handover, "## Appendix B. Registrar: name servers and DNSSEC")).toEqual([["2371", "13", "2", `\`${String((doc.outputs["dnssecDsParts"] as { digest: string }).digest)}\``]]);
    expect(tableRows(handover, "## Appendix C. Accounts and access to hand over").map((row) => row[0])).toEqual([
      "Domain registrar",
      "Cloudflare account `5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e`",
      "AWS account `123456789012`",
      "Pulumi stack `launch-ready/prod`",
      "The code repository",
      "Google Workspace",
      "Alert mailboxes",
    ]);
    expect(handover).toContain(
      "SES (sending mail) in eu-west-1; Secrets Manager in eu-west-1; IAM (the secrets read policy, the canaries' and Slack's roles); Route 53 health checks; CloudWatch alarms and dashboard in eu-west-1, us-east-1; SNS (alert e-mails) in us-east-1, eu-west-1; CloudWatch Synthetics canaries (key flows) in eu-west-1; S3 (the canaries' code and run artifacts) in eu-west-1; AWS Chatbot (alerts to Slack).",
    );
    const [dmarc, hsts] = tableRows(handover, "## Appendix G. DMARC and HSTS: where they stand");
    expect(dmarc?.slice(0, 3)).toEqual([
      "DMARC",
      "`v=DMARC1; p=quarantine; t=y; rua=mailto:dmarc-reports@brightpath-coaching.com; adkim=r; aspf=r`. p=quarantine with t=y: a test run. Receivers treat it one step softer, so failing mail is still delivered while you watch the reports.",
      "Set email.dmarc.testing: false (p=quarantine): failing mail goes to spam.",
    ]);
    expect(dmarc?.[3]).toBe("After two weeks in which the aggregate reports sent to dmarc-reports@brightpath-coaching.com list only your own services, all passing SPF or DKIM.");
    expect(hsts?.[1]).toBe("max-age=31536000; includeSubDomains: browsers that have visited use only HTTPS for 1 year, on every subdomain too.");
    expect(hsts?.[2]).toContain("optional and only by explicit choice");
    expect(handover).toContain("The quickest way back is the `rollback` workflow (GitHub → Actions → rollback → Run workflow, stack `prod`). It previews, with the policy pack, the last commit that the deploy workflow applied to this stack without error (the tag `last-good/prod`), then applies it once a reviewer of the `production` environment approves.");
    expect(handover).toContain("1. Find the commit that made the change and revert it: `git revert <commit>`.");
    expect(handover).toContain("2. Preview with the policies: `pulumi preview --stack prod --policy-pack policies`.");
    expect(handover).toContain("`pulumi stack history --stack prod`");
    expect(handover).toContain(`- The Zone ${DOMAIN} is protected: \`pulumi destroy --stack prod\` stops at it. Removing it from the code leaves it in Cloudflare with its records.`);
    expect(handover).toContain("- Zone settings keep their last value when removed or destroyed, because the provider's delete of a zone setting does nothing: ssl `\"strict\"`, always_use_https `\"on\"`");
    expect(handover).toContain("- A destroyed secret waits 30 days before AWS deletes it");
    expect(handover).toContain("- Alert subscriptions nobody confirmed cannot be deleted");
    expect(handover).toContain("at most 1 hour here");
  });
});

describe("the handover's mail steps", () => {
  it("says how to prove mail works, offline then live, and what to check in the received headers", async () => {
    const { files } = await documents();
    const handover = files["handover.md"] ?? "";
    const section = handover.slice(handover.indexOf("\n## Appendix I. Is mail working?\n"));
    expect(section).toContain("1. Offline, after every change to `launch-ready:email`: `npm run mail-proof -- --stack prod`. It must end with PROVEN (exit code 0)");
    expect(section).toContain("2. Live, after `pulumi up` and once `sesVerificationStatus` is SUCCESS: `npm run mail-proof -- --stack prod --send-to <your address> --simulator`. While the SES account is in the sandbox, first verify your address in the SES console (eu-west-1).");
    expect(section).toContain(`   - Authentication-Results (written by your provider) says spf=pass with smtp.mailfrom=…@mail.${DOMAIN}.\n   - It says dkim=pass with header.d=${DOMAIN}`);
    expect(section).toContain("The configuration set `launch-ready-brightpath-coaching-com` suppresses real bounces and complaints.");
  });
});

describe("a stack with a configured secret", () => {
  const CONFIGURED = "sk_live_51VeryConfidentialValue";
  const input = () => prodConfig({ secrets: [{ name: "sessionSecret", generate: true }, { name: "stripeSecretKey" }] }, { stripeSecretKey: CONFIGURED });

  it("puts no secret value in any document, generated or configured", async () => {
    const { stack, files } = await documents(input());
    const values = stack.ofType(TYPES.secretVersion).map((v) => String(stack.inputs(v)["secretString"]));
    expect(values).toHaveLength(2);
    expect(values).toContain(CONFIGURED);
    const generated = stack.ofType(TYPES.randomPassword).map((p) => String(unwrap(p.outputs["result"])));
    expect(generated).toHaveLength(1);
    expect(generated[0]).toMatch(/^[A-Za-z0-9]{48}$/);
    for (const [name, text] of Object.entries(files)) {
      for (const value of [...values, ...generated]) expect(text.includes(value), `${value} in ${name}`).toBe(false);
    }
  });

  it("lists each secret with where it lives, where its value comes from and how to rotate it", async () => {
    const { doc, files } = await documents(input());
    const secrets = doc.outputs["secrets"] as Record<string, { name: string; arn: string }>;
    const generator = doc.resources.find((r) => r.type === TYPES.randomPassword);
    expect(bullets(files["handover.md"] ?? "", "## Appendix D. Secrets")).toEqual([
      // The error tracker's DSN (monitoring.errorTracking), stored like the others.
      `**errorTrackerDsn**: Secrets Manager \`${DOMAIN}/prod/errorTrackerDsn\` (\`${secrets["errorTrackerDsn"]?.arn}\`). Comes from the secret config key \`launch-ready:errorTrackerDsn\`. Rotate: get a new value from where it was issued, run \`pulumi config set --secret --stack prod launch-ready:errorTrackerDsn\` (it asks for the value, which keeps it out of your shell history), then \`pulumi up --stack prod\` and restart the app; then revoke the old value where it was issued.`,
      `**sessionSecret**: Secrets Manager \`${secrets["sessionSecret"]?.name}\` (\`${secrets["sessionSecret"]?.arn}\`). Generated by Pulumi (a random value). Rotate: \`pulumi up --stack prod --replace '${generator?.urn}'\`, then restart the app so it reads the new value. Anything signed with the old value (sessions, webhooks) stops verifying.`,
      `**stripeSecretKey**: Secrets Manager \`${DOMAIN}/prod/stripeSecretKey\` (\`${secrets["stripeSecretKey"]?.arn}\`). Comes from the secret config key \`launch-ready:stripeSecretKey\`. Rotate: get a new value from where it was issued, run \`pulumi config set --secret --stack prod launch-ready:stripeSecretKey\` (it asks for the value, which keeps it out of your shell history), then \`pulumi up --stack prod\` and restart the app; then revoke the old value where it was issued.`,
    ]);
    expect(generator?.urn).toBe("urn:pulumi:prod::launch-ready::launch-ready:secrets:Secrets$random:index/randomPassword:RandomPassword::launch-secrets-sessionSecret-generated");
  });
});

describe("a stack whose DMARC reports go to another domain", () => {
  it("shows the authorization record the receiver must publish, and the DMARC stage with its next step", async () => {
    const email = prodValue("email");
    const { files } = await documents(prodConfig({ email: { ...email, dmarc: { policy: "none", rua: ["reports@dmarc.example.net"], testing: false } } }));
    const handover = files["handover.md"] ?? "";
    expect(tableRows(handover, "## Appendix G. DMARC and HSTS: where they stand").slice(2)).toEqual([["reports@dmarc.example.net", `\`${DOMAIN}._report._dmarc.dmarc.example.net\``, "`v=DMARC1`"]]);
    expect(bullets(handover, "## Appendix A. Still to do, step by step")).toContain(
      `[ ] DMARC reports for reports@dmarc.example.net are only sent once its domain publishes TXT ${DOMAIN}._report._dmarc.dmarc.example.net "v=DMARC1": ask its administrator (report services do this for you).`,
    );
    const dmarc = tableRows(handover, "## Appendix G. DMARC and HSTS: where they stand")[0];
    expect(dmarc?.[1]).toContain("p=none: monitoring only.");
    expect(dmarc?.[2]).toBe("Set email.dmarc.policy: quarantine with testing: true (p=quarantine; t=y).");
    expect(dmarc?.[3]).toBe("After two weeks in which the aggregate reports sent to reports@dmarc.example.net list only your own services, all passing SPF or DKIM.");
  });
});

describe("zone files of stack variants pass named-checkzone", () => {
  it("a domain that neither sends nor receives mail: a null MX and v=spf1 -all", async () => {
    const email = prodValue("email");
    const monitoring = prodValue("monitoring");
    const { files } = await documents(
      prodConfig({
        monitoring: { ...monitoring, alertEmails: ["ops@example.net"] },
        email: { ...email, inbound: "none", senders: [], dkim: [], transactional: "none", dmarc: { policy: "reject", rua: ["dmarc@reports.example.net"] } },
      }),
    );
    const zone = files[`${DOMAIN}.zone`] ?? "";
    expect(checkZone(DOMAIN, zone)).toMatch(/OK/);
    expect(zone).toContain("@\t3600\tIN\tMX\t0\t.");
    expect(zone).not.toContain("mta-sts");
    const mail = tableRows(files["dns-map.md"] ?? "", "## Mail");
    expect(mail.find(([, type]) => type === "MX")?.slice(2, 5)).toEqual(["`0 .`", `Null MX: @${DOMAIN} receives no mail, so senders bounce at once instead of retrying for days.`, "nobody (no mail is accepted)"]);
    expect(files["handover.md"]).not.toContain("Google Workspace");
    expect(files["handover.md"]).toContain("## Appendix I. Is mail working?\n\nThis stack sends no transactional mail through Amazon SES (`launch-ready:email.transactional` is `none`)");
  });

  it("a www site: the apex redirects and only answers through Cloudflare", async () => {
    const { files } = await documents(prodConfig({ canonicalHost: "www", hosts: { www: { type: "CNAME", target: "site.example.net" } } }));
    expect(checkZone(DOMAIN, files[`${DOMAIN}.zone`] ?? "")).toMatch(/OK/);
    expect(files[`${DOMAIN}.zone`]).toContain("@\t300\tIN\tAAAA\t100::\t; cf_tags=cf-proxied:true");
    const map = files["dns-map.md"] ?? "";
    expect(bullets(map, "### Redirects")).toContain(`Every page on ${DOMAIN} (http or https) is sent permanently (301) to the same page on https://www.${DOMAIN}, keeping the query string.`);
    expect(tableRows(map, "## Website").map(([name, , , purpose]) => [name, purpose])).toEqual([
      [DOMAIN, `Lets Cloudflare answer for ${DOMAIN} and redirect it to www.${DOMAIN}. No server is behind it.`],
      [`www.${DOMAIN}`, "The website, at its main address. Visitors reach it through Cloudflare (HTTPS, cache, firewall)."],
    ]);
  });

  it("an adopted zone: nothing in the stack deletes it", async () => {
    const { files } = await documents(prodConfig({ cloudflare: { accountId: "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e", existingZone: true } }));
    expect(checkZone(DOMAIN, files[`${DOMAIN}.zone`] ?? "")).toMatch(/OK/);
    const undone = bullets(files["handover.md"] ?? "", "What a rollback or a destroy does not undo:");
    expect(undone[0]).toBe(`The zone ${DOMAIN} existed before this stack (it was adopted): destroying the stack never deletes it.`);
    expect(undone.some((item) => item.includes("is protected"))).toBe(false);
  });

  it("a Unicode domain: every file in punycode", async () => {
    const ace = "xn--bcher-coaching-gsb.de";
    const email = prodValue("email");
    const { files } = await documents(
      prodConfig({
        domain: "bücher-coaching.de",
        hosts: { "@": { type: "CNAME", target: "site.netlify.app" } },
        monitoring: { alertEmails: ["ops@bücher-coaching.de"] },
        email: { ...email, dkim: [{ selector: "google", value: "v=DKIM1; k=rsa; p=MIIBIjANBgkq" }], dmarc: { policy: "none", rua: ["dmarc@bücher-coaching.de"] } },
      }),
    );
    expect(Object.keys(files)).toContain(`${ace}.zone`);
    expect(checkZone(ace, files[`${ace}.zone`] ?? "")).toMatch(/OK/);
    expect(files[`${ace}.zone`]).toMatch(/^[\x09\x0a\x20-\x7e]+$/);
    expect(files["dns-map.md"]).toContain(`# DNS map: ${ace} (stack prod)`);
    expect(files["handover.md"]).toContain(`| ops@${ace} | **awaiting confirmation** (see Appendix A) |`);
  });
});

describe("redirectSentence", () => {
  const redirect = (extra: Partial<PlannedRedirect>): PlannedRedirect => ({
    hosts: ["example.com"],
    paths: ["/old"],
    status: 301,
    keepsQuery: true,
    target: { url: "https://example.com/new", samePath: false },
    ...extra,
  });
  it.each<[Partial<PlannedRedirect>, string]>([
    [{}, "`/old` on example.com is sent permanently (301) to https://example.com/new, keeping the query string."],
    [{ paths: ["/a", "/a/", "/b"], status: 308 }, "`/a`, `/b` (with or without a final slash) on example.com are sent permanently (308, the method kept) to https://example.com/new, keeping the query string."],
    [{ status: 307, keepsQuery: false }, "`/old` on example.com is sent temporarily (307, the method kept) to https://example.com/new, without the visitor's query string."],
    [{ status: 303 }, "`/old` on example.com is sent with status 303 to https://example.com/new, keeping the query string."],
    [{ paths: [], hosts: ["a.example.com", "b.example.com"], target: { url: "https://example.com", samePath: true } }, "Every page on a.example.com and b.example.com (http or https) is sent permanently (301) to the same page on https://example.com, keeping the query string."],
    [{ target: { expression: 'concat("https://x.example", http.request.uri.query)' } }, '`/old` on example.com is sent permanently (301) to the address computed by `concat("https://x.example", http.request.uri.query)`, keeping the query string.'],
  ])("%j", (extra, sentence) => expect(redirectSentence(redirect(extra))).toBe(sentence));
});

describe("alarmCondition", () => {
  const alarm = { name: "a", statistic: "Average", period: 300, evaluationPeriods: 3, datapointsToAlarm: 2 };
  it.each([
    [{ ...alarm, metricName: "HealthCheckStatus", statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 1, period: 60 }, "Route 53 sees the URL down in 2 of 3 periods of 1 minute"],
    [{ ...alarm, metricName: "SSLHandshakeTime", comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 400 }, "Average TLS handshake time at or above 400 ms in 2 of 3 periods of 5 minutes"],
    [{ ...alarm, metricName: "ChildHealthCheckHealthyCount", comparisonOperator: "LessThanOrEqualToThreshold", threshold: 0 }, "Average ChildHealthCheckHealthyCount at or below 0 in 2 of 3 periods of 5 minutes"],
  ])("%j", (input, words) => expect(alarmCondition(input)).toBe(words));
});

describe("zoneSerial", () => {
  it("stays in the range every DNS tool compares correctly (1 to 2^31 - 1)", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const serial = zoneSerial(text);
        expect(Number.isInteger(serial) && serial >= 1 && serial < 2 ** 31).toBe(true);
      }),
    );
  });
});
