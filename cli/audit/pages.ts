// The pages the content checks read (mixed content, secrets in bundles, page weight) and what they load, each
// fetched once per run and shared. Every fetch is bounded: how many pages and subresources, how many bytes each,
// and the per-request time of --timeout-ms.
import { HOST_LABELS, type AuditContext } from "./context";
import { parseCss, parseHtml, type ParsedPage, type ResourceKind, type Subresource } from "./html";
import { once } from "./limit";
import type { BodyRead, WebResponse } from "./web";

export type PageRole = "home" | "named" | "login";

export interface Page {
  role: PageRole;
  /** Where the page ended after redirects. */
  url: URL;
  response: WebResponse;
  parsed: ParsedPage;
}

export interface Loaded {
  url: URL;
  kind: ResourceKind;
  /** Body bytes as transferred; at least this many when `truncated`. */
  bytes: number;
  truncated: boolean;
  body: string;
}

/** A page beyond these is not read: the checks say how many were. */
export const MAX_PAGES = 12;
export const MAX_PAGE_BYTES = 2 * 1024 * 1024;
/** Subresources fetched per page; a landing page loading more is over any budget anyway. */
export const MAX_RESOURCES_PER_PAGE = 60;
/** Per subresource: a bundle or an image bigger than this is reported as "more than". */
export const MAX_RESOURCE_BYTES = 4 * 1024 * 1024;
const HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";

export const DEFAULT_LOGIN_PATH = "/login";

/** Whether `host` is the audited domain or one of its subdomains: the site's own. */
export function ownHost(ctx: AuditContext, host: string): boolean {
  return host === ctx.domain || host.endsWith(`.${ctx.domain}`);
}

export class PageSet {
  private readonly resources = new Map<string, () => Promise<Loaded | undefined>>();
  readonly pages: () => Promise<Page[]>;

  constructor(private readonly ctx: AuditContext) {
    this.pages = once(() => this.loadPages());
  }

  /** The URLs to read: each published host's home, the pages named with --page, and the login pages. */
  private async candidates(): Promise<Array<{ role: PageRole; url: URL }>> {
    // A host whose lookup failed is reported by its dns.* check; the pages of the others are still read.
    const hosts = await Promise.all(HOST_LABELS.map((label) => this.ctx.host(label).catch(() => undefined)));
    const names = hosts.flatMap((h) => (h && h.v4.length + h.v6.length > 0 ? [h.name] : []));
    const home = names[0] ?? this.ctx.domain;
    const list: Array<{ role: PageRole; url: URL }> = names.map((name) => ({ role: "home", url: new URL(`https://${name}/`) }));
    for (const page of this.ctx.options.pages) list.push({ role: "named", url: new URL(page, `https://${home}/`) });
    const planned = this.ctx.options.plan?.loginPages ?? [];
    // Without a plan, the template's default: the login page on app. when it is published, else on the site.
    const logins = planned.length > 0 ? planned : [`https://${names.includes(`app.${this.ctx.domain}`) ? `app.${this.ctx.domain}` : home}${DEFAULT_LOGIN_PATH}`];
    for (const login of logins) list.push({ role: "login", url: new URL(login) });
    return list.slice(0, MAX_PAGES);
  }

  private async loadPages(): Promise<Page[]> {
    const read: BodyRead = { maxBytes: MAX_PAGE_BYTES, truncate: true, compressed: true, accept: HTML_ACCEPT };
    const errors: unknown[] = [];
    const loaded = await Promise.all(
      (await this.candidates()).map(async ({ role, url }) => {
        const chain = await this.ctx.web.follow(url, read);
        const final = chain.final;
        // A page that is not there (a guessed /login), redirects off the site or is not HTML is not read.
        if (!final || final.status !== 200 || !ownHost(this.ctx, final.url.hostname)) {
          if (chain.error) errors.push(chain.error);
          return undefined;
        }
        if (!/html/i.test(String(final.headers["content-type"] ?? "text/html"))) return undefined;
        return { role, url: final.url, response: final, parsed: await parseHtml(final.body ?? "", final.url) };
      }),
    );
    const seen = new Set<string>();
    const pages = loaded.filter((p): p is Page => p !== undefined && !seen.has(p.url.href) && Boolean(seen.add(p.url.href)));
    // No page at all because none could be reached: the checks could not run (a host without a site is no error).
    if (pages.length === 0 && errors.length > 0) throw errors[0];
    return pages;
  }

  /** One subresource over HTTPS (never over plain HTTP: browsers block or upgrade those), fetched once per run. */
  resource(item: Subresource): Promise<Loaded | undefined> {
    let load = this.resources.get(item.url.href);
    if (!load) {
      load = once(async () => {
        if (item.url.protocol !== "https:") return undefined;
        try {
          const response = await this.ctx.web.request(item.url, { maxBytes: MAX_RESOURCE_BYTES, truncate: true, compressed: true });
          if (response.status !== 200) return undefined;
          return { url: item.url, kind: item.kind, bytes: response.transferBytes ?? 0, truncated: response.truncated ?? false, body: response.body ?? "" };
        } catch {
          // A subresource that does not load is the page's problem, not this check's: it is left out.
          return undefined;
        }
      });
      this.resources.set(item.url.href, load);
    }
    return load();
  }

  /**
   * What `page` names (every subresource and form target, and the fonts and imports of its stylesheets) and what
   * of it was downloaded: frames and form targets are not fetched, plain-HTTP URLs neither (see `resource`).
   */
  readonly subresources = memoByPage((page: Page) => this.collect(page));

  private async collect(page: Page): Promise<{ items: Subresource[]; loaded: Loaded[]; skipped: number }> {
    const fetched = (r: Subresource) => r.kind !== "form" && r.kind !== "frame";
    const direct = [...page.parsed.resources, ...parseCss(page.parsed.inlineStyles, page.url)];
    const first = direct.filter(fetched).slice(0, MAX_RESOURCES_PER_PAGE);
    const loaded = (await Promise.all(first.map((r) => this.resource(r)))).filter((l): l is Loaded => l !== undefined);
    const nested = loaded.filter((l) => l.kind === "style").flatMap((sheet) => parseCss(sheet.body, sheet.url));
    const second = nested.slice(0, Math.max(0, MAX_RESOURCES_PER_PAGE - first.length));
    const loadedNested = (await Promise.all(second.map((r) => this.resource(r)))).filter((l): l is Loaded => l !== undefined);
    const items = [...direct, ...nested];
    return { items, loaded: [...loaded, ...loadedNested], skipped: items.filter(fetched).length - first.length - second.length };
  }
}

/** Memoises a per-page computation (several checks read the same page's subresources). */
function memoByPage<T>(compute: (page: Page) => Promise<T>): (page: Page) => Promise<T> {
  const results = new WeakMap<Page, Promise<T>>();
  return (page) => {
    let result = results.get(page);
    if (!result) {
      result = compute(page);
      results.set(page, result);
    }
    return result;
  };
}
