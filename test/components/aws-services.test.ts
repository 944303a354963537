import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import * as awsSdk from "@pulumi/aws";
import * as aws from "../../components/aws-services";

const PROJECT_DIR = join(__dirname, "..", "..");

describe("components/aws-services", () => {
  it("are the SDK's own service modules", () => {
    expect(aws.sesv2.EmailIdentity).toBe(awsSdk.sesv2.EmailIdentity);
    expect(aws.cloudwatch.MetricAlarm).toBe(awsSdk.cloudwatch.MetricAlarm);
    expect(aws.getIpRangesOutput).toBe(awsSdk.getIpRangesOutput);
  });

  it("keep the program from loading @pulumi/aws's index of every service", { timeout: 60_000 }, async () => {
    // The program as `pulumi up` loads it, in a Node of its own: which @pulumi/aws files did it load?
    const script = `require(${JSON.stringify(join(PROJECT_DIR, "index.ts"))}); console.log(JSON.stringify(Object.keys(require.cache)))`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-r", join(PROJECT_DIR, "scripts", "ts-hook.cjs"), "-e", script], { cwd: PROJECT_DIR });
    const loaded = (JSON.parse(stdout) as string[]).filter((f) => f.includes("/node_modules/@pulumi/aws/"));
    expect(loaded.some((f) => f.endsWith("/@pulumi/aws/sesv2/index.js"))).toBe(true);
    expect(loaded.filter((f) => f.endsWith("/@pulumi/aws/index.js"))).toEqual([]);
    expect(loaded.filter((f) => f.endsWith("/@pulumi/aws/ec2/index.js"))).toEqual([]);
  });
});
