// The domain's registration, as its registry publishes it over RDAP: who the registrar is, when it expires, the
// locks against transfer and deletion, and whether the registry publishes a DS record (secureDNS).
import { getDomain } from "tldts";
import { defineCheck, type AuditContext, type Check } from "../context";
import { lookupRegistration, rdapBaseFor, shippedBootstrap, type Registration } from "../rdap";
import { reporter, type Finding, type Problem } from "../types";

const DAY_MS = 86_400_000;
/** Like a certificate: 14 days or less leaves no room for a failed renewal (an expired card, a lapsed account). */
export const EXPIRY_LAUNCH_STOPPING_DAYS = 14;
/** Registries auto-renew gTLDs at expiry; within this, make sure the registrar renews (or auto-renew is on). */
export const EXPIRY_WARN_DAYS = 45;

/** RFC 8056 statuses that take a domain out of DNS or are the last step before it is deleted. */
const OUT_OF_SERVICE: Record<string, string> = {
  "client hold": "the registrar has put it on hold, so it is not published in DNS",
  "server hold": "the registry has put it on hold, so it is not published in DNS",
  "redemption period": "its registration lapsed and it is in the redemption period before deletion",
  "pending delete": "it is about to be deleted",
};

const has = (r: Registration, lock: string) => r.statuses.includes(`client ${lock} prohibited`) || r.statuses.includes(`server ${lock} prohibited`);

const expiryReport = reporter("dns.registration", "dns", "launch-stopping");
const locksReport = reporter("dns.registration.locks", "dns", "medium");
const dsReport = reporter("dns.registration.ds", "dns", "medium");

function expiryFinding(domain: string, r: Registration, now: number): Finding {
  const at = r.registrar ? ` at ${r.registrar}` : "";
  const renew = `Renew ${domain} at the registrar now and turn on auto-renew with a payment method that will still work next year.`;
  const problems: Problem[] = [];
  for (const [status, meaning] of Object.entries(OUT_OF_SERVICE)) {
    if (r.statuses.includes(status)) {
      problems.push({
        status: "fail",
        severity: "launch-stopping",
        text: `${domain}: ${meaning} (RDAP status "${status}").`,
        fix: `Contact the registrar${at} today: ${renew}`,
      });
    }
  }
  if (!r.expires) {
    problems.push({
      status: "warn",
      severity: "low",
      text: `The registry (${r.server}) publishes no expiry date for ${domain}.`,
      fix: "Read the expiry date and the auto-renew setting in the registrar's control panel.",
    });
    return expiryReport.judge(problems, "");
  }
  const date = r.expires.toISOString().slice(0, 10);
  const days = Math.floor((r.expires.getTime() - now) / DAY_MS);
  if (days < 0) {
    problems.push({
      status: "fail",
      severity: "launch-stopping",
      text: `The registration of ${domain}${at} expired on ${date}: the site and its mail stop when the registrar takes it out of DNS.`,
      fix: renew,
    });
  } else if (days <= EXPIRY_LAUNCH_STOPPING_DAYS) {
    problems.push({
      status: "fail",
      severity: "launch-stopping",
      text: `The registration of ${domain}${at} expires on ${date}, in ${days} day(s).`,
      fix: renew,
    });
  } else if (days <= EXPIRY_WARN_DAYS) {
    problems.push({
      status: "warn",
      severity: "medium",
      text: `The registration of ${domain}${at} expires on ${date}, in ${days} days.`,
      fix: "Check that auto-renew is on at the registrar and its payment method is valid, or renew now.",
    });
  }
  return expiryReport.judge(problems, `${domain} is registered${at} until ${date} (${days} days), per its registry (${r.server}).`);
}

function locksFinding(domain: string, r: Registration): Finding {
  const problems: Problem[] = [];
  if (!has(r, "transfer")) {
    problems.push({
      status: "warn",
      severity: "medium",
      text: `${domain} has no transfer lock (neither clientTransferProhibited nor serverTransferProhibited): a stolen registrar login or a social-engineered transfer can move the domain away.`,
      fix: 'Turn on the transfer lock ("Domain lock") at the registrar, and two-factor authentication on the registrar account.',
    });
  }
  if (!has(r, "delete")) {
    problems.push({
      status: "warn",
      severity: "low",
      text: `${domain} has no delete lock (clientDeleteProhibited).`,
      fix: "Turn on the delete lock at the registrar if it offers one.",
    });
  }
  const locks = r.statuses.filter((s) => s.endsWith(" prohibited"));
  const listed = locks.length > 0 ? locks.join(", ") : "none";
  return locksReport.judge(problems, `${domain} is locked against transfer and deletion (statuses: ${listed}).`);
}

function dsFinding(domain: string, r: Registration): Finding {
  const fix = "Add the DS record of the zone at the registrar (the stack output dnssecDsRecord, or its four parts in dnssecDsParts).";
  if (r.delegationSigned === true) {
    const tags = r.dsKeyTags.length > 0 ? ` (key tag ${r.dsKeyTags.join(", ")})` : "";
    return dsReport.judge([], `The registry publishes a DS record for ${domain}${tags}: DNSSEC is in effect.`);
  }
  const text =
    r.delegationSigned === false
      ? `The registry publishes no DS record for ${domain}: whatever the zone signs, validating resolvers do not check it.`
      : `The registry (${r.server}) does not say whether ${domain} has a DS record.`;
  return dsReport.judge([{ status: "warn", severity: r.delegationSigned === false ? "medium" : "low", text, fix }], "");
}

export function registration(ctx: AuditContext): Check {
  const domain = getDomain(ctx.domain) ?? ctx.domain;
  return defineCheck({ id: "dns.registration", area: "dns", severity: "launch-stopping", what: `the registration of ${domain} over RDAP` }, async (report) => {
    const bootstrap = shippedBootstrap();
    const base = ctx.options.rdapBase ?? rdapBaseFor(domain, bootstrap);
    if (!base) {
      return [
        report.warn(
          "info",
          `IANA's RDAP bootstrap registry (published ${bootstrap.publication.slice(0, 10)}) names no RDAP server for the registry of ${domain}, so its expiry date, locks and DS could not be read here.`,
          "Check the expiry date, auto-renew and the transfer lock in the registrar's control panel. If the bootstrap data is old, refresh it (npm run refresh:rdap).",
        ),
      ];
    }
    const found = await lookupRegistration(ctx.web, base, domain);
    if (!found) {
      return [
        report.fail(
          "launch-stopping",
          `The registry's RDAP server (${base.origin}) has no registration for ${domain}: it is not registered, or no longer.`,
          `Register ${domain} (or renew it, if it just lapsed) at a registrar.`,
        ),
      ];
    }
    return [expiryFinding(domain, found, Date.now()), locksFinding(domain, found), dsFinding(domain, found)];
  });
}
