import type { RulePending, Verdicts } from "../../model/plan-document";
import { COMPONENTS } from "../../model/type-tokens";
import { PLAN_MODES, type PlanMode } from "./engine";
import type { PlanDocument } from "./document";
import { mandatoryCount } from "./document";
import type { PlanViolation } from "./evaluate";
import type { StackResult } from "./stack-result";

const MODE_LABEL: Record<PlanMode, string> = { "first-preview": "first preview", "after-up": "after up" };
const MODE_SEEN: Record<PlanMode, string> = { "first-preview": "on a first preview", "after-up": "after `pulumi up`" };

/** A finding with the modes it appears in (all evaluated modes unless it differs between them). */
interface Finding extends PlanViolation {
  modes: PlanMode[];
}

/** Every mode's violations, each finding once, with the modes it was found in. */
function findingsOf(doc: PlanDocument): Finding[] {
  const found = new Map<string, Finding>();
  for (const mode of PLAN_MODES) {
    for (const v of doc.verdicts[mode]?.violations ?? []) {
      const key = JSON.stringify([v.policy, v.urn, v.message]);
      const seen = found.get(key);
      if (seen === undefined) found.set(key, { ...v, modes: [mode] });
      else seen.modes.push(mode);
    }
  }
  return [...found.values()].sort((a, b) => Number(a.enforcement === "advisory") - Number(b.enforcement === "advisory"));
}

/**
 * The human report of one stack: resources grouped by the component that owns them, each group followed by its
 * findings (mandatory first; a finding that only one mode shows says which), then stack-wide findings, the checks a
 * first preview leaves pending, outputs and the verdict of each mode.
 */
export function renderReport(doc: PlanDocument): string {
  const modes = PLAN_MODES.filter((m) => doc.verdicts[m] !== undefined);
  const lines: string[] = [`Plan of stack "${doc.stack}" (${doc.domain}), project ${doc.project}, as seen ${modes.map((m) => MODE_SEEN[m]).join(" and ")}`, ""];
  const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
  const isComponent = isComponentType;
  const ownerOf = (urn: string | null): string | undefined => {
    let current = urn === null ? undefined : byUrn.get(urn);
    while (current !== undefined && !isComponent(current.type)) current = current.parent === null ? undefined : byUrn.get(current.parent);
    return current?.urn;
  };

  const groups = new Map<string, string[]>();
  for (const r of doc.resources) {
    if (isComponent(r.type) || r.type === COMPONENTS.stack) continue;
    const owner = ownerOf(r.parent) ?? "";
    groups.set(owner, [...(groups.get(owner) ?? []), r.urn]);
  }
  const all = findingsOf(doc);
  const render = (f: Finding) => renderFinding(f, f.modes.length < modes.length ? f.modes : []);
  const findingsAt = (urns: Set<string>) => all.filter((v) => v.urn !== undefined && urns.has(v.urn));
  const placed = new Set<Finding>();

  for (const [owner, urns] of groups) {
    const component = byUrn.get(owner);
    lines.push(component === undefined ? "Other resources" : `${component.name} (${component.type})`);
    for (const urn of urns) {
      const r = byUrn.get(urn);
      if (r !== undefined) lines.push(`  + ${r.type} ${r.name}${r.protect ? "  [protected]" : ""}`);
    }
    const findings = findingsAt(new Set(urns));
    findings.forEach((f) => placed.add(f));
    lines.push(...findings.map(render));
    lines.push("");
  }

  const rest = all.filter((v) => !placed.has(v));
  if (rest.length > 0) lines.push("Stack-wide findings", ...rest.map(render), "");

  const pending = doc.verdicts["first-preview"]?.pending ?? [];
  if (pending.length > 0) {
    lines.push("Pending on a first preview (checked once the values exist: the next preview or `pulumi up`)", ...pending.map((p) => renderPending(p, byUrn)), "");
  }

  lines.push("Outputs");
  for (const [key, value] of Object.entries(doc.outputs)) lines.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  lines.push("");

  const mandatory = mandatoryCount(doc);
  const counts = (v: Verdicts) => {
    const of = (e: string) => v.violations.filter((f) => f.enforcement === e).length;
    return `${of("mandatory")} mandatory, ${of("advisory")} advisory${v.pending.length > 0 ? `, ${v.pending.length} pending` : ""}`;
  };
  const perMode = modes.map((m) => `${MODE_LABEL[m]}: ${counts(doc.verdicts[m] as Verdicts)}`).join("; ");
  lines.push(
    `${countResources(doc)} resources, ${doc.policiesEvaluated.length} policies evaluated (${perMode}): ` +
      (mandatory === 0 ? "meets the launch-ready minimum bar." : "BLOCKED until the mandatory findings are fixed."),
  );
  return lines.join("\n");
}

/** One line per stack of a portfolio run: stack, domain, resources, mandatory and advisory findings. */
export function renderSummary(results: readonly StackResult[]): string {
  const rows = results.map((r) =>
    r.ok ? [r.stack, r.domain, String(r.resources), String(r.mandatory), String(r.advisory)] : [r.stack, "(invalid config)", "-", "-", "-"],
  );
  const header = ["stack", "domain", "resources", "mandatory", "advisory"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const isComponentType = (type: string) => !type.includes("/") && type !== COMPONENTS.stack;
/** The resources a stack declares: custom resources, not components or the stack. */
export const countResources = (doc: PlanDocument) => doc.resources.filter((r) => !isComponentType(r.type) && r.type !== COMPONENTS.stack).length;

function renderFinding(v: PlanViolation, onlyIn: readonly PlanMode[]): string {
  const where = onlyIn.length === 0 ? "" : ` [${onlyIn.map((m) => `${MODE_LABEL[m]} only`).join(", ")}]`;
  return `    ${v.enforcement === "mandatory" ? "✗ MANDATORY" : "! advisory "} ${v.policy}${where}: ${v.message}`;
}

function renderPending(p: RulePending, byUrn: ReadonlyMap<string, { name: string }>): string {
  const at = p.urn === undefined ? "" : ` (${byUrn.get(p.urn)?.name ?? p.urn})`;
  return `    … pending ${p.policy}${at}: ${p.message}`;
}
