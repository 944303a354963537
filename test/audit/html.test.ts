// What a page and its stylesheets make a browser load (cli/audit/html.ts), and the fields of a security.txt.
import { describe, expect, it } from "vitest";
import { parseSecurityTxt, securityTxtProblems } from "../../cli/audit/checks/security-txt";
import { parseCss, parseHtml } from "../../cli/audit/html";

const PAGE = new URL("https://example.com/pricing/");
const loaded = async (html: string) => (await parseHtml(html, PAGE)).resources.map((r) => [r.kind, r.url.href, r.source]);

describe("parseHtml", () => {
  it.each([
    ['<script src="/a.js"></script>', [["script", "https://example.com/a.js", "<script src>"]]],
    ['<link rel="stylesheet" href="s.css">', [["style", "https://example.com/pricing/s.css", '<link rel="stylesheet">']]],
    ['<link rel="preload" as="font" href="/f.woff2"><link rel="modulepreload" href="/m.js">', [["font", "https://example.com/f.woff2", '<link rel="preload">'], ["script", "https://example.com/m.js", '<link rel="modulepreload">']]],
    ['<link rel="canonical" href="http://example.com/"><link rel="preconnect" href="http://cdn.example">', []],
    ['<a href="http://elsewhere.example/">a link is not loaded</a>', []],
    ['<img srcset="/s.jpg 1x, /l.jpg 2x">', [["image", "https://example.com/s.jpg", "<img>"]]],
    ['<img src="data:image/png;base64,AAAA"><img src="javascript:void(0)">', []],
    ['<iframe src="http://video.example/e"></iframe><form action="http://example.com/login">', [["frame", "http://video.example/e", "<iframe src>"], ["form", "http://example.com/login", "<form action>"]]],
    ['<video src="/v.mp4" poster="/p.jpg"></video>', [["media", "https://example.com/v.mp4", "<video src>"], ["image", "https://example.com/p.jpg", "<video poster>"]]],
    ['<base href="https://cdn.example/assets/"><script src="app.js"></script>', [["script", "https://cdn.example/assets/app.js", "<script src>"]]],
    ['<script src="/a.js?x=1&amp;y=2"></script>', [["script", "https://example.com/a.js?x=1&y=2", "<script src>"]]],
  ])("%s", async (html, expected) => {
    expect(await loaded(html)).toEqual(expected);
  });

  it("keeps inline scripts and styles for the secret scan and the fonts", async () => {
    const parsed = await parseHtml("<script>var k = 1;</script><style>@font-face{src:url(/f.woff2)}</style><p>text</p>", PAGE);
    expect(parsed.inlineScripts).toBe("var k = 1;");
    expect(parsed.inlineStyles).toBe("@font-face{src:url(/f.woff2)}");
  });
});

describe("parseCss", () => {
  const urls = (css: string) => parseCss(css, new URL("https://example.com/css/site.css")).map((r) => [r.kind, r.url.href]);

  it("takes the first source of each face that covers Latin text, and @imports", () => {
    expect(
      urls(`
        @import url("base.css");
        @import "print.css" print;
        @font-face { font-family: A; src: url(/f/a.woff2) format("woff2"), url(/f/a.woff) format("woff"); }
        @font-face { font-family: A; src: url(/f/a-cyrillic.woff2); unicode-range: U+0400-045F; }
        @font-face { font-family: A; src: url(/f/a-latin.woff2); unicode-range: U+0000-00FF, U+0131; }
        @font-face { font-family: B; src: url(data:font/woff2;base64,AAAA); }
        body { background: url(/img/bg.png); }
      `),
    ).toEqual([
      ["style", "https://example.com/css/base.css"],
      ["style", "https://example.com/css/print.css"],
      ["font", "https://example.com/f/a.woff2"],
      ["font", "https://example.com/f/a-latin.woff2"],
    ]);
  });

  it("reads nothing from a stylesheet it cannot parse", () => {
    expect(urls("@font-face { src: url(/a.woff2)")).toEqual([]);
  });
});

describe("security.txt", () => {
  const NOW = Date.parse("2026-12-01T00:00:00Z");
  const problems = (text: string) => securityTxtProblems("https://example.com/.well-known/security.txt", parseSecurityTxt(text), NOW).map((p) => p.text);

  it("reads the fields inside an OpenPGP cleartext signature, case-insensitively, and skips comments", () => {
    const signed = [
      "-----BEGIN PGP SIGNED MESSAGE-----",
      "Hash: SHA256",
      "",
      "# Our policy",
      "contact: mailto:security@example.com",
      "Contact: https://example.com/security",
      "Expires: 2027-06-01T00:00:00.000Z",
      "-----BEGIN PGP SIGNATURE-----",
      "Contact: mailto:not-a-field@example.com",
      "-----END PGP SIGNATURE-----",
    ].join("\r\n");
    expect(parseSecurityTxt(signed).fields).toEqual(
      new Map([
        ["contact", ["mailto:security@example.com", "https://example.com/security"]],
        ["expires", ["2027-06-01T00:00:00.000Z"]],
      ]),
    );
    expect(problems(signed)).toEqual([]);
  });

  it.each([
    ["Expires: 2027-06-01T00:00:00Z", ["https://example.com/.well-known/security.txt has no Contact field (RFC 9116 requires one)."]],
    ["Contact: mailto:s@example.com", ["https://example.com/.well-known/security.txt has no Expires field (RFC 9116 requires exactly one)."]],
    ["Contact: mailto:s@example.com\nExpires: 2027-01-01T00:00:00Z\nExpires: 2027-02-01T00:00:00Z", ["https://example.com/.well-known/security.txt has 2 Expires fields (RFC 9116 requires exactly one)."]],
    ["Contact: mailto:s@example.com\nExpires: soon", ["The Expires of https://example.com/.well-known/security.txt is not a date (soon)."]],
    ["Contact: mailto:s@example.com\nExpires: 2026-11-30T00:00:00Z", ["https://example.com/.well-known/security.txt expired on 2026-11-30: researchers treat its contacts as stale."]],
    ["Contact: mailto:s@example.com\nExpires: 2028-06-01T00:00:00Z", ["The Expires of https://example.com/.well-known/security.txt is more than a year ahead (2028-06-01); RFC 9116 recommends less, so the file is reviewed."]],
  ])("%j", (text, expected) => {
    expect(problems(text)).toEqual(expected);
  });
});
