import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseSettings, type RawValues } from "../config";
import { readStackFile } from "../cli/plan/stack-file";
import { PROD_STACK_FILE, PROJECT_DIR } from "./helpers/harness";

interface ProjectFile {
  name: string;
  runtime: { name: string; options: { typescript: boolean } };
  main: string;
  backend?: unknown;
  template: { description: string; config: Record<string, { description: string; default?: string; secret?: boolean }> };
}

const project = parse(readFileSync(join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as ProjectFile;
const packageJson = JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as Record<string, Record<string, string>>;

describe("Pulumi.yaml", () => {
  it("is the launch-ready TypeScript project with no backend pinned", () => {
    expect(project.name).toBe("launch-ready");
    expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true, packagemanager: "npm" } });
    expect(project.main).toBe("index.ts");
    expect(project.backend).toBeUndefined();
  });

  it("has template prompts whose answers alone make a valid stack", () => {
    // What `pulumi new` writes: each prompt's answer (here, the example its description gives, or its default).
    const answers: Record<string, string> = {
      "launch-ready:domain": "example.com",
      "launch-ready:cloudflare": '{"accountId": "0123456789abcdef0123456789abcdef", "plan": "free"}',
      "launch-ready:hosts": '{"@": {"type": "CNAME", "target": "myapp.onrender.com"}}',
      "launch-ready:monitoring": '{"alertEmails": ["ops@yourcompany.com"]}',
    };
    const values: RawValues = {};
    for (const [key, prompt] of Object.entries(project.template.config)) {
      const answer = answers[key] ?? prompt.default;
      expect(answer, `no answer for the prompt ${key}`).toBeDefined();
      expect(prompt.description.length).toBeGreaterThan(10);
      if (key === "aws:region") values["awsRegion"] = answer;
      else values[key.replace("launch-ready:", "")] = answer;
    }
    const result = parseSettings(values, "dev");
    expect(result.ok ? [] : result.issues).toEqual([]);
  });
});

describe("Pulumi.prod.yaml", () => {
  const text = readFileSync(PROD_STACK_FILE, "utf8");

  it("carries no secure: value and no encryption salt (users could not decrypt them)", () => {
    expect(text).not.toMatch(/secure:|encryptionsalt|encryptedkey|secretsprovider/);
  });

  it("shows every key of the contract", () => {
    const keys = Object.keys(readStackFile(PROD_STACK_FILE).config).sort();
    expect(keys).toEqual(
      ["aws:region", ...["domain", "canonicalHost", "cloudflare", "hosts", "redirects", "hsts", "authPaths", "records", "email", "rateLimits", "cache", "monitoring", "secrets"].map((k) => `launch-ready:${k}`)].sort(),
    );
  });
});

describe("package.json", () => {
  it("pins exact versions", () => {
    for (const section of ["dependencies", "devDependencies"]) {
      for (const [name, version] of Object.entries(packageJson[section] ?? {})) expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(packageJson["dependencies"]).toMatchObject({
      "@pulumi/pulumi": "3.270.0",
      "@pulumi/cloudflare": "6.22.1",
      "@pulumi/aws": "7.48.0",
      "@pulumi/random": "4.21.2",
      "@pulumi/policy": "1.21.0",
    });
  });

  it("runs on Node 24 LTS: .nvmrc, engines and the Node running the tests agree", () => {
    const pinned = readFileSync(join(PROJECT_DIR, ".nvmrc"), "utf8").trim();
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    expect(packageJson["engines"]).toEqual({ node: ">=24" });
    // .ci/run puts the pinned Node first on PATH; vitest's workers inherit it.
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(24);
  });
});
