import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "./helpers/harness";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  environment?: string;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = (file: string) => parse(readFileSync(join(PROJECT_DIR, ".github", "workflows", file), "utf8")) as Workflow;
const runs = (job: Job) => job.steps.flatMap((s) => (s.run === undefined ? [] : s.run.split("\n").map((l) => l.trim()).filter(Boolean)));
const action = (job: Job, name: string) => job.steps.find((s) => s.uses?.startsWith(`${name}@`));

describe("pull-request workflow", () => {
  const wf = workflow("pull-request.yml");
  const offline = wf.jobs["offline"] as Job;
  const preview = wf.jobs["preview"] as Job;

  it("runs on pull requests and may comment on them", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(wf.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });

  it("installs, tests, plans every stack offline, scans secrets and audits dependencies, in that order", () => {
    const commands = runs(offline);
    const order = ["npm ci", "npm test", "npm run plan -- --all --json plan.json --out-dir launch-documents", "npm run scan:secrets", "npm audit --audit-level=high", "npm --prefix policies ci", "npm --prefix policies audit --audit-level=high"];
    const positions = order.map((c) => commands.indexOf(c));
    expect(positions.every((p) => p >= 0), JSON.stringify(commands)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("previews with the policy pack through the official action, commenting on the pull request", () => {
    expect(preview.needs).toBe("offline");
    const step = action(preview, "pulumi/actions");
    expect(step?.uses).toBe("pulumi/actions@v6");
    expect(step?.with).toMatchObject({ command: "preview", "comment-on-pr": true, policyPacks: "${{ github.workspace }}/policies", "cloud-url": "${{ vars.PULUMI_BACKEND_URL }}" });
  });

  it("takes credentials from secrets and skips the live preview with a notice when they are absent", () => {
    expect(preview.env?.["PULUMI_CONFIG_PASSPHRASE"]).toBe("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
    expect(preview.env?.["CLOUDFLARE_API_TOKEN"]).toBe("${{ secrets.CLOUDFLARE_API_TOKEN }}");
    const check = preview.steps.find((s) => s.name === "Check credentials");
    expect(check?.run).toContain("::notice title=Live preview skipped::");
    for (const step of preview.steps.filter((s) => s !== check)) expect(step.if).toBe("steps.credentials.outputs.available == 'true'");
  });
});

describe("deploy workflow", () => {
  const wf = workflow("deploy.yml");
  const up = wf.jobs["up"] as Job;

  it("runs pulumi up on main behind the protected production environment", () => {
    expect(wf.on["push"]).toEqual({ branches: ["main"] });
    expect(up.environment).toBe("production");
    expect(action(up, "pulumi/actions")?.with).toMatchObject({ command: "up", policyPacks: "${{ github.workspace }}/policies" });
    expect(runs(up)).toEqual(expect.arrayContaining(["npm ci", "npm --prefix policies ci", "npm test"]));
  });
});
