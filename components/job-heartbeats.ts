import * as aws from "./aws-services";
import * as pulumi from "@pulumi/pulumi";
import { heartbeatAlarm, heartbeatAlarmDescription, JOBS_NAMESPACE, ownershipTags } from "../lib/flows";
import { heartbeatPolicy } from "../lib/iam";
import { metricAlarmInputs, stackSlug } from "../lib/uptime";

export interface JobHeartbeatsArgs {
  domain: string;
  stack: string;
  /** The scheduled jobs: each sends a heartbeat after every successful run. */
  jobs: readonly { name: string; everyMinutes: number; owner?: string | undefined }[];
  /** Who answers a missed heartbeat, unless the job names its own owner. */
  owner: string;
  region: string;
  /** The topic in `region` the alarms notify. */
  alarmTopicArn: pulumi.Input<string>;
}

/** What a job sends after each successful run, and where the app finds the permission to send it. */
export interface JobHeartbeat {
  job: string;
  /** The value of the Job dimension. */
  dimension: string;
  alarmArn: string;
}

/**
 * Heartbeats for the app's scheduled jobs: the job publishes LaunchReady/Jobs Heartbeat = 1 (dimension Job) after
 * each successful run; an alarm per job fires when two intervals in a row pass without one. The same CloudWatch,
 * topics, owners and Slack as every other alarm, so a silent job reaches the same people; failed runs themselves go
 * to the error tracker.
 */
export class JobHeartbeats extends pulumi.ComponentResource {
  public readonly heartbeats: pulumi.Output<JobHeartbeat[]>;
  /** A managed policy for the app's runtime role: publishing heartbeats, nothing else. */
  public readonly policyArn: pulumi.Output<string>;

  constructor(name: string, args: JobHeartbeatsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:JobHeartbeats", name, {}, opts);

    this.policyArn = new aws.iam.Policy(
      `${name}-publish`,
      {
        name: stackSlug(args.domain, args.stack, "job-heartbeats", 128),
        description: `Lets the app of ${args.domain} (stack ${args.stack}) send its scheduled jobs' heartbeats; attach it to the app's runtime role.`,
        policy: JSON.stringify(heartbeatPolicy(JOBS_NAMESPACE)),
      },
      { parent: this },
    ).arn;

    const heartbeats = args.jobs.map((job) => {
      const settings = heartbeatAlarm(job.everyMinutes);
      const owner = job.owner ?? args.owner;
      const dimension = stackSlug(args.domain, args.stack, job.name);
      const alarm = new aws.cloudwatch.MetricAlarm(
        `${name}-${job.name}-missed`,
        {
          name: stackSlug(args.domain, args.stack, `${job.name}-missed`),
          alarmDescription: heartbeatAlarmDescription(job, owner),
          region: args.region,
          ...metricAlarmInputs(settings),
          dimensions: { Job: dimension },
          alarmActions: [args.alarmTopicArn],
          okActions: [args.alarmTopicArn],
          tags: ownershipTags(owner, "jobs", args.domain, args.stack, job.name),
        },
        { parent: this },
      );
      return alarm.arn.apply((alarmArn) => ({ job: job.name, dimension, alarmArn }));
    });

    this.heartbeats = pulumi.all(heartbeats);
    this.registerOutputs({ heartbeats: this.heartbeats, policyArn: this.policyArn });
  }
}
