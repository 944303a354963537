// A small stub resolver on top of dns-packet. Node's own resolver (c-ares) cannot set the DO or CD bit, read the
// AD flag or return DNSKEY/DS/RRSIG, and hides whether an answer came from a recursive or an authoritative server,
// so the audit speaks DNS itself: UDP with one retransmission, TCP when the answer is truncated, a per-query
// timeout, bounded concurrency and a per-run cache (checks share lookups and each is sent once). Every query
// asks for DNSSEC records (DO), so that the DNSSEC check can verify the signatures of what the other checks read.
import { randomInt } from "node:crypto";
import dgram from "node:dgram";
import net from "node:net";
import * as dnsPacket from "dns-packet";
import { Semaphore } from "./limit";

export interface DnsServer {
  host: string;
  port: number;
}

export type RecordType = dnsPacket.RecordType;

/** Failures to get an answer. The codes are the ones Node's resolver uses, which mailauth understands. */
export type DnsErrorCode =
  | "ETIMEOUT"
  | "ESERVFAIL"
  | "EREFUSED"
  | "EFORMERR"
  | "ENOTIMP"
  | "EBADRESP"
  | "ECONNREFUSED"
  | "ECANCELLED"
  | "ENETWORK";

export class DnsError extends Error {
  constructor(
    readonly code: DnsErrorCode | "ENOTFOUND" | "ENODATA",
    readonly qname: string,
    readonly qtype: string,
    readonly detail: string,
  ) {
    super(`${qtype} ${qname}: ${detail}`);
    this.name = "DnsError";
  }
}

export interface DnsResponse {
  rcode: "NOERROR" | "NXDOMAIN";
  answers: dnsPacket.Answer[];
  authorities: dnsPacket.Answer[];
  /** AD flag: a validating resolver checked the DNSSEC signatures. */
  authenticated: boolean;
  /** RA flag: false when the server is an authoritative server that does not recurse. */
  recursionAvailable: boolean;
  /**
   * The resolver answered SERVFAIL, and answered only when asked again with checking disabled (CD): it is a
   * validating resolver and the zone's DNSSEC does not validate ("bogus"). The answer is the unvalidated data.
   */
  validationFailed: boolean;
}

/** A question the client answered, with its answer. */
export interface Answered {
  name: string;
  type: RecordType;
  response: DnsResponse;
}

export interface Lookup {
  /** The name the records belong to, after following CNAMEs. */
  name: string;
  rcode: DnsResponse["rcode"];
  records: dnsPacket.Answer[];
  cnames: string[];
  response: DnsResponse;
}

export interface DnsClientOptions {
  servers: DnsServer[];
  timeoutMs: number;
  concurrency: number;
  signal?: AbortSignal;
}

const MAX_CNAME_HOPS = 8;
const EDNS_PAYLOAD_SIZE = 1232; // the DNS flag day 2020 value: avoids IP fragmentation

const RCODE_ERRORS: Record<number, [DnsErrorCode, string]> = {
  1: ["EFORMERR", "the server could not parse the query (FORMERR)"],
  2: ["ESERVFAIL", "the server failed to answer (SERVFAIL)"],
  4: ["ENOTIMP", "the server does not support this query (NOTIMP)"],
  5: ["EREFUSED", "the server refused the query (REFUSED)"],
};

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/** Parses `IP`, `IP:PORT`, `[IPv6]:PORT` or a bare IPv6 address. Returns undefined when it is none of these. */
export function parseServer(text: string, defaultPort = 53): DnsServer | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const [host, port] = bracketed
    ? [bracketed[1], bracketed[2]]
    : net.isIPv6(text)
      ? [text, undefined]
      : text.split(":", 2);
  if (!host || net.isIP(host) === 0) return undefined;
  if (port === undefined) return { host, port: defaultPort };
  const portNumber = Number(port);
  if (!/^\d+$/.test(port) || portNumber < 1 || portNumber > 65535) return undefined;
  return { host, port: portNumber };
}

export function txtString(data: dnsPacket.TxtData): string {
  return txtChunks(data).join("");
}

function txtChunks(data: dnsPacket.TxtData): string[] {
  const chunks = Array.isArray(data) ? data : [data];
  return chunks.map((chunk) => (typeof chunk === "string" ? chunk : chunk.toString("utf8")));
}

/** How a query is asked: with EDNS (always with DO) or without, and with checking disabled (CD) or not. */
interface QueryMode {
  edns: boolean;
  checkingDisabled: boolean;
}

function encodeQuery(id: number, name: string, type: RecordType, mode: QueryMode): dnsPacket.Packet {
  return {
    type: "query",
    id,
    flags: dnsPacket.RECURSION_DESIRED | (mode.checkingDisabled ? dnsPacket.CHECKING_DISABLED : 0),
    questions: [{ type, name, class: "IN" }],
    additionals: mode.edns
      ? [
          {
            type: "OPT",
            name: ".",
            udpPayloadSize: EDNS_PAYLOAD_SIZE,
            extendedRcode: 0,
            ednsVersion: 0,
            flags: dnsPacket.DNSSEC_OK,
            flag_do: true,
            options: [],
          },
        ]
      : [],
  };
}

function rcodeOf(packet: dnsPacket.DecodedPacket): number {
  return (packet.flags ?? 0) & 0xf;
}

function answersQuestion(packet: dnsPacket.DecodedPacket, id: number, name: string, type: RecordType): boolean {
  const question = packet.questions?.[0];
  return (
    packet.id === id &&
    question !== undefined &&
    question.type === type &&
    normalizeName(question.name) === normalizeName(name)
  );
}

function socketError(err: NodeJS.ErrnoException, name: string, type: string): DnsError {
  const code: DnsErrorCode = err.code === "ECONNREFUSED" ? "ECONNREFUSED" : "ENETWORK";
  return new DnsError(code, name, type, err.message);
}

export class DnsClient {
  private readonly cache = new Map<string, Promise<DnsResponse>>();
  private readonly settled: Answered[] = [];
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly slots: Semaphore;
  private readonly servers: DnsServer[];

  constructor(private readonly options: DnsClientOptions) {
    const first = options.servers[0];
    if (!first) throw new Error("DnsClient needs at least one server");
    // One UDP socket per query, so retransmissions go only to servers of the first server's address family.
    this.servers = options.servers.filter((s) => net.isIPv6(s.host) === net.isIPv6(first.host));
    this.slots = new Semaphore(options.concurrency);
  }

  get server(): DnsServer {
    return this.servers[0]!;
  }

  /** One question, answered once per run (in-flight and finished answers are shared). */
  query(name: string, type: RecordType): Promise<DnsResponse> {
    const qname = normalizeName(name);
    const key = `${qname}|${type}`;
    let answer = this.cache.get(key);
    if (!answer) {
      answer = this.slots.run(() => this.exchange(qname, type));
      this.inFlight++;
      answer.then(
        (response) => this.settled.push({ name: qname, type, response }),
        () => undefined,
      ).finally(() => {
        this.inFlight--;
        // A lookup that depends on this answer starts in the same turn: look again once that turn is over.
        setImmediate(() => this.wakeIfIdle());
      });
      this.cache.set(key, answer);
    }
    return answer;
  }

  /** The questions answered so far in this run, in the order the answers came. */
  answered(): readonly Answered[] {
    return this.settled;
  }

  /** Resolves when no query is in flight, or after `limitMs`, whichever comes first. */
  idle(limitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, limitMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.idleWaiters.push(done);
      setImmediate(() => this.wakeIfIdle());
    });
  }

  private wakeIfIdle(): void {
    if (this.inFlight > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Records of `type` at `name`, following CNAMEs (also when an authoritative server stops at one). */
  async lookup(name: string, type: RecordType): Promise<Lookup> {
    let target = normalizeName(name);
    const cnames: string[] = [];
    for (;;) {
      const response = await this.query(target, type);
      let current = target;
      for (;;) {
        const records = response.answers.filter((a) => a.type === type && normalizeName(a.name) === current);
        if (records.length > 0 || type === "CNAME") return { name: current, rcode: response.rcode, records, cnames, response };
        const next = response.answers.find((a) => a.type === "CNAME" && normalizeName(a.name) === current);
        if (!next || next.type !== "CNAME") break;
        current = normalizeName(next.data);
        cnames.push(current);
        if (cnames.length > MAX_CNAME_HOPS) {
          throw new DnsError("EBADRESP", name, type, `CNAME chain longer than ${MAX_CNAME_HOPS} names`);
        }
      }
      if (current === target) return { name: current, rcode: response.rcode, records: [], cnames, response };
      target = current;
    }
  }

  async txt(name: string): Promise<{ lookup: Lookup; strings: string[] }> {
    const lookup = await this.lookup(name, "TXT");
    const strings = lookup.records.flatMap((r) => (r.type === "TXT" ? [txtString(r.data)] : []));
    return { lookup, strings };
  }

  async addresses(name: string): Promise<{ v4: string[]; v6: string[]; exists: boolean; cnames: string[] }> {
    const [a, aaaa] = await Promise.all([this.lookup(name, "A"), this.lookup(name, "AAAA")]);
    const strings = (l: Lookup) => l.records.flatMap((r) => (r.type === "A" || r.type === "AAAA" ? [r.data] : []));
    return {
      v4: strings(a),
      v6: strings(aaaa),
      exists: a.rcode === "NOERROR" || aaaa.rcode === "NOERROR",
      cnames: a.cnames.length > 0 ? a.cnames : aaaa.cnames,
    };
  }

  /**
   * The names among `names` that answer with no address at all. A name whose lookup fails is left out: an
   * authoritative-only resolver refusing other zones says nothing about that name.
   */
  async withoutAddress(names: string[]): Promise<string[]> {
    const lookups = await Promise.allSettled(names.map((name) => this.addresses(name)));
    return names.filter((_, i) => {
      const lookup = lookups[i];
      return lookup?.status === "fulfilled" && lookup.value.v4.length + lookup.value.v6.length === 0;
    });
  }

  /**
   * A resolver with the shape of Node's `dns.promises.resolve`, for mailauth: no data is an error with code
   * ENOTFOUND (the name does not exist) or ENODATA (no records of that type), which is how it counts void lookups.
   */
  nodeResolver(): (name: string, rrtype: string) => Promise<unknown[]> {
    return async (name, rrtype) => {
      const type = rrtype.toUpperCase() as RecordType;
      const lookup = await this.lookup(name, type);
      if (lookup.records.length === 0) {
        const code = lookup.rcode === "NXDOMAIN" ? "ENOTFOUND" : "ENODATA";
        throw new DnsError(code, name, type, code === "ENOTFOUND" ? "no such name" : "no records of this type");
      }
      return lookup.records.map((r) => {
        switch (r.type) {
          case "TXT":
            return txtChunks(r.data);
          case "MX":
            return { exchange: normalizeName(r.data.exchange), priority: r.data.preference ?? 0 };
          default:
            return "data" in r ? r.data : undefined;
        }
      });
    };
  }

  private async exchange(name: string, type: RecordType): Promise<DnsResponse> {
    let packet = await this.ask(name, type, false);
    let validationFailed = false;
    if (rcodeOf(packet) === 2) {
      // A validating resolver answers SERVFAIL for a zone whose signatures do not validate. Asked again with
      // checking disabled, it answers when that is the reason, and fails again when it cannot resolve at all.
      const unchecked = await this.ask(name, type, true);
      if (rcodeOf(unchecked) === 0 || rcodeOf(unchecked) === 3) {
        packet = unchecked;
        validationFailed = true;
      }
    }
    const rcode = rcodeOf(packet);
    if (rcode !== 0 && rcode !== 3) {
      const [code, detail] = RCODE_ERRORS[rcode] ?? ["EBADRESP", `unexpected response code ${rcode}`];
      throw new DnsError(code, name, type, `${detail} from ${this.describeServer()}`);
    }
    return {
      rcode: rcode === 3 ? "NXDOMAIN" : "NOERROR",
      answers: packet.answers ?? [],
      authorities: packet.authorities ?? [],
      authenticated: packet.flag_ad,
      recursionAvailable: packet.flag_ra,
      validationFailed,
    };
  }

  private async ask(name: string, type: RecordType, checkingDisabled: boolean): Promise<dnsPacket.DecodedPacket> {
    let packet = await this.udp(name, type, { edns: true, checkingDisabled });
    // A server that predates EDNS answers FORMERR to the OPT record: ask again without it.
    if (rcodeOf(packet) === 1) packet = await this.udp(name, type, { edns: false, checkingDisabled });
    if (packet.flag_tc) packet = await this.tcp(name, type, { edns: true, checkingDisabled });
    return packet;
  }

  private describeServer(): string {
    const { host, port } = this.server;
    return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  }

  private udp(name: string, type: RecordType, mode: QueryMode): Promise<dnsPacket.DecodedPacket> {
    const { timeoutMs, signal } = this.options;
    const servers = this.servers;
    return new Promise((resolve, reject) => {
      const id = randomInt(65536);
      const query = dnsPacket.encode(encodeQuery(id, name, type, mode));
      const socket = dgram.createSocket(net.isIPv6(this.server.host) ? "udp6" : "udp4");
      let sent = 0;
      let done = false;
      const finish = (err: Error | undefined, packet?: dnsPacket.DecodedPacket) => {
        if (done) return;
        done = true;
        clearTimeout(retransmit);
        clearTimeout(deadline);
        signal?.removeEventListener("abort", onAbort);
        socket.close();
        if (packet) resolve(packet);
        else reject(err);
      };
      const send = () => {
        const server = servers[sent++ % servers.length]!;
        socket.send(query, server.port, server.host, (err) => {
          if (err) finish(socketError(err, name, type));
        });
      };
      const onAbort = () => finish(new DnsError("ECANCELLED", name, type, "the audit's time bound ran out"));
      socket.on("message", (message) => {
        let packet: dnsPacket.DecodedPacket;
        try {
          packet = dnsPacket.decode(message);
        } catch {
          return; // not a DNS answer: keep waiting for one
        }
        if (answersQuestion(packet, id, name, type)) finish(undefined, packet);
      });
      socket.on("error", (err) => finish(socketError(err, name, type)));
      // Retransmit once, half-way through the timeout (to the next server when there are several).
      const retransmit = setTimeout(send, timeoutMs / 2);
      const deadline = setTimeout(
        () => finish(new DnsError("ETIMEOUT", name, type, `no answer from ${this.describeServer()} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      send();
    });
  }

  private tcp(name: string, type: RecordType, mode: QueryMode): Promise<dnsPacket.DecodedPacket> {
    const { timeoutMs, signal } = this.options;
    return new Promise((resolve, reject) => {
      const id = randomInt(65536);
      const socket = net.connect({ host: this.server.host, port: this.server.port });
      let received = Buffer.alloc(0);
      let done = false;
      const finish = (err: Error | undefined, packet?: dnsPacket.DecodedPacket) => {
        if (done) return;
        done = true;
        clearTimeout(deadline);
        signal?.removeEventListener("abort", onAbort);
        socket.destroy();
        if (packet) resolve(packet);
        else reject(err);
      };
      const onAbort = () => finish(new DnsError("ECANCELLED", name, type, "the audit's time bound ran out"));
      const deadline = setTimeout(
        () => finish(new DnsError("ETIMEOUT", name, type, `no answer over TCP from ${this.describeServer()} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.on("connect", () => socket.write(dnsPacket.streamEncode(encodeQuery(id, name, type, mode))));
      socket.on("data", (chunk) => {
        received = Buffer.concat([received, chunk]);
        if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
        try {
          const packet = dnsPacket.decode(received.subarray(2, 2 + received.readUInt16BE(0)));
          if (answersQuestion(packet, id, name, type)) finish(undefined, packet);
          else finish(new DnsError("EBADRESP", name, type, "the TCP answer does not match the question"));
        } catch (err) {
          finish(new DnsError("EBADRESP", name, type, `unreadable TCP answer: ${(err as Error).message}`));
        }
      });
      socket.on("error", (err) => finish(socketError(err, name, type)));
      socket.on("close", () => finish(new DnsError("EBADRESP", name, type, "the TCP connection closed before an answer")));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
