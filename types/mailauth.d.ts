// The parts of mailauth 4.9.5 (which ships no types) the project uses: the audit at run time, the mail tests to
// evaluate the records the plan publishes. Shapes as read from its README and lib/ (spf/index.js,
// dmarc/get-dmarc-record.js, mta-sts.js, dkim/sign.js).
declare module "mailauth" {
  /** Node's `dns.promises.resolve` shape: no data is an error with code ENOTFOUND or ENODATA. */
  export type Resolver = (name: string, rrtype: string) => Promise<unknown>;
  export interface Status {
    result: string;
    comment?: string;
  }
  export interface AuthOptions {
    sender?: string;
    ip?: string;
    helo?: string;
    mta?: string;
    resolver?: Resolver;
    disableArc?: boolean;
    disableBimi?: boolean;
  }
  export interface AuthResult {
    dkim: { results: { signingDomain: string; selector: string; status: Status & { aligned?: string | false } }[] };
    spf: { domain: string; status: Status };
    dmarc: {
      domain: string;
      /** The policy applied: "none" while a record's t=y test mode softens p=quarantine or p=reject. */
      policy: string;
      /** The published p=. */
      p?: string;
      status: Status & { header?: { from?: string } };
      /** The domain each method aligned with the From domain through (undefined: it did not align). */
      alignment?: { spf: { result?: string | false; strict: boolean }; dkim: { result?: string | false; strict: boolean } };
    };
    headers: string;
  }
  export function authenticate(message: string | Buffer, opts: AuthOptions): Promise<AuthResult>;
}

declare module "mailauth/lib/spf" {
  import type { Resolver } from "mailauth";
  export interface SpfResult {
    domain: string;
    status: { result: "pass" | "fail" | "softfail" | "neutral" | "none" | "permerror" | "temperror"; comment?: string };
    info: string;
    /** The SPF record evaluated at the top level. */
    rr?: string;
    lookups?: { limit: number; count: number; void: number; subqueries: Record<string, number> };
  }
  export function spf(opts: { sender: string; ip: string; helo?: string; mta?: string; resolver?: Resolver }): Promise<SpfResult>;
}

declare module "mailauth/lib/dmarc/get-dmarc-record" {
  import type { Resolver } from "mailauth";
  /** Tags by lower-case name (valueless tags are `false`), plus the record and whether it is the org domain's. */
  export interface DmarcRecord {
    rr: string;
    isOrgRecord: boolean;
    [tag: string]: string | number | boolean | undefined;
  }
  function getDmarcRecord(domain: string, resolver: Resolver): Promise<DmarcRecord | false>;
  export = getDmarcRecord;
}

declare module "mailauth/lib/dkim/sign" {
  export function dkimSign(
    message: string | Buffer,
    opts: { canonicalization?: string; algorithm?: string; signatureData: { signingDomain: string; selector: string; privateKey: string | Buffer }[] },
  ): Promise<{ signatures: string; errors: unknown[] }>;
}

declare module "mailauth/lib/mta-sts" {
  import type { Resolver } from "mailauth";
  export interface MtaStsPolicy {
    version?: string;
    mode: "none" | "testing" | "enforce";
    maxAge: number;
    mx?: string[];
  }
  /** The `id` of the `_mta-sts` record, or false when there is none; throws (code `multi_sts_records`) on several. */
  export function resolvePolicy(domain: string, opts: { resolver: Resolver }): Promise<string | false>;
  /** Throws an error with a code such as `invalid_sts_mode` when the policy is invalid. */
  export function parsePolicy(file: string): MtaStsPolicy;
  export function validateMx(mx: string, policy: MtaStsPolicy): { valid: boolean; mode: string; match?: string; testing: boolean };
}
