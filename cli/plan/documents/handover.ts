import { z } from "zod";
import { duration } from "../../../lib/durations";
import { generatedValueName } from "../../../lib/names";
import { CONFIRMED } from "../../../lib/uptime";
import { AUTO_TTL_SECONDS } from "../../../lib/zone-file";
import { readHsts } from "../../../model/edge";
import { TYPES } from "../../../model/type-tokens";
import { RATE_PLANS } from "../../../lib/cloudflare-plans";
import { receivedHeaderChecks, SHOW_ORIGINAL } from "../../../lib/transactional-mail";
import { hostingPlatformOf, verificationConsole, type HostingPlatform } from "../../../lib/hosting";
import { mailSetup } from "../../mail-proof/setup";
import { asTyped, isAddressRecordType } from "../../../lib/domain";
import { code, page, table } from "./markdown";
import { resourcesOf, type PlanDocument, type PlanResource } from "../../../model/plan-document";
import { inputsOf } from "../../../model/planned-records";
import { readStackOutputs, type StackOutputs } from "../../../model/stack-outputs";
import { describedRecords, standInNote, zoneSetting } from "./plan-view";
import { dmarcStage, hstsStage } from "./stages";

/**
 * The handover pack: one printed page for the founder (what is still to do, who to call, how to tell a real outage),
 * then the details as appendices: every step still to do, the registrar steps, the accounts to hand over, the secret
 * inventory with how to rotate each, where alerts go, how to judge an outage, the DMARC and HSTS stage, how to roll
 * back, and how to prove that mail works. Names, ARNs and commands only: the plan carries no secret value, and neither
 * does this page.
 */

/** The appendices in order: their letters follow this order, so a cross-reference can never name a missing one. */
const APPENDIX_TITLES = {
  todo: "Still to do, step by step",
  registrar: "Registrar: name servers and DNSSEC",
  accounts: "Accounts and access to hand over",
  secrets: "Secrets",
  alerts: "Where alerts go",
  outage: "Is the outage real?",
  stages: "DMARC and HSTS: where they stand",
  rollback: "Rolling back",
  mail: "Is mail working?",
} as const;
type AppendixKey = keyof typeof APPENDIX_TITLES;

/** "Appendix B", for a cross-reference. */
const appendix = (key: AppendixKey) => `Appendix ${String.fromCharCode(65 + Object.keys(APPENDIX_TITLES).indexOf(key))}`;
const appendixHeading = (key: AppendixKey) => `## ${appendix(key)}. ${APPENDIX_TITLES[key]}`;

/** The founder page's part: at most this many lines, so it prints on one page. */
export const FOUNDER_PAGE_LINES = 60;
export const FOUNDER_HEADING = "## For the founder: one page";

const healthCheckInputs = z.object({
  fqdn: z.string(),
  resourcePath: z.string().default("/"),
  searchString: z.string().optional(),
  regions: z.array(z.string()).default([]),
  requestInterval: z.number(),
  failureThreshold: z.number(),
});
type HealthCheck = z.infer<typeof healthCheckInputs>;

const alarmInputs = z.object({
  name: z.string(),
  metricName: z.string(),
  statistic: z.string().optional(),
  extendedStatistic: z.string().optional(),
  comparisonOperator: z.string(),
  threshold: z.number(),
  period: z.number(),
  evaluationPeriods: z.number(),
  datapointsToAlarm: z.number().optional(),
  treatMissingData: z.string().optional(),
  warmUpConfiguration: z.object({ warmUpPeriodDurationInMinutes: z.number() }).optional(),
  region: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
type Alarm = z.infer<typeof alarmInputs>;

const secretInputs = z.object({ name: z.string(), recoveryWindowInDays: z.number().optional() });
const regionInput = z.object({ region: z.string().optional() });

/** The stack option every command carries, so it acts on this stack whichever one is selected. */
const stackFlag = (doc: PlanDocument) => `--stack ${doc.stack}`;

const COMPARISONS: Readonly<Record<string, string>> = {
  LessThanThreshold: "below",
  LessThanOrEqualToThreshold: "at or below",
  GreaterThanThreshold: "above",
  GreaterThanOrEqualToThreshold: "at or above",
};

/** Route 53's latency metrics (lib/uptime.ts LATENCY_METRICS), in milliseconds. */
const LATENCY_WORDS: Readonly<Record<string, string>> = {
  TimeToFirstByte: "time to first byte",
  ConnectionTime: "connection time",
  SSLHandshakeTime: "TLS handshake time",
};

/** When an alarm fires, in words, from its inputs. */
export function alarmCondition(alarm: Alarm): string {
  const periods = `in ${alarm.datapointsToAlarm ?? alarm.evaluationPeriods} of ${alarm.evaluationPeriods} periods of ${duration(alarm.period)}`;
  if (alarm.metricName === "HealthCheckStatus" && alarm.comparisonOperator === "LessThanThreshold" && alarm.threshold === 1) {
    return `Route 53 sees the URL down ${periods}`;
  }
  const latency = LATENCY_WORDS[alarm.metricName];
  // A percentile alarm (p95) has an extended statistic instead of a plain one.
  const statistic = alarm.statistic ?? alarm.extendedStatistic ?? "";
  const measure = latency === undefined ? `${statistic} ${alarm.metricName}` : `${statistic} ${latency}`;
  const unit = latency !== undefined || alarm.metricName === "ResponseTime" ? " ms" : "";
  return `${measure} ${COMPARISONS[alarm.comparisonOperator] ?? alarm.comparisonOperator} ${alarm.threshold}${unit} ${periods}`;
}

const MISSING_DATA: Readonly<Record<string, string>> = {
  breaching: "counts as down: a check that stops reporting also alerts",
  ignore: "changes nothing",
  notBreaching: "counts as fine",
  missing: "leaves the alarm as it is",
};

const awsAccountOf = (arn: string): string | undefined => /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
const regionOf = (arn: string): string | undefined => /^arn:aws[a-z-]*:[^:]*:([^:]+):/.exec(arn)?.[1];

/** One line of the founder's checklist, with the steps it stands for and the appendix that details them. */
interface Chore {
  summary: string;
  steps: string[];
  details: AppendixKey;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

function chores(doc: PlanDocument, outputs: StackOutputs, pending: string[]): Chore[] {
  const paid = subscriptions(doc);
  const host = hostSteps(doc);
  const mail = outputs.mailNeedsAPerson;
  const monitoring = outputs.monitoringNeedsAPerson;
  const chore = (summary: string, steps: string[], details: AppendixKey = "todo"): Chore[] => (steps.length === 0 ? [] : [{ summary, steps, details }]);
  return [
    ...chore("At the registrar: point the name servers at Cloudflare and add the DNSSEC record", outputs.registrarSteps.length > 0 ? [`At the registrar: the steps in ${appendix("registrar")}.`] : [], "registrar"),
    ...chore(
      `Confirm the alert subscription e-mail from AWS at ${pending.join(", ")}`,
      pending.map(
        (address) =>
          `${address} must click "Confirm subscription" in the e-mail from AWS Notifications: no alert reaches this address until then. The link expires after about 3 days; then run ${code(`pulumi refresh ${stackFlag(doc)}`)} and ${code(`pulumi up ${stackFlag(doc)}`)} to send a new one.`,
      ),
    ),
    ...chore(
      `Check that the Cloudflare account has a payment method for the ${paid.map((s) => s.plan).join(", ")} plan`,
      paid.map((s) => `Cloudflare bills the zone's ${s.plan} plan, ${s.cost}, to the account's payment method from the first ${code("pulumi up")}: check that the account has one.`),
    ),
    ...chore(`At ${host.platforms.join(", ")}: add the custom domains, so the host issues their certificates`, host.platformSteps),
    ...chore(`Confirm ${plural(host.verifications.length, "verification record")} at the services that asked for them, once published`, host.verifications),
    ...chore("Before the first `pulumi up`: compare the records the adopted zone already holds with the DNS map", host.adopted),
    ...chore(`Mail: ${plural(mail.length, "step")} at Amazon SES and the mail providers (verification, DKIM signing, ...)`, mail),
    ...chore(`Monitoring: ${plural(monitoring.length, "step")} before every alert and report works`, monitoring),
    ...chore(
      "Let the app read its secrets: attach the secrets read policy to the role it runs as",
      outputs.secretsReadPolicyArn === undefined ? [] : [`Attach the IAM policy ${code(outputs.secretsReadPolicyArn)} to the role your app runs as, so it can read its secrets (and nothing else).`],
      "secrets",
    ),
  ];
}

function todo(list: Chore[]): string {
  const steps = list.flatMap((c) => c.steps);
  return [appendixHeading("todo"), steps.length === 0 ? "Nothing." : steps.map((step) => `- [ ] ${step}`).join("\n")].join("\n\n");
}

/** The hosting platforms the records point at (by label), each with the names it serves. */
function hostsByPlatform(doc: PlanDocument): Map<string, { platform: HostingPlatform; hosts: Set<string> }> {
  const atPlatform = new Map<string, { platform: HostingPlatform; hosts: Set<string> }>();
  for (const r of describedRecords(doc)) {
    const platform = isAddressRecordType(r.type) ? hostingPlatformOf(r.content) : undefined;
    if (platform === undefined) continue;
    const entry = atPlatform.get(platform.label) ?? { platform, hosts: new Set<string>() };
    atPlatform.set(platform.label, { ...entry, hosts: entry.hosts.add(r.name) });
  }
  return atPlatform;
}

/**
 * What the site's hosts and the zone need from a person: the custom domain (and its certificate) at each hosting
 * platform, the Verify click for each verification record, and the records an adopted zone already holds.
 */
function hostSteps(doc: PlanDocument): { platforms: string[]; platformSteps: string[]; verifications: string[]; adopted: string[] } {
  const records = describedRecords(doc);
  const atPlatform = hostsByPlatform(doc);
  const verifications = records.flatMap((r) => {
    const where = r.type === "TXT" ? verificationConsole(r.value) : undefined;
    return where === undefined ? [] : [`Once TXT ${code(r.name)} resolves, confirm it: ${where}.`];
  });
  const adopted = resourcesOf(doc, TYPES.zone).length === 0;
  return {
    platforms: [...atPlatform.keys()],
    platformSteps: [...atPlatform.values()].map(
      ({ platform, hosts }) => `At ${platform.label}: add ${[...hosts].map(code).join(", ")} as custom domain${hosts.size === 1 ? "" : "s"} (${platform.addDomain}); ${platform.label} issues the certificate only after that, and until then visitors get an error from it.`,
    ),
    verifications,
    adopted: adopted
      ? [`The zone ${doc.domain} existed before: records it already holds stay, and one this stack also declares (same name and type) makes ${code("pulumi up")} fail as a duplicate. Before the first up, export the zone (Cloudflare → DNS → Records → Import and Export), compare it with the DNS map, and delete or ${code("pulumi import")} the records that overlap.`]
      : [],
  };
}

function registrar(doc: PlanDocument, outputs: StackOutputs): string {
  const ds = outputs.dnssecDsParts;
  return [
    appendixHeading("registrar"),
    `Only the registrar account can change these. **Enter only the real values at the registrar**: after \`pulumi up\`, run ${code(`pulumi stack output registrarSteps ${stackFlag(doc)}`)} and follow what it prints. The values below are the offline plan's stand-ins, shown so you know what to expect; a wrong DS record makes the domain unreachable.`,
    `Name servers: ${outputs.nameServers.map(code).join(", ")}.`,
    `DS record (registrars ask for it whole or in four parts): ${code(outputs.dnssecDsRecord)}`,
    table(["Key tag", "Algorithm", "Digest type", "Digest"], [[String(ds.keyTag), ds.algorithm, ds.digestType, code(ds.digest)]]),
    outputs.registrarSteps.map((step, i) => `${i + 1}. ${step}`).join("\n"),
    `To check from outside once done: ${code(`npm run audit -- ${doc.domain}`)} reports the delegation and whether DNSSEC validates.`,
  ].join("\n\n");
}

/** The AWS services of the plan with the regions they live in (from region inputs, else from the outputs' ARNs). */
function awsServices(doc: PlanDocument, outputs: StackOutputs): string[] {
  const labels: Readonly<Record<string, string>> = {
    sesv2: "SES (sending mail)",
    secretsmanager: "Secrets Manager",
    iam: "IAM (the secrets read policy, the canaries' and Slack's roles)",
    route53: "Route 53 health checks",
    cloudwatch: "CloudWatch alarms and dashboard",
    sns: "SNS (alert e-mails)",
    synthetics: "CloudWatch Synthetics canaries (key flows)",
    s3: "S3 (the canaries' code and run artifacts)",
    chatbot: "AWS Chatbot (alerts to Slack)",
  };
  const arnRegions = Object.values(outputs.secrets).flatMap((s) => regionOf(s.arn) ?? []);
  const regions = new Map<string, Set<string>>();
  for (const resource of doc.resources.filter((r) => r.type.startsWith("aws:"))) {
    const service = resource.type.split(":")[1]?.split("/")[0] ?? "";
    const region = inputsOf(resource, regionInput).region;
    const set = regions.get(service) ?? new Set<string>();
    for (const r of region !== undefined ? [region] : service === "secretsmanager" ? arnRegions : []) set.add(r);
    regions.set(service, set);
  }
  const order = Object.keys(labels);
  const rank = (service: string) => (order.includes(service) ? order.indexOf(service) : order.length);
  return [...regions]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([service, set]) => `${labels[service] ?? service}${set.size > 0 ? ` in ${[...set].join(", ")}` : ""}`);
}

/** The accounts the stack lives in: the Cloudflare and AWS account ids, and the mail services besides SES. */
function accountFacts(doc: PlanDocument, outputs: StackOutputs) {
  const cloudflareAccount = resourcesOf(doc, TYPES.zone)[0]?.inputs["account"];
  const accountId =
    cloudflareAccount !== null && typeof cloudflareAccount === "object" && "id" in cloudflareAccount
      ? String(cloudflareAccount.id)
      : String(resourcesOf(doc, TYPES.workersCustomDomain)[0]?.inputs["accountId"] ?? "(see cloudflare.accountId in the stack file)");
  const arns = [outputs.alertTopicArn, ...(outputs.secretsReadPolicyArn === undefined ? [] : [outputs.secretsReadPolicyArn]), ...Object.values(outputs.secrets).map((s) => s.arn)];
  const awsAccount = arns.map(awsAccountOf).find((a) => a !== undefined);
  const records = describedRecords(doc);
  const mailServices = [
    ...new Set(
      records
        .filter((r) => r.type === "MX" || r.name.includes("._domainkey."))
        .map((r) => r.purpose.pointsAt)
        .filter((p) => p !== "Amazon SES" && !p.startsWith("nobody")),
    ),
  ];
  const receivers = new Set(records.filter((r) => r.type === "MX" && r.name === doc.domain).map((r) => r.purpose.pointsAt));
  return { accountId, awsAccount, mailServices, receivers };
}

function accounts(doc: PlanDocument, outputs: StackOutputs): string {
  const { accountId, awsAccount, mailServices, receivers } = accountFacts(doc, outputs);
  const rows = [
    ["Domain registrar", `The domain's registration, its name servers and its DS record. Not in the plan: whoever registered ${doc.domain} holds this login.`, "The login, or a transfer to the new owner's own account. Keep the registrar lock and two-factor sign-in on."],
    [
      `Cloudflare account ${code(accountId)}`,
      `The zone ${doc.domain} (zone id ${code(outputs.zoneId)}): DNS records, redirects, HTTPS and HSTS settings, firewall, rate limits, cache rules${resourcesOf(doc, TYPES.workersCustomDomain).length > 0 ? ", the MTA-STS Worker" : ""}.`,
      "Invite the new owner as Super Administrator; give the person who runs `pulumi up` an API token for this account.",
    ],
    [
      `AWS account ${code(awsAccount ?? "(the account Pulumi runs with)")}`,
      `${awsServices(doc, outputs).join("; ")}.`,
      "The root user's e-mail and MFA device, or an administrator user for the new owner; the credentials `pulumi up` runs with.",
    ],
    [`Pulumi stack ${code(`${doc.project}/${doc.stack}`)}`, "The state of every resource, and the stack's config with its secrets encrypted.", "Access to the state backend and to the key or passphrase that encrypts the stack's secrets: without it nobody can change a secret or run `pulumi up`."],
    ["The code repository", `This program and ${code(`Pulumi.${doc.stack}.yaml`)}: every change goes through it.`, "Admin rights on the repository."],
    ...mailServices.map((service) => [
      service,
      // A mailbox provider has the domain's MX; a send-only provider (Postmark, Resend, ...) only signs mail as it.
      receivers.has(service) ? `Mail for ${doc.domain}: the mailboxes, the mail servers that receive it and its DKIM key (see the DNS map).` : `Sends mail as ${doc.domain} (a sender, not a mailbox): its DKIM key (see the DNS map) and the sending settings.`,
      "An administrator account for the new owner.",
    ]),
    ...(Object.keys(outputs.alertSubscriptions).length === 0
      ? []
      : [["Alert mailboxes", Object.keys(outputs.alertSubscriptions).join(", "), "Each must belong to someone who reads it; change the list in monitoring.alertEmails."]]),
  ];
  return [appendixHeading("accounts"), table(["Account", "What it holds", "Hand over"], rows)].join("\n\n");
}

function secrets(doc: PlanDocument, outputs: StackOutputs): string {
  const stored = Object.entries(outputs.secrets);
  if (stored.length === 0) return [appendixHeading("secrets"), "This stack keeps no app secrets."].join("\n\n");
  const passwords = resourcesOf(doc, TYPES.randomPassword);
  const items = stored.map(([key, { name, arn }]) => {
    const secret = resourcesOf(doc, TYPES.secret).find((r) => inputsOf(r, secretInputs).name === name);
    const generator = secret === undefined ? undefined : passwords.find((p) => p.parent === secret.parent && p.name === generatedValueName(secret.name));
    const where = `Secrets Manager ${code(name)} (${code(arn)}).`;
    if (generator !== undefined) {
      return `- **${key}**: ${where} Generated by Pulumi (a random value). Rotate: ${code(`pulumi up ${stackFlag(doc)} --replace '${generator.urn}'`)}, then restart the app so it reads the new value. Anything signed with the old value (sessions, webhooks) stops verifying.`;
    }
    return `- **${key}**: ${where} Comes from the secret config key ${code(`launch-ready:${key}`)}. Rotate: get a new value from where it was issued, run ${code(`pulumi config set --secret ${stackFlag(doc)} launch-ready:${key}`)} (it asks for the value, which keeps it out of your shell history), then ${code(`pulumi up ${stackFlag(doc)}`)} and restart the app; then revoke the old value where it was issued.`;
  });
  return [
    appendixHeading("secrets"),
    "Values are never written here or in the plan: read them in the AWS console (Secrets Manager), with access to the account.",
    items.join("\n"),
    ...(outputs.secretsReadPolicyArn === undefined ? [] : [`The app reads them with the IAM policy ${code(outputs.secretsReadPolicyArn)}, which allows exactly these secrets.`]),
  ].join("\n\n");
}

const CLOUDFLARE_STATUS = "https://www.cloudflarestatus.com";
const AWS_STATUS = "https://health.aws.amazon.com/health/status";

const checkUrl = (check: HealthCheck) => `https://${check.fqdn}${check.resourcePath}`;

function alerts(outputs: StackOutputs, checks: HealthCheck[], alarms: Alarm[]): string {
  const subscriptions = Object.entries(outputs.alertSubscriptions);
  const topicRegion = regionOf(outputs.alertTopicArn);
  return [
    appendixHeading("alerts"),
    `Every alarm notifies the SNS topic ${code(outputs.alertTopicArn)}${topicRegion === undefined ? "" : ` in ${topicRegion}`}, when it goes off and when it recovers. The topic e-mails:`,
    ...(subscriptions.length === 0
      ? []
      : [table(["Address", "Status"], subscriptions.map(([address, status]) => [address, status === CONFIRMED ? "confirmed" : `**awaiting confirmation** (see ${appendix("todo")})`]))]),
    ...(checks.length === 0
      ? []
      : [
          "Uptime checks:",
          table(
            ["URL", "Must contain", "Checked from", "Every", "A checker says down after"],
            checks.map((c) => [checkUrl(c), c.searchString === undefined ? "(any 2xx or 3xx answer)" : code(c.searchString), c.regions.join(", "), `${c.requestInterval} s`, `${c.failureThreshold} failures in a row`]),
          ),
        ]),
    ...(alarms.length === 0
      ? []
      : [
          "Alarms (the owner answers it; every alarm e-mails all the addresses above):",
          table(
            ["Alarm", "Owner", "Goes off when", "Without data"],
            alarms.map((a) => [code(a.name), a.tags?.["Owner"] ?? "", alarmCondition(a), MISSING_DATA[a.treatMissingData ?? "missing"] ?? a.treatMissingData ?? ""]),
          ),
        ]),
    ...(outputs.flowChecks.length === 0
      ? []
      : [
          `Key flows, each walked by a CloudWatch Synthetics canary (every step requested 5 times per run, each answer must be 2xx with its text); their alarms notify the alert topic in ${regionOf(outputs.flowChecks[0]?.alarmArns[0] ?? "") ?? "the canaries' region"}, which e-mails the same addresses:`,
          table(
            ["Flow", "Pages", "Every", "Owner"],
            outputs.flowChecks.map((f) => [f.name, f.urls.join(" → "), `${f.everyMinutes} min`, f.owner]),
          ),
        ]),
    `Dashboard: ${outputs.dashboardUrl}`,
  ].join("\n\n");
}

function outage(doc: PlanDocument, outputs: StackOutputs, checks: HealthCheck[], alarms: Alarm[]): string {
  if (checks.length === 0) return [appendixHeading("outage"), `This stack has no uptime checks: run ${code(`npm run audit -- ${doc.domain}`)} to see what is served.`].join("\n\n");
  // The Route 53 down alarms' warm-up (the key-flow alarms have their own, longer ones).
  const warmUp = alarms.find((a) => a.metricName === "HealthCheckStatus" && a.warmUpConfiguration !== undefined)?.warmUpConfiguration?.warmUpPeriodDurationInMinutes;
  const origins = [...new Set(describedRecords(doc).flatMap((r) => r.purpose.origin ?? []))];
  const steps = [
    `Read the alert: a ${code("-down")} alarm means Route 53 could not reach the URL; a ${code("-latency")} alarm means it answered, but slowly. An e-mail saying OK follows when it recovers.`,
    `Open the dashboard (${outputs.dashboardUrl}): down on every check means the whole site; down on one means that host only.`,
    `Check from outside your office network: open the URL on a phone on mobile data, and run ${code(`npm run audit -- ${doc.domain}`)} (add ${code("--plan <path of the plan.json beside this page>")} to compare what is served with what was planned).`,
    `If you can reach it but the alarm stays: the check may be wrong rather than the site. The page may no longer contain the expected text, the URL may have moved, or a new firewall rule may block the checkers.`,
    `If it is really down: look at your host's status${origins.length > 0 ? ` (${origins.join(", ")})` : ""}, ${CLOUDFLARE_STATUS} and ${AWS_STATUS}, then at the latest deploy or change (${appendix("rollback")} rolls a change back).`,
  ];
  return [
    appendixHeading("outage"),
    `How Route 53 decides: checkers in ${[...new Set(checks.flatMap((c) => c.regions))].join(", ")} request each URL. A request fails when it cannot connect within 4 s, gets no 2xx or 3xx answer within 2 s of connecting, or (with "must contain") the text is not in the first 5,120 bytes. A checker calls the URL down after the failures in a row shown above; Route 53 calls it down when no more than 18 % of checkers see it up, so trouble in one region alone alerts nobody.${warmUp === undefined ? "" : ` For ${warmUp} minutes after a check is created, missing data does not alert.`}`,
    steps.map((step, i) => `${i + 1}. ${step}`).join("\n"),
  ].join("\n\n");
}

function stages(doc: PlanDocument, outputs: StackOutputs): string {
  const dmarc = describedRecords(doc).find((r) => r.type === "TXT" && r.name === `_dmarc.${doc.domain}`);
  const hstsValue = zoneSetting(doc, "security_header");
  const dmarcNow = dmarcStage(dmarc?.value);
  const hstsNow = hstsStage(hstsValue === undefined ? undefined : readHsts(hstsValue));
  const authorizations = outputs.dmarcReportAuthorizations;
  return [
    appendixHeading("stages"),
    table(
      ["", "Now", "Next step", "When"],
      [
        ["DMARC", `${dmarc === undefined ? "" : `${code(dmarc.value)}. `}${dmarcNow.now}`, dmarcNow.next, dmarcNow.when],
        ["HSTS", hstsNow.now, hstsNow.next, hstsNow.when],
      ],
    ),
    `Each step is a change to ${code(`Pulumi.${doc.stack}.yaml`)} (under ${code("launch-ready:email")} and ${code("launch-ready:hsts")}), previewed and applied like any other change (${appendix("rollback")}).`,
    ...(authorizations.length === 0
      ? []
      : [
          "DMARC reports to addresses at other domains are only sent once that domain allows it. Ask each one's administrator to publish (report services do it for you):",
          table(["Report address", "TXT record at its domain", "Value"], authorizations.map((a) => [a.address, code(a.name), code(a.value)])),
        ]),
  ].join("\n\n");
}

function protectedNote(resource: PlanResource, stack: string): string {
  const what = `${resource.type.split(":").pop() ?? resource.type} ${typeof resource.inputs["name"] === "string" ? resource.inputs["name"] : resource.name}`;
  // The Zone component creates the zone with retainOnDelete too (components/zone.ts).
  const retained = resource.type === TYPES.zone ? " Removing it from the code leaves it in Cloudflare with its records." : "";
  return `The ${what} is protected: ${code(`pulumi destroy ${stack}`)} stops at it.${retained}`;
}

function rollback(doc: PlanDocument): string {
  const stack = stackFlag(doc);
  const protectedResources = doc.resources.filter((r) => r.protect);
  const settings = resourcesOf(doc, TYPES.zoneSetting).map((r) => `${String(r.inputs["settingId"])} ${code(JSON.stringify(r.inputs["value"]))}`);
  const recovery = resourcesOf(doc, TYPES.secret).map((r) => inputsOf(r, secretInputs).recoveryWindowInDays)[0];
  const hsts = readHsts(zoneSetting(doc, "security_header"));
  const ttls = describedRecords(doc).map((r) => (r.ttl === 1 ? AUTO_TTL_SECONDS : r.ttl));
  const longestTtl = ttls.length === 0 ? undefined : Math.max(...ttls);
  const undone = [
    ...protectedResources.map((r) => protectedNote(r, stack)),
    ...(resourcesOf(doc, TYPES.zone).length === 0 ? [`The zone ${doc.domain} existed before this stack (it was adopted): destroying the stack never deletes it.`] : []),
    ...(resourcesOf(doc, TYPES.zoneDnssec).length > 0
      ? [`DNSSEC stays on when the stack is destroyed (the Zone component retains it). To turn it off, first remove the DS record at the registrar, wait two days for resolvers to forget it, then turn DNSSEC off in Cloudflare; the other order makes the domain unreachable.`]
      : []),
    ...(settings.length > 0
      ? [`Zone settings keep their last value when removed or destroyed, because the provider's delete of a zone setting does nothing: ${settings.join(", ")}. To undo one, set the value you want in the stack (or in the dashboard).`]
      : []),
    ...subscriptions(doc).map((s) => `The zone stays on the ${s.plan} plan when the stack is destroyed or the subscription removed (the provider's delete does nothing), and Cloudflare keeps billing ${s.cost}: downgrade in the dashboard (the zone → Overview → Change plan).`),
    ...(typeof hsts === "string" || !hsts.enabled ? [] : [`Browsers that saw HSTS keep using HTTPS only for ${duration(hsts.maxAge)} after their last visit; no rollback changes that.`]),
    ...(recovery === undefined
      ? []
      : [`A destroyed secret waits ${recovery} days before AWS deletes it, and its name cannot be reused until then: restore it with ${code(`aws secretsmanager restore-secret --secret-id <name> --region <region>`)} (both in ${appendix("secrets")}).`]),
    ...(resourcesOf(doc, TYPES.snsTopicSubscription).length > 0 ? ["Alert subscriptions nobody confirmed cannot be deleted: they stay in AWS until they expire (about 3 days)."] : []),
    ...(longestTtl === undefined ? [] : [`Old DNS answers stay in resolvers' caches for up to their TTL after a record changes (at most ${duration(longestTtl)} here).`]),
  ];
  return [
    appendixHeading("rollback"),
    `The quickest way back is the ${code("rollback")} workflow (GitHub → Actions → rollback → Run workflow, stack ${code(doc.stack)}). It previews, with the policy pack, the last commit that the deploy workflow applied to this stack without error (the tag ${code(`last-good/${doc.stack}`)}), then applies it once a reviewer of the ${code("production")} environment approves. Then revert the bad commit on main (step 1 below): otherwise the next push to main deploys it again.`,
    "By hand, or to undo one change only:",
    [
      `1. Find the commit that made the change and revert it: ${code("git revert <commit>")}.`,
      `2. Preview with the policies: ${code(`pulumi preview ${stack} --policy-pack policies`)}. Read what changes and check that no mandatory policy fails.`,
      `3. Apply: ${code(`pulumi up ${stack}`)}.`,
    ].join("\n"),
    `Every update is listed by ${code(`pulumi stack history ${stack}`)}. Before a risky change, save the state with ${code(`pulumi stack export ${stack} --file ${doc.stack}-state.json`)} (its secrets stay encrypted; keep the file private). If the state itself is ever damaged, ${code(`pulumi stack import ${stack} --file ${doc.stack}-state.json`)} puts that copy back; it changes no resource.`,
    "What a rollback or a destroy does not undo:",
    undone.map((item) => `- ${item}`).join("\n"),
  ].join("\n\n");
}

const subscriptionInputs = z.object({ ratePlan: z.object({ id: z.string() }) });

/** The paid plans the stack buys, with what they cost. */
function subscriptions(doc: PlanDocument): { plan: string; cost: string }[] {
  return resourcesOf(doc, TYPES.zoneSubscription).map((r) => {
    const plan = inputsOf(r, subscriptionInputs).ratePlan.id;
    const price = plan in RATE_PLANS ? RATE_PLANS[plan as keyof typeof RATE_PLANS].monthlyUsd : undefined;
    return { plan, cost: price === undefined ? "at its list price" : `$${price} a month billed monthly` };
  });
}

/** How to prove the stack's transactional mail works, offline and then live (npm run mail-proof). */
function mailWorking(doc: PlanDocument): string {
  const setup = mailSetup(doc);
  if (typeof setup === "string") return [appendixHeading("mail"), `This stack sends no transactional mail through Amazon SES (${code("launch-ready:email.transactional")} is ${code("none")}): check the provider that sends it.`].join("\n\n");
  return [
    appendixHeading("mail"),
    "The password reset, the invite and the booking confirmation must reach inboxes. To prove it:",
    [
      `1. Offline, after every change to ${code("launch-ready:email")}: ${code(`npm run mail-proof -- ${stackFlag(doc)}`)}. It must end with PROVEN (exit code 0): the three messages, built as SES sends them, pass SPF at ${setup.mailFromDomain} and DKIM with d=${setup.domain}, both aligned, and DMARC.`,
      `2. Live, after ${code("pulumi up")} and once ${code("sesVerificationStatus")} is SUCCESS: ${code(`npm run mail-proof -- ${stackFlag(doc)} --send-to <your address> --simulator`)}. While the SES account is in the sandbox, first verify your address in the SES console (${setup.region}).`,
      `3. Open each message and show its original (${SHOW_ORIGINAL}). Check:`,
      ...receivedHeaderChecks(setup.domain, setup.mailFromDomain).map((check) => `   - ${check}`),
      `4. Within minutes your address also receives SES's bounce notice (for bounce@simulator.amazonses.com) and complaint notice (for complaint@simulator.amazonses.com): make sure the app stops mailing such addresses. The configuration set ${code(setup.configurationSet)} suppresses real bounces and complaints.`,
      `5. If a check fails: ${code(`npm run audit -- ${doc.domain}`)} checks SPF, DKIM and DMARC as they are published, and the DMARC aggregate reports show every server that sends as ${doc.domain}.`,
    ].join("\n"),
  ].join("\n\n");
}

const ALERT_KIND_WORDS: Readonly<Record<string, string>> = {
  down: "down: a URL or a key flow fails",
  slow: "slow answers",
  errors: "errors in a key flow",
  jobs: "a scheduled job missed its run",
  edge: "Cloudflare's notices about the zone",
};

/** Who answers what: every provider and account, then who owns each kind of alert (from the alarms' Owner tags). */
function whoToCall(doc: PlanDocument, outputs: StackOutputs, alarms: Alarm[]): string {
  const { accountId, awsAccount, mailServices, receivers } = accountFacts(doc, outputs);
  const providers = [
    ["The domain registrar", `The domain, its name servers and DNSSEC (${appendix("registrar")}).`],
    [`Cloudflare, account ${code(accountId)}`, `DNS, HTTPS, redirects, firewall (${CLOUDFLARE_STATUS}).`],
    [`AWS, account ${code(awsAccount ?? "(the account Pulumi runs with)")}`, `Sending mail, secrets, uptime checks and alerts (${AWS_STATUS}).`],
    ...[...hostsByPlatform(doc)].map(([label, { hosts }]) => [label, `Hosts ${[...hosts].map(asTyped).join(", ")}.`]),
    ...mailServices.map((service) => [service, receivers.has(service) ? "Mailboxes and the mail the domain receives." : "Sends mail as the domain (a sender, not a mailbox)."]),
  ];
  // Alert kind → owner → what their alarms watch; a kind no alarm has yet (edge) keeps its configured owner.
  const owners = new Map<string, Map<string, Set<string>>>();
  const watch = (kind: string, owner: string, subject?: string) => {
    const byOwner = owners.get(kind) ?? new Map<string, Set<string>>();
    const subjects = byOwner.get(owner) ?? new Set<string>();
    if (subject !== undefined) subjects.add(subject);
    owners.set(kind, byOwner.set(owner, subjects));
  };
  for (const a of alarms) {
    const [kind, owner] = [a.tags?.["AlertKind"], a.tags?.["Owner"]];
    if (kind !== undefined && owner !== undefined) watch(kind, owner, a.tags?.["Subject"]);
  }
  for (const [kind, owner] of Object.entries(outputs.alertOwners)) if (!owners.has(kind)) watch(kind, owner);
  const answeredBy = (byOwner: Map<string, Set<string>>) =>
    [...byOwner].map(([owner, subjects]) => (subjects.size === 0 ? owner : `${owner} (${[...subjects].join(", ")})`)).join("; ");
  return [
    "### Who to call",
    table(["Who", "For"], providers),
    `Every account is in ${appendix("accounts")}. The person with the Pulumi stack and the code repository makes every change.`,
    ...(owners.size === 0 ? [] : [table(["Alert", "Answered by"], [...owners].map(([kind, byOwner]) => [ALERT_KIND_WORDS[kind] ?? kind, answeredBy(byOwner)]))]),
  ].join("\n\n");
}

/** Which alarm e-mails mean customers are affected, where to look, and the first two checks. */
function realOutage(doc: PlanDocument, outputs: StackOutputs, checks: HealthCheck[], alarms: Alarm[]): string {
  const down = alarms.filter((a) => a.tags?.["AlertKind"] === "down").map((a) => code(a.name));
  return [
    "### How to tell a real outage",
    [
      ...(down.length === 0
        ? [`- This stack has no down alarms: run ${code(`npm run audit -- ${doc.domain}`)} to see what is served.`]
        : [`- Customers are affected when an alarm e-mail names one of: ${down.join(", ")}. Any other alarm means slow answers, errors or a missed job: the site still answers. An e-mail saying OK follows when it recovers.`]),
      `- Dashboard: ${outputs.dashboardUrl}`,
      ...(checks.length === 0
        ? []
        : [
            "- First two checks:",
            "  1. Open the site on a phone on mobile data, away from your office network.",
            `  2. Run ${code(`npm run audit -- ${doc.domain}`)}: it shows what the world sees.`,
          ]),
    ].join("\n"),
    `Both fine but the alarm stays? The check may be wrong rather than the site: ${appendix("outage")}.`,
  ].join("\n\n");
}

function founderPage(doc: PlanDocument, outputs: StackOutputs, list: Chore[], checks: HealthCheck[], alarms: Alarm[]): string {
  return [
    FOUNDER_HEADING,
    "### What is still to do",
    list.length === 0 ? "Nothing." : list.map((c) => `- [ ] ${c.summary}: ${appendix(c.details)}.`).join("\n"),
    whoToCall(doc, outputs, alarms),
    realOutage(doc, outputs, checks, alarms),
  ].join("\n\n");
}

export function handover(doc: PlanDocument): string {
  const outputs = readStackOutputs(doc);
  const pending = Object.entries(outputs.alertSubscriptions)
    .filter(([, status]) => status !== CONFIRMED)
    .map(([address]) => address);
  const checks = resourcesOf(doc, TYPES.healthCheck).map((r) => inputsOf(r, healthCheckInputs));
  const alarms = resourcesOf(doc, TYPES.metricAlarm)
    .map((r) => inputsOf(r, alarmInputs))
    .sort((a, b) => a.name.localeCompare(b.name));
  const list = chores(doc, outputs, pending);
  return page([
    `# Handover: ${asTyped(doc.domain)} (stack ${doc.stack})`,
    `What the owner of ${doc.domain} needs to run it: one page first (what is still to do, who to call, how to tell a real outage), then the details in appendices. It holds names, addresses and commands, never a secret value. The DNS map beside it explains every record.`,
    standInNote(doc),
    founderPage(doc, outputs, list, checks, alarms),
    todo(list),
    registrar(doc, outputs),
    accounts(doc, outputs),
    secrets(doc, outputs),
    alerts(outputs, checks, alarms),
    outage(doc, outputs, checks, alarms),
    stages(doc, outputs),
    rollback(doc),
    mailWorking(doc),
  ]);
}
