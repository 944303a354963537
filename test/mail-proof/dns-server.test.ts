import dgram from "node:dgram";
import dns from "node:dns";
import net from "node:net";
import * as dnsPacket from "dns-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type DnsServer } from "../../cli/mail-proof/dns-server";

const KEY = `v=DKIM1; k=rsa; p=${"A".repeat(392)}`;
let server: DnsServer;
let resolver: dns.promises.Resolver;

beforeAll(async () => {
  server = await startDnsServer([
    { name: "tok1._domainkey.example.com", type: "CNAME", data: "tok1.dkim.amazonses.com" },
    { name: "tok1.dkim.amazonses.com", type: "TXT", data: KEY },
    { name: "mail.example.com", type: "MX", data: "feedback-smtp.eu-west-1.amazonses.com", priority: 10 },
    { name: "mail.example.com", type: "TXT", data: "v=spf1 include:amazonses.com -all" },
  ]);
  resolver = new dns.promises.Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([`${server.host}:${server.port}`]);
});
afterAll(() => server.stop());

async function udpQuery(name: string, type: dnsPacket.RecordType): Promise<dnsPacket.Packet> {
  const socket = dgram.createSocket("udp4");
  try {
    return await new Promise<dnsPacket.Packet>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no UDP answer within 1 s")), 1000);
      socket.on("message", (m) => {
        clearTimeout(timer);
        resolve(dnsPacket.decode(m));
      });
      socket.send(dnsPacket.encode({ type: "query", id: 7, questions: [{ name, type }] }), server.port, server.host);
    });
  } finally {
    socket.close();
  }
}

async function tcpQuery(name: string, type: dnsPacket.RecordType): Promise<dnsPacket.Packet> {
  const socket = net.connect(server.port, server.host);
  try {
    return await new Promise<dnsPacket.Packet>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no TCP answer within 1 s")), 1000);
      let data = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
          clearTimeout(timer);
          resolve(dnsPacket.decode(data.subarray(2)));
        }
      });
      socket.write(dnsPacket.streamEncode({ type: "query", id: 8, questions: [{ name, type }] }));
    });
  } finally {
    socket.destroy();
  }
}

describe("the proof's DNS server, asked over the wire", () => {
  it("follows the DKIM CNAME to the key, as Node's resolver (c-ares) sees it", async () => {
    expect((await resolver.resolveTxt("tok1._domainkey.example.com")).map((t) => t.join(""))).toEqual([KEY]);
    expect(await resolver.resolveMx("mail.example.com")).toMatchObject([{ exchange: "feedback-smtp.eu-west-1.amazonses.com", priority: 10 }]);
  });

  it("answers NXDOMAIN for a name it does not hold and NODATA for a missing type", async () => {
    await expect(resolver.resolveTxt("nothing.example.com")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(resolver.resolveTxt("example.com")).rejects.toMatchObject({ code: "ENODATA" }); // an empty non-terminal
    await expect(resolver.resolve4("mail.example.com")).rejects.toMatchObject({ code: "ENODATA" });
  });

  it("sets TC on a UDP answer over 512 bytes without EDNS, and gives it whole over TCP", async () => {
    const udp = await udpQuery("tok1._domainkey.example.com", "TXT");
    expect((udp.flags ?? 0) & dnsPacket.TRUNCATED_RESPONSE).toBe(dnsPacket.TRUNCATED_RESPONSE);
    expect(udp.answers).toEqual([]);
    const tcp = await tcpQuery("tok1._domainkey.example.com", "TXT");
    expect((tcp.flags ?? 0) & (dnsPacket.TRUNCATED_RESPONSE | dnsPacket.AUTHORITATIVE_ANSWER)).toBe(dnsPacket.AUTHORITATIVE_ANSWER);
    expect(tcp.answers?.map((a) => a.type)).toEqual(["CNAME", "TXT"]);
    const txt = tcp.answers?.[1] as { data: Buffer[] };
    expect(txt.data.map((b) => b.length)).toEqual([255, 155]);
    expect(Buffer.concat(txt.data).toString()).toBe(KEY);
  });

  it("counts the queries it answered", () => {
    expect(server.queries()).toBeGreaterThanOrEqual(7);
  });
});
