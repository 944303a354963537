// What the pages serve: mixed content on HTTPS pages, credentials in the site's own scripts, and the weight of
// the landing pages. The pages are those of cli/audit/pages.ts, read once and shared by the three checks.
import { findSecrets, type SecretHit } from "../../../lib/secret-scan";
import { defineCheck, type AuditContext, type Check } from "../context";
import type { ResourceKind } from "../html";
import { MAX_RESOURCE_BYTES, ownHost, PageSet, type Loaded, type Page } from "../pages";
import type { Problem } from "../types";

/** Scripts scanned per run, the first ones the pages name. */
export const MAX_SCRIPTS = 30;
/** Items named in a summary; the rest are counted. */
const LISTED = 5;

function listed(items: string[]): string {
  return items.length <= LISTED ? items.join("; ") : `${items.slice(0, LISTED).join("; ")}; and ${items.length - LISTED} more`;
}

const pageList = (pages: Page[]) => pages.map((p) => p.url.href).join(", ");

/** Browsers block these over http:// on an HTTPS page (W3C Mixed Content, "blockable"); images and media are upgraded. */
const BLOCKED: ReadonlySet<ResourceKind> = new Set(["script", "style", "font", "frame", "other"]);

export function mixedContent(ctx: AuditContext, pages: PageSet): Check {
  return defineCheck(
    { id: "http.mixed-content", area: "http", severity: "high", what: `plain-HTTP subresources on the pages of ${ctx.domain}` },
    async (report) => {
      const secure = (await pages.pages()).filter((p) => p.url.protocol === "https:");
      if (secure.length === 0) return [];
      const found: Record<"form" | "blocked" | "upgraded", string[]> = { form: [], blocked: [], upgraded: [] };
      for (const page of secure) {
        for (const r of (await pages.subresources(page)).items) {
          if (r.url.protocol !== "http:") continue;
          const where = `${r.url.href} (${r.source} on ${page.url.href})`;
          found[r.kind === "form" ? "form" : BLOCKED.has(r.kind) ? "blocked" : "upgraded"].push(where);
        }
      }
      const fix =
        "Load every script, stylesheet, font, frame, image and form target over https:// (or a relative URL); `Content-Security-Policy: upgrade-insecure-requests` is a safety net, not the fix.";
      const problems: Problem[] = [];
      if (found.form.length > 0) {
        problems.push({
          status: "fail",
          severity: "high",
          text: `${found.form.length} form(s) on an HTTPS page send what is typed into them over plain HTTP (a password typed there travels unencrypted; browsers warn before sending): ${listed(found.form)}.`,
          fix,
        });
      }
      if (found.blocked.length > 0) {
        problems.push({
          status: "fail",
          severity: "high",
          text: `${found.blocked.length} script(s), stylesheet(s), font(s) or frame(s) load over plain HTTP, which browsers block on an HTTPS page, so the page breaks: ${listed(found.blocked)}.`,
          fix,
        });
      }
      if (found.upgraded.length > 0) {
        problems.push({
          status: "warn",
          severity: "medium",
          text: `${found.upgraded.length} image(s) or media load over plain HTTP: browsers upgrade them to HTTPS and show nothing where that fails, older ones mark the page "Not secure": ${listed(found.upgraded)}.`,
          fix,
        });
      }
      return [report.judge(problems, `No plain-HTTP subresource or form target on ${pageList(secure)}.`)];
    },
  );
}

/** A URL as it may be printed: without its query, which can carry tokens. */
const printable = (url: URL) => `${url.origin}${url.pathname}`;

export function bundleSecrets(ctx: AuditContext, pages: PageSet): Check {
  return defineCheck(
    { id: "http.bundle-secrets", area: "http", severity: "launch-stopping", what: `credentials in the scripts ${ctx.domain} serves` },
    async (report) => {
      const read = await pages.pages();
      if (read.length === 0) return [];
      // The site's own scripts (the domain and its subdomains); third-party scripts are not the site's to fix.
      const scripts = new Map<string, Loaded>();
      let named = 0;
      for (const page of read) {
        for (const loaded of (await pages.subresources(page)).loaded) {
          if (loaded.kind !== "script" || !ownHost(ctx, loaded.url.hostname) || scripts.has(loaded.url.href)) continue;
          named++;
          if (scripts.size < MAX_SCRIPTS) scripts.set(loaded.url.href, loaded);
        }
      }
      const files = [
        ...read.map((p) => ({ name: printable(p.url), content: p.response.body ?? "" })),
        ...[...scripts.values()].map((s) => ({ name: printable(s.url), content: s.body })),
      ];
      const hits = (await Promise.all(files.map(async (f) => (await findSecrets(f.content, f.name)).map((hit) => ({ file: f.name, hit }))))).flat();
      const where = (h: { file: string; hit: SecretHit }) => `${h.hit.kind} in ${h.file} at line ${h.hit.line}, column ${h.hit.column}`;
      const critical = hits.filter((h) => h.hit.critical);
      const other = hits.filter((h) => !h.hit.critical);
      const problems: Problem[] = [];
      const rotate =
        "Revoke and rotate the credential now (it is public: anyone who opened the page has it), then keep it on the server: read it from Secrets Manager at run time, and never put it in a variable the bundler inlines (NEXT_PUBLIC_, VITE_, REACT_APP_).";
      if (critical.length > 0) {
        problems.push({
          status: "fail",
          severity: "launch-stopping",
          text: `Every visitor can read ${critical.length} credential(s) that grant access: ${listed(critical.map(where))}.`,
          fix: rotate,
        });
      }
      if (other.length > 0) {
        problems.push({
          status: "fail",
          severity: "high",
          text: `The served code holds ${other.length} token(s) or password(s): ${listed(other.map(where))}.`,
          fix: rotate,
        });
      }
      const limit = named > scripts.size ? ` (the first ${MAX_SCRIPTS} of ${named} scripts)` : "";
      const truncated = [...scripts.values()].some((s) => s.truncated) ? `; scripts over ${MAX_RESOURCE_BYTES / 1024 / 1024} MiB are scanned up to there` : "";
      return [
        report.judge(
          problems,
          `No credential in ${read.length} page(s) and ${scripts.size} script(s) of the site${limit}, scanned with secretlint's recommended rules and a Stripe secret key pattern${truncated}.`,
        ),
      ];
    },
  );
}

const KIB = 1024;

function size(bytes: number, truncated = false): string {
  const text = bytes >= 1024 * KIB ? `${(bytes / 1024 / KIB).toFixed(1)} MiB` : bytes >= KIB ? `${Math.round(bytes / KIB)} KiB` : `${bytes} B`;
  return truncated ? `more than ${text}` : text;
}

export function pageWeight(ctx: AuditContext, pages: PageSet): Check {
  const budgetKb = ctx.options.pageWeightBudgetKb;
  return defineCheck(
    { id: "perf.page-weight", area: "performance", severity: "medium", what: `the transfer size of the landing pages of ${ctx.domain}` },
    async (report) => {
      const landing = (await pages.pages()).filter((p) => p.role !== "login");
      if (landing.length === 0) return [];
      const weights = await Promise.all(
        landing.map(async (page) => {
          const { loaded, skipped } = await pages.subresources(page);
          const items = [{ url: page.url, bytes: page.response.transferBytes ?? 0, truncated: page.response.truncated ?? false }, ...loaded];
          const total = items.reduce((sum, i) => sum + i.bytes, 0);
          const largest = [...items]
            .sort((a, b) => b.bytes - a.bytes)
            .slice(0, 3)
            .map((i) => `${printable(i.url)} ${size(i.bytes, i.truncated)}`);
          return { page, total, count: items.length, skipped, largest, truncated: items.some((i) => i.truncated) };
        }),
      );
      const describePage = (w: (typeof weights)[number]) =>
        `${w.page.url.href} ${size(w.total, w.truncated)} in ${w.count} item(s)${w.skipped > 0 ? ` (${w.skipped} more not fetched)` : ""}`;
      const heavy = weights.filter((w) => w.total > budgetKb * KIB);
      const problems: Problem[] = heavy.map((w) => ({
        status: "warn",
        severity: "medium",
        text: `${describePage(w)} is over the ${budgetKb} KiB budget; largest: ${w.largest.join(", ")}.`,
        fix: "Serve images in WebP or AVIF at the size they are shown (srcset), lazy-load what is below the fold, split or drop large scripts, and subset fonts; raise --page-weight-budget-kb only if the budget is wrong for this audience.",
      }));
      return [
        report.judge(
          problems,
          `Within the ${budgetKb} KiB budget: ${weights.map(describePage).join("; ")} (body bytes as transferred, compressed where the server compresses).`,
        ),
      ];
    },
  );
}

/** The content checks, sharing one set of pages. */
export function contentChecks(ctx: AuditContext): Check[] {
  const pages = new PageSet(ctx);
  return [mixedContent(ctx, pages), bundleSecrets(ctx, pages), pageWeight(ctx, pages)];
}
