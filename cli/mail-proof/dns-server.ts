// A small authoritative DNS server on loopback (UDP and TCP, wire format by dns-packet) that answers from a fixed
// list of records, so the mail proof's receiver asks real DNS the way a receiving mail server does. It follows CNAMEs
// inside its records (as an authoritative server does for names it holds), answers NXDOMAIN for names it does not hold
// and NODATA for a type a name lacks, and sets TC when an answer does not fit the client's UDP size, so the client
// retries over TCP. Written by hand because no library on npm serves a zone from memory without a daemon.
import dgram from "node:dgram";
import net from "node:net";
import * as dnsPacket from "dns-packet";

export interface ServedRecord {
  name: string;
  type: "A" | "AAAA" | "CNAME" | "MX" | "TXT";
  /** Address, host name or TXT text (split into 255-byte strings on the wire). */
  data: string;
  priority?: number;
}

export interface DnsServer {
  host: string;
  port: number;
  /** Queries answered, for tests and the report. */
  queries(): number;
  stop(): Promise<void>;
}

const TTL = 300;
const NXDOMAIN = 3;
const CNAME_DEPTH = 8;

const key = (name: string) => name.toLowerCase().replace(/\.$/, "");

function answerData(r: ServedRecord): dnsPacket.Answer {
  const base = { name: r.name, ttl: TTL, class: "IN" as const };
  switch (r.type) {
    case "TXT":
      return { ...base, type: "TXT", data: r.data.match(/[\s\S]{1,255}/g) ?? [""] };
    case "MX":
      return { ...base, type: "MX", data: { preference: r.priority ?? 0, exchange: r.data } };
    default:
      return { ...base, type: r.type, data: r.data };
  }
}

function answer(records: readonly ServedRecord[], query: dnsPacket.Packet, udpLimit: number | undefined): Buffer {
  const question = query.questions?.[0];
  const flags = dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED);
  const response = (extra: number, answers: dnsPacket.Answer[]) =>
    dnsPacket.encode({ type: "response", id: query.id ?? 0, flags: flags | extra, questions: query.questions ?? [], answers });
  if (question === undefined) return response(1 /* FORMERR */, []);
  const at = (name: string) => records.filter((r) => key(r.name) === key(name));
  const exists = (name: string) => records.some((r) => key(r.name) === key(name) || key(r.name).endsWith(`.${key(name)}`));
  const answers: dnsPacket.Answer[] = [];
  let name = question.name;
  for (let depth = 0; depth <= CNAME_DEPTH; depth++) {
    const here = at(name);
    const wanted = here.filter((r) => r.type === question.type);
    if (wanted.length > 0) {
      answers.push(...wanted.map(answerData));
      break;
    }
    const cname = here.find((r) => r.type === "CNAME");
    if (cname === undefined || question.type === "CNAME") break;
    answers.push(answerData(cname));
    name = cname.data;
  }
  const rcode = answers.length === 0 && !exists(question.name) ? NXDOMAIN : 0;
  const encoded = response(rcode, answers);
  return udpLimit !== undefined && encoded.length > udpLimit ? response(dnsPacket.TRUNCATED_RESPONSE, []) : encoded;
}

/** The UDP size the client accepts: its EDNS0 payload size, or the 512 bytes of plain DNS. */
function udpLimit(query: dnsPacket.Packet): number {
  const opt = (query.additionals ?? []).find((a) => a.type === "OPT") as { udpPayloadSize?: number } | undefined;
  return Math.max(512, opt?.udpPayloadSize ?? 512);
}

/** Listens on one port for UDP and TCP; a port free for TCP may be taken for UDP, so a few ports are tried. */
export async function startDnsServer(records: readonly ServedRecord[], host = "127.0.0.1"): Promise<DnsServer> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const decode = (message: Buffer): dnsPacket.Packet | undefined => {
    try {
      return dnsPacket.decode(message);
    } catch {
      return undefined; // not DNS: no answer, as a server does with garbage
    }
  };
  const serveTcp = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const query = decode(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
        buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
        if (query === undefined) return void socket.destroy();
        count++;
        const reply = answer(records, query, undefined);
        const length = Buffer.alloc(2);
        length.writeUInt16BE(reply.length, 0);
        socket.write(Buffer.concat([length, reply]));
      }
    });
  };
  const serveUdp = (udp: dgram.Socket) =>
    udp.on("message", (message, remote) => {
      const query = decode(message);
      if (query === undefined) return;
      count++;
      udp.send(answer(records, query, udpLimit(query)), remote.port, remote.address);
    });
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const tcp = net.createServer(serveTcp);
    await new Promise<void>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen(0, host, () => resolve());
    });
    const port = (tcp.address() as net.AddressInfo).port;
    const udp = dgram.createSocket(net.isIPv6(host) ? "udp6" : "udp4");
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once("error", reject);
        udp.bind(port, host, () => resolve());
      });
    } catch (err) {
      lastError = err as Error;
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      continue;
    }
    serveUdp(udp);
    return {
      host,
      port,
      queries: () => count,
      stop: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => udp.close(() => resolve()));
        await new Promise<void>((resolve) => tcp.close(() => resolve()));
      },
    };
  }
  throw new Error(`the proof's DNS server found no port free for both UDP and TCP on ${host}: ${lastError?.message ?? "unknown error"}`);
}
