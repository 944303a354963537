// The parts of mailauth 4.9.5 (which ships no types) the tests use, as its README and lib/ describe them.
declare module "mailauth" {
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
    dmarc: { domain: string; policy: string; status: Status & { header?: { from?: string } } };
    headers: string;
  }
  export function authenticate(message: string | Buffer, opts: AuthOptions): Promise<AuthResult>;
}

declare module "mailauth/lib/spf" {
  import type { Resolver, Status } from "mailauth";
  export function spf(opts: { sender: string; ip: string; helo?: string; mta?: string; resolver?: Resolver }): Promise<{ domain: string; status: Status; info: string }>;
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
    version: string;
    mode: string;
    maxAge: number;
    mx: string[];
  }
  export function resolvePolicy(domain: string, opts: { resolver: Resolver }): Promise<string | false>;
  export function parsePolicy(file: string): MtaStsPolicy;
  export function validateMx(mx: string, policy: MtaStsPolicy): { valid: boolean; mode: string; testing: boolean };
}
