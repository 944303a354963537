import { describe, expect, it } from "vitest";
import { JobHeartbeats } from "../../components/job-heartbeats";
import { TYPES } from "../../model/type-tokens";
import { childTypes, runComponent } from "../helpers/component";

// Constructed with its own Args; the whole program's heartbeats are tested in flow-checks.test.ts.
describe("JobHeartbeats, constructed directly", () => {
  const args = {
    domain: "example.com",
    stack: "prod",
    jobs: [{ name: "invoices", everyMinutes: 60 }, { name: "backup", everyMinutes: 720, owner: "data@example.com" }],
    owner: "ops@example.com",
    region: "eu-west-1",
    alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:t",
  };

  it("creates one publish-only policy and a missed-heartbeat alarm per job, notifying the topic both ways", async () => {
    const stack = await runComponent(() => new JobHeartbeats("jobs", args), { awsRegion: "eu-west-1" });
    expect(childTypes(stack, "launch-ready:monitoring:JobHeartbeats")).toEqual({ [TYPES.iamPolicy]: 1, [TYPES.metricAlarm]: 2 });
    const policy = JSON.parse(String(stack.inputs(stack.ofType(TYPES.iamPolicy)[0]!)["policy"])) as { Statement: { Action: string[]; Condition: unknown }[] };
    // PutMetricData only, and only into the jobs namespace.
    expect(policy.Statement).toEqual([expect.objectContaining({ Action: ["cloudwatch:PutMetricData"], Condition: { StringEquals: { "cloudwatch:namespace": ["LaunchReady/Jobs"] } } })]);
    const invoices = stack.inputs(stack.named("jobs-invoices-missed"));
    expect(invoices).toMatchObject({ region: "eu-west-1", dimensions: { Job: "example-com-prod-invoices" }, alarmActions: [args.alarmTopicArn], okActions: [args.alarmTopicArn], tags: { Owner: "ops@example.com", AlertKind: "jobs" } });
    expect(String(invoices["alarmDescription"])).toContain("no heartbeat for 120 minutes (it runs every 60)");
    expect(stack.inputs(stack.named("jobs-backup-missed"))["tags"]).toMatchObject({ Owner: "data@example.com" });
  });

  it("exposes each job's heartbeat dimension and alarm, for the app and the dashboard", async () => {
    const stack = await runComponent(() => new JobHeartbeats("jobs", args), { awsRegion: "eu-west-1" });
    const outputs = stack.ofType("launch-ready:monitoring:JobHeartbeats")[0]!.outputs;
    expect((outputs["heartbeats"] as { job: string; dimension: string }[]).map(({ job, dimension }) => [job, dimension])).toEqual([
      ["invoices", "example-com-prod-invoices"],
      ["backup", "example-com-prod-backup"],
    ]);
  });
});
