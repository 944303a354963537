import { describe, expect, it } from "vitest";
import { uptimeChecksApiHealth } from "../../policies/rules/monitoring/uptime-checks-api-health";
import { uptimeChecksCoverKeyPages } from "../../policies/rules/monitoring/uptime-checks-cover-key-pages";
import { TYPES } from "../../model/type-tokens";
import { fixture, prodConfig, prodValue, runStack } from "../helpers/harness";
import { healthCheck } from "./uptime-fixtures";

const home = healthCheck("home", "example.com", "/");
const login = healthCheck("login", "app.example.com", "/login");
const api = healthCheck("api", "api.example.com", "/health");
const apiRecord = fixture(TYPES.dnsRecord, { name: "api.example.com", type: "A", content: "203.0.113.20", proxied: true }, { name: "api-record" });

describe("uptime-checks-cover-key-pages", () => {
  it("is a mandatory stack rule", () => {
    expect([uptimeChecksCoverKeyPages.kind, uptimeChecksCoverKeyPages.enforcementLevel]).toEqual(["stack", "mandatory"]);
  });

  it("passes home, login and the api host covered", () => {
    expect(uptimeChecksCoverKeyPages.validate([home, login, api, apiRecord])).toEqual([]);
  });

  it("passes home and login when the stack has no api host", () => {
    expect(uptimeChecksCoverKeyPages.validate([home, login])).toEqual([]);
  });

  it("passes the template's own plan, with its configured checks and with the defaults", async () => {
    expect(uptimeChecksCoverKeyPages.validate((await runStack()).ruleState())).toEqual([]);
    const defaults = await runStack(prodConfig({ monitoring: { alertEmails: prodValue<{ alertEmails: string[] }>("monitoring").alertEmails } }));
    expect(uptimeChecksCoverKeyPages.validate(defaults.ruleState())).toEqual([]);
  });

  it("fails when no check watches the home page or the login page", () => {
    const fix = "add it to monitoring.checks, or leave monitoring.checks out to get the home, login and API health checks derived from the hosts";
    expect(uptimeChecksCoverKeyPages.validate([healthCheck("pricing", "example.com", "/pricing")])).toEqual([
      { message: `No uptime check watches the home page (https://<canonical host>/): ${fix}.` },
      { message: `No uptime check watches the login page (a path of authPaths.signIn, such as /login): ${fix}.` },
    ]);
  });

  it.each([
    ["a full name", "api.example.com"],
    ["a relative name", "api"],
  ])("fails when the stack publishes an api host (%s) that no check watches", (_label, name) => {
    const record = fixture(TYPES.dnsRecord, { name, type: "CNAME", content: "api.fly.dev" }, { name: "api-record" });
    expect(uptimeChecksCoverKeyPages.validate([home, login, healthCheck("health", "app.example.com", "/api/health"), record])).toEqual([
      { urn: record.urn, message: `The stack publishes ${name} but no uptime check watches it: add its health endpoint (such as /health) to monitoring.checks.` },
    ]);
  });

  it("fails the template's plan when its checks leave out the login page", async () => {
    const monitoring = prodValue<{ checks: { name: string }[] }>("monitoring");
    const stack = await runStack(prodConfig({ monitoring: { ...monitoring, checks: monitoring.checks.filter((c) => c.name !== "login") } }));
    expect(uptimeChecksCoverKeyPages.validate(stack.ruleState()).map((v) => v.message)).toEqual([expect.stringMatching(/^No uptime check watches the login page/)]);
  });

  it("fails the template's plan, which publishes api.brightpath-coaching.com, when no check watches that host", async () => {
    const monitoring = prodValue<{ checks: { name: string }[] }>("monitoring");
    const stack = await runStack(prodConfig({ monitoring: { ...monitoring, checks: monitoring.checks.filter((c) => c.name !== "api-health") } }));
    expect(uptimeChecksCoverKeyPages.validate(stack.ruleState()).map((v) => v.message)).toEqual([
      "The stack publishes api.brightpath-coaching.com but no uptime check watches it: add its health endpoint (such as /health) to monitoring.checks.",
    ]);
  });
});

describe("uptime-checks-api-health", () => {
  it("is an advisory stack rule", () => {
    expect([uptimeChecksApiHealth.kind, uptimeChecksApiHealth.enforcementLevel]).toEqual(["stack", "advisory"]);
  });

  it("advises a health check when the stack has neither an api host nor an API health check", () => {
    expect(uptimeChecksApiHealth.validate([home, login])).toEqual([
      {
        message:
          "No uptime check watches an API health endpoint, and the stack publishes no api. host. If the app serves an API elsewhere (such as https://app.<domain>/api/health), add that URL to monitoring.checks.",
      },
    ]);
  });

  it("passes an API health check on another host, and leaves the api host to the mandatory rule", () => {
    expect(uptimeChecksApiHealth.validate([home, login, healthCheck("health", "app.example.com", "/api/health")])).toEqual([]);
    expect(uptimeChecksApiHealth.validate([home, login, apiRecord])).toEqual([]);
  });

  it("passes the template's own plan", async () => {
    expect(uptimeChecksApiHealth.validate((await runStack()).ruleState())).toEqual([]);
  });
});
