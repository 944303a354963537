// Starts unbound (installed by .ci/install-tools) on a loopback address as a validating recursive resolver for
// `test.`: it asks the test's knotd (stub zones), and its only trust anchor is the DS of the signed `test.`
// zone, so it validates the test's zones the way public resolvers validate real ones.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, startDnsDaemon } from "./knot";

export interface Unbound {
  host: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * `authority`: the knotd serving `test.` and the child `zones`; `trustAnchor`: DS records of `test.`. Each child
 * is a stub zone too: their NS records name port 53, and the authority listens elsewhere.
 */
export async function startUnbound(host: string, authority: { host: string; port: number }, trustAnchor: string[], zones: string[]): Promise<Unbound> {
  if (trustAnchor.length === 0) throw new Error("startUnbound needs the DS of test. (startKnot with signParent)");
  const dir = mkdtempSync(path.join(tmpdir(), "audit-unbound-"));
  const port = await freePort(host);
  const config = [
    "server:",
    `    interface: ${host}@${port}`,
    "    do-daemonize: no",
    "    use-syslog: no",
    '    logfile: ""',
    '    username: ""',
    '    chroot: ""',
    `    directory: "${dir}"`,
    '    pidfile: ""',
    "    num-threads: 1",
    "    do-ip6: no",
    "    access-control: 127.0.0.0/8 allow",
    // The authority is on loopback, and test. is a special-use name unbound would otherwise answer itself.
    "    do-not-query-localhost: no",
    '    local-zone: "test." nodefault',
    "    module-config: \"validator iterator\"",
    ...trustAnchor.map((ds) => `    trust-anchor: "${ds}"`),
    "    val-log-level: 2",
    "    verbosity: 0",
    ...["test", ...zones].flatMap((zone) => ["stub-zone:", `    name: "${zone}."`, `    stub-addr: ${authority.host}@${authority.port}`, "    stub-prime: no"]),
  ].join("\n");
  const configFile = path.join(dir, "unbound.conf");
  writeFileSync(configFile, `${config}\n`);
  const stop = await startDnsDaemon("unbound", ["-d", "-c", configFile], host, port, dir);
  return { host, port, stop };
}
