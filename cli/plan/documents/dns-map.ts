import { z } from "zod";
import { TYPES } from "../../../model/type-tokens";
import { code, mermaidLabel, page, table } from "./markdown";
import { resourcesOf, type PlanDocument } from "../../../model/plan-document";
import { inputsOf } from "../../../model/planned-records";
import { readStackOutputs } from "../../../model/stack-outputs";
import { describedRecords, plannedRedirects, standInNote, zoneSetting, type DescribedRecord, type PlannedRedirect } from "./plan-view";
import type { RecordArea } from "./record-purpose";
import { zoneFileName } from "./zone";

/**
 * The DNS map: every record of the plan with what it is for and who runs what it points at, every redirect as a
 * sentence, and a Mermaid diagram of how a request travels. Pure: a plain PlanDocument in, Markdown out.
 */

/** How a status code moves a visitor. */
function statusWords(status: number): string {
  switch (status) {
    case 301:
      return "permanently (301)";
    case 308:
      return "permanently (308, the method kept)";
    case 302:
      return "temporarily (302)";
    case 307:
      return "temporarily (307, the method kept)";
    default:
      return `with status ${status}`;
  }
}

/** The paths without the final-slash twins: "/a" and "/a/" are one path. */
const distinctPaths = (paths: readonly string[]) => paths.filter((p) => !(p.endsWith("/") && p.length > 1 && paths.includes(p.slice(0, -1))));

/** Paths listed once each, saying when both forms (with and without a final slash) redirect. */
function pathWords(paths: readonly string[]): string {
  const bare = distinctPaths(paths);
  const both = bare.some((p) => paths.includes(`${p}/`));
  return `${bare.map(code).join(", ")}${both ? " (with or without a final slash)" : ""}`;
}

export function redirectSentence(redirect: PlannedRedirect): string {
  const hosts = redirect.hosts.join(" and ");
  const from = redirect.paths.length === 0 ? `Every page on ${hosts} (http or https)` : `${pathWords(redirect.paths)} on ${hosts}`;
  const to =
    "expression" in redirect.target
      ? `the address computed by ${code(redirect.target.expression)}`
      : redirect.target.samePath
        ? `the same page on ${redirect.target.url}`
        : redirect.target.url;
  const query = redirect.keepsQuery ? "keeping the query string" : "without the visitor's query string";
  return `${from} ${distinctPaths(redirect.paths).length > 1 ? "are" : "is"} sent ${statusWords(redirect.status)} to ${to}, ${query}.`;
}

const AREAS: readonly { area: RecordArea; title: string; intro: string }[] = [
  { area: "web", title: "Website", intro: "The addresses people type. Through Cloudflare means visitors see Cloudflare's addresses; Cloudflare passes requests on to the value shown." },
  { area: "certificates", title: "Certificates", intro: "CAA records: which certificate authorities may issue certificates for the domain." },
  { area: "mail", title: "Mail", intro: "Where mail for the domain goes, and how receivers check that mail from the domain is genuine." },
  { area: "other", title: "Other records", intro: "" },
];

/** The apex first, then names in order; within a name, by type, then MX priority, then value. */
const byName = (domain: string) => (a: DescribedRecord, b: DescribedRecord) =>
  Number(a.name !== domain) - Number(b.name !== domain) ||
  a.name.localeCompare(b.name) ||
  a.type.localeCompare(b.type) ||
  (a.priority ?? 0) - (b.priority ?? 0) ||
  a.value.localeCompare(b.value);

function recordTable(records: readonly DescribedRecord[]): string {
  return table(
    ["Name", "Type", "Value", "What it is for", "Points at", "Set by"],
    records.map((r) => [r.name, r.type, code(r.value), r.purpose.purpose, r.purpose.pointsAt, r.managedBy]),
  );
}

/** The phases of the edge in the order Cloudflare runs them (https://developers.cloudflare.com/ruleset-engine/reference/phases-list/). */
const EDGE_PHASES: readonly { phase: string; title: string }[] = [
  { phase: "http_request_dynamic_redirect", title: "Redirect rules" },
  { phase: "http_request_firewall_custom", title: "Firewall custom rules" },
  { phase: "http_ratelimit", title: "Rate limits" },
  { phase: "http_request_firewall_managed", title: "Managed firewall rules" },
  { phase: "http_request_cache_settings", title: "Cache rules" },
];

const rulesetInputs = z.object({ phase: z.string(), rules: z.array(z.object({ description: z.string().optional(), enabled: z.boolean().optional() })).default([]) });
const healthCheckInputs = z.object({ regions: z.array(z.string()).default([]), requestInterval: z.number() });

/** The descriptions of the rules Cloudflare runs in one phase. */
function phaseDescriptions(doc: PlanDocument, phase: string): string[] {
  return resourcesOf(doc, TYPES.ruleset)
    .map((r) => inputsOf(r, rulesetInputs))
    .filter((r) => r.phase === phase)
    .flatMap((r) => r.rules.filter((rule) => rule.enabled !== false).map((rule) => rule.description ?? "a rule without a description"));
}

/** The request flow as a Mermaid flowchart (GitHub renders it): DNS, the edge's steps, the origins, the uptime checks. */
export function requestFlow(doc: PlanDocument): string {
  const outputs = readStackOutputs(doc);
  const origins = describedRecords(doc).flatMap((r) => (r.purpose.origin === undefined ? [] : [{ host: r.name, origin: r.purpose.origin, proxied: r.proxied }]));
  const steps: string[][] = [];
  for (const { phase, title } of EDGE_PHASES) {
    const descriptions = phaseDescriptions(doc, phase);
    if (descriptions.length > 0) steps.push([`${title}:`, ...descriptions]);
    // Single Redirects run before Always Use HTTPS, so a redirect lands in one hop from http too (cloudflare-docs#14760).
    if (phase === "http_request_dynamic_redirect" && zoneSetting(doc, "always_use_https") === "on") steps.push(["Always Use HTTPS:", "http:// is sent to https:// (301)"]);
  }
  const lines = [
    "flowchart LR",
    `  visitor([${mermaidLabel("Visitor's browser")}])`,
    `  dns[${mermaidLabel("Cloudflare DNS", ...outputs.nameServers)}]`,
    `  visitor -->|${mermaidLabel("looks up the address")}| dns`,
    `  subgraph edge [${mermaidLabel("Cloudflare edge, for hosts through Cloudflare")}]`,
    "    direction TB",
    ...steps.map((step, i) => `    s${i + 1}[${mermaidLabel(...step)}]`),
    ...steps.slice(1).map((_, i) => `    s${i + 1} --> s${i + 2}`),
    "  end",
    `  visitor -->|${mermaidLabel("HTTPS request")}| edge`,
  ];
  const last = steps.length > 0 ? `s${steps.length}` : "edge";
  origins.forEach(({ host, origin, proxied }, i) => {
    lines.push(`  h${i + 1}[${mermaidLabel(origin)}]`);
    lines.push(proxied ? `  ${last} -->|${mermaidLabel(host)}| h${i + 1}` : `  visitor -->|${mermaidLabel(`${host}, DNS only`)}| h${i + 1}`);
  });
  const checks = resourcesOf(doc, TYPES.healthCheck).map((r) => inputsOf(r, healthCheckInputs));
  const first = checks[0];
  if (first !== undefined) {
    const emails = Object.keys(outputs.alertSubscriptions);
    lines.push(
      `  checkers([${mermaidLabel("Route 53 health checkers", first.regions.join(", "))}])`,
      `  checkers -->|${mermaidLabel(`every ${first.requestInterval} s, ${checks.length} URL${checks.length === 1 ? "" : "s"}`)}| edge`,
      `  checkers --> alarms[${mermaidLabel("CloudWatch alarms")}]`,
      `  alarms --> topic[${mermaidLabel("SNS alert topic")}]`,
      `  topic --> inbox[${mermaidLabel(...(emails.length > 0 ? emails : ["no address"]))}]`,
    );
  }
  return ["```mermaid", ...lines, "```"].join("\n");
}

export function dnsMap(doc: PlanDocument): string {
  const outputs = readStackOutputs(doc);
  const records = describedRecords(doc);
  const sentences = plannedRedirects(doc).map(redirectSentence);
  if (zoneSetting(doc, "always_use_https") === "on") sentences.push("Every http:// address on a host through Cloudflare is sent permanently (301) to the same https:// address (Always Use HTTPS).");
  const servers = outputs.nameServers;
  const workers = resourcesOf(doc, TYPES.workersCustomDomain);
  return page([
    `# DNS map: ${doc.domain} (stack ${doc.stack})`,
    `Every DNS record this stack publishes, what it is for and who runs what it points at. ${code(zoneFileName(doc))} beside this page holds the same records in the format DNS servers read.`,
    standInNote(doc),
    "## Name servers",
    `The registrar sends every DNS question about ${doc.domain} to Cloudflare's name servers: ${servers.map(code).join(", ")}. Cloudflare signs its answers (DNSSEC); the registrar publishes the matching DS record ${code(outputs.dnssecDsRecord)}.`,
    "## How a request travels",
    requestFlow(doc),
    ...AREAS.flatMap(({ area, title, intro }) => {
      const inArea = records.filter((r) => r.purpose.area === area).sort(byName(doc.domain));
      if (inArea.length === 0) return [];
      const sections = [`## ${title}`, ...(intro === "" ? [] : [intro]), recordTable(inArea)];
      if (area === "web" && sentences.length > 0) sections.push("### Redirects", sentences.map((s) => `- ${s}`).join("\n"));
      if (area === "mail") {
        sections.push(
          ...workers.map((w) => `${code(String(w.inputs["hostname"]))} is not in the table: the Cloudflare Worker ${code(String(w.inputs["service"]))} answers on it (a Workers custom domain, whose record Cloudflare creates itself) and serves the MTA-STS policy.`),
        );
      }
      return sections;
    }),
  ]);
}
