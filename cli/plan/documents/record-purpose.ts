import { CLOUDFLARE_CAS } from "../../../lib/caa";
import { parseDmarc, reportAddresses } from "../../../lib/dmarc";
import { REDIRECT_ONLY_ADDRESS } from "../../../lib/edge-rules";
import { verificationConsole } from "../../../lib/hosting";
import { SES_SPF_INCLUDE } from "../../../lib/mail-presets";
import { SENDERS, SENDER_IDS, senderByInclude } from "../../../lib/senders";
import { MTA_STS_RECORD, TLS_RPT_RECORD } from "../../../lib/mta-sts";
import { isSpfRecord, parseSpf } from "../../../lib/spf";

/**
 * What one DNS record is for and who runs what it points at, in plain words, from the record's name, type and value.
 * Pure: plain values in, text out.
 */

export type RecordArea = "web" | "certificates" | "mail" | "other";

export interface RecordFacts {
  /** Lowercase FQDN without the trailing dot. */
  name: string;
  type: string;
  /** TXT text unquoted and joined; host names without the trailing dot; empty for CAA. */
  content: string;
  priority?: number;
  caa?: { tag: string; value: string };
  proxied: boolean;
}

export interface RecordContext {
  /** The zone's domain, in punycode. */
  domain: string;
  /** The host the site is served on (the apex or www); the other one redirects to it. */
  canonicalHost: string;
  /** The custom MAIL FROM domain of Amazon SES, when SES sends for the domain. */
  mailFromDomain?: string;
}

export interface RecordPurpose {
  area: RecordArea;
  /** What the record does, in one or two short sentences. */
  purpose: string;
  /** Who runs the service the record points at or speaks for. */
  pointsAt: string;
  /** For a host record: the server that answers its requests (none for a host that only redirects). */
  origin?: string;
}

/** The CAs of the CAA records, by the issuer domain their records name. */
const CA_NAMES: Readonly<Record<string, string>> = Object.fromEntries(CLOUDFLARE_CAS.map((ca) => [ca.domain, ca.label]));


const AMAZON_SES = "Amazon SES";

export function recordPurpose(record: RecordFacts, context: RecordContext): RecordPurpose {
  const { name, type } = record;
  const label = name === context.domain ? "" : name.slice(0, -(context.domain.length + 1));
  if (type === "CAA") return caaPurpose(record.caa ?? { tag: "", value: "" }, context.domain);
  if (type === "MX") return mxPurpose(record, context);
  if (type === "TXT" && isSpfRecord(record.content)) return spfPurpose(record, context);
  if (type === "TXT" && label === "_dmarc") {
    const reports = reportAddresses(parseDmarc(record.content).tags);
    return {
      area: "mail",
      purpose: `DMARC: tells receiving mail servers what to do with mail that claims to come from @${context.domain} but fails SPF and DKIM, and where to send daily reports.`,
      pointsAt: reports.length > 0 ? `you (reports go to ${reports.join(", ")})` : "you (no report address)",
    };
  }
  if (type === "TXT" && label === MTA_STS_RECORD) {
    return {
      area: "mail",
      purpose: `MTA-STS: tells sending servers to deliver mail for @${context.domain} only over TLS, to the mail servers listed in the policy at https://mta-sts.${context.domain}/.well-known/mta-sts.txt. The id changes whenever the policy does.`,
      pointsAt: "Cloudflare (a Worker serves the policy)",
    };
  }
  if (type === "TXT" && label === TLS_RPT_RECORD) {
    const reports = [...record.content.matchAll(/mailto:([^,;\s]+)/gi)].map((m) => m[1] ?? "");
    return {
      area: "mail",
      purpose: `TLS-RPT: where sending servers report mail to @${context.domain} they could not deliver over TLS.`,
      pointsAt: `you (reports go to ${reports.join(", ")})`,
    };
  }
  const dkim = /^([^.]+)\._domainkey\./.exec(name);
  if (dkim !== null && (type === "TXT" || type === "CNAME")) return dkimPurpose(dkim[1] ?? "", record, context.domain);
  if (name.startsWith("_acme-challenge.")) {
    return { area: "certificates", purpose: `Certificate validation (ACME DNS-01): lets the host behind ${name.slice("_acme-challenge.".length)} prove the name is its own to get a certificate, also while Cloudflare proxies it.`, pointsAt: record.content };
  }
  if (type === "A" || type === "AAAA" || type === "CNAME") return hostPurpose(record, label, context);
  const verify = type === "TXT" ? verificationConsole(record.content) : undefined;
  if (verify !== undefined) return { area: "other", purpose: `Verification: proves to a service that ${context.domain} is yours (confirm at ${verify}).`, pointsAt: record.content };
  return { area: "other", purpose: `A ${type} record.`, pointsAt: record.content };
}

function caaPurpose(caa: { tag: string; value: string }, domain: string): RecordPurpose {
  const issuer = (caa.value.split(";")[0] ?? "").trim().toLowerCase();
  const ca = CA_NAMES[issuer] ?? issuer;
  switch (caa.tag) {
    case "issue":
      return { area: "certificates", purpose: `Allows ${ca} to issue certificates for ${domain}. Certificate authorities not listed must refuse.`, pointsAt: `${ca}, one of the authorities Cloudflare gets certificates from` };
    case "issuewild":
      return { area: "certificates", purpose: `Allows ${ca} to issue wildcard certificates (*.${domain}).`, pointsAt: `${ca}, one of the authorities Cloudflare gets certificates from` };
    case "iodef": {
      const address = caa.value.replace(/^mailto:/i, "");
      return { area: "certificates", purpose: "Where certificate authorities report a certificate request they refused.", pointsAt: `you (${address})` };
    }
    default:
      return { area: "certificates", purpose: `A CAA ${caa.tag} rule for certificate authorities.`, pointsAt: caa.value };
  }
}

function mxPurpose(record: RecordFacts, context: RecordContext): RecordPurpose {
  const host = record.content;
  if (host === "." || host === "") {
    return { area: "mail", purpose: `Null MX: @${record.name} receives no mail, so senders bounce at once instead of retrying for days.`, pointsAt: "nobody (no mail is accepted)" };
  }
  if (record.name === context.mailFromDomain || /^feedback-smtp\.[a-z0-9-]+\.amazonses\.com$/.test(host)) {
    return { area: "mail", purpose: `Bounces and complaints about mail sent through Amazon SES come back to ${record.name} (the custom MAIL FROM domain), so SPF matches the sender's domain.`, pointsAt: AMAZON_SES };
  }
  return {
    area: "mail",
    purpose: `Incoming mail for @${record.name} is delivered to ${host} (priority ${record.priority ?? 0}; servers with a lower number are tried first).`,
    pointsAt: mailboxProvider(host),
  };
}

/** The mailbox provider behind an MX host: the inbound presets of lib/mail-presets.ts, else the host itself. */
function mailboxProvider(host: string): string {
  if (/(^|\.)google\.com$/.test(host)) return "Google Workspace";
  if (/\.mail\.protection\.outlook\.com$|\.mx\.microsoft$/.test(host)) return "Microsoft 365";
  return host;
}

function spfPurpose(record: RecordFacts, context: RecordContext): RecordPurpose {
  const terms = parseSpf(record.content).terms;
  const senders = terms.flatMap((t) => (t.kind === "mechanism" && t.name !== "all" ? [spfSender(t.name, t.value)] : []));
  const all = terms.find((t) => t.kind === "mechanism" && t.name === "all");
  const others = all?.kind === "mechanism" && all.qualifier === "-" ? "Mail from any other server fails." : all?.kind === "mechanism" && all.qualifier === "~" ? "Mail from any other server is marked suspicious (soft fail)." : "";
  if (record.name === context.mailFromDomain) {
    return { area: "mail", purpose: `SPF of the bounce domain: only ${senders.join(", ") || "nobody"} may send with it. ${others}`.trim(), pointsAt: senders.join(", ") || "nobody" };
  }
  if (senders.length === 0) return { area: "mail", purpose: `SPF: no server may send mail as @${record.name}. ${others}`.trim(), pointsAt: "nobody (no mail is sent)" };
  return { area: "mail", purpose: `SPF: the services allowed to send mail as @${record.name}: ${senders.join(", ")}. ${others}`.trim(), pointsAt: senders.join(", ") };
}

/** The service an SPF term stands for: a catalog sender by its include, Amazon SES, else the term as written. */
function spfSender(mechanism: string, value: string | undefined): string {
  if (mechanism !== "include" || value === undefined) return value === undefined ? mechanism : `${mechanism}:${value}`;
  if (value.toLowerCase() === SES_SPF_INCLUDE) return AMAZON_SES;
  const id = senderByInclude(value);
  return id === undefined ? value : SENDERS[id].label;
}

function dkimPurpose(selector: string, record: RecordFacts, domain: string): RecordPurpose {
  if (record.type === "CNAME" && record.content.endsWith(".dkim.amazonses.com")) {
    return { area: "mail", purpose: `DKIM key of Amazon SES (Easy DKIM): receivers check SES's signature on mail from @${domain} with the key this name points to. Amazon rotates it.`, pointsAt: AMAZON_SES };
  }
  const sender = SENDER_IDS.map((id) => SENDERS[id]).find((s) => "dkimSelector" in s && s.dkimSelector.test(selector));
  const owner = sender?.label ?? `the sender that uses selector "${selector}"`;
  return {
    area: "mail",
    purpose:
      record.type === "TXT"
        ? `DKIM public key (selector ${selector}): receivers check ${owner}'s signature on mail from @${domain} with it.`
        : `DKIM key (selector ${selector}), kept by ${owner} at the name this points to.`,
    pointsAt: owner,
  };
}

function hostPurpose(record: RecordFacts, label: string, context: RecordContext): RecordPurpose {
  const through = record.proxied
    ? "Visitors reach it through Cloudflare (HTTPS, cache, firewall)."
    : "DNS only: visitors connect to it directly, without Cloudflare in front.";
  if (record.content === REDIRECT_ONLY_ADDRESS && record.proxied) {
    return { area: "web", purpose: `Lets Cloudflare answer for ${record.name} and redirect it to ${context.canonicalHost}. No server is behind it.`, pointsAt: "Cloudflare (redirect only)" };
  }
  const server = record.type === "CNAME" ? `your host ${record.content}` : `your server ${record.content}`;
  if (record.name !== context.canonicalHost && (record.name === context.domain || label === "www")) {
    return { area: "web", purpose: `The website's other address: Cloudflare redirects it to ${context.canonicalHost}. ${through}`, pointsAt: server };
  }
  const role =
    record.name === context.canonicalHost
      ? "The website, at its main address."
      : label === "app"
        ? "The app (sign-in and the product)."
        : label === "api"
          ? "The API."
          : `The host ${record.name}.`;
  return { area: "web", purpose: `${role} ${through}`, pointsAt: server, origin: record.content };
}
