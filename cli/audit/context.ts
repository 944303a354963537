import { DnsClient, DnsError, type DnsServer } from "./dns";
import { once } from "./limit";
import type { Plan } from "./plan";
import { reporter, type Area, type Finding, type Reporter, type Severity } from "./types";
import { WebClient, WebError, type Chain } from "./web";

export interface AuditOptions {
  /** Lower-case ASCII (punycode) domain, already validated. */
  domain: string;
  /** Every DNS query goes here (default: the system's resolvers). */
  resolvers: DnsServer[];
  ca?: Buffer;
  dkimSelectors: string[];
  plan?: Plan;
  /** Per network operation: one DNS query, one TLS handshake, one HTTP response. */
  timeoutMs: number;
  /** Bound on the whole run; checks still running then are reported as `error`. */
  deadlineMs: number;
  httpPort: number;
  httpsPort: number;
  latencyBudgetMs: number;
  latencySamples: number;
  /** Landing pages to read besides each host's home (--page): paths on the site or URLs of the domain. */
  pages: string[];
  /** Budget for the transfer size of each landing page, in KiB. */
  pageWeightBudgetKb: number;
  /** Ask this RDAP server instead of the one IANA's bootstrap registry names for the TLD (--rdap-base). */
  rdapBase?: URL;
  /** Called after each check completes (the CLI draws progress on a terminal). */
  onProgress?: (done: number, total: number) => void;
}

export const HOST_LABELS = ["apex", "www", "app", "api"] as const;
export type HostLabel = (typeof HOST_LABELS)[number];

export interface HostAddresses {
  label: HostLabel;
  name: string;
  v4: string[];
  v6: string[];
  cnames: string[];
}

/** A path and query that no site handles specially, to see whether redirects keep them. */
export const PROBE_PATH = "/launch-ready-audit/probe?source=audit&n=1";

const DNS_CONCURRENCY = 32;

/** What the checks share: the clients and the lookups and probes more than one check needs (each done once). */
export class AuditContext {
  readonly dns: DnsClient;
  readonly web: WebClient;
  private readonly hosts = new Map<HostLabel, () => Promise<HostAddresses>>();
  private readonly chains = new Map<string, () => Promise<Chain>>();

  constructor(
    readonly options: AuditOptions,
    signal: AbortSignal,
  ) {
    this.dns = new DnsClient({
      servers: options.resolvers,
      timeoutMs: options.timeoutMs,
      concurrency: DNS_CONCURRENCY,
      signal,
    });
    const web: ConstructorParameters<typeof WebClient>[0] = {
      dns: this.dns,
      httpPort: options.httpPort,
      httpsPort: options.httpsPort,
      timeoutMs: options.timeoutMs,
      signal,
    };
    if (options.ca) web.ca = options.ca;
    this.web = new WebClient(web);
  }

  get domain(): string {
    return this.options.domain;
  }

  hostName(label: HostLabel): string {
    return label === "apex" ? this.domain : `${label}.${this.domain}`;
  }

  /** A and AAAA of apex, www, app or api. Rejects with a DnsError when the resolver does not answer. */
  host(label: HostLabel): Promise<HostAddresses> {
    let lookup = this.hosts.get(label);
    if (!lookup) {
      const name = this.hostName(label);
      lookup = once(async () => ({ label, name, ...(await this.dns.addresses(name)) }));
      this.hosts.set(label, lookup);
    }
    return lookup();
  }

  /** Redirects followed from `url` (shared by the checks that read the same chain). */
  chain(url: string): Promise<Chain> {
    let follow = this.chains.get(url);
    if (!follow) {
      follow = once(() => this.web.follow(new URL(url)));
      this.chains.set(url, follow);
    }
    return follow();
  }
}

/**
 * One unit of the audit. `id`, `area`, `severity` and `what` describe the `error` finding reported when it
 * cannot finish (no answer, time bound); `severity` is therefore the worst its findings can be.
 */
export interface Check {
  id: string;
  area: Area;
  severity: Severity;
  what: string;
  run(): Promise<Finding[]>;
}

/** One check per host the audit reads (apex, www, app, api), for the list of checks. */
export const forEachHost =
  (check: (ctx: AuditContext, label: HostLabel) => Check) =>
  (ctx: AuditContext): Check[] =>
    HOST_LABELS.map((label) => check(ctx, label));

/** A check from what it is and how it runs; `run` gets the reporter of the check's own id, area and severity. */
export function defineCheck(check: Omit<Check, "run">, run: (report: Reporter) => Promise<Finding[]>): Check {
  const report = reporter(check.id, check.area, check.severity);
  return { ...check, run: () => run(report) };
}

function errorAdvice(err: unknown, ctx: AuditContext | undefined): string {
  if (err instanceof DnsError) {
    const server = ctx ? ` (${ctx.dns.server.host}:${ctx.dns.server.port})` : "";
    return `Make sure the resolver${server} answers, or pass --resolver with one that does, then run the audit again. Until it runs, this check counts as not passed.`;
  }
  if (err instanceof WebError) {
    return "Make sure the host is up and reachable from here (or raise --timeout-ms), then run the audit again. Until it runs, this check counts as not passed.";
  }
  return "Run the audit again; if this repeats, report it with the summary above. Until it runs, this check counts as not passed.";
}

export function describeError(err: unknown): string {
  if (err instanceof DnsError || err instanceof WebError) return err.message;
  if (err instanceof Error) return `internal error: ${err.message}`;
  return `internal error: ${String(err)}`;
}

/** The finding for a check that could not run (no answer, refused, time bound): never a pass. */
export function errorFinding(id: string, area: Area, severity: Severity, what: string, err: unknown, ctx?: AuditContext): Finding {
  return {
    id,
    area,
    status: "error",
    severity,
    summary: `Could not check ${what}: ${describeError(err)}.`,
    fix: errorAdvice(err, ctx),
  };
}
