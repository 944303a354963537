// The parts of mailauth 4.9.5 the audit calls, with their shapes as read from its lib/spf/index.js,
// lib/dmarc/get-dmarc-record.js and lib/mta-sts.js (the package ships no types). They are loaded with
// require() and typed here, at the one boundary, so no ambient `declare module` has to be shared with
// other parts of the project that describe the package their own way.

/** Node's `dns.promises.resolve` shape: no data is an error with code ENOTFOUND or ENODATA. */
export type NodeStyleResolver = (name: string, rrtype: string) => Promise<unknown[]>;

export interface SpfResult {
  domain: string;
  status: {
    result: "pass" | "fail" | "softfail" | "neutral" | "none" | "permerror" | "temperror";
    comment?: string;
  };
  /** The SPF record evaluated at the top level. */
  rr?: string;
  lookups?: { limit: number; count: number; void: number; subqueries: Record<string, number> };
}

interface SpfModule {
  spf(options: { sender: string; ip: string; helo: string; mta: string; resolver: NodeStyleResolver }): Promise<SpfResult>;
}

/** Tags by lower-case name (valueless tags are `false`), plus the record and whether it is the org domain's. */
export interface DmarcRecord {
  rr: string;
  isOrgRecord: boolean;
  [tag: string]: string | number | boolean | undefined;
}

type GetDmarcRecord = (domain: string, resolver: NodeStyleResolver) => Promise<DmarcRecord | false>;

export interface MtaStsPolicy {
  version?: string;
  mode: "none" | "testing" | "enforce";
  maxAge: number;
  mx?: string[];
}

interface MtaStsModule {
  /** The `id` of the `_mta-sts` record, or false when there is none; throws (code `multi_sts_records`) on several. */
  resolvePolicy(address: string, options: { resolver: NodeStyleResolver }): Promise<string | false>;
  /** Throws an error with a code such as `invalid_sts_mode` when the policy is invalid. */
  parsePolicy(file: string): MtaStsPolicy;
  validateMx(mx: string, policy: MtaStsPolicy): { valid: boolean; mode: string; match?: string; testing: boolean };
}

const spfModule: SpfModule = require("mailauth/lib/spf");
export const getDmarcRecord: GetDmarcRecord = require("mailauth/lib/dmarc/get-dmarc-record");
export const mtaSts: MtaStsModule = require("mailauth/lib/mta-sts");
export const evaluateSpf = spfModule.spf;
