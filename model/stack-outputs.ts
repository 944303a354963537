import { z } from "zod";
import { CLOUDFLARE_PLANS } from "../lib/cloudflare-plans";

/**
 * The stack outputs: one contract for the program that makes them (components/launch.ts satisfies it at compile time),
 * `pulumi stack output`, the policies and the launch documents that read them. No Pulumi imports here.
 */

export const stackOutputsSchema = z.object({
  /** The registrable domain, in punycode. */
  domain: z.string().min(1),
  /** The host the site is served on (the apex or www): the other one redirects to it. */
  canonicalHost: z.string().min(1),
  /** The Cloudflare plan the zone is on, which sizes every ruleset (set by the config, so known on a first preview). */
  cloudflarePlan: z.enum(CLOUDFLARE_PLANS),
  zoneId: z.string(),
  /** The name servers the registrar must delegate to. */
  nameServers: z.array(z.string()),
  /** DNSSEC: the DS record for the registrar, whole and in the four parts registrars ask for. */
  dnssecDsRecord: z.string(),
  dnssecDsParts: z.object({ keyTag: z.number(), algorithm: z.string(), digestType: z.string(), digest: z.string() }),
  /** What a person does at the registrar. */
  registrarSteps: z.array(z.string()),
  /** SES's verdict on the domain, or why SES is not used. */
  sesVerificationStatus: z.string(),
  mailNeedsAPerson: z.array(z.string()),
  /** The records external DMARC report receivers must publish at their domain. */
  dmarcReportAuthorizations: z.array(z.object({ address: z.string(), name: z.string(), value: z.string() })),
  /** Each stored secret's name and ARN; never a value. */
  secrets: z.record(z.string(), z.object({ name: z.string(), arn: z.string() })),
  /** The IAM policy that reads exactly the stack's secrets, when it has any. */
  secretsReadPolicyArn: z.string().optional(),
  alertTopicArn: z.string(),
  /** Alert address → its subscription's status: each must confirm before any alert reaches it. */
  alertSubscriptions: z.record(z.string(), z.string()),
  dashboardUrl: z.string(),
  /** Key flows: what each canary walks, how often, who owns its alarms. */
  flowChecks: z.array(z.object({ name: z.string(), canaryName: z.string(), urls: z.array(z.string()), everyMinutes: z.number(), owner: z.string(), alarmArns: z.array(z.string()) })),
  /** Alert kind → who answers it. */
  alertOwners: z.record(z.string(), z.string()),
  /** The scheduled jobs' heartbeats and the policy that lets the app send them, when the stack has jobs. */
  jobHeartbeats: z.array(z.object({ job: z.string(), dimension: z.string(), alarmArn: z.string() })).optional(),
  jobHeartbeatPolicyArn: z.string().optional(),
  monitoringNeedsAPerson: z.array(z.string()),
});
export type StackOutputs = z.infer<typeof stackOutputsSchema>;

/**
 * The outputs of a plan document, checked against the contract. The documents are made from the after-up run, where
 * every output is known; one that does not fit is a bug in the program or the plan, said plainly.
 */
export function readStackOutputs(doc: { stack: string; outputs: Record<string, unknown> }): StackOutputs {
  const parsed = stackOutputsSchema.safeParse(doc.outputs);
  if (!parsed.success) throw new Error(`The stack outputs of ${doc.stack} do not fit the stack outputs contract (model/stack-outputs.ts): ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
