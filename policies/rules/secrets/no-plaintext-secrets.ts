import { hasUnknown } from "../../../model/resource";
import { TYPES } from "../../../model/type-tokens";
import { pending, type Pending, type StackRule, type Violation } from "../types";

/** Where a secret value belongs: the secret store's value and the generator's own result. */
const SECRET_HOMES: Readonly<Record<string, readonly string[]>> = {
  [TYPES.secretVersion]: ["secretString", "secretBinary", "secretStringWo"],
  [TYPES.randomPassword]: ["result", "bcryptHash"],
};

/** Property names that announce a credential; such a value outside a secret store is a leak by construction. */
const SENSITIVE_NAME = /(password|passphrase|secret|private_?key|api_?key|api_?token|access_?token|client_?secret)$/i;

/** Shorter strings are too likely to occur by chance (flags, ports) to count as a leaked secret. */
const MIN_SECRET_LENGTH = 8;

export const noPlaintextSecrets: StackRule = {
  kind: "stack",
  name: "no-plaintext-secrets",
  description:
    "Checks that no resource input carries a secret value outside the secret store, because inputs are stored in state, shown in previews and often copied into logs.",
  enforcementLevel: "mandatory",
  validate(resources) {
    const secrets = new Set<string>();
    const violations: (Violation | Pending)[] = [];
    for (const r of resources) {
      const homes = SECRET_HOMES[r.type] ?? [];
      for (const prop of homes) for (const value of leafStrings(r.props[prop])) collectSecret(value, secrets);
      // A generated value exists only once it is created (and so does anything built from it).
      const generated = homes.filter((prop) => hasUnknown(r.props[prop]));
      if (generated.length > 0) violations.push(pending(`Its ${generated.join(" and ")} ${generated.length === 1 ? "is" : "are"} made at create, so no other input can be searched for it yet.`, r.urn));
    }
    for (const r of resources) {
      const homes = SECRET_HOMES[r.type] ?? [];
      for (const [prop, value] of Object.entries(r.props)) {
        if (homes.includes(prop)) continue;
        for (const text of leafStrings(value)) {
          if ([...secrets].some((s) => text.includes(s))) {
            violations.push({ urn: r.urn, message: `${r.type} ${r.name}: input ${prop} contains a secret value in plaintext. Pass the secret to the app through Secrets Manager, not through this resource.` });
            break;
          }
        }
        if (SENSITIVE_NAME.test(prop) && leafStrings(value).some((t) => t.length > 0) && !r.type.startsWith("pulumi:")) {
          violations.push({ urn: r.urn, message: `${r.type} ${r.name}: input ${prop} holds a credential. Store it in Secrets Manager and give the app read access instead.` });
        }
      }
    }
    return violations;
  },
};

/** Secret stores often hold a JSON document of several values: each of its values is a secret on its own. */
function collectSecret(value: string, into: Set<string>): void {
  if (value.length >= MIN_SECRET_LENGTH) into.add(value);
  if (!value.startsWith("{")) return;
  try {
    for (const leaf of leafStrings(JSON.parse(value) as unknown)) if (leaf.length >= MIN_SECRET_LENGTH) into.add(leaf);
  } catch {
    // Not JSON: the whole value is the secret.
  }
}

function leafStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(leafStrings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(leafStrings);
  return [];
}
