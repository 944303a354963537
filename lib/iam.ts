/**
 * IAM policy documents as plain values. The app reads its secrets with secretsmanager:GetSecretValue only; the
 * secrets use the account's AWS managed key, for which GetSecretValue needs no kms:Decrypt [aws.md §4.4, S27].
 */

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** Reading a secret's value; nothing else (no listing, no describing, no writing). */
export const SECRETS_READ_ACTIONS = ["secretsmanager:GetSecretValue"];

/** An ARN that names one resource: no wildcard characters, which IAM would expand (`*`, `?`). */
export function isExactArn(value: string): boolean {
  return /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:\S+$/.test(value) && !/[*?]/.test(value);
}

/** Allows reading exactly these secrets. Secret ARNs end in a random suffix, so they come from the resources. */
export function secretsReadPolicy(secretArns: readonly string[]): PolicyDocument {
  if (secretArns.length === 0) throw new Error("A secrets read policy needs at least one secret ARN.");
  const inexact = secretArns.filter((arn) => !isExactArn(arn));
  if (inexact.length > 0) throw new Error(`A secrets read policy names exact secret ARNs; received ${inexact.join(", ")}.`);
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "ReadAppSecrets", Effect: "Allow", Action: [...SECRETS_READ_ACTIONS], Resource: [...secretArns] }],
  };
}

/** A trust policy that lets one AWS service assume the role. */
export function serviceTrustPolicy(service: string): { Version: "2012-10-17"; Statement: { Effect: "Allow"; Principal: { Service: string }; Action: "sts:AssumeRole" }[] } {
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] };
}

/**
 * What a flow-check canary may do: write its run artifacts into its own bucket, write its Lambda's logs, and publish
 * metrics in Synthetics' namespace and the flow namespace only. What Synthetics documents a canary role needs,
 * narrowed to one bucket and two namespaces:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_Roles.html
 */
export function canaryExecutionPolicy(bucketArn: string, region: string, namespaces: readonly string[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "WriteRunArtifacts", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: [`${bucketArn}/*`] },
      { Sid: "FindArtifactBucket", Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: [bucketArn] },
      { Sid: "ListBucketsForSynthetics", Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: ["*"] },
      {
        Sid: "WriteCanaryLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`arn:aws:logs:${region}:*:log-group:/aws/lambda/cwsyn-*`],
      },
      publishMetrics("PublishFlowMetrics", namespaces),
    ],
  };
}

/** PutMetricData has no resource-level permissions; the namespace condition is what narrows it. */
function publishMetrics(sid: string, namespaces: readonly string[]): PolicyStatement {
  return { Sid: sid, Effect: "Allow", Action: ["cloudwatch:PutMetricData"], Resource: ["*"], Condition: { StringEquals: { "cloudwatch:namespace": [...namespaces] } } };
}

/** What the app's runtime role needs to send its scheduled jobs' heartbeats: metrics in that one namespace. */
export function heartbeatPolicy(namespace: string): PolicyDocument {
  return { Version: "2012-10-17", Statement: [publishMetrics("PublishJobHeartbeats", [namespace])] };
}
