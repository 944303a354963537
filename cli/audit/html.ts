// What a page loads: the subresources of an HTML document (parsed with htmlparser2) and the fonts and images of a
// stylesheet (parsed with postcss), as absolute URLs with the kind a browser fetches them as.
import postcss from "postcss";
import { once } from "./limit";

// htmlparser2 is an ES module; this project compiles to CommonJS, which reaches one through import().
const htmlparser2 = once(() => import("htmlparser2"));

/**
 * `blockable` and `upgradeable` follow W3C Mixed Content: browsers block the first over http:// and upgrade (or
 * block) the second; a form sends what is typed into it to its action.
 */
export type ResourceKind = "script" | "style" | "image" | "font" | "media" | "frame" | "form" | "other";

export interface Subresource {
  url: URL;
  kind: ResourceKind;
  /** Where in the page it is named, e.g. `<script src>`. */
  source: string;
}

export interface ParsedPage {
  resources: Subresource[];
  /** Inline `<script>` and `<style>` text, for the secret scan and the CSS fonts. */
  inlineScripts: string;
  inlineStyles: string;
}

const PRELOAD_KINDS: Record<string, ResourceKind> = { script: "script", style: "style", image: "image", font: "font", audio: "media", video: "media" };

function linkKind(rel: string[], as: string | undefined): ResourceKind | undefined {
  if (rel.includes("stylesheet")) return "style";
  if (rel.includes("modulepreload")) return "script";
  if (rel.includes("preload")) return PRELOAD_KINDS[as ?? ""] ?? "other";
  if (rel.includes("icon") || rel.includes("apple-touch-icon")) return "image";
  if (rel.includes("manifest")) return "other";
  return undefined; // canonical, alternate, preconnect ...: nothing is loaded into the page
}

/** The first candidate of a `srcset` (what a browser without more context picks is one of them; one is counted). */
function firstCandidate(srcset: string): string | undefined {
  return srcset.trim().split(/\s*,\s+|\s+\S+\s*,\s*/)[0]?.split(/\s+/)[0] || undefined;
}

/** Subresources a browser loads for `html` served at `pageUrl` (`<base href>` respected). */
export async function parseHtml(html: string, pageUrl: URL): Promise<ParsedPage> {
  const { Parser } = await htmlparser2();
  const found: Array<{ value: string; kind: ResourceKind; source: string }> = [];
  let base = pageUrl;
  let inScript = false;
  let inStyle = false;
  const scripts: string[] = [];
  const styles: string[] = [];
  const add = (value: string | undefined, kind: ResourceKind, source: string) => {
    if (value !== undefined && value.trim() !== "") found.push({ value: value.trim(), kind, source });
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        switch (name) {
          case "base":
            if (attrs.href) {
              try {
                base = new URL(attrs.href, pageUrl);
              } catch {
                // An unusable <base href> is ignored by browsers too.
              }
            }
            break;
          case "script":
            if (attrs.src) add(attrs.src, "script", "<script src>");
            else inScript = true;
            break;
          case "link": {
            const kind = linkKind((attrs.rel ?? "").toLowerCase().split(/\s+/), attrs.as?.toLowerCase());
            if (kind) add(attrs.href, kind, `<link rel="${attrs.rel}">`);
            break;
          }
          case "style":
            inStyle = true;
            break;
          case "img":
            add(attrs.src ?? (attrs.srcset ? firstCandidate(attrs.srcset) : undefined), "image", "<img>");
            break;
          case "source":
            add(attrs.src ?? (attrs.srcset ? firstCandidate(attrs.srcset) : undefined), attrs.srcset ? "image" : "media", "<source>");
            break;
          case "video":
          case "audio":
            add(attrs.src, "media", `<${name} src>`);
            if (attrs.poster) add(attrs.poster, "image", `<${name} poster>`);
            break;
          case "track":
            add(attrs.src, "media", "<track src>");
            break;
          case "iframe":
          case "frame":
            add(attrs.src, "frame", `<${name} src>`);
            break;
          case "embed":
            add(attrs.src, "other", "<embed src>");
            break;
          case "object":
            add(attrs.data, "other", "<object data>");
            break;
          case "input":
            if (attrs.type?.toLowerCase() === "image") add(attrs.src, "image", '<input type="image">');
            break;
          case "form":
            if (attrs.action) add(attrs.action, "form", "<form action>");
            break;
        }
      },
      ontext(text) {
        if (inScript) scripts.push(text);
        if (inStyle) styles.push(text);
      },
      onclosetag(name) {
        if (name === "script") inScript = false;
        if (name === "style") inStyle = false;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const resources: Subresource[] = [];
  for (const { value, kind, source } of found) {
    try {
      const url = new URL(value, base);
      if (url.protocol === "http:" || url.protocol === "https:") resources.push({ url, kind, source });
    } catch {
      // Not a URL a browser would load either.
    }
  }
  return { resources, inlineScripts: scripts.join("\n"), inlineStyles: styles.join("\n") };
}

const URL_TOKEN = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/g;

function urlsIn(value: string): string[] {
  return [...value.matchAll(URL_TOKEN)].map((m) => m[1] ?? m[2] ?? m[3] ?? "").filter((u) => u !== "" && !u.startsWith("data:"));
}

/** Whether a `unicode-range` includes Latin letters: a face that does not is only loaded for text that needs it. */
function coversLatin(range: string | undefined): boolean {
  if (range === undefined) return true;
  const A = 0x41;
  return range.split(",").some((part) => {
    const [low, high] = part.trim().replace(/^u\+/i, "").split("-");
    if (low === undefined) return false;
    const from = parseInt(low.replace(/\?/g, "0"), 16);
    const to = high === undefined ? parseInt(low.replace(/\?/g, "f"), 16) : parseInt(high, 16);
    return from <= A && A <= to;
  });
}

/**
 * What a stylesheet makes the browser download: the first source of each `@font-face` that covers Latin text (a
 * browser takes the first format it supports, woff2 as a rule) and `@import`ed stylesheets. Background images
 * load only when an element matches, so they are not counted.
 */
export function parseCss(css: string, sheetUrl: URL): Subresource[] {
  let root: postcss.Root;
  try {
    root = postcss.parse(css);
  } catch {
    return [];
  }
  const found: Subresource[] = [];
  const add = (value: string | undefined, kind: ResourceKind, source: string) => {
    if (value === undefined) return;
    try {
      found.push({ url: new URL(value, sheetUrl), kind, source });
    } catch {
      // Not loadable.
    }
  };
  root.walkAtRules((rule) => {
    if (rule.name.toLowerCase() === "import") {
      add(urlsIn(rule.params)[0] ?? /^\s*["']([^"']+)["']/.exec(rule.params)?.[1], "style", "@import");
    } else if (rule.name.toLowerCase() === "font-face") {
      let src: string | undefined;
      let range: string | undefined;
      rule.walkDecls((decl) => {
        if (decl.prop.toLowerCase() === "src") src = decl.value;
        if (decl.prop.toLowerCase() === "unicode-range") range = decl.value;
      });
      if (src !== undefined && coversLatin(range)) add(urlsIn(src)[0], "font", "@font-face src");
    }
  });
  return found;
}
