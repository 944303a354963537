import { AMAZONSES_SPF_RECORD } from "../../lib/mail-presets";
import type { PlannedResource } from "../../model/resource";

/**
 * A DNS resolver in the shape mailauth expects (Node's dns.promises.resolve: TXT → string[][], MX → {exchange,
 * priority}[], A/CNAME → string[]), answering from a plan's DnsRecord resources plus a few records of the outside world.
 * Like a recursive resolver it follows a CNAME for a type the name does not have itself. Names that do not exist throw ENOTFOUND; names that
 * exist without the type throw ENODATA, as Node does.
 */
export type Answers = { TXT?: string[]; MX?: { exchange: string; priority: number }[]; A?: string[]; CNAME?: string[] };

export function planResolver(resources: readonly PlannedResource[], world: Record<string, Answers> = {}) {
  const zone = new Map<string, Answers>();
  const at = (name: string) => {
    const key = name.toLowerCase().replace(/\.$/, "");
    if (!zone.has(key)) zone.set(key, {});
    return zone.get(key) as Answers;
  };
  for (const [name, answers] of Object.entries(world)) Object.assign(at(name), answers);
  for (const r of resources.filter((x) => x.type === "cloudflare:index/dnsRecord:DnsRecord")) {
    const entry = at(String(r.props["name"]));
    const content = String(r.props["content"]);
    switch (r.props["type"]) {
      case "TXT":
        (entry.TXT ??= []).push(content);
        break;
      case "MX":
        (entry.MX ??= []).push({ exchange: content, priority: Number(r.props["priority"]) });
        break;
      case "CNAME":
        (entry.CNAME ??= []).push(content);
        break;
      case "A":
        (entry.A ??= []).push(content);
        break;
    }
  }
  const fail = (code: string, name: string) => Object.assign(new Error(`${code} ${name}`), { code });
  const resolve = async (name: string, rrtype: string, depth = 0): Promise<unknown> => {
    const entry = zone.get(name.toLowerCase().replace(/\.$/, ""));
    if (entry === undefined) throw fail("ENOTFOUND", name);
    const answers = entry[rrtype as keyof Answers];
    // Cloudflare flattens a CNAME at the apex and still serves the apex's own MX and TXT, so follow only when needed.
    if ((answers === undefined || answers.length === 0) && rrtype !== "CNAME" && entry.CNAME?.[0] !== undefined && depth < 8) {
      return resolve(entry.CNAME[0], rrtype, depth + 1);
    }
    if (answers === undefined || answers.length === 0) throw fail("ENODATA", name);
    // TXT strings longer than 255 bytes are split into several character-strings on the wire, as Cloudflare does.
    return rrtype === "TXT" ? (answers as string[]).map((t) => t.match(/[\s\S]{1,255}/g) ?? [""]) : answers;
  };
  return { resolve: (name: string, rrtype: string) => resolve(name, rrtype), names: () => [...zone.keys()] };
}

/**
 * Records of the outside world the plan's records point at, as published in public material (see lib/senders.ts):
 * amazonses.com's ranges (a subset of its record) and a stand-in for _spf.google.com with Google's long-standing ranges.
 */
export const WORLD: Record<string, Answers> = {
  "amazonses.com": { TXT: [AMAZONSES_SPF_RECORD] },
  "_spf.google.com": { TXT: ["v=spf1 ip4:74.125.0.0/16 ip4:209.85.128.0/17 ip6:2001:4860:4000::/36 ~all"] },
};

/** An address in SES's 54.240.0.0/18 range and one no SPF record of the plan allows. */
export const SES_IP = "54.240.8.15";
export const STRANGER_IP = "203.0.113.77";
