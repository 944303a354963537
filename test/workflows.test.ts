import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_DIR } from "./helpers/harness";

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  environment?: string;
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  env?: Record<string, string>;
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

const step = (job: Job, name: string) => {
  const found = job.steps.find((s) => s.name?.startsWith(name));
  if (found?.run === undefined) throw new Error(`no run step "${name}" in ${JSON.stringify(job.steps.map((s) => s.name))}`);
  return found as Step & { run: string };
};

describe("last good commit and rollback", () => {
  const deploy = workflow("deploy.yml");
  const rollback = workflow("rollback.yml");
  const up = deploy.jobs["up"] as Job;
  const record = step(up, "Record the last good commit");
  const preview = rollback.jobs["preview"] as Job;
  const rollbackUp = rollback.jobs["up"] as Job;
  const find = step(preview, "Find the last good commit");

  it("records the commit after a successful up from main only, as the tag last-good/<stack>", () => {
    const steps = up.steps;
    expect(steps.indexOf(record)).toBe(steps.length - 1);
    expect(steps.indexOf(record)).toBeGreaterThan(steps.indexOf(action(up, "pulumi/actions") as Step));
    expect(record.if).toBe("github.ref == 'refs/heads/main'");
    expect(record.env).toEqual({ STACK: "${{ matrix.stack }}" });
    expect(up.permissions).toEqual({ contents: "write" });
    expect(deploy.permissions).toEqual({ contents: "read" });
  });

  it("rolls back by hand only, one stack at a time, never beside a deploy", () => {
    expect(Object.keys(rollback.on)).toEqual(["workflow_dispatch"]);
    expect(rollback.on["workflow_dispatch"]).toEqual({ inputs: { stack: expect.objectContaining({ required: true, type: "string" }) } });
    expect(rollback.concurrency).toEqual({ group: "deploy", "cancel-in-progress": false });
    expect(deploy.concurrency).toEqual(rollback.concurrency);
    expect(rollback.permissions).toEqual({ contents: "read" });
  });

  it("previews the last good commit with the policy pack, then updates it behind the production environment", () => {
    expect(preview.environment).toBeUndefined();
    expect(preview.outputs).toEqual({ commit: "${{ steps.last-good.outputs.commit }}" });
    const checkouts = preview.steps.filter((s) => s.uses === "actions/checkout@v4");
    expect(checkouts[1]?.with).toEqual({ ref: "${{ steps.last-good.outputs.commit }}" });
    expect(action(preview, "pulumi/actions")?.with).toEqual({ command: "preview", "stack-name": "${{ inputs.stack }}", "cloud-url": "${{ vars.PULUMI_BACKEND_URL }}", policyPacks: "${{ github.workspace }}/policies" });
    expect(rollbackUp.needs).toBe("preview");
    expect(rollbackUp.environment).toBe("production");
    expect(action(rollbackUp, "actions/checkout")?.with).toEqual({ ref: "${{ needs.preview.outputs.commit }}" });
    expect(action(rollbackUp, "pulumi/actions")?.with).toEqual({ command: "up", "stack-name": "${{ inputs.stack }}", "cloud-url": "${{ vars.PULUMI_BACKEND_URL }}", policyPacks: "${{ github.workspace }}/policies" });
    for (const job of [preview, rollbackUp]) expect(runs(job)).toEqual(expect.arrayContaining(["npm ci", "npm --prefix policies ci"]));
    expect(rollback.env).toEqual(up.env);
  });

  describe("rehearsed with the workflows' own scripts on a real git repository and its origin", () => {
    let dir: string;
    const git = (cwd: string, ...args: string[]) =>
      execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" }).trim();
    const commit = (message: string, files: Record<string, string>) => {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "work", name), text);
      git(join(dir, "work"), "add", "-A");
      git(join(dir, "work"), "commit", "-q", "-m", message);
      return git(join(dir, "work"), "rev-parse", "HEAD");
    };
    /** Runs a step's script as the runner does (bash -e), in a fresh clone of origin, with the step's variables. */
    const runStep = (script: string, env: Record<string, string>) => {
      const clone = mkdtempSync(join(dir, "runner-"));
      git(dir, "clone", "-q", `file://${join(dir, "origin.git")}`, clone);
      const output = join(clone, ".github-output");
      writeFileSync(output, "");
      const result = spawnSync("bash", ["-e", "-c", script], { cwd: clone, encoding: "utf8", timeout: 20_000, env: { PATH: process.env["PATH"] ?? "", HOME: dir, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: join(clone, ".summary"), ...env } });
      return { status: result.status, stdout: result.stdout, output: readFileSync(output, "utf8") };
    };

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "rollback-"));
      git(dir, "init", "-q", "--bare", "origin.git");
      git(dir, "init", "-q", "work");
      git(join(dir, "work"), "remote", "add", "origin", join(dir, "origin.git"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("finds the commit the deploy recorded, moves the tag on the next good deploy, and refuses what it cannot roll back", () => {
      const first = commit("first", { "Pulumi.prod.yaml": "config: {}\n" });
      git(join(dir, "work"), "push", "-q", "origin", "main");
      expect(runStep(find.run, { STACK: "prod" })).toMatchObject({ status: 1, stdout: expect.stringContaining("::error title=No last good commit::The tag last-good/prod does not exist") });

      expect(runStep(record.run, { STACK: "prod", GITHUB_SHA: first }).status).toBe(0);
      expect(runStep(find.run, { STACK: "prod" })).toMatchObject({ status: 0, output: `commit=${first}\n` });

      const second = commit("second", { "Pulumi.prod.yaml": "config: { changed: true }\n" });
      git(join(dir, "work"), "rm", "-q", "Pulumi.prod.yaml");
      git(join(dir, "work"), "commit", "-q", "-m", "third, without the stack file");
      const third = git(join(dir, "work"), "rev-parse", "HEAD");
      git(join(dir, "work"), "push", "-q", "origin", "main");
      expect(runStep(record.run, { STACK: "prod", GITHUB_SHA: second }).status).toBe(0);
      expect(runStep(find.run, { STACK: "prod" })).toMatchObject({ status: 0, output: `commit=${second}\n` });

      expect(runStep(record.run, { STACK: "prod", GITHUB_SHA: third }).status).toBe(0);
      expect(runStep(find.run, { STACK: "prod" })).toMatchObject({ status: 1, stdout: expect.stringContaining(`::error title=No such stack at the last good commit::Commit ${third} has no Pulumi.prod.yaml.`) });
      expect(runStep(find.run, { STACK: "prod; rm -rf /" })).toMatchObject({ status: 1, stdout: expect.stringContaining("::error title=Not a stack name::") });
    });
  });
});

describe("daily-audit workflow", () => {
  const wf = workflow("daily-audit.yml");
  const domains = wf.jobs["domains"] as Job;
  const audit = wf.jobs["audit"] as Job & { strategy?: { "fail-fast": boolean; matrix: Record<string, string> }; if?: string };
  const step = (name: string) => audit.steps.find((s) => s.name === name);

  it("runs every day and by hand, may only read the code and write issues", () => {
    expect(wf.on).toEqual({ schedule: [{ cron: "23 6 * * *" }], workflow_dispatch: null });
    expect(wf.permissions).toEqual({ contents: "read", issues: "write" });
    expect(wf.concurrency).toEqual({ group: "daily-audit", "cancel-in-progress": false });
  });

  it("audits each stack's domain in its own job, one failing job not stopping the others", () => {
    expect(audit.needs).toBe("domains");
    expect(audit.if).toBe("needs.domains.outputs.targets != '[]'");
    expect(audit.strategy?.["fail-fast"]).toBe(false);
    expect(audit.strategy?.matrix).toEqual({ target: "${{ fromJSON(needs.domains.outputs.targets) }}" });
    expect(domains.outputs).toEqual({ targets: "${{ steps.targets.outputs.targets }}" });
    expect(runs(domains)).toContain('echo "targets=$(npm run --silent daily-audit -- domains)" >> "$GITHUB_OUTPUT"');
  });

  it("lists the stack files' domains as the JSON the matrix reads", () => {
    const output = join(mkdtempSync(join(tmpdir(), "daily-audit-wf-")), "output");
    writeFileSync(output, "");
    const script = domains.steps.find((s) => s.id === "targets")!.run!;
    const result = spawnSync("bash", ["-e", "-c", script], { cwd: PROJECT_DIR, encoding: "utf8", timeout: 60_000, env: { ...process.env, GITHUB_OUTPUT: output } });
    expect(result.status).toBe(0);
    const line = readFileSync(output, "utf8");
    expect(line).toMatch(/^targets=\[.*\]\n$/);
    expect(JSON.parse(line.slice("targets=".length))).toContainEqual({ stack: "prod", domain: "brightpath-coaching.com" });
    rmSync(join(output, ".."), { recursive: true, force: true });
  });

  it("compares with the previous run's report from the cache, then keeps today's for tomorrow", () => {
    const names = audit.steps.map((s) => s.name ?? s.uses);
    const restore = step("The previous run's report");
    expect(restore?.uses).toBe("actions/cache/restore@v4");
    expect(restore?.with).toEqual({ path: "previous", key: "launch-audit-${{ matrix.target.domain }}-${{ github.run_id }}", "restore-keys": "launch-audit-${{ matrix.target.domain }}-" });
    const save = action(audit, "actions/cache/save");
    expect(save?.with).toEqual({ path: "previous", key: "launch-audit-${{ matrix.target.domain }}-${{ github.run_id }}" });
    expect(save?.if).toBe("always() && hashFiles('current/audit.json') != ''");
    const order = ["The previous run's report", "Audit the live domain", "Open, update or close the domain's issue", "Keep today's report for tomorrow's comparison", "actions/cache/save@v4"];
    expect(order.filter((n) => !names.includes(n))).toEqual([]);
    expect(order.map((n) => names.indexOf(n))).toEqual([...order.map((n) => names.indexOf(n))].sort((a, b) => a - b));
  });

  it("audits without failing the job on a launch-stopping finding, and leaves the issue to the tested script", () => {
    expect(step("Audit the live domain")?.run).toContain('npm run --silent audit -- "$DOMAIN" --latency-samples 20 --json current/audit.json > current/report.txt || echo');
    const report = step("Open, update or close the domain's issue");
    expect(report?.env).toEqual({ GITHUB_TOKEN: "${{ github.token }}" });
    expect(report?.run).toBe(
      'npm run --silent daily-audit -- report --stack "$STACK" --domain "$DOMAIN" --current current/audit.json --previous previous/audit.json --p95-margin-percent 25',
    );
    expect(audit.env).toEqual({ DOMAIN: "${{ matrix.target.domain }}", STACK: "${{ matrix.target.stack }}" });
  });
});
