import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as aws from "./aws-services";
import * as pulumi from "@pulumi/pulumi";
import type { Flow } from "../canary/flow-check";
import {
  brokenAlarm,
  CANARY_CODE_PATH,
  CANARY_HANDLER,
  CANARY_RUNTIME,
  errorRateAlarm,
  FAILURE_RETENTION_DAYS,
  FLOW_NAMESPACE,
  flowAlarmDescription,
  ownershipTags,
  p95Alarm,
  REQUEST_TIMEOUT_MS,
  runTimeoutSeconds,
  SAMPLES_PER_STEP,
  scheduleExpression,
  SUCCESS_RETENTION_DAYS,
  type FlowAlarm,
} from "../lib/flows";
import type { DashboardFlow } from "../lib/dashboard";
import { canaryExecutionPolicy, serviceTrustPolicy } from "../lib/iam";
import { metricAlarmInputs, stackSlug } from "../lib/uptime";

/** The script every canary runs, read from the repository: what the tests run is what is deployed. */
const CANARY_SOURCE = readFileSync(join(__dirname, "..", "canary", "flow-check.js"), "utf8");

/** One key flow: the pages a visitor walks, in order, and what each must show. */
export interface KeyFlow {
  name: string;
  steps: readonly { url: string; expect?: string | undefined }[];
  everyMinutes: number;
  /** Who answers this flow's alerts, instead of the owner of each alert kind. */
  owner?: string | undefined;
}

/** The alert kinds of a flow's alarms. */
type FlowAlertKind = "down" | "errors" | "slow";

export interface FlowChecksArgs {
  /** The registrable domain, in punycode. */
  domain: string;
  stack: string;
  flows: readonly KeyFlow[];
  /** Where the canaries, their metrics and alarms live: the region nearest the customers. */
  region: string;
  latencyBudgetMs: number;
  errorRatePercent: number;
  /** Alert kind → who answers it. */
  owners: Readonly<Record<FlowAlertKind, string>>;
  /** The topic in `region` every alarm notifies when it fires and when it recovers. */
  alarmTopicArn: pulumi.Input<string>;
}


/**
 * A CloudWatch Synthetics canary per key flow, running canary/flow-check.js from the region nearest the customers,
 * with a broken-flow, an error-rate and a p95 alarm each. One artifacts bucket (also holding the code) and one
 * execution role serve all canaries.
 */
export class FlowChecks extends pulumi.ComponentResource {
  public readonly flows: pulumi.Output<DashboardFlow[]>;

  constructor(name: string, args: FlowChecksArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:FlowChecks", name, {}, opts);
    const { region } = args;

    const bucket = new aws.s3.Bucket(
      `${name}-artifacts`,
      {
        bucket: stackSlug(args.domain, args.stack, `canaries-${region}`, 63),
        region,
        // Run artifacts only (logs, HAR files): nothing to keep when the stack goes.
        forceDestroy: true,
      },
      { parent: this },
    );
    new aws.s3.BucketPublicAccessBlock(
      `${name}-artifacts-private`,
      { bucket: bucket.id, region, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      { parent: this },
    );
    // Synthetics deletes expired run records but not their files; S3 does, a day after the longest retention.
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-artifacts-expiry`,
      { bucket: bucket.id, region, rules: [{ id: "expire-run-artifacts", status: "Enabled", filter: { prefix: "runs/" }, expiration: { days: FAILURE_RETENTION_DAYS + 1 } }] },
      { parent: this },
    );
    // The key carries the script's hash, so a changed script is a new object and the canaries update to it.
    const sourceHash = createHash("sha256").update(CANARY_SOURCE).digest("hex").slice(0, 16);
    const code = new aws.s3.BucketObjectv2(
      `${name}-code`,
      {
        bucket: bucket.id,
        region,
        key: `code/flow-check-${sourceHash}.zip`,
        source: new pulumi.asset.AssetArchive({ [CANARY_CODE_PATH]: new pulumi.asset.StringAsset(CANARY_SOURCE) }),
      },
      { parent: this },
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: stackSlug(args.domain, args.stack, "flow-checks", 64),
        description: `Runs the flow-check canaries of ${args.domain} (stack ${args.stack}).`,
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")),
      },
      { parent: this },
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-role-policy`,
      { role: role.id, policy: bucket.arn.apply((arn) => JSON.stringify(canaryExecutionPolicy(arn, region, ["CloudWatchSynthetics", FLOW_NAMESPACE]))) },
      { parent: this },
    );

    const checked = args.flows.map((flow) => {
      const owner = (kind: FlowAlertKind) => flow.owner ?? args.owners[kind];
      const canaryName = stackSlug(args.domain, args.stack, flow.name);
      const script: Flow = {
        flow: flow.name,
        canary: canaryName,
        steps: flow.steps.map((s) => ({ url: s.url, ...(s.expect === undefined ? {} : { expect: s.expect }) })),
        samples: SAMPLES_PER_STEP,
        timeoutMs: REQUEST_TIMEOUT_MS,
      };
      const canary = new aws.synthetics.Canary(
        `${name}-${flow.name}`,
        {
          name: canaryName,
          region,
          runtimeVersion: CANARY_RUNTIME,
          handler: CANARY_HANDLER,
          s3Bucket: code.bucket,
          s3Key: code.key,
          executionRoleArn: role.arn,
          artifactS3Location: pulumi.interpolate`s3://${bucket.bucket}/runs/${flow.name}/`,
          schedule: { expression: scheduleExpression(flow.everyMinutes) },
          runConfig: {
            timeoutInSeconds: runTimeoutSeconds(flow.steps.length, flow.everyMinutes),
            environmentVariables: { FLOW_CHECK: JSON.stringify(script) },
          },
          // Created stopped by default: a check that never runs would look like a quiet, healthy flow.
          startCanary: true,
          successRetentionPeriod: SUCCESS_RETENTION_DAYS,
          failureRetentionPeriod: FAILURE_RETENTION_DAYS,
          deleteLambda: true,
          tags: ownershipTags(owner("down"), "flow-check", args.domain, args.stack, flow.name),
        },
        { parent: this, dependsOn: [rolePolicy] },
      );

      const alarm = (settings: FlowAlarm) => {
        const alarmOwner = owner(settings.kind);
        return new aws.cloudwatch.MetricAlarm(
          `${name}-${flow.name}-${settings.role}`,
          {
            name: stackSlug(args.domain, args.stack, `${flow.name}-${settings.role}`),
            alarmDescription: flowAlarmDescription(settings, flow, alarmOwner, args),
            region,
            ...metricAlarmInputs(settings),
            // The name as set (not read back from the canary), so a preview and the policies see it before AWS does.
            dimensions: { [settings.dimension]: canaryName },
            alarmActions: [args.alarmTopicArn],
            okActions: [args.alarmTopicArn],
            tags: ownershipTags(alarmOwner, settings.kind, args.domain, args.stack, flow.name),
          },
          { parent: this },
        );
      };
      const alarms = [brokenAlarm(flow.everyMinutes), errorRateAlarm(flow.everyMinutes, args.errorRatePercent), p95Alarm(flow.everyMinutes, args.latencyBudgetMs)].map(alarm);
      return pulumi.all(alarms.map((a) => a.arn)).apply((alarmArns) => ({
        name: flow.name,
        canaryName,
        urls: flow.steps.map((s) => s.url),
        everyMinutes: flow.everyMinutes,
        owner: owner("down"),
        alarmArns,
      }));
    });

    this.flows = pulumi.all(checked);
    this.registerOutputs({ flows: this.flows });
  }
}
