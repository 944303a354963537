/**
 * Re-extracts the conformance facts (conformance/facts/*.json) from the providers' own sources, so that upgrading a
 * provider re-checks every input the program sets (test/conformance/):
 *
 *   node -r ./scripts/ts-hook.cjs scripts/extract-facts.ts \
 *     --terraform-provider-cloudflare <checkout at the bridged release> [--cloudflare-docs <checkout>]
 *
 * A checkout may be a git work tree (its tag and commit are recorded) or an exported tree with --tf-version and
 * --tf-commit (or --docs-commit) naming what it is. The AWS SDK facts are always read from the exact-pinned
 * @aws-sdk packages installed in node_modules. Only the sources given are re-extracted; the other files stay.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AVAILABILITY_PATH, awsSdkFacts, BRIDGE, cloudflarePlanFacts, CLOUDFLARE_RESOURCES, FACTS_DIR, PLANS_PATH, type Source } from "../conformance/facts";
import { parseResourceSchema, parseTtlRule, parseZoneSettingTable } from "../conformance/extract";

function fail(message: string): never {
  throw new Error(message);
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

/** The release and commit of a checkout: from git when it is a work tree, else from the flags. */
function sourceOf(repo: string, dir: string, versionFlag: string, commitFlag: string): Source {
  const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
  const isGit = existsSync(join(dir, ".git"));
  const version = option(versionFlag) ?? (isGit ? git("describe", "--tags", "--always") : undefined);
  const commit = option(commitFlag) ?? (isGit ? git("rev-parse", "HEAD") : undefined);
  if (version === undefined || commit === undefined) fail(`${dir} is not a git work tree: pass --${versionFlag} and --${commitFlag}`);
  return { repo, version, commit };
}

const write = (file: string, data: unknown) => {
  writeFileSync(join(FACTS_DIR, file), `${JSON.stringify(data, null, 2)}\n`);
  console.log(`wrote ${join(FACTS_DIR, file)}`);
};

const tf = option("terraform-provider-cloudflare");
if (tf !== undefined) {
  const source = sourceOf("cloudflare/terraform-provider-cloudflare", tf, "tf-version", "tf-commit");
  const resources = Object.fromEntries(
    Object.entries(CLOUDFLARE_RESOURCES).map(([type, service]) => {
      const path = `internal/services/${service}/schema.go`;
      return [type, { path, attributes: parseResourceSchema(readFileSync(join(tf, path), "utf8")) }];
    }),
  );
  const settingsPath = "docs/resources/zone_setting.md";
  const dnsRecordSchema = readFileSync(join(tf, "internal/services/dns_record/schema.go"), "utf8");
  write("cloudflare-provider.json", {
    source,
    bridge: BRIDGE,
    resources,
    dnsRecordTtl: { path: "internal/services/dns_record/schema.go", rule: parseTtlRule(dnsRecordSchema) },
    zoneSettings: { path: settingsPath, settings: parseZoneSettingTable(readFileSync(join(tf, settingsPath), "utf8")) },
  });
}

const docs = option("cloudflare-docs");
if (docs !== undefined) {
  // Each file with the commit that last changed it (git), or --plans-commit / --availability-commit for an export.
  const flags: Record<string, string> = { [PLANS_PATH]: "plans-commit", [AVAILABILITY_PATH]: "availability-commit" };
  const commitOf = (path: string) =>
    option(flags[path] ?? "") ??
    (existsSync(join(docs, ".git")) ? execFileSync("git", ["-C", docs, "log", "-1", "--format=%H", "--", path], { encoding: "utf8" }).trim() : undefined) ??
    fail(`${docs} is not a git work tree: pass --${flags[path] ?? ""}`);
  write("cloudflare-plans.json", cloudflarePlanFacts("cloudflare/cloudflare-docs", (path) => readFileSync(join(docs, path), "utf8"), commitOf));
}

write("aws-sdk.json", awsSdkFacts());
