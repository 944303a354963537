"use strict";
/**
 * The canary script every flow check runs (CloudWatch Synthetics, Node.js runtime): it requests each step of one key
 * flow a few times, each on a new connection, as a visitor's browser would on a first visit, and checks that every
 * step answers 2xx with the text that proves it works. It publishes, per request, the response time of the working
 * answers (raw values, so CloudWatch can compute a real p95) and whether the request failed (0 or 1, so Sum is the
 * error count and Average the error rate). The run fails when a step never works in the run: that is the broken-flow
 * signal (CloudWatchSynthetics SuccessPercent).
 *
 * Plain CommonJS without dependencies: components/flow-checks.ts deploys this very file as
 * nodejs/node_modules/flow-check.js, and the tests run it against HTTPS listeners on loopback. Only the handler
 * touches what the Synthetics runtime provides (its logger, the AWS SDK for PutMetricData); the core takes a probe,
 * a publisher and a logger, so the same code runs under test with Node's own https.
 */
const https = require("node:https");

/** Published per flow under this namespace, with the dimension Canary = the canary's name. */
const NAMESPACE = "LaunchReady/Flows";
const RESPONSE_TIME = "ResponseTime";
const ERRORS = "Errors";
/** PutMetricData takes at most 150 distinct values per datum. */
const MAX_VALUES = 150;
/** What the check reads of a body: enough for a page's visible text near the top, bounded for memory. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A probe requests one URL once, on a new connection (no keep-alive: each sample pays TCP + TLS like a first visit),
 * and resolves with the status, the body (up to MAX_BODY_BYTES) and the milliseconds until the last byte. It rejects
 * on a network error or after timeoutMs. `tls` is for tests only (a CA and a resolver for loopback listeners).
 */
function createHttpsProbe(tls = {}) {
  return (url, timeoutMs) =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const request = https.get(
        url,
        { agent: false, headers: { "user-agent": "launch-ready-flow-check", accept: "text/html,application/json;q=0.9,*/*;q=0.8" }, ...tls },
        (response) => {
          const chunks = [];
          let size = 0;
          response.on("data", (chunk) => {
            if (size < MAX_BODY_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          response.on("end", () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms });
          });
          response.on("error", reject);
        },
      );
      request.setTimeout(timeoutMs, () => request.destroy(new Error(`no complete answer within ${timeoutMs} ms`)));
      request.on("error", reject);
    });
}

/** Why one answer does not prove the step works, or undefined when it does. */
function answerProblem(step, answer) {
  if (answer.status < 200 || answer.status > 299) return `answered HTTP ${answer.status}`;
  if (step.expect !== undefined && !answer.body.includes(step.expect)) return `answered without the text "${step.expect}"`;
  return undefined;
}

/**
 * Runs one flow: every step `samples` times, in order. Resolves with whether the flow works, the problems seen, and the
 * metrics it published (through `publish`, before resolving).
 */
async function runFlow(flow, { probe, publish, log }) {
  const responseTimes = [];
  const errors = [];
  const failures = [];
  for (const step of flow.steps) {
    let worked = 0;
    const problems = new Map();
    for (let sample = 0; sample < flow.samples; sample++) {
      let problem;
      try {
        const answer = await probe(step.url, flow.timeoutMs);
        problem = answerProblem(step, answer);
        if (problem === undefined) responseTimes.push(Math.round(answer.ms));
      } catch (error) {
        problem = `failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      errors.push(problem === undefined ? 0 : 1);
      if (problem === undefined) worked++;
      else problems.set(problem, (problems.get(problem) ?? 0) + 1);
    }
    const seen = [...problems].map(([problem, count]) => `${problem} (${count} of ${flow.samples})`).join(", ");
    if (worked === 0) failures.push(`${step.url} never worked: ${seen}`);
    else if (seen !== "") log.warn(`${step.url} worked ${worked} of ${flow.samples} times; ${seen}`);
    else log.info(`${step.url} worked ${flow.samples} of ${flow.samples} times`);
  }
  const metrics = [
    { name: RESPONSE_TIME, unit: "Milliseconds", values: responseTimes },
    { name: ERRORS, unit: "Count", values: errors },
  ];
  await publish(metrics);
  return { ok: failures.length === 0, failures, metrics };
}

/** The PutMetricData body for a run's metrics: distinct values with their counts, empty metrics left out. */
function metricData(canary, metrics) {
  return metrics
    .filter((metric) => metric.values.length > 0)
    .map((metric) => {
      const counts = new Map();
      for (const value of metric.values) counts.set(value, (counts.get(value) ?? 0) + 1);
      const distinct = [...counts.keys()].slice(0, MAX_VALUES);
      return {
        MetricName: metric.name,
        Unit: metric.unit,
        Dimensions: [{ Name: "Canary", Value: canary }],
        Values: distinct,
        Counts: distinct.map((value) => counts.get(value)),
      };
    });
}

/** The flow this canary checks, from the environment the component sets (FLOW_CHECK, JSON). */
function flowFromEnvironment(environment) {
  const text = environment.FLOW_CHECK;
  if (text === undefined) throw new Error("FLOW_CHECK is not set: the canary's run config must carry the flow as JSON.");
  return JSON.parse(text);
}

/** The Synthetics entry point: the runtime's logger, the AWS SDK's CloudWatch client (both provided by the runtime). */
async function handler() {
  const flow = flowFromEnvironment(process.env);
  const log = synthetics("SyntheticsLogger") ?? console;
  const { CloudWatchClient, PutMetricDataCommand } = require("@aws-sdk/client-cloudwatch");
  const client = new CloudWatchClient({});
  const publish = (metrics) => client.send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData: metricData(flow.canary, metrics) }));
  const result = await runFlow(flow, { probe: createHttpsProbe(), publish, log });
  if (!result.ok) throw new Error(`${flow.flow} is broken: ${result.failures.join("; ")}`);
  return `${flow.flow} works`;
}

/** A module of the Synthetics runtime, or undefined outside it. */
function synthetics(name) {
  try {
    return require(name);
  } catch {
    return undefined;
  }
}

module.exports = { NAMESPACE, RESPONSE_TIME, ERRORS, createHttpsProbe, runFlow, metricData, flowFromEnvironment, handler };
