/**
 * What a person must do at the domain's registrar, in order: only they can change delegation and the DS record.
 * Order matters for DNSSEC: a DS record left by a previous DNS host makes validating resolvers reject the domain as soon
 * as Cloudflare answers, so it goes first; the new DS record is added once Cloudflare serves the zone
 * (https://developers.cloudflare.com/dns/dnssec/, shared/reference/cloudflare.md §4).
 */
export interface DsParts {
  ds: string;
  keyTag: number;
  algorithm: string;
  digestType: string;
  digest: string;
}

export function registrarSteps(nameServers: readonly string[], ds: DsParts, existingZone: boolean): string[] {
  const servers = nameServers.join(", ");
  return [
    existingZone
      ? `Check that the registrar delegates the domain to exactly these name servers: ${servers}.`
      : `Remove any DS record a previous DNS host left at the registrar, then set the domain's name servers to exactly: ${servers}. Cloudflare activates the zone once it sees them (up to 24 hours).`,
    `Once the zone is active, add this DS record at the registrar: ${ds.ds} (key tag ${ds.keyTag}, algorithm ${ds.algorithm}, digest type ${ds.digestType}, digest ${ds.digest}). DNSSEC shows "pending" in Cloudflare until it is published.`,
  ];
}
