import type { LookupFunction } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpsProbe, ERRORS, flowFromEnvironment, metricData, RESPONSE_TIME, runFlow, type Flow, type RunMetric } from "../../canary/flow-check";
import { makePki, type Pki } from "../audit/helpers/pki";
import { startSite, type Site } from "../audit/helpers/site";

const LOOPBACK = "127.0.0.1";
const HOSTS = ["healthy.flow.test", "broken.flow.test", "slow.flow.test", "flaky.flow.test"];
const SLOW_MS = 400;

let pki: Pki;
let site: Site;
let flakyRequests = 0;
const pending = new Set<NodeJS.Timeout>();

// Every test name resolves to the loopback listener; the certificate is picked by SNI.
const lookup: LookupFunction = (_hostname, options, callback) => {
  if (options.all) (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, [{ address: LOOPBACK, family: 4 }]);
  else callback(null, LOOPBACK, 4);
};

beforeAll(async () => {
  pki = makePki();
  site = await startSite(LOOPBACK, [pki.leaf(HOSTS, 30)], (request, response, host) => {
    const page = (status: number, body: string) => response.writeHead(status, { "content-type": "text/html" }).end(body);
    if (host === "broken.flow.test") return page(500, "<h1>Internal Server Error</h1>");
    if (host === "slow.flow.test") {
      const timer = setTimeout(() => {
        pending.delete(timer);
        page(200, "<h1>Book a session</h1>");
      }, SLOW_MS);
      pending.add(timer);
      return;
    }
    // One request in four fails: the flow still works, the error rate says 25 %.
    if (host === "flaky.flow.test") return ++flakyRequests % 4 === 0 ? page(503, "busy") : page(200, "ok");
    return request.url === "/login" ? page(200, "<form>Sign in to Brightpath</form>") : page(200, '{"status":"ok"}');
  });
});

afterAll(async () => {
  for (const timer of pending) clearTimeout(timer);
  await site?.stop();
  pki?.cleanup();
});

const probe = () => createHttpsProbe({ ca: readFileSync(pki.caFile), lookup });
const url = (host: string, path: string) => `https://${host}:${site.httpsPort}${path}`;
const flow = (steps: Flow["steps"], samples = 5): Flow => ({ flow: "login", canary: "brightpath-prod-login", steps, samples, timeoutMs: 5000 });
const silent = { info: () => undefined, warn: () => undefined };

async function run(steps: Flow["steps"], samples?: number) {
  const published: RunMetric[][] = [];
  const result = await runFlow(flow(steps, samples), { probe: probe(), publish: async (m) => void published.push(m), log: silent });
  const byName = (name: string) => result.metrics.find((m) => m.name === name)?.values ?? [];
  return { result, published, times: byName(RESPONSE_TIME), errors: byName(ERRORS) };
}

describe("flow-check canary script against HTTPS listeners on loopback", () => {
  it("a healthy flow: every step answers 2xx with its text; one response time and a 0 error per request, published once", async () => {
    const { result, published, times, errors } = await run([
      { url: url("healthy.flow.test", "/login"), expect: "Sign in" },
      { url: url("healthy.flow.test", "/health"), expect: "ok" },
    ]);
    expect(result).toMatchObject({ ok: true, failures: [] });
    expect(published).toEqual([result.metrics]);
    expect(result.metrics.map((m) => [m.name, m.unit])).toEqual([["ResponseTime", "Milliseconds"], ["Errors", "Count"]]);
    expect(times).toHaveLength(10);
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(0);
    expect(errors).toEqual(Array(10).fill(0));
    // Each sample is a first visit: a new TLS connection per request.
    expect(site.requests.filter((r) => r.startsWith("https://healthy.flow.test"))).toHaveLength(10);
  });

  it("a flow answering 500: the run fails naming the step, every request counts as an error, no response time", async () => {
    const { result, times, errors } = await run([{ url: url("broken.flow.test", "/checkout") }]);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([`${url("broken.flow.test", "/checkout")} never worked: answered HTTP 500 (5 of 5)`]);
    expect(errors).toEqual([1, 1, 1, 1, 1]);
    expect(times).toEqual([]);
  });

  it("a page without the text that proves it works is broken even with 200", async () => {
    const { result, errors } = await run([{ url: url("healthy.flow.test", "/login"), expect: "Book a session" }], 2);
    expect(result.failures).toEqual([`${url("healthy.flow.test", "/login")} never worked: answered without the text "Book a session" (2 of 2)`]);
    expect(errors).toEqual([1, 1]);
  });

  it("a slow flow still works, and its response times (the p95 alarm's raw data) show the wait", async () => {
    const { result, times, errors } = await run([{ url: url("slow.flow.test", "/booking"), expect: "Book a session" }], 3);
    expect(result.ok).toBe(true);
    expect(errors).toEqual([0, 0, 0]);
    expect(times).toHaveLength(3);
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(SLOW_MS);
  });

  it("a flaky flow works but its errors are the error rate: 1 in 4", async () => {
    flakyRequests = 0;
    const { result, errors, times } = await run([{ url: url("flaky.flow.test", "/health"), expect: "ok" }], 8);
    expect(result.ok).toBe(true);
    expect(errors).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
    expect(times).toHaveLength(6);
  });

  it("a request that gets no answer in time is an error, and the run stays bounded by the timeout", async () => {
    const started = Date.now();
    const result = await runFlow(
      { ...flow([{ url: url("slow.flow.test", "/booking") }], 1), timeoutMs: 100 },
      { probe: probe(), publish: async () => undefined, log: silent },
    );
    expect(result.failures).toEqual([`${url("slow.flow.test", "/booking")} never worked: failed: no complete answer within 100 ms (1 of 1)`]);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("what the canary sends to CloudWatch", () => {
  it("distinct values with their counts under the Canary dimension, empty metrics left out", () => {
    expect(
      metricData("brightpath-prod-login", [
        { name: "ResponseTime", unit: "Milliseconds", values: [120, 80, 120] },
        { name: "Errors", unit: "Count", values: [] },
      ]),
    ).toEqual([
      { MetricName: "ResponseTime", Unit: "Milliseconds", Dimensions: [{ Name: "Canary", Value: "brightpath-prod-login" }], Values: [120, 80], Counts: [2, 1] },
    ]);
  });

  it("reads its flow from FLOW_CHECK and says what is missing otherwise", () => {
    const flowJson = flow([{ url: "https://app.example.com/login", expect: "Sign in" }]);
    expect(flowFromEnvironment({ FLOW_CHECK: JSON.stringify(flowJson) })).toEqual(flowJson);
    expect(() => flowFromEnvironment({})).toThrow("FLOW_CHECK is not set");
  });
});
