import type { CapturedResource } from "../../cli/plan/engine";
import type { AliasSpec } from "./component";

/**
 * URNs as the Pulumi engine forms them, from a mock run. The mock monitor qualifies a child's type with its parent's
 * last type only, and prefixes top-level resources with the Stack type; the engine qualifies it with every ancestor's
 * type, the Stack left out (as the SDK's own createUrn builds a child's URN from its parent's). Aliases are matched the
 * way the engine's step generator does (pulumi/pulumi pkg/resource/deploy/step_generator.go, generateAliases and
 * inheritedChildAlias): each alias spec of the resource, and each alias URN of its parent carried down to it.
 */

const STACK_TYPE = "pulumi:pulumi:Stack";

/** Splits a URN into its stack-and-project prefix, its qualified type (ancestor types, `$`-joined) and its name. */
export function urnParts(urn: string): { prefix: string; qualifiedType: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4) throw new Error(`not a URN: ${urn}`);
  return { prefix: `${parts[0]}::${parts[1]}`, qualifiedType: parts[2]!.split("$").filter((t) => t !== STACK_TYPE).join("$"), name: parts.slice(3).join("::") };
}

export class EngineUrns {
  private readonly byUrn: Map<string, CapturedResource>;
  private readonly memo = new Map<string, string[]>();

  constructor(
    private readonly resources: readonly CapturedResource[],
    private readonly aliases: ReadonlyMap<string, readonly (AliasSpec | string)[]>,
  ) {
    this.byUrn = new Map(resources.map((r) => [r.urn, r]));
  }

  private parent(resource: CapturedResource): CapturedResource | undefined {
    const parent = resource.parent === undefined ? undefined : this.byUrn.get(resource.parent);
    return parent?.type === STACK_TYPE ? undefined : parent;
  }

  /** The resource's URN as the engine forms it. */
  urn(resource: CapturedResource): string {
    const parent = this.parent(resource);
    const { prefix } = urnParts(resource.urn);
    return `${prefix}::${parent === undefined ? "" : `${urnParts(this.urn(parent)).qualifiedType}$`}${resource.type}::${resource.name}`;
  }

  /** Every former URN the engine matches this resource's state under. */
  aliasUrns(resource: CapturedResource): string[] {
    const cached = this.memo.get(resource.urn);
    if (cached !== undefined) return cached;
    const { prefix } = urnParts(resource.urn);
    const parent = this.parent(resource);
    const at = (parentUrn: string | undefined, type: string, name: string) =>
      `${prefix}::${parentUrn === undefined ? "" : `${urnParts(parentUrn).qualifiedType}$`}${type}::${name}`;
    const own = (this.aliases.get(`${resource.type}::${resource.name}`) ?? []).map((a) => {
      if (typeof a === "string") return a;
      const parentUrn = a.noParent ? undefined : a.parentUrn !== "" ? a.parentUrn : parent === undefined ? undefined : this.urn(parent);
      return at(parentUrn, a.type || resource.type, a.name || resource.name);
    });
    const inherited =
      parent === undefined
        ? []
        : this.aliasUrns(parent).flatMap((parentAlias) =>
            [this.urn(resource), ...own].map((urn) => {
              const { qualifiedType, name } = urnParts(urn);
              const type = qualifiedType.split("$").pop()!;
              // A child named after its parent is renamed with it (the engine's inheritedChildAlias).
              const aliasName = name.startsWith(parent.name) ? urnParts(parentAlias).name + name.slice(parent.name.length) : name;
              return at(parentAlias, type, aliasName);
            }),
          );
    const all = [...new Set([...own, ...inherited])];
    this.memo.set(resource.urn, all);
    return all;
  }

  /** The resource whose URN or one of whose aliases is `urn`; fails loudly on none or several. */
  claimedBy(urn: string): CapturedResource {
    const found = this.resources.filter((r) => this.urn(r) === urn || this.aliasUrns(r).includes(urn));
    if (found.length !== 1) throw new Error(`${found.length} resources claim ${urn}: ${found.map((r) => this.urn(r)).join(", ")}`);
    return found[0]!;
  }
}
