import { describe, expect, it } from "vitest";
import { evaluateString, ExpressionError, fieldsOf, matches, parse, valuesComparedWith, wildcardRegExp, type Probe } from "../../lib/rule-language";

const request: Probe = {
  host: "www.example.com",
  path: "/Login/step",
  query: "a=1",
  ip: "203.0.113.9",
  headers: { cookie: ["a=1", "b=2"], "user-agent": ["curl/8"], authorization: ["Bearer x"] },
};

describe("matches", () => {
  it.each([
    ['http.host eq "www.example.com"', true],
    ['http.host == "example.com"', false],
    ['http.host ne "example.com"', true],
    ['http.request.uri.path contains "/step"', true],
    ['http.request.uri.path wildcard "/login/*"', true],
    ['http.request.uri.path strict wildcard "/login/*"', false],
    ['http.request.uri.path in {"/a" "/Login/step"}', true],
    ['starts_with(http.request.uri.path, "/Login")', true],
    ['ends_with(http.request.uri.path, "/x")', false],
    ['lower(http.request.uri.path) eq "/login/step"', true],
    ['http.request.uri eq "/Login/step?a=1"', true],
    ['http.request.full_uri eq "https://www.example.com/Login/step?a=1"', true],
    ['http.cookie eq "a=1; b=2"', true],
    ['http.user_agent eq "curl/8"', true],
    ['any(http.request.headers["authorization"][*] ne "")', true],
    ['any(http.request.headers["x-missing"][*] ne "")', false],
    ["ip.src in {203.0.113.0/24}", true],
    ["ip.src in {198.51.100.0/24 2001:db8::/32}", false],
    ["ssl", true],
    ["not ssl", false],
    ["true", true],
    ['len(http.host) gt 10', true],
    // Precedence: not binds tighter than and, and tighter than xor, xor tighter than or.
    ['not ssl and ssl or true', true],
    ['ssl and (not ssl or false)', false],
    ['ssl xor ssl', false],
    ["ssl or ssl and false", true],
    ["true or true xor true", true],
    ["not true and false or true", true],
    ['(http.host eq "a") || (http.host eq "www.example.com") && ssl', true],
    ['!(http.host eq "a")', true],
  ])("%s → %s", (expression, expected) => {
    expect(matches(expression, request)).toBe(expected);
  });

  it("reads wirefilter's string literals: escaped quotes and backslashes, hex and octal bytes, raw strings", () => {
    expect(matches('http.host eq "www\\x2eexample\\056com"', request)).toBe(true);
    expect(matches('http.request.uri.path eq r"/Login/step"', request)).toBe(true);
    expect(matches('http.request.uri.path eq r#"/Login/step"#', request)).toBe(true);
    expect(matches('http.request.uri.path eq "a\\"b\\\\c"', { host: "x", path: 'a"b\\c' })).toBe(true);
    expect(() => parse('http.host eq "a\\nb"')).toThrow(/invalid escape \\n/);
    expect(() => parse('http.host eq "open')).toThrow(/missing the closing quote/);
  });

  it("refuses what it cannot evaluate instead of guessing", () => {
    for (const [expression, reason] of [
      ['http.request.uri.path matches "^/a"', /regular expressions/],
      ["ip.src in $office", /named lists/],
      ['cf.threat_score gt 10', /field cf\.threat_score is not supported/],
      ['regex_replace(http.host, "a", "b") eq "c"', /function regex_replace\(\) is not supported/],
      ['http.host eq "a" and', /expected a field/],
      ['http.host eq "a")', /unexpected/],
      ["http.host", /does not evaluate to true or false/],
    ] as const) {
      expect(() => matches(expression, request), expression).toThrow(ExpressionError);
      expect(() => matches(expression, request), expression).toThrow(reason);
    }
  });
});

describe("evaluateString", () => {
  it("computes a redirect target", () => {
    expect(evaluateString('concat("https://example.com", http.request.uri.path)', request)).toBe("https://example.com/Login/step");
  });
});

describe("wildcardRegExp", () => {
  it("matches the whole value, * as anything, backslash as escape", () => {
    expect(wildcardRegExp("/a/*", false).test("/A/b/c")).toBe(true);
    expect(wildcardRegExp("/a/*", true).test("/A/b")).toBe(false);
    expect(wildcardRegExp("/a\\*", false).test("/a*")).toBe(true);
    expect(wildcardRegExp("/a\\*", false).test("/ab")).toBe(false);
    expect(wildcardRegExp("/a.(b)", false).test("/a.(b)")).toBe(true);
    expect(wildcardRegExp("/a.(b)", false).test("/aX(b)")).toBe(false);
  });
});

describe("reading an expression", () => {
  const node = parse('(http.request.uri.path in {"/login" "/signup"}) or (http.request.uri.path wildcard "/api/*") or starts_with(http.request.uri.path, "/x") or (http.host eq "h")');

  it("lists the fields it reads", () => {
    expect([...fieldsOf(node)].sort()).toEqual(["http.host", "http.request.uri.path"]);
  });

  it("lists the values a field is compared with", () => {
    expect(valuesComparedWith(node, "http.request.uri.path")).toEqual(["/login", "/signup", "/api/*", "/x"]);
    expect(valuesComparedWith(node, "http.host")).toEqual(["h"]);
  });
});
