/**
 * What only a person can do for the monitoring to work, as plain sentences for the stack output
 * monitoringNeedsAPerson and the handover pack. (Alert subscriptions are listed from their own status.)
 */

import { HEARTBEAT, JOBS_NAMESPACE } from "./flows";

/** The stack secret holding the error tracker's DSN; stored in Secrets Manager beside the app's other secrets. */
export const ERROR_TRACKER_DSN = "errorTrackerDsn";

export interface MonitoringSteps {
  stack: string;
  /** Regions with an alert topic: each sends every address its own confirmation e-mail. */
  topicRegions: readonly string[];
  slack?: { workspaceId: string; channelId: string; cloudflareWebhook: boolean } | undefined;
  errorTracking: boolean;
  /** Whether the stack config holds the DSN already. */
  dsnSet: boolean;
  /** Where the app reads it: the Secrets Manager name. */
  dsnSecretName: string;
  /** Scheduled jobs with their heartbeat's Job dimension and region. */
  jobs: readonly { name: string; dimension: string; region: string }[];
}

export function monitoringNeedsAPerson(steps: MonitoringSteps): string[] {
  const items: string[] = [];
  if (steps.topicRegions.length > 1) {
    items.push(
      `Each alert address gets ${steps.topicRegions.length} "Subscription Confirmation" e-mails from AWS Notifications, one per alert topic (${steps.topicRegions.join(", ")}): the uptime alarms use the first, the key-flow alarms the other. Click the link in each; an address counts as confirmed once all are.`,
    );
  }
  if (steps.slack !== undefined) {
    items.push(
      `Before the first pulumi up: authorise the Slack workspace ${steps.slack.workspaceId} once in the AWS Chatbot console (Configure new client → Slack → choose the workspace → Allow; a Slack workspace admin may have to approve the app). AWS refuses the channel configuration until then. In a private channel, also invite the app: /invite @Amazon Q.`,
    );
  }
  if (steps.slack?.cloudflareWebhook === true) {
    items.push("Cloudflare sends a test message to the Slack webhook when it is created: check it arrived in the channel.");
  }
  if (steps.errorTracking) {
    if (!steps.dsnSet) {
      items.push(
        `Set the error tracker's DSN (Sentry: Project settings → Client Keys (DSN)): pulumi config set --secret --stack ${steps.stack} launch-ready:${ERROR_TRACKER_DSN} '<DSN>', then pulumi up. Until then the secret ${steps.dsnSecretName} exists without a value.`,
      );
    }
    items.push(
      `Wire the app to the error tracker: read the DSN from the secret ${steps.dsnSecretName} at start-up, initialise the tracker's SDK with it, report unhandled server exceptions (the framework's error handler) and every failed background job (catch, report, rethrow).`,
    );
  }
  for (const job of steps.jobs) {
    items.push(
      `Make the scheduled job ${job.name} send a heartbeat after each successful run (attach jobHeartbeatPolicyArn to the app's runtime role first): PutMetricData in ${job.region}, namespace ${JOBS_NAMESPACE}, metric ${HEARTBEAT}, dimension Job=${job.dimension}, value 1; from a shell: aws cloudwatch put-metric-data --region ${job.region} --namespace ${JOBS_NAMESPACE} --metric-name ${HEARTBEAT} --dimensions Job=${job.dimension} --value 1. Until it does, its alarm goes off after the warm-up.`,
    );
  }
  return items;
}
