// Credentials in text that is served to every visitor (client bundles, pages), found by secretlint's recommended
// rules plus one pattern for Stripe secret keys, which the preset has no rule for. A hit says what kind of secret
// and where, never the secret: secretlint is asked to mask its messages, and only the rule and position are kept.
import type { SecretLintCoreConfig } from "@secretlint/types";

export interface SecretHit {
  /** In plain words, e.g. "AWS access key ID". */
  kind: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** A live payment secret, a cloud access key or a private key: anyone who reads the bundle can use it. */
  critical: boolean;
}

const STRIPE_LIVE_SECRET = "Stripe live secret key";
const PATTERN_RULE = "@secretlint/secretlint-rule-pattern";

// secretlint ships ES modules; this project compiles to CommonJS, which reaches them through import().
async function config(): Promise<SecretLintCoreConfig> {
  const [{ creator: recommended }, { creator: patternRule }] = await Promise.all([
    import("@secretlint/secretlint-rule-preset-recommend"),
    import("@secretlint/secretlint-rule-pattern"),
  ]);
  return {
    rules: [
      {
        id: "@secretlint/secretlint-rule-preset-recommend",
        rule: recommended,
        // An access key ID alone is worth reporting in a public bundle: its secret is rarely far away.
        rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }],
      },
      {
        id: PATTERN_RULE,
        rule: patternRule,
        // Stripe's documented key prefixes: sk_live_ (secret) and rk_live_ (restricted); pk_live_ keys are
        // publishable and belong in the browser. Keys have at least 24 characters after the prefix.
        options: { patterns: [{ name: STRIPE_LIVE_SECRET, patterns: ["/\\b[sr]k_live_[0-9a-zA-Z]{24,}\\b/"] }] },
      },
    ],
  };
}

let loaded: Promise<SecretLintCoreConfig> | undefined;

/** Names for secretlint's message ids; ids not listed are shown as secretlint names them. */
const KINDS: Record<string, { kind: string; critical: boolean }> = {
  AWSAccessKeyID: { kind: "AWS access key ID", critical: true },
  AWSSecretAccessKey: { kind: "AWS secret access key", critical: true },
  // secretlint's GCP rule: a service account key file (JSON with its private key) or a PKCS#12 key.
  PrivateKeyJSON: { kind: "Google Cloud service account key", critical: true },
  PrivateKeyP12: { kind: "PKCS#12 private key", critical: true },
  PrivateKey: { kind: "private key", critical: true },
  [STRIPE_LIVE_SECRET]: { kind: STRIPE_LIVE_SECRET, critical: true },
};

/** Message ids that are not secrets (an AWS account number identifies, it does not authenticate). */
const NOT_SECRETS = new Set(["AWSAccountID"]);

function describe(ruleId: string, messageId: string): { kind: string; critical: boolean } {
  const known = KINDS[messageId];
  if (known) return known;
  // The pattern rule holds one pattern (its masked message no longer names it).
  if (ruleId === PATTERN_RULE) return KINDS[STRIPE_LIVE_SECRET]!;
  const rule = ruleId.replace(/^@secretlint\/secretlint-rule-/, "");
  const words = messageId.replace(/_/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return { kind: words.includes(rule) ? words : `${rule} ${words}`, critical: false };
}

/** Every credential secretlint finds in `content` (named `name` for the rules that look at file names). */
export async function findSecrets(content: string, name: string): Promise<SecretHit[]> {
  const [{ lintSource }, rules] = await Promise.all([import("@secretlint/core"), (loaded ??= config())]);
  const result = await lintSource({
    source: { filePath: name, content, contentType: "text" },
    options: { config: rules, maskSecrets: true, noPhysicFilePath: true },
  });
  return result.messages
    .filter((m) => !NOT_SECRETS.has(m.messageId))
    .map((m) => ({ ...describe(m.ruleId, m.messageId), line: m.loc.start.line, column: m.loc.start.column + 1 }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}
