/**
 * IAM policy documents as plain values. The app reads its secrets with secretsmanager:GetSecretValue only; the
 * secrets use the account's AWS managed key, for which GetSecretValue needs no kms:Decrypt [aws.md §4.4, S27].
 */

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string[];
  Resource: string[];
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
