// RDAP domain objects (RFC 9083) as registries serve them, for RDAP servers on loopback: the fields the audit
// reads (registrar entity with its vCard and IANA ID, status, events, secureDNS) with dates relative to now.
const DAY_MS = 86_400_000;

export interface RdapDomainSpec {
  name: string;
  registrar?: string;
  expiresInDays?: number;
  statuses: string[];
  /** Key tags of the DS records the registry publishes; none: delegationSigned false. */
  dsKeyTags?: number[];
}

export function rdapDomain(spec: RdapDomainSpec): Record<string, unknown> {
  const now = Date.now();
  const events = [{ eventAction: "registration", eventDate: new Date(now - 400 * DAY_MS).toISOString() }];
  if (spec.expiresInDays !== undefined) events.push({ eventAction: "expiration", eventDate: new Date(now + spec.expiresInDays * DAY_MS).toISOString() });
  const tags = spec.dsKeyTags ?? [];
  return {
    objectClassName: "domain",
    rdapConformance: ["rdap_level_0"],
    ldhName: spec.name.toUpperCase(),
    status: spec.statuses,
    events,
    entities: spec.registrar
      ? [
          {
            objectClassName: "entity",
            roles: ["registrar"],
            handle: "9999",
            publicIds: [{ type: "IANA Registrar ID", identifier: "9999" }],
            vcardArray: ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", spec.registrar]]],
          },
        ]
      : [],
    secureDNS: {
      delegationSigned: tags.length > 0,
      ...(tags.length > 0 ? { dsData: tags.map((keyTag) => ({ keyTag, algorithm: 13, digestType: 2, digest: "00".repeat(32) })) } : {}),
    },
  };
}

/** The path an RDAP query for `domain` asks for under a base ending in `/rdap/`. */
export const rdapPath = (domain: string) => `/rdap/domain/${domain}`;
