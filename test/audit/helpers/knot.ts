// Starts Knot DNS (installed by .ci/run) on a loopback address as the authoritative server for `test.` and the
// child zones a test writes. Signed zones get a key made with keymgr before knotd starts (or are signed with
// ldns-signzone and served as they are), and their DS goes into `test.` so the chain of trust is real (or
// deliberately wrong, with `wrongDs`). With `signParent`, `test.` is signed too and its DS is the trust anchor
// a validating resolver is given.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import * as dnsPacket from "dns-packet";
import { ldnsSign, type LdnsSigning } from "./ldns";

export interface ZoneSpec {
  /** e.g. "good.test" (a child of the `test.` zone the helper serves). */
  origin: string;
  /** Zone-file lines relative to the origin ($ORIGIN and $TTL are set; SOA and NS are added). */
  records: string[];
  signed?: boolean;
  /** Signed with ldns-signzone instead of knot. */
  ldnsSigned?: LdnsSigning;
  /**
   * Publish this DS in the parent instead of the real one (a broken chain of trust); a function gets the real
   * one to alter. For an unsigned zone, a DS for a zone that has no keys.
   */
  wrongDs?: string | ((real: string) => string);
}

export interface KnotOptions {
  /** Sign `test.` too (knot), so that a validating resolver can start its chain there. */
  signParent?: boolean;
}

export interface KnotServer {
  host: string;
  port: number;
  /** DS records of the signed zones, as keymgr prints them ("name. DS tag alg type digest"). */
  ds: Map<string, string[]>;
  /** With `signParent`: the DS records of `test.` (SHA-256), a validating resolver's trust anchor. */
  trustAnchor: string[];
  /** Signed zone files ldns-signzone wrote, by origin (for ldns-verify-zone). */
  ldnsFiles: Map<string, string>;
  stop(): Promise<void>;
}

/** A server binary: /usr/sbin is not on every PATH. */
function binary(name: string): string {
  const sbin = `/usr/sbin/${name}`;
  return existsSync(sbin) ? sbin : name;
}

/** A port free for both UDP and TCP on `host`. */
export async function freePort(host: string): Promise<number> {
  for (;;) {
    const tcp = net.createServer();
    const port = await new Promise<number>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen(0, host, () => resolve((tcp.address() as net.AddressInfo).port));
    });
    const udp = dgram.createSocket("udp4");
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once("error", () => resolve(false));
      udp.bind(port, host, () => resolve(true));
    });
    udp.close();
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (udpFree) return port;
  }
}

/** Splits a long TXT value into quoted strings of at most 255 characters. */
export function txt(value: string): string {
  const chunks = value.match(/.{1,255}/g) ?? [""];
  return chunks.map((c) => `"${c.replace(/"/g, '\\"')}"`).join(" ");
}

/** Whether a DNS server answers an SOA query for `test.` within 200 ms (recursion desired, for resolvers too). */
async function answersSoa(host: string, port: number): Promise<boolean> {
  const socket = dgram.createSocket("udp4");
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 200);
      socket.on("message", () => {
        clearTimeout(timer);
        resolve(true);
      });
      socket.send(dnsPacket.encode({ type: "query", id: 1, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: "SOA", name: "test" }] }), port, host);
    });
  } finally {
    socket.close();
  }
}

export async function startKnot(host: string, zones: ZoneSpec[], options: KnotOptions = {}): Promise<KnotServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "audit-knot-"));
  const port = await freePort(host);
  // Two name servers (both this knotd), named in the first zone.
  const first = zones[0]?.origin ?? "zone.test";
  const nameServers = [`ns1.${first}.`, `ns2.${first}.`];
  const ns = nameServers[0]!;
  const config = [
    "server:",
    `    listen: ${host}@${port}`,
    `    rundir: ${dir}`,
    "    udp-workers: 1",
    "    tcp-workers: 1",
    "    background-workers: 1",
    "database:",
    `    storage: ${dir}`,
    "log:",
    "  - target: stderr",
    "    any: warning",
    "policy:",
    "  - id: manual",
    "    manual: on",
    "    single-type-signing: on",
    "template:",
    "  - id: default",
    `    storage: ${dir}`,
    "    zonefile-sync: -1",
    "    zonefile-load: whole",
    "    journal-content: none",
    "zone:",
    "  - domain: test.",
    "    file: test.zone",
    ...(options.signParent ? ["    dnssec-signing: on", "    dnssec-policy: manual"] : []),
    ...zones.flatMap((z) => [
      `  - domain: ${z.origin}.`,
      `    file: ${z.origin}.zone`,
      ...(z.signed ? ["    dnssec-signing: on", "    dnssec-policy: manual"] : []),
    ]),
  ].join("\n");
  const configFile = path.join(dir, "knot.conf");
  writeFileSync(configFile, `${config}\n`);

  const keymgr = (zone: string, args: string[]) => execFileSync(binary("keymgr"), ["-c", configFile, `${zone}.`, ...args], { encoding: "utf8" });
  const generateKey = (zone: string) => {
    keymgr(zone, ["generate", "algorithm=ecdsap256sha256", "ksk=yes", "zsk=yes"]);
    return keymgr(zone, ["ds"]).trim().split("\n");
  };
  const sha256 = (lines: string[]) => lines.filter((l) => / DS \d+ \d+ 2 /.test(l));
  const trustAnchor = options.signParent ? sha256(generateKey("test")) : [];
  const ds = new Map<string, string[]>();
  const ldnsFiles = new Map<string, string>();
  const nsRecords = nameServers.map((n) => `@ NS ${n}`);
  const parent = ["$ORIGIN test.", "$TTL 300", `@ SOA ${ns} hostmaster.test. 1 3600 600 86400 300`, ...nsRecords];
  for (const zone of zones) {
    const label = zone.origin.replace(/\.test$/, "");
    parent.push(...nameServers.map((n) => `${label} NS ${n}`));
    const glue = zone.origin === first ? [`ns1 A ${host}`, `ns2 A ${host}`] : [];
    const body = [`$ORIGIN ${zone.origin}.`, "$TTL 300", `@ SOA ${ns} hostmaster.${zone.origin}. 1 3600 600 86400 300`, ...nsRecords, ...glue, ...zone.records];
    const zoneFile = path.join(dir, `${zone.origin}.zone`);
    writeFileSync(zoneFile, `${body.join("\n")}\n`);
    let real: string[] = [];
    if (zone.signed) {
      const lines = generateKey(zone.origin);
      ds.set(zone.origin, lines);
      real = sha256(lines);
    } else if (zone.ldnsSigned) {
      const signed = ldnsSign(dir, zoneFile, zone.origin, zone.ldnsSigned);
      writeFileSync(zoneFile, signed.text);
      ds.set(zone.origin, [signed.ds]);
      ldnsFiles.set(zone.origin, signed.file);
      real = [signed.ds];
    }
    const { wrongDs } = zone;
    const published = wrongDs === undefined ? real : typeof wrongDs === "string" ? [wrongDs] : real.map(wrongDs);
    for (const line of published) parent.push(line.replace(/^\S+/, label));
  }
  const firstLabel = first.replace(/\.test$/, "");
  parent.push(`ns1.${firstLabel} A ${host}`, `ns2.${firstLabel} A ${host}`);
  writeFileSync(path.join(dir, "test.zone"), `${parent.join("\n")}\n`);

  const stop = await startDnsDaemon("knotd", ["-c", configFile], host, port, dir);
  return { host, port, ds, trustAnchor, ldnsFiles, stop };
}

/**
 * Starts a DNS server binary (in the foreground, logging to stderr) and waits, at most about 10 s, until it
 * answers on `host:port`. Returns what stops it and removes `dir`.
 */
export async function startDnsDaemon(name: string, args: string[], host: string, port: number, dir: string): Promise<() => Promise<void>> {
  const child: ChildProcess = spawn(binary(name), args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    child.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; !(await answersSoa(host, port)); attempt++) {
    if (attempt > 50 || child.exitCode !== null) {
      await stop();
      throw new Error(`${name} did not start on ${host}:${port}: ${log}`);
    }
  }
  return stop;
}
