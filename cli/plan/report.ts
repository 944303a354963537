import type { PlanDocument } from "./document";
import { advisoryCount, mandatoryCount } from "./document";
import type { PlanViolation } from "./evaluate";

/**
 * The human report of one stack: resources grouped by the component that owns them, each group followed by its
 * findings (mandatory first), then stack-wide findings, outputs and a one-line verdict.
 */
export function renderReport(doc: PlanDocument): string {
  const lines: string[] = [`Plan of stack "${doc.stack}" (${doc.domain}), project ${doc.project}`, ""];
  const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
  const isComponent = isComponentType;
  const ownerOf = (urn: string | null): string | undefined => {
    let current = urn === null ? undefined : byUrn.get(urn);
    while (current !== undefined && !isComponent(current.type)) current = current.parent === null ? undefined : byUrn.get(current.parent);
    return current?.urn;
  };

  const groups = new Map<string, string[]>();
  for (const r of doc.resources) {
    if (isComponent(r.type) || r.type === "pulumi:pulumi:Stack") continue;
    const owner = ownerOf(r.parent) ?? "";
    groups.set(owner, [...(groups.get(owner) ?? []), r.urn]);
  }
  const findingsOf = (urns: Set<string>) => doc.violations.filter((v) => v.urn !== undefined && urns.has(v.urn));
  const placed = new Set<PlanViolation>();

  for (const [owner, urns] of groups) {
    const component = byUrn.get(owner);
    lines.push(component === undefined ? "Other resources" : `${component.name} (${component.type})`);
    for (const urn of urns) {
      const r = byUrn.get(urn);
      if (r !== undefined) lines.push(`  + ${r.type} ${r.name}${r.protect ? "  [protected]" : ""}`);
    }
    const findings = findingsOf(new Set(urns));
    findings.forEach((f) => placed.add(f));
    lines.push(...findings.map(renderFinding));
    lines.push("");
  }

  const rest = doc.violations.filter((v) => !placed.has(v));
  if (rest.length > 0) lines.push("Stack-wide findings", ...rest.map(renderFinding), "");

  lines.push("Outputs");
  for (const [key, value] of Object.entries(doc.outputs)) lines.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  lines.push("");

  const mandatory = mandatoryCount(doc);
  const resources = countResources(doc);
  lines.push(
    `${resources} resources, ${mandatory} mandatory and ${advisoryCount(doc)} advisory findings, ${doc.policiesEvaluated.length} policies evaluated: ` +
      (mandatory === 0 ? "meets the launch-ready minimum bar." : "BLOCKED until the mandatory findings are fixed."),
  );
  return lines.join("\n");
}

/** One line per stack of a portfolio run: stack, domain, resources, mandatory and advisory findings. */
export function renderSummary(plans: readonly ({ stack: string } & ({ ok: true; document: PlanDocument } | { ok: false }))[]): string {
  const rows = plans.map((p) =>
    p.ok
      ? [p.stack, p.document.domain, String(countResources(p.document)), String(mandatoryCount(p.document)), String(advisoryCount(p.document))]
      : [p.stack, "(invalid config)", "-", "-", "-"],
  );
  const header = ["stack", "domain", "resources", "mandatory", "advisory"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const isComponentType = (type: string) => !type.includes("/") && type !== "pulumi:pulumi:Stack";
const countResources = (doc: PlanDocument) => doc.resources.filter((r) => !isComponentType(r.type) && r.type !== "pulumi:pulumi:Stack").length;

function renderFinding(v: PlanViolation): string {
  return `    ${v.enforcement === "mandatory" ? "✗ MANDATORY" : "! advisory "} ${v.policy}: ${v.message}`;
}
