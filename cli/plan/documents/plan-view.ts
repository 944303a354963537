import { z } from "zod";
import { evaluateString, parse, valuesComparedWith } from "../../../lib/rule-language";
import { phaseRules, type EdgeRuleData } from "../../../model/edge";
import { resourcesOf, type PlanDocument, type PlanResource } from "../../../model/plan-document";
import { plannedRecords, type PlannedRecord } from "../../../model/planned-records";
import type { PlannedResource } from "../../../model/resource";
import { readStackOutputs } from "../../../model/stack-outputs";
import { TYPES } from "../../../model/type-tokens";
import { recordPurpose, type RecordPurpose } from "./record-purpose";

/**
 * The plan document read for the launch documents: the DNS records with their purpose and the component that made
 * them, the redirects, the zone settings. Pure: a plain PlanDocument in (model/plan-document.ts).
 */

/**
 * The documents come from the offline plan, which runs the program under mocks: what Cloudflare and AWS assign when
 * they create something is a stand-in there. Every document says so, and says where the real values are.
 */
export function standInNote(doc: PlanDocument): string {
  return `Made from the offline plan (\`npm run plan\`), which cannot know what Cloudflare and AWS assign when they create things: the name servers, the DS record, the zone id, the names of Amazon SES's DKIM records, the AWS account id and the ARNs are stand-ins here. After \`pulumi up\`, \`pulumi stack output --stack ${doc.stack}\` shows the real ones.`;
}

/** The resources as the policy rules see them, so the documents read rulesets and settings the same way. */
export function ruleResources(doc: PlanDocument): PlannedResource[] {
  return doc.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: r.inputs, protect: r.protect, ...(r.parent === null ? {} : { parent: r.parent }) }));
}

/** The launch-ready component that created a resource: its nearest ancestor with a launch-ready type token. */
function managedBy(byUrn: ReadonlyMap<string, PlanResource>, urn: string): string {
  for (let parent = byUrn.get(byUrn.get(urn)?.parent ?? ""); parent !== undefined; parent = byUrn.get(parent.parent ?? "")) {
    const [, area, kind] = parent.type.split(":");
    if (parent.type.startsWith("launch-ready:")) return `${parent.name} (${area} ${kind})`;
  }
  return "this stack";
}

/** The value of a ZoneSetting by its setting id; undefined when the plan has none. */
export function zoneSetting(doc: PlanDocument, settingId: string): unknown {
  return resourcesOf(doc, TYPES.zoneSetting).find((r) => r.inputs["settingId"] === settingId)?.inputs["value"];
}

/** A planned DNS record with what it is for and the component that made it, as the DNS map and the handover show it. */
export interface DescribedRecord extends PlannedRecord {
  purpose: RecordPurpose;
  managedBy: string;
}

/** Every DnsRecord of the plan, in plan order, with its purpose. */
export function describedRecords(doc: PlanDocument): DescribedRecord[] {
  const context = { domain: doc.domain, canonicalHost: readStackOutputs(doc).canonicalHost, mailFromDomain: mailFromDomain(doc) };
  const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
  return plannedRecords(doc).map((record) => ({ ...record, purpose: recordPurpose(record, context), managedBy: managedBy(byUrn, record.urn) }));
}

/** The SES custom MAIL FROM domain, when SES sends for the domain. */
export function mailFromDomain(doc: PlanDocument): string | undefined {
  const value = resourcesOf(doc, TYPES.sesMailFrom)[0]?.inputs["mailFromDomain"];
  return typeof value === "string" ? value.toLowerCase() : undefined;
}

export interface PlannedRedirect {
  /** Hosts the rule answers on. */
  hosts: string[];
  /** Exact paths it answers on; empty means every path. */
  paths: string[];
  status: number;
  keepsQuery: boolean;
  /** A fixed target URL, or the base URL the request's path is appended to. */
  target: { url: string; samePath: boolean } | { expression: string };
}

/** The Single Redirects of the plan, in the order Cloudflare runs them. */
export function plannedRedirects(doc: PlanDocument): PlannedRedirect[] {
  return phaseRules(ruleResources(doc), "http_request_dynamic_redirect")
    .filter((rule) => rule.action === "redirect")
    .map(readRedirect);
}

const redirectFromValue = z.object({
  statusCode: z.number().optional(),
  preserveQueryString: z.boolean().optional(),
  targetUrl: z.object({ value: z.string().optional(), expression: z.string().optional() }),
});

function readRedirect(rule: EdgeRuleData): PlannedRedirect {
  const node = parse(rule.expression);
  const hosts = valuesComparedWith(node, "http.host");
  const paths = valuesComparedWith(node, "http.request.uri.path");
  const fromValue = redirectFromValue.parse(rule.actionParameters["fromValue"]);
  const { value, expression } = fromValue.targetUrl;
  return { hosts, paths, status: fromValue.statusCode ?? 301, keepsQuery: fromValue.preserveQueryString === true, target: value !== undefined ? { url: value, samePath: false } : dynamicTarget(expression ?? "", hosts[0] ?? "") };
}

/** A target expression that appends the request's path to a fixed URL (the canonical-host redirect) reads as that URL. */
function dynamicTarget(expression: string, host: string): PlannedRedirect["target"] {
  const base = evaluateString(expression, { host, path: "" });
  return evaluateString(expression, { host, path: "/a/b" }) === `${base}/a/b` ? { url: base, samePath: true } : { expression };
}
