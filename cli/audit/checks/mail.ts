// DKIM keys, MX (or null MX), MTA-STS and TLS-RPT.
import { createPublicKey, type KeyObject } from "node:crypto";
import tls from "node:tls";
import { defineCheck, type AuditContext, type Check } from "../context";
import { normalizeName } from "../dns";
import { mtaSts as stsPolicy } from "../mailauth";
import { plannedDkimSelectors } from "../plan";
import { tagList } from "../../../lib/dmarc";
import { SENDER_IDS, SENDERS, type Sender } from "../../../lib/senders";
import { reporter, type Finding, type Problem } from "../types";
import { WebError } from "../web";

/** Most names a selector pattern may stand for to count as a fixed set (selector1/selector2 is two). */
const MAX_FIXED_SELECTORS = 16;

/**
 * The names a catalog selector pattern stands for when it is a fixed set: anchored, made of letters, digits, `_`,
 * `-`, `\.` and sets of letters or digits such as `[12]`. Undefined for any other pattern (Postmark's `^\d{14}pm$`):
 * the account picks those names, so they cannot be guessed.
 */
export function fixedSelectors(pattern: RegExp): string[] | undefined {
  const body = /^\^(.*)\$$/.exec(pattern.source)?.[1];
  if (body === undefined || body === "") return undefined;
  let names = [""];
  for (const [token, set] of body.matchAll(/\\\.|\[([a-z0-9]+)\]|./gi)) {
    const choices = set !== undefined ? [...new Set(set)] : token === "\\." ? ["."] : /^[a-z0-9_-]$/i.test(token) ? [token] : undefined;
    if (choices === undefined) return undefined;
    names = names.flatMap((name) => choices.map((c) => name + c.toLowerCase()));
    if (names.length > MAX_FIXED_SELECTORS) return undefined;
  }
  return names;
}

/** The fixed selectors of the sender catalog (lib/senders.ts): adding a sender there is all it takes to probe its keys. */
export const CATALOG_DKIM_SELECTORS: readonly string[] = SENDER_IDS.flatMap((id) => {
  const pattern: RegExp | undefined = (SENDERS[id] as Sender).dkimSelector;
  return pattern === undefined ? [] : (fixedSelectors(pattern) ?? []);
});

/**
 * Selectors tried when none is given or planned: the catalog's fixed ones, then those of senders outside it or
 * with a selector of the owner's choosing: Mailchimp/Mandrill's k1-k3 and "mandrill", Zoho's usual "zmail", and
 * the generic defaults of signing software. SES Easy DKIM, Postmark and Mailgun use per-account selectors: give
 * those with --dkim-selector or --plan.
 */
export const COMMON_DKIM_SELECTORS: readonly string[] = [
  ...new Set([...CATALOG_DKIM_SELECTORS, "default", "k1", "k2", "k3", "mandrill", "zmail", "dkim", "mail"]),
];

/** A DKIM key record's tags (RFC 6376 §3.6.1): the tag list of lib/dmarc, whitespace folded out of the values. */
function dkimTags(text: string): Map<string, string> {
  return new Map(tagList(text).flatMap(({ name, value }) => (name === "" ? [] : [[name, value.replace(/\s+/g, "")] as const])));
}

function rsaKey(der: Buffer): KeyObject | undefined {
  for (const type of ["spki", "pkcs1"] as const) {
    try {
      return createPublicKey({ key: der, format: "der", type });
    } catch {
      // try the next encoding
    }
  }
  return undefined;
}

/** The findings of one selector's key, `dkim.<selector>`. */
const keyReport = (selector: string) => reporter(`dkim.${selector}`, "mail", "high");

/** Judges the key published for one selector (RFC 6376 §3.6.1, RFC 8301 key sizes, RFC 8463 Ed25519). */
export function judgeDkimKey(selector: string, name: string, text: string): Finding {
  const report = keyReport(selector);
  const tags = dkimTags(text);
  const fail = (summary: string, fix: string) => report.fail("high", summary, fix);
  const republish = `Publish the key your mail provider gives you for selector ${selector} at ${name}.`;
  const version = tags.get("v");
  if (version !== undefined && version !== "DKIM1") return fail(`${name} is not a DKIM key (v=${version}).`, republish);
  const p = tags.get("p");
  if (p === undefined) return fail(`${name} has no public key (p=), so mail signed with selector ${selector} fails DKIM.`, republish);
  if (p === "")
    return fail(
      `The DKIM key at ${name} is revoked (empty p=): mail signed with selector ${selector} fails DKIM.`,
      `${republish} If the selector is retired, stop signing with it.`,
    );
  const algorithm = (tags.get("k") ?? "rsa").toLowerCase();
  const der = Buffer.from(p, "base64");
  if (algorithm === "ed25519") {
    return der.length === 32
      ? report.pass(`${name} publishes an Ed25519 DKIM key.`)
      : fail(`The Ed25519 key at ${name} is ${der.length} bytes, not 32: receivers cannot verify signatures with it.`, republish);
  }
  if (algorithm !== "rsa") return fail(`${name} uses key type k=${algorithm}, which receivers do not support.`, republish);
  const bits = rsaKey(der)?.asymmetricKeyDetails?.modulusLength;
  if (bits === undefined) return fail(`The RSA key at ${name} cannot be read (the p= value is damaged, often split badly across TXT strings).`, republish);
  if (bits < 1024) {
    return fail(
      `The DKIM key at ${name} has ${bits} bits: receivers ignore RSA keys under 1024 bits (RFC 8301), so signatures fail.`,
      `Generate a 2048-bit key for a new selector and publish it. ${republish}`,
    );
  }
  if (bits < 2048) {
    return report.warn(
      "low",
      `The DKIM key at ${name} has ${bits} bits; 2048 is the current recommendation.`,
      "Rotate to a 2048-bit key with a new selector when the provider allows it.",
    );
  }
  return report.pass(`${name} publishes a ${bits}-bit RSA DKIM key.`);
}

export function dkim(ctx: AuditContext): Check {
  const domain = ctx.domain;
  const plan = ctx.options.plan;
  const declared = [...new Set([...ctx.options.dkimSelectors, ...(plan ? plannedDkimSelectors(plan) : [])])];
  const keyName = (selector: string) => `${selector}._domainkey.${domain}`;
  return defineCheck({ id: "dkim.keys", area: "mail", severity: "high", what: `the DKIM keys of ${domain}` }, async (report) => {
    const selectors = declared.length > 0 ? declared : COMMON_DKIM_SELECTORS;
    const lookups = await Promise.allSettled(selectors.map((s) => ctx.dns.txt(keyName(s))));
    const findings: Finding[] = [];
    let errors = 0;
    lookups.forEach((lookup, i) => {
      const selector = selectors[i]!;
      const name = keyName(selector);
      if (lookup.status === "rejected") {
        errors++;
        if (declared.length > 0) {
          findings.push(
            keyReport(selector).error(
              `Could not look up the DKIM key at ${name}: ${String((lookup.reason as Error).message)}.`,
              "Make sure the resolver answers, then run the audit again. Until it runs, this check counts as not passed.",
            ),
          );
        }
        return;
      }
      const key = lookup.value.strings.find((s) => /(^|;)\s*p\s*=/i.test(s));
      if (key !== undefined) findings.push(judgeDkimKey(selector, name, key));
      else if (declared.length > 0) {
        findings.push(
          keyReport(selector).fail(
            "high",
            `No DKIM key is published at ${name}: mail signed with selector ${selector} fails DKIM, and DMARC then rests on SPF alone.`,
            `Publish the record your mail provider gives for selector ${selector} (for SES Easy DKIM: the three CNAMEs).`,
          ),
        );
      }
    });
    if (declared.length > 0 || findings.length > 0) return findings;
    if (errors === selectors.length) throw lookups.find((l) => l.status === "rejected")?.reason;
    return [
      report.warn(
        "medium",
        `No DKIM key found at the ${selectors.length} common selectors tried (${selectors.join(", ")}). Your provider may use its own selector; without DKIM, DMARC rests on SPF alone and breaks on forwarding.`,
        "Give the selectors you sign with (--dkim-selector, repeatable) or the plan (--plan) so the audit checks the real keys; if there are none, set up DKIM with your mail provider.",
      ),
    ];
  });
}

interface MxHosts {
  exchanges: string[];
  nullMx: boolean;
  records: Array<{ exchange: string; preference: number }>;
}

async function mxHosts(ctx: AuditContext): Promise<MxHosts> {
  const lookup = await ctx.dns.lookup(ctx.domain, "MX");
  const records = lookup.records.flatMap((r) => (r.type === "MX" ? [{ exchange: normalizeName(r.data.exchange), preference: r.data.preference ?? 0 }] : []));
  const nullMx = records.length === 1 && records[0]!.exchange === "";
  return { records, nullMx, exchanges: nullMx ? [] : records.map((r) => r.exchange).filter((e) => e !== "") };
}

export function mx(ctx: AuditContext): Check {
  const domain = ctx.domain;
  return defineCheck({ id: "mail.mx", area: "mail", severity: "high", what: `the MX records of ${domain}` }, async (report) => {
    const { records, nullMx, exchanges } = await mxHosts(ctx);
    if (nullMx) return [report.pass(`${domain} publishes a null MX (RFC 7505): it says it receives no mail, so senders bounce at once.`)];
    if (records.length === 0) {
      return [
        report.warn(
          "medium",
          `${domain} has no MX record: replies to your mail, bounces and DMARC reports sent to @${domain} are not delivered (senders fall back to the A record).`,
          `Publish your mailbox provider's MX records, or a null MX ("0 .") if ${domain} receives no mail.`,
        ),
      ];
    }
    const dead = await ctx.dns.withoutAddress(exchanges);
    const list = records.map((r) => `${r.exchange || "."} (${r.preference})`).join(", ");
    const problems: Problem[] = dead.map((host) => ({
      status: "fail",
      severity: "high",
      text: `MX host ${host} has no address: mail for ${domain} routed there bounces or waits.`,
      fix: `Fix or remove the MX record for ${host}.`,
    }));
    return [report.judge(problems, `Mail for ${domain} goes to ${list}.`)];
  });
}

export function mtaSts(ctx: AuditContext): Check {
  const domain = ctx.domain;
  return defineCheck({ id: "mail.mta-sts", area: "mail", severity: "high", what: `MTA-STS for ${domain}` }, async (report) => {
    const fail = (severity: "high" | "medium", summary: string, fix: string) => [report.fail(severity, summary, fix)];
    const multiple = Symbol("several _mta-sts records");
    const policyIdOf = async (): Promise<string | false | typeof multiple> => {
      try {
        return await stsPolicy.resolvePolicy(domain, { resolver: ctx.dns.nodeResolver() });
      } catch (err) {
        if ((err as { code?: string }).code === "multi_sts_records") return multiple;
        throw err;
      }
    };
    // The lookups do not depend on each other: MX, the policy id, and the policy host's address (for the fetch).
    const [{ exchanges }, policyId] = await Promise.all([mxHosts(ctx), policyIdOf(), ctx.dns.addresses(`mta-sts.${domain}`).catch(() => undefined)]);
    if (exchanges.length === 0) return [report.pass(`${domain} receives no mail (no MX, or a null MX): MTA-STS does not apply.`)];
    if (policyId === multiple) {
      return fail("medium", `_mta-sts.${domain} has more than one v=STSv1 record, so senders ignore MTA-STS.`, "Keep one TXT record: v=STSv1; id=<new id>.");
    }
    if (!policyId) {
      return [
        report.warn(
          "low",
          `${domain} has no MTA-STS policy: mail sent to you can be downgraded to an unencrypted connection by anyone on the path.`,
          `Serve https://mta-sts.${domain}/.well-known/mta-sts.txt (mode: testing first) and publish TXT "v=STSv1; id=<date>" at _mta-sts.${domain}.`,
        ),
      ];
    }
    // mailauth's own fetch always uses port 443 and the system CAs, so the policy is fetched here (same rules).
    const url = new URL(`https://mta-sts.${domain}/.well-known/mta-sts.txt`);
    const serve = `Serve the policy at ${url.href} with a valid certificate for mta-sts.${domain}.`;
    let response;
    try {
      response = await ctx.web.request(url, true);
    } catch (err) {
      if (err instanceof WebError && (err.code === "ENOTFOUND" || err.code === "ECONNREFUSED")) {
        return fail("medium", `_mta-sts.${domain} announces a policy but ${url.href} cannot be fetched (${err.detail}), so senders ignore MTA-STS.`, serve);
      }
      throw err;
    }
    const certificate = response.tls;
    const badCertificate = !certificate?.authorized
      ? (certificate?.authorizationError ?? "no certificate")
      : tls.checkServerIdentity(url.hostname, certificate.certificate)?.message;
    if (badCertificate) {
      return fail("medium", `The MTA-STS policy is served with an invalid certificate (${badCertificate}), so senders ignore it (RFC 8461 §3.3).`, serve);
    }
    if (response.status !== 200) return fail("medium", `${url.href} answers ${response.status}, so senders find no MTA-STS policy.`, serve);
    let policy;
    try {
      policy = stsPolicy.parsePolicy(response.body ?? "");
    } catch (err) {
      return fail(
        "medium",
        `The MTA-STS policy at ${url.href} is invalid (${(err as Error).message}), so senders ignore it.`,
        "Write the policy as version: STSv1, mode: testing|enforce, one mx: line per MX host, max_age: <seconds>.",
      );
    }
    const uncovered = exchanges.filter((host) => !stsPolicy.validateMx(host, policy).valid);
    const problems: Problem[] = [];
    if (uncovered.length > 0) {
      problems.push({
        status: policy.mode === "enforce" ? "fail" : "warn",
        severity: policy.mode === "enforce" ? "high" : "medium",
        text: `The MTA-STS policy (mode ${policy.mode}) does not list MX host ${uncovered.join(", ")}${policy.mode === "enforce" ? ": senders that honour MTA-STS refuse to deliver there, so mail is lost" : ""}.`,
        fix: `Add an mx: line for ${uncovered.join(", ")} to the policy and change the id in _mta-sts.${domain}.`,
      });
    }
    if (policy.mode === "none") {
      problems.push({
        status: "warn",
        severity: "low",
        text: "The MTA-STS policy has mode: none, which switches it off.",
        fix: "Use mode: testing, then enforce.",
      });
    }
    const stage = policy.mode === "testing" ? " (testing: failures are reported, not enforced; move to enforce once TLS reports are clean)" : "";
    return [report.judge(problems, `MTA-STS policy ${policyId} is in mode ${policy.mode} and covers ${exchanges.join(", ")}${stage}.`)];
  });
}

const TLSRPT_RECORD = /^v=TLSRPTv1\s*(;|$)/i;

export function tlsRpt(ctx: AuditContext): Check {
  const domain = ctx.domain;
  const where = `_smtp._tls.${domain}`;
  return defineCheck({ id: "mail.tls-rpt", area: "mail", severity: "low", what: `TLS-RPT for ${domain}` }, async (report) => {
    const [{ exchanges }, { strings }] = await Promise.all([mxHosts(ctx), ctx.dns.txt(where)]);
    if (exchanges.length === 0) return [report.pass(`${domain} receives no mail: TLS reporting does not apply.`)];
    const records = strings.filter((s) => TLSRPT_RECORD.test(s.trim()));
    const publish = `Publish TXT at ${where}: "v=TLSRPTv1; rua=mailto:tls-reports@${domain}".`;
    if (records.length === 0) {
      return [report.warn("low", `${domain} has no TLS-RPT record: you will not hear when senders fail to deliver to you over TLS.`, publish)];
    }
    if (records.length > 1) {
      return [report.fail("low", `${where} has ${records.length} TLS-RPT records, so senders ignore them (RFC 8460 §3).`, `Keep one. ${publish}`)];
    }
    const rua = (tagList(records[0]!).find((t) => t.name === "rua")?.value ?? "")
      .split(",")
      .map((u) => u.trim())
      .filter((u) => u !== "");
    const valid = rua.length > 0 && rua.every((u) => /^(mailto:[^@\s]+@\S+|https:\/\/\S+)$/i.test(u));
    if (!valid) {
      return [report.fail("low", `The TLS-RPT record at ${where} has no usable rua= (${records[0]}), so no report can be sent.`, publish)];
    }
    return [report.pass(`TLS reports for ${domain} go to ${rua.join(", ")}.`)];
  });
}
