import { isExactArn } from "../../../lib/iam";
import { hasUnknown } from "../../../model/resource";
import { TYPES } from "../../../model/type-tokens";
import { pending, type ResourceRule } from "../types";

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const grantsSecrets = (action: unknown) => typeof action === "string" && (action === "*" || action.toLowerCase().startsWith("secretsmanager:"));

export const iamPolicyExactSecretArns: ResourceRule = {
  kind: "resource",
  name: "iam-policy-exact-secret-arns",
  description:
    "Checks that IAM policies allowing Secrets Manager actions name exact actions and exact secret ARNs, never wildcards, because a wildcard lets the app's role, or whoever takes it over, read every secret in the account.",
  enforcementLevel: "mandatory",
  resourceTypes: [TYPES.iamPolicy, TYPES.iamRolePolicy],
  validate(policy) {
    const label = `${policy.type} ${policy.name}`;
    const raw = policy.props["policy"];
    // Built from ARNs AWS assigns at create: on a first preview the whole document is unknown.
    if (hasUnknown(raw)) return [pending(`Its document is built from ARNs that AWS assigns when it creates the resources it names.`)];
    let document: unknown = raw;
    if (typeof raw === "string") {
      try {
        document = JSON.parse(raw);
      } catch {
        return [`${label}: its policy is not valid JSON, so what it allows cannot be checked. Build it with JSON.stringify of a policy document.`];
      }
    }
    const statements = list((document as { Statement?: unknown } | null)?.Statement);
    return statements.flatMap((statement, i): string[] => {
      const s = (statement ?? {}) as Record<string, unknown>;
      if (s["Effect"] !== "Allow") return [];
      const where = `${label}, statement ${i + 1}`;
      if (s["NotAction"] !== undefined) return [`${where}: NotAction allows everything not listed, Secrets Manager included. List the actions in Action instead.`];
      const actions = list(s["Action"]);
      if (!actions.some(grantsSecrets)) return [];
      const problems: string[] = [];
      const wildcards = actions.filter((a) => typeof a === "string" && /[*?]/.test(a));
      if (wildcards.length > 0) problems.push(`${where}: action ${wildcards.join(", ")} is a wildcard. List the actions the app needs, such as secretsmanager:GetSecretValue.`);
      if (s["NotResource"] !== undefined) problems.push(`${where}: NotResource allows every secret not listed. Name the secrets' ARNs in Resource instead.`);
      const resources = list(s["Resource"]);
      if (resources.length === 0 && s["NotResource"] === undefined) problems.push(`${where}: names no Resource. Name the secrets' exact ARNs.`);
      const inexact = resources.filter((r) => typeof r !== "string" || !isExactArn(r));
      if (inexact.length > 0) problems.push(`${where}: resource ${inexact.map(String).join(", ")} is not an exact ARN. Name each secret by its ARN (the secret resource's arn output), never with * or ?.`);
      return problems;
    });
  },
};
