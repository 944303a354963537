import { z } from "zod";
import { evaluateString, parse, valuesComparedWith } from "../../../lib/rule-language";
import type { ZoneRecord } from "../../../lib/zone-file";
import { phaseRules, type EdgeRuleData } from "../../../model/edge";
import { unquoteTxt } from "../../../lib/zone-file";
import type { PlannedResource } from "../../../model/resource";
import { TYPES } from "../../../model/type-tokens";
import type { PlanDocument } from "../document";
import { recordPurpose, type RecordPurpose } from "./record-purpose";

/**
 * The plan document read for the launch documents: typed stack outputs, the DNS records with their purpose and the
 * component that made them, the redirects, and the resources of one type. Pure: a plain PlanDocument in.
 */

export type PlanResource = PlanDocument["resources"][number];

/**
 * The documents come from the offline plan, which runs the program under mocks: what Cloudflare and AWS assign when
 * they create something is a stand-in there. Every document says so, and says where the real values are.
 */
export function standInNote(doc: PlanDocument): string {
  return `Made from the offline plan (\`npm run plan\`), which cannot know what Cloudflare and AWS assign when they create things: the name servers, the DS record, the zone id, the names of Amazon SES's DKIM records, the AWS account id and the ARNs are stand-ins here. After \`pulumi up\`, \`pulumi stack output --stack ${doc.stack}\` shows the real ones.`;
}

const stackOutputs = z.object({
  domain: z.string().optional(),
  zoneId: z.string().optional(),
  nameServers: z.array(z.string()).optional(),
  dnssecDsRecord: z.string().optional(),
  dnssecDsParts: z.object({ keyTag: z.number(), algorithm: z.string(), digestType: z.string(), digest: z.string() }).optional(),
  registrarSteps: z.array(z.string()).optional(),
  secrets: z.record(z.string(), z.object({ name: z.string(), arn: z.string() })).optional(),
  secretsReadPolicyArn: z.string().optional(),
  alertTopicArn: z.string().optional(),
  alertSubscriptions: z.record(z.string(), z.string()).optional(),
  alertOwners: z.record(z.string(), z.string()).optional(),
  dashboardUrl: z.string().optional(),
  mailNeedsAPerson: z.array(z.string()).optional(),
  monitoringNeedsAPerson: z.array(z.string()).optional(),
  flowChecks: z.array(z.object({ name: z.string(), urls: z.array(z.string()), everyMinutes: z.number(), owner: z.string(), alarmArns: z.array(z.string()) })).optional(),
  dmarcReportAuthorizations: z.array(z.object({ address: z.string(), name: z.string(), value: z.string() })).optional(),
  sesVerificationStatus: z.string().optional(),
});
export type StackOutputs = z.infer<typeof stackOutputs>;

const dnsRecordInputs = z.object({
  name: z.string(),
  type: z.string(),
  content: z.string().optional(),
  data: z.object({ flags: z.union([z.number(), z.string()]).optional(), tag: z.string().optional(), value: z.string().optional() }).optional(),
  priority: z.number().optional(),
  ttl: z.number(),
  proxied: z.boolean().optional(),
});

/** Inputs of one resource, checked against what a document reads; a plan that does not fit is a bug, said plainly. */
export function inputsOf<T extends z.ZodType>(resource: PlanResource, schema: T): z.infer<T> {
  const parsed = schema.safeParse(resource.inputs);
  if (!parsed.success) throw new Error(`${resource.urn} has inputs the launch documents cannot read: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function outputsOf(doc: PlanDocument): StackOutputs {
  const parsed = stackOutputs.safeParse(doc.outputs);
  if (!parsed.success) throw new Error(`The stack outputs of ${doc.stack} are not what the launch documents read: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const resourcesOf = (doc: PlanDocument, type: string): PlanResource[] => doc.resources.filter((r) => r.type === type);

/** The resources as the policy rules see them, so the documents read rulesets and settings the same way. */
export function ruleResources(doc: PlanDocument): PlannedResource[] {
  return doc.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: r.inputs, protect: r.protect, ...(r.parent === null ? {} : { parent: r.parent }) }));
}

/** The launch-ready component that created a resource: its nearest ancestor with a launch-ready type token. */
function managedBy(byUrn: ReadonlyMap<string, PlanResource>, resource: PlanResource): string {
  for (let parent = byUrn.get(resource.parent ?? ""); parent !== undefined; parent = byUrn.get(parent.parent ?? "")) {
    const [, area, kind] = parent.type.split(":");
    if (parent.type.startsWith("launch-ready:")) return `${parent.name} (${area} ${kind})`;
  }
  return "this stack";
}

/** The value of a ZoneSetting by its setting id; undefined when the plan has none. */
export function zoneSetting(doc: PlanDocument, settingId: string): unknown {
  return resourcesOf(doc, TYPES.zoneSetting).find((r) => r.inputs["settingId"] === settingId)?.inputs["value"];
}

export interface PlannedRecord {
  urn: string;
  /** The record as the zone file writes it. */
  zone: ZoneRecord;
  /** The value as a person reads it: TXT text joined, MX with its priority, CAA as flags tag "value". */
  value: string;
  purpose: RecordPurpose;
  managedBy: string;
}

/** Every DnsRecord of the plan, in plan order, with its purpose. */
export function plannedRecords(doc: PlanDocument): PlannedRecord[] {
  const context = { domain: doc.domain, canonicalHost: canonicalHost(doc), mailFromDomain: mailFromDomain(doc) };
  const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
  return resourcesOf(doc, TYPES.dnsRecord).map((resource) => {
    const inputs = inputsOf(resource, dnsRecordInputs);
    const name = inputs.name.toLowerCase().replace(/\.$/, "");
    const type = inputs.type.toUpperCase();
    // A host name loses its final dot; the null MX's "." (RFC 7505) is the root and stays.
    const content = type === "TXT" ? unquoteTxt(inputs.content ?? "") : inputs.content === "." ? "." : (inputs.content ?? "").replace(/\.$/, "");
    const caa = inputs.data === undefined ? undefined : { flags: inputs.data.flags ?? 0, tag: inputs.data.tag ?? "", value: inputs.data.value ?? "" };
    const zone: ZoneRecord = { name, type, ttl: inputs.ttl, proxied: inputs.proxied === true };
    if (inputs.content !== undefined) zone.content = inputs.content;
    if (caa !== undefined) zone.data = caa;
    if (inputs.priority !== undefined) zone.priority = inputs.priority;
    const value = type === "CAA" && caa !== undefined ? `${caa.flags} ${caa.tag} "${caa.value}"` : type === "MX" ? `${inputs.priority ?? 0} ${content}` : content;
    const facts = { name, type, content, proxied: zone.proxied === true, ...(inputs.priority === undefined ? {} : { priority: inputs.priority }), ...(caa === undefined ? {} : { caa }) };
    return { urn: resource.urn, zone, value, purpose: recordPurpose(facts, context), managedBy: managedBy(byUrn, resource) };
  });
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

/** The host the site is served on: where the canonical-host redirect points, else the apex. */
export function canonicalHost(doc: PlanDocument): string {
  const canonical = plannedRedirects(doc).find((r) => "url" in r.target && r.target.samePath && r.paths.length === 0);
  return canonical !== undefined && "url" in canonical.target ? new URL(canonical.target.url).hostname : doc.domain;
}
