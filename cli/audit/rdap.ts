// Domain registration data over RDAP (RFC 9082 queries, RFC 9083 responses), from the registry that IANA's
// bootstrap registry names for the TLD (RFC 9224). The bootstrap file ships with the audit
// (rdap-bootstrap/dns.json, refreshed by scripts/refresh-rdap-bootstrap.ts), so no lookup of IANA is needed per run.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isRedirect, WebError, type WebClient } from "./web";

export const BOOTSTRAP_FILE = path.join(__dirname, "rdap-bootstrap", "dns.json");
/** RDAP answers for one domain are a few KiB; a registry's answer beyond this is not read. */
const MAX_RDAP_BYTES = 256 * 1024;
const MAX_REDIRECTS = 3;

const bootstrapSchema = z.object({
  publication: z.string(),
  services: z.array(z.tuple([z.array(z.string()), z.array(z.string())])),
});

export interface Bootstrap {
  publication: string;
  /** Lower-case label sequence (e.g. "com", "co.uk") → RDAP base URLs, https first. */
  services: Map<string, string[]>;
}

export function parseBootstrap(json: unknown): Bootstrap {
  const data = bootstrapSchema.parse(json);
  const services = new Map<string, string[]>();
  for (const [entries, urls] of data.services) {
    // RFC 9224 section 4: clients prefer HTTPS; a plain-HTTP base is kept only when nothing else is offered.
    const ordered = [...urls].sort((a, b) => Number(b.startsWith("https:")) - Number(a.startsWith("https:")));
    for (const entry of entries) services.set(entry.toLowerCase(), ordered);
  }
  return { publication: data.publication, services };
}

let shipped: Bootstrap | undefined;

/** The bootstrap registry data shipped with the audit. */
export function shippedBootstrap(): Bootstrap {
  return (shipped ??= parseBootstrap(JSON.parse(readFileSync(BOOTSTRAP_FILE, "utf8"))));
}

/** The RDAP base for `domain`: the longest label sequence of it that the bootstrap lists (RFC 9224 section 4). */
export function rdapBaseFor(domain: string, bootstrap: Bootstrap): URL | undefined {
  const labels = domain.toLowerCase().split(".");
  for (let i = 1; i < labels.length; i++) {
    const urls = bootstrap.services.get(labels.slice(i).join("."));
    const base = urls?.[0];
    if (base) return new URL(base.endsWith("/") ? base : `${base}/`);
  }
  return undefined;
}

const eventSchema = z.object({ eventAction: z.string(), eventDate: z.string().optional() });
const vcardProperty = z.tuple([z.string(), z.unknown(), z.string(), z.unknown()], z.unknown());
const entitySchema = z.object({
  roles: z.array(z.string()).optional(),
  vcardArray: z.tuple([z.literal("vcard"), z.array(vcardProperty)]).optional(),
  publicIds: z.array(z.object({ type: z.string(), identifier: z.string() })).optional(),
  handle: z.string().optional(),
});
const domainSchema = z.object({
  ldhName: z.string().optional(),
  status: z.array(z.string()).optional(),
  events: z.array(eventSchema).optional(),
  entities: z.array(entitySchema).optional(),
  secureDNS: z
    .object({
      delegationSigned: z.boolean().optional(),
      dsData: z.array(z.object({ keyTag: z.number(), algorithm: z.number(), digestType: z.number(), digest: z.string() })).optional(),
    })
    .optional(),
});

export interface Registration {
  /** The RDAP server that answered. */
  server: string;
  registrar?: string;
  expires?: Date;
  /** RFC 8056 status values as RDAP writes them, lower-case ("client transfer prohibited", ...). */
  statuses: string[];
  /** undefined when the registry does not say. */
  delegationSigned?: boolean;
  dsKeyTags: number[];
}

function registrarName(entities: z.infer<typeof entitySchema>[]): string | undefined {
  const registrar = entities.find((e) => e.roles?.includes("registrar"));
  if (!registrar) return undefined;
  const fn = registrar.vcardArray?.[1].find((p) => p[0] === "fn")?.[3];
  const ianaId = registrar.publicIds?.find((p) => /iana registrar id/i.test(p.type))?.identifier;
  const name = typeof fn === "string" && fn.trim() !== "" ? fn.trim() : registrar.handle;
  if (!name) return ianaId ? `IANA registrar ${ianaId}` : undefined;
  return ianaId ? `${name} (IANA ID ${ianaId})` : name;
}

export function parseRegistration(json: unknown, server: string): Registration {
  const data = domainSchema.parse(json);
  const expiration = data.events?.find((e) => e.eventAction.toLowerCase() === "expiration")?.eventDate;
  const expires = expiration ? new Date(expiration) : undefined;
  const registration: Registration = {
    server,
    statuses: (data.status ?? []).map((s) => s.toLowerCase()),
    dsKeyTags: data.secureDNS?.dsData?.map((d) => d.keyTag) ?? [],
  };
  const registrar = registrarName(data.entities ?? []);
  if (registrar) registration.registrar = registrar;
  if (expires && !Number.isNaN(expires.getTime())) registration.expires = expires;
  if (data.secureDNS?.delegationSigned !== undefined) registration.delegationSigned = data.secureDNS.delegationSigned;
  return registration;
}

/** The registry's record of `domain` from the RDAP server at `base`, or undefined when it has none (404). */
export async function lookupRegistration(web: WebClient, base: URL, domain: string): Promise<Registration | undefined> {
  let url = new URL(`domain/${domain}`, base);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await web.request(url, { maxBytes: MAX_RDAP_BYTES, accept: "application/rdap+json, application/json" });
    if (isRedirect(response.status) && response.location) {
      url = response.location;
      continue;
    }
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw new WebError("ERDAP", url.href, `the RDAP server answered ${response.status}`);
    let json: unknown;
    try {
      json = JSON.parse(response.body ?? "");
    } catch {
      throw new WebError("ERDAP", url.href, "the RDAP server's answer is not JSON");
    }
    try {
      return parseRegistration(json, url.origin);
    } catch {
      throw new WebError("ERDAP", url.href, "the RDAP server's answer is not an RDAP domain object");
    }
  }
  throw new WebError("ERDAP", url.href, `more than ${MAX_REDIRECTS} redirects`);
}
