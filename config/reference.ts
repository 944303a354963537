import { isDeepStrictEqual } from "node:util";
import type { z } from "zod";
import { DEFAULTS, type DerivedDefault, type FixedDefault } from "./defaults";
import { stackKey } from "./problems";
import { rawSchema } from "./schema";

/** One key of the stack config, as the README's configuration table shows it. */
export interface ConfigKeyReference {
  /**
   * The dotted key as the stack file nests it below the launch-ready: namespace (aws:region is the aws provider's
   * own key): `[]` stands for every entry of a list, `<label>` for every entry of a map.
   */
  key: string;
  /** How the value is written: "true or false", "list of URL path", "{ maxAgeSeconds, includeSubdomains, ... }". */
  type: string;
  /** "required", "each key's default" for a map whose keys all have their own, or the default in words (config/defaults.ts). */
  default: string;
  /** What the key does (the schema's description). */
  description: string;
}

type Schema = z.core.$ZodType;
type Meta = z.core.GlobalMeta;

/** A key's schema without its wrappers, with what they said: its default, whether it may be left out, its metadata. */
interface Unwrapped {
  core: Schema;
  meta: Meta;
  zodDefault?: { value: unknown };
  optional: boolean;
  prefault: boolean;
}

const metaOf = (schema: Schema): Meta => (schema as z.ZodType).meta() ?? {};

function unwrap(schema: Schema): Unwrapped {
  let meta: Meta = {};
  let zodDefault: Unwrapped["zodDefault"];
  let optional = false;
  let prefault = false;
  let at = schema;
  for (;;) {
    // The outer wrapper's metadata says more about the key; the inner type's says how its values are written.
    meta = { ...metaOf(at), ...meta };
    const def = at._zod.def as z.core.$ZodTypeDef & { innerType?: Schema; in?: Schema; defaultValue?: unknown };
    if (def.type === "default") zodDefault = { value: def.defaultValue };
    else if (def.type === "prefault") prefault = true;
    else if (def.type === "optional") optional = true;
    else if (def.type !== "pipe") return { core: at, meta, optional, prefault, ...(zodDefault === undefined ? {} : { zodDefault }) };
    at = def.type === "pipe" ? (def.in as Schema) : (def.innerType as Schema);
  }
}

/** How a value of this schema is written in the stack file. */
function form(schema: Schema): string {
  const { core, meta } = unwrap(schema);
  if (meta.form !== undefined) return meta.form;
  const def = core._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  switch (def.type) {
    case "boolean":
      return "true or false";
    case "string":
      return "text";
    case "number":
      return "number";
    case "enum":
      return Object.values(def["entries"] as Record<string, string>).join(" | ");
    case "literal":
      return (def["values"] as unknown[]).join(" | ");
    case "union":
      return (def["options"] as Schema[]).map(form).join(" | ");
    case "array":
      return `list of ${form(def["element"] as Schema)}`;
    case "object":
      return `{ ${Object.keys(def["shape"] as object).join(", ")} }`;
    case "record":
      return `map of ${form(def["keyType"] as Schema)} to ${form(def["valueType"] as Schema)}`;
    default:
      throw new Error(`config/reference.ts: no written form for a ${def.type} schema; give it a form in its .meta()`);
  }
}

/** The object a key's values hold, with the suffix its keys take (`[]` for a list's entries, `.<label>` for a map's). */
function entriesOf(core: Schema): { shape: Record<string, Schema>; suffix: string } | undefined {
  const def = core._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  if (def.type === "object") return { shape: def["shape"] as Record<string, Schema>, suffix: "" };
  const inner = def.type === "array" ? (def["element"] as Schema) : def.type === "record" ? (def["valueType"] as Schema) : undefined;
  if (inner === undefined) return undefined;
  const { core: item } = unwrap(inner);
  const itemDef = item._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  if (itemDef.type !== "object") return undefined;
  return { shape: itemDef["shape"] as Record<string, Schema>, suffix: def.type === "array" ? "[]" : ".<label>" };
}

type Defaults = Readonly<Record<string, FixedDefault<unknown> | DerivedDefault>>;

/** The default in words, checked against the schema: a default the schema applies must be the one defaults.ts gives. */
function defaultOf(key: string, { zodDefault, optional, prefault }: Unwrapped, defaults: Defaults): string {
  const documented = defaults[key];
  if (zodDefault !== undefined) {
    if (documented === undefined || !("value" in documented)) throw new Error(`config/reference.ts: ${key} has a default in the schema but no value in config/defaults.ts`);
    if (!isDeepStrictEqual(documented.value, zodDefault.value)) throw new Error(`config/reference.ts: ${key}'s default in the schema is not DEFAULTS["${key}"].value`);
    return documented.says;
  }
  if (prefault) return "each key's default";
  if (documented !== undefined) {
    if (!optional) throw new Error(`config/reference.ts: ${key} is required, yet config/defaults.ts gives it a default`);
    return documented.says;
  }
  if (optional) throw new Error(`config/reference.ts: ${key} may be left out, but config/defaults.ts does not say what that does`);
  return "required";
}

/** The rows of a shape's keys: `path` is the key as defaults.ts names it, the schema's own key names dotted. */
function rows(shape: Record<string, Schema>, prefix: string, defaults: Defaults): (ConfigKeyReference & { path: string })[] {
  return Object.entries(shape).flatMap(([name, schema]) => {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    const unwrapped = unwrap(schema);
    if (unwrapped.meta.description === undefined) throw new Error(`config/reference.ts: ${path} has no description in config/schema.ts`);
    const key = prefix === "" && name === "awsRegion" ? stackKey(name) : path;
    const row = { path, key, type: form(schema), default: defaultOf(path, unwrapped, defaults), description: unwrapped.meta.description };
    const entries = entriesOf(unwrapped.core);
    return [row, ...(entries === undefined ? [] : rows(entries.shape, `${path}${entries.suffix}`, defaults))];
  });
}

/**
 * The reference rows of a stack schema's keys with their defaults' words; throws when the two disagree: a default
 * the schema applies that `defaults` does not give (or gives otherwise), a key that may be left out without saying
 * what that does, a key without a description, or a documented default for a key the schema does not have.
 */
export function configReference(shape: Record<string, Schema>, defaults: Defaults): ConfigKeyReference[] {
  const list = rows(shape, "", defaults);
  const paths = new Set(list.map((r) => r.path));
  const stale = Object.keys(defaults).filter((k) => !paths.has(k));
  if (stale.length > 0) throw new Error(`config/reference.ts: config/defaults.ts documents keys the schema does not have: ${stale.join(", ")}`);
  return list.map(({ key, type, default: words, description }) => ({ key, type, default: words, description }));
}

/**
 * Every key of the stack config, in the schema's order (a key, then the keys inside it), built from the schema's
 * descriptions and the defaults of config/defaults.ts: the README's configuration table is generated from it.
 */
export const CONFIG_REFERENCE: readonly ConfigKeyReference[] = Object.freeze(configReference(rawSchema.shape, DEFAULTS));
