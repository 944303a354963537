// Audit wall time with 50 ms added to every DNS answer. Target (issue 7): no more than
// (longest dependent lookup chain + 2) × 50 ms, plus the HTTP time. The site is the launch-ready one the tests
// use (knotd and HTTPS listeners on loopback); a UDP proxy in front of knotd holds each answer back.
import dgram from "node:dgram";
import { runAudit } from "../cli/audit/run";
import type { AuditReport } from "../cli/audit/types";
import { startGoodSite } from "../test/audit/helpers/good-site";
import { median } from "./stats";

const DNS_HOST = "127.0.6.1";
const WEB_HOST = "127.0.6.2";
const PROXY_HOST = "127.0.6.3";
const DELAY_MS = 50;
const RUNS = 3;
/**
 * The longest chain of lookups in the bench zone where each needs the answer before it: the SPF record, then
 * its mx term's MX (and its include: target), then the MX host's address.
 */
const LONGEST_CHAIN = 3;

interface DelayProxy {
  port: number;
  delayMs: number;
  queries: number;
  stop(): Promise<void>;
}

/** Forwards each query to `upstream` on its own socket and sends the answer back `delayMs` later. */
async function startDelayProxy(upstream: { host: string; port: number }): Promise<DelayProxy> {
  const server = dgram.createSocket("udp4");
  const pending = new Set<dgram.Socket>();
  const proxy: DelayProxy = {
    port: 0,
    delayMs: 0,
    queries: 0,
    async stop() {
      for (const socket of pending) socket.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on("message", (query, client) => {
    proxy.queries++;
    const forward = dgram.createSocket("udp4");
    pending.add(forward);
    forward.once("message", (answer) => {
      forward.close();
      pending.delete(forward);
      setTimeout(() => server.send(answer, client.port, client.address), proxy.delayMs);
    });
    forward.send(query, upstream.port, upstream.host);
  });
  await new Promise<void>((resolve) => server.bind(0, PROXY_HOST, () => resolve()));
  proxy.port = server.address().port;
  return proxy;
}

export async function benchAudit(): Promise<string[]> {
  const good = await startGoodSite(DNS_HOST, WEB_HOST);
  const proxy = await startDelayProxy(good.dns);
  try {
    const options = good.options({ resolvers: [{ host: PROXY_HOST, port: proxy.port }], latencySamples: 10, timeoutMs: 3000 });
    const run = async (delayMs: number): Promise<AuditReport> => {
      proxy.delayMs = delayMs;
      proxy.queries = 0;
      return runAudit(options);
    };
    await run(0); // warm-up: module loading and JIT, not measured
    const immediate: number[] = [];
    const delayed: number[] = [];
    let last: AuditReport | undefined;
    for (let i = 0; i < RUNS; i++) {
      immediate.push((await run(0)).durationMs);
      last = await run(DELAY_MS);
      delayed.push(last.durationMs);
    }
    const failing = last!.findings.filter((f) => f.status !== "pass").map((f) => f.id);
    const httpTime = median(immediate);
    const wall = median(delayed);
    const target = (LONGEST_CHAIN + 2) * DELAY_MS + httpTime;
    return [
      `audit of ${last!.domain} on loopback (${last!.findings.length} findings, ${failing.length === 0 ? "all pass" : `NOT all pass: ${failing.join(", ")}`}; ${proxy.queries} DNS queries; median of ${RUNS} runs)`,
      `  DNS answered at once (the HTTP time: TLS, redirects, 10 latency samples per host): ${httpTime} ms`,
      `  +${DELAY_MS} ms on every DNS answer: ${wall} ms (${((wall - httpTime) / DELAY_MS).toFixed(1)} × ${DELAY_MS} ms more)`,
      `  target (${LONGEST_CHAIN} + 2) × ${DELAY_MS} ms + ${httpTime} ms = ${target} ms: ${wall <= target ? "met" : "NOT met"}`,
    ];
  } finally {
    await proxy.stop();
    await good.stop();
  }
}
