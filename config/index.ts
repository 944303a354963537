import * as pulumi from "@pulumi/pulumi";
import { ERROR_TRACKER_DSN } from "../lib/monitoring-steps";
import type { z } from "zod";
import { completeSettings } from "./complete";
import { crossKeyProblems } from "./cross-key-rules";
import { plaintextCredentials, type PlaintextCredential } from "./plaintext-credentials";
import { formatIssues, fromZodIssue, keyName, NAMESPACE, quote, toConfigIssue, type ConfigIssue, type Problem } from "./problems";
import { CONTRACT_KEYS, hostCaseProblems, rawSchema, type LaunchSettings } from "./schema";

export type { LaunchSettings } from "./schema";
export { formatIssues, NAMESPACE, type ConfigIssue };

/** The validated config plus the secret values read from the stack, which stay Outputs. */
export interface LaunchConfig extends LaunchSettings {
  /** Values of the non-generated `secrets`, from the secret config key of the same name. */
  readonly secretValues: Readonly<Record<string, pulumi.Output<string>>>;
  /** Monitoring's own secret keys, when set: the error tracker's DSN, the Slack incoming webhook for Cloudflare. */
  readonly monitoringSecrets: Readonly<Partial<Record<MonitoringSecret, pulumi.Output<string>>>>;
}

/** The Slack incoming webhook Cloudflare's own alerts post to (monitoring.slack.cloudflareWebhook). */
const SLACK_WEBHOOK_URL = "slackWebhookUrl";
/** Secret config keys the monitoring section reads (outside `secrets`, because a person sets them after the first plan). */
export const MONITORING_SECRETS = [ERROR_TRACKER_DSN, SLACK_WEBHOOK_URL] as const;
export type MonitoringSecret = (typeof MONITORING_SECRETS)[number];

/** Thrown before any resource is registered; RunError makes the Pulumi CLI print the message without a stack trace. */
export class ConfigError extends pulumi.RunError {
  constructor(readonly issues: ConfigIssue[], stack: string) {
    super(formatIssues(issues, stack));
    this.name = "ConfigError";
  }
}

/** Raw values as the stack holds them: strings, or JSON text for structured keys. */
export type RawValues = Record<string, string | undefined>;

export type ParseResult = { ok: true; settings: LaunchSettings } | { ok: false; issues: ConfigIssue[] };

/**
 * Parses the stack's raw config values (key without namespace → string as Pulumi stores it; structured values are
 * JSON text). Pure: no Pulumi runtime needed, so the offline plan and the tests call it directly.
 */
export function parseSettings(values: RawValues, stack: string): ParseResult {
  const issues: ConfigIssue[] = [];
  const raw: Record<string, unknown> = {};
  for (const key of [...CONTRACT_KEYS, "awsRegion"] as const) {
    const text = values[key];
    if (text === undefined) continue;
    if (key === "domain" || key === "canonicalHost" || key === "awsRegion") {
      raw[key] = text;
      continue;
    }
    try {
      raw[key] = JSON.parse(text);
    } catch {
      issues.push({
        key: keyName([key]),
        received: quote(text),
        allowed: "a structured value (a YAML map or list in the stack file)",
        fix: `write ${keyName([key])} as a YAML map or list in Pulumi.${stack}.yaml`,
      });
    }
  }
  const unreadable = new Set(issues.map((i) => i.key));

  // Each key on its own, so one wrong key hides no other problem. A wrong key stands in for the cross-key checks with
  // its right entries (else its default); their findings about the wrong entries (or the default) are dropped.
  const data: Record<string, unknown> = {};
  const failed = new Set<string>();
  const salvage = new Map<string, { dropped: Set<PropertyKey | undefined>; kept?: number[] }>();
  let complete = true;
  const problems: Problem[] = hostCaseProblems(raw);
  for (const [key, schema] of Object.entries(rawSchema.shape)) {
    if (unreadable.has(keyName([key]))) failed.add(key);
    const parsed = failed.has(key) ? undefined : schema.safeParse(raw[key]);
    if (parsed?.success === true) {
      data[key] = parsed.data;
      continue;
    }
    failed.add(key);
    for (const i of parsed?.error.issues ?? []) problems.push(...fromZodIssue(key, i));
    // Context for the other keys' checks: the entries that are right, else the default.
    const dropped = new Set((parsed?.error.issues ?? []).map((i) => i.path[0]));
    const value = raw[key];
    const salvaged = schema.safeParse(withoutEntries(value, [...dropped]));
    if (salvaged.success) {
      data[key] = salvaged.data;
      salvage.set(key, { dropped, ...(Array.isArray(value) ? { kept: value.flatMap((_, i) => (dropped.has(i) ? [] : [i])) } : {}) });
      continue;
    }
    const fallback = schema.safeParse(undefined);
    if (fallback.success) data[key] = fallback.data;
    else complete = false;
  }
  issues.push(...problems.map((p) => toConfigIssue(p, raw, stack)));
  if (!complete) return { ok: false, issues };
  const parsedRaw = data as z.output<typeof rawSchema>;
  const settings = completeSettings(parsedRaw);
  const cross = crossKeyProblems(settings, { rateLimits: parsedRaw.rateLimits !== undefined }).flatMap((p): Problem[] => {
    const [top = "", entry, ...rest] = p.path;
    if (!failed.has(String(top))) return [p];
    const kept = salvage.get(String(top));
    // A list was checked without its wrong entries: map the index back to the stack file's.
    const original = kept?.kept !== undefined && typeof entry === "number" ? kept.kept[entry] : entry;
    if (kept === undefined || original === undefined || kept.dropped.has(original)) return [];
    return [{ ...p, path: [top, original, ...rest] }];
  });
  issues.push(...cross.map((p) => toConfigIssue(p, raw, stack)));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, settings: deepFreeze(settings) };
}

/**
 * Reads and validates the stack's config. The only function in the program that reads pulumi.Config.
 * Throws ConfigError listing every problem before any resource exists.
 */
export async function loadConfig(): Promise<LaunchConfig> {
  const stack = pulumi.getStack();
  const config = new pulumi.Config(NAMESPACE);
  const values: RawValues = { awsRegion: new pulumi.Config("aws").get("region") };
  for (const key of CONTRACT_KEYS) values[key] = config.get(key);

  const result = parseSettings(values, stack);
  const all = pulumi.runtime.allConfig();
  const plaintext = Object.fromEntries(Object.entries(all).filter(([key]) => !runtime.isConfigSecret(key)));
  const credentials = credentialIssues(await plaintextCredentials(plaintext), stack);
  // A credential's own finding replaces any other at its key: that one would echo part of the secret as "received".
  const others = (result.ok ? [] : result.issues).filter((i) => !credentials.some((c) => c.key === i.key));
  const issues: ConfigIssue[] = [...others, ...namespaceIssues(Object.keys(all)), ...credentials];
  if (!result.ok) throw new ConfigError(issues, stack);
  const settings = result.settings;

  const declared = new Set<string>(settings.secrets.map((s) => s.name));
  for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
    const [namespace, key = ""] = fullKey.split(":", 2);
    if (namespace !== NAMESPACE || (CONTRACT_KEYS as readonly string[]).includes(key) || declared.has(key)) continue;
    if ((MONITORING_SECRETS as readonly string[]).includes(key)) continue;
    issues.push({
      key: fullKey,
      received: "a value",
      allowed: `the contract's keys (${CONTRACT_KEYS.join(", ")}) and the names listed in ${NAMESPACE}:secrets`,
      fix: `remove it, correct its spelling, or declare it in ${NAMESPACE}:secrets`,
    });
  }

  const secretValues: Record<string, pulumi.Output<string>> = {};
  for (const { name, generate } of settings.secrets) {
    if (generate) continue;
    const value = config.getSecret(name);
    if (value === undefined) {
      issues.push({
        key: `${NAMESPACE}:${name}`,
        received: "nothing",
        allowed: `a secret value (${NAMESPACE}:secrets lists ${name} with generate: false)`,
        fix: `pulumi config set --secret --stack ${stack} ${NAMESPACE}:${name} '<value>' (before the Pulumi CLI is installed, an offline plan accepts ${NAMESPACE}:${name}: { secure: placeholder } in Pulumi.${stack}.yaml: it never decrypts secure: values; replace it with the command before pulumi up)`,
      });
    } else {
      secretValues[name] = value;
    }
  }
  // The DSN may come after the first `up` (its secret waits for it); Cloudflare's Slack webhook cannot.
  const monitoringSecrets: Partial<Record<MonitoringSecret, pulumi.Output<string>>> = {};
  const dsn = settings.monitoring.errorTracking ? config.getSecret(ERROR_TRACKER_DSN) : undefined;
  if (dsn !== undefined) monitoringSecrets.errorTrackerDsn = dsn;
  if (settings.monitoring.slack?.cloudflareWebhook === true) {
    const webhook = config.getSecret(SLACK_WEBHOOK_URL);
    if (webhook === undefined) {
      issues.push({
        key: `${NAMESPACE}:${SLACK_WEBHOOK_URL}`,
        received: "nothing",
        allowed: `a Slack incoming webhook URL (monitoring.slack.cloudflareWebhook is true)`,
        fix: `pulumi config set --secret --stack ${stack} ${NAMESPACE}:${SLACK_WEBHOOK_URL} 'https://hooks.slack.com/services/...'`,
      });
    } else monitoringSecrets.slackWebhookUrl = webhook;
  }
  if (issues.length > 0) throw new ConfigError(issues, stack);
  return Object.freeze({ ...settings, secretValues: Object.freeze(secretValues), monitoringSecrets: Object.freeze(monitoringSecrets) });
}

/** A map or list without the entries at `keys` (those with a problem). */
function withoutEntries(value: unknown, keys: readonly (PropertyKey | undefined)[]): unknown {
  if (keys.some((k) => k === undefined) || value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) return value.filter((_, i) => !keys.includes(i));
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
}

/** The SDK's own test for a secret config key: exported by its runtime, but marked @internal, so not in its .d.ts. */
const runtime = pulumi.runtime as typeof pulumi.runtime & { isConfigSecret(key: string): boolean };

/** Keys whose namespace looks like a misspelling of launch-ready: (Pulumi would hand them to no one). */
function namespaceIssues(keys: readonly string[]): ConfigIssue[] {
  return keys.flatMap((fullKey) => {
    const [namespace = "", key = ""] = fullKey.split(":", 2);
    const squashed = namespace.toLowerCase().replace(/[^a-z]/g, "");
    if (namespace === NAMESPACE || (editDistance(namespace.toLowerCase(), NAMESPACE) > 2 && squashed !== "launchready")) return [];
    return [{
      key: fullKey,
      received: "a value in the namespace " + JSON.stringify(namespace),
      allowed: `keys in the ${NAMESPACE}: namespace`,
      fix: `rename it to ${NAMESPACE}:${key}`,
    }];
  });
}

/** Levenshtein distance, for spotting a misspelt namespace. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function credentialIssues(found: readonly PlaintextCredential[], stack: string): ConfigIssue[] {
  return found.map((c) => {
    const top = c.key.split(/[.[]/, 1)[0] ?? c.key;
    const name = top.split(":")[1] ?? top;
    return {
      key: c.key,
      received: `a plaintext ${c.kind}`,
      allowed: "no credentials in plain text: a stack file is committed and read by everyone with the repository",
      fix: c.nested
        ? `take it out of ${top}, store it with pulumi config set --secret --stack ${stack} ${NAMESPACE}:<name> '<value>' and list { name: <name> } in ${NAMESPACE}:secrets; then rotate it, since it was in the file`
        : `pulumi config set --secret --stack ${stack} ${top} '<value>' (it replaces the plaintext with a secure: value${name === top ? "" : `; list { name: ${name} } in ${NAMESPACE}:secrets if the app reads it`}); then rotate it, since it was in the file`,
    };
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
