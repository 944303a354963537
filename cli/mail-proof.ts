// `npm run mail-proof -- [options]`: proves the stack's three transactional messages pass SPF, DKIM and DMARC with
// alignment, offline against the plan or live through SES (see cli/mail-proof/args.ts).
import "./plan/defer-unused-sdk-modules";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { transactionalMessages } from "../lib/transactional-mail";
import { HelpRequested, UsageError } from "./usage-error";
import { emit, runCommand } from "./output";
import { parseMailProofArgs, USAGE } from "./mail-proof/args";
import { liveChecks, sendLive, type LiveSend } from "./mail-proof/live";
import { proveOffline, SES_SENDING_IP, type OfflineProof } from "./mail-proof/offline";
import { mailSetup, testZone, type MailSetup } from "./mail-proof/setup";
import { planStack } from "./plan/plan-stack";
import { projectNameIn } from "./plan/stack-file";

const PROJECT_DIR = join(__dirname, "..");

/** "brightpath-coaching.com" → "Brightpath Coaching": the sender's display name. */
const brandOf = (domain: string) =>
  (domain.split(".")[0] ?? domain)
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");

function offlineReport(stack: string, setup: MailSetup, proof: OfflineProof): string {
  const lines = [
    `Mail proof of ${setup.domain} (stack ${stack}), offline: the plan's records served by a DNS server on ${proof.dnsServer} (${proof.dnsQueries} queries), each message checked with mailauth as a receiving server does.`,
    `Sent as SES sends it: from ${SES_SENDING_IP} (an SES address), envelope sender at ${setup.mailFromDomain}, signed with d=${setup.domain} s=${setup.dkimSelectors[0] ?? ""} (a test key published behind the plan's SES DKIM record).`,
    "",
  ];
  for (const m of proof.messages) {
    lines.push(
      `  ${m.passed ? "ok  " : "FAIL"} ${m.kind}: "${m.subject}"`,
      `       SPF ${m.spf.result} for ${m.spf.domain} (${m.spf.aligned ? "aligned" : "NOT aligned"}); DKIM ${m.dkim.result} d=${m.dkim.domain} (${m.dkim.aligned ? "aligned" : "NOT aligned"}); DMARC ${m.dmarc.result} (p=${m.dmarc.published}${m.dmarc.applied === m.dmarc.published ? "" : `, applied as ${m.dmarc.applied} while in test mode`})`,
    );
  }
  const failed = proof.messages.filter((m) => !m.passed);
  lines.push(
    "",
    failed.length === 0
      ? `PROVEN: all ${proof.messages.length} messages pass SPF and DKIM, both aligned with ${setup.domain}, and DMARC.`
      : `NOT PROVEN: ${failed.map((m) => m.kind).join(", ")} did not pass SPF and DKIM with alignment and DMARC. Fix the mail records (npm run plan shows the mail policies' findings).`,
    "",
    "A receiving server writes this header (the live check looks for the same results):",
    proof.messages[0]?.authenticationResults ?? "",
    "",
    `After pulumi up, prove it live: npm run mail-proof -- --stack ${stack} --send-to you@example.com --simulator`,
  );
  return `${lines.join("\n")}\n`;
}

function liveReport(setup: MailSetup, sends: LiveSend[], to: string, simulator: boolean): string {
  const refused = sends.filter((s) => s.error !== undefined);
  const lines = [
    `Sent through Amazon SES in ${setup.region} with the configuration set ${setup.configurationSet}:`,
    ...sends.map((s) => (s.error === undefined ? `  ok   ${s.kind} to ${s.to}: SES message id ${s.messageId ?? "(none returned)"}` : `  FAIL ${s.kind} to ${s.to}: ${s.error}`)),
    "",
  ];
  if (refused.length > 0) {
    lines.push(
      "SES refused some messages. In the sandbox SES only sends to verified addresses: verify the recipient in the SES console, or request production access. MailFromDomainNotVerified or an unverified identity means the DKIM CNAMEs do not resolve yet (pulumi refresh, then check sesVerificationStatus).",
      "",
    );
  }
  lines.push(...liveChecks(setup, to, simulator));
  return `${lines.join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  const args = parseMailProofArgs(argv, PROJECT_DIR);
  if (args === "help") throw new HelpRequested(USAGE);
  if (!existsSync(args.stackFile)) throw new UsageError(`no stack file ${args.stackFile}: give --stack NAME for a Pulumi.NAME.yaml beside Pulumi.yaml, or --config-file FILE.`);
  const plan = await planStack(projectNameIn(PROJECT_DIR), args.stackFile);
  if (!plan.ok) {
    process.stderr.write(`mail-proof: the stack cannot be planned:\n${plan.error}\n`);
    return 2;
  }
  const setup = mailSetup(plan.document);
  if (typeof setup === "string") {
    process.stderr.write(`mail-proof: ${setup}\n`);
    return 2;
  }
  const fromAddress = args.from ?? `noreply@${setup.domain}`;
  if (!fromAddress.toLowerCase().endsWith(`@${setup.domain}`)) {
    process.stderr.write(`mail-proof: --from must be an address at ${setup.domain} (the SES identity); got "${fromAddress}".\n`);
    return 2;
  }
  const from = { name: brandOf(setup.domain), address: fromAddress };
  const messages = transactionalMessages(from.name, setup.appOrigin);

  let result: Record<string, unknown>;
  let report: string;
  let code: number;
  if (args.sendTo === undefined) {
    const proof = await proveOffline(setup, testZone(plan.document, setup), messages, from);
    result = { mode: "offline", stack: plan.stack, domain: setup.domain, ...proof };
    report = offlineReport(plan.stack, setup, proof);
    code = proof.messages.every((m) => m.passed) ? 0 : 1;
  } else {
    let sends: LiveSend[];
    try {
      sends = await sendLive(setup, messages, from, args.sendTo, args.simulator);
    } catch (err) {
      if ((err as Error).name !== "CredentialsProviderError") throw err;
      process.stderr.write(`mail-proof: no AWS credentials for the live proof: ${(err as Error).message}. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as for pulumi up.\n`);
      return 2;
    }
    result = { mode: "live", stack: plan.stack, domain: setup.domain, region: setup.region, configurationSet: setup.configurationSet, sends };
    report = liveReport(setup, sends, args.sendTo, args.simulator);
    code = sends.every((s) => s.error === undefined) ? 0 : 1;
  }
  return (await emit("mail-proof", args.json, result, () => report)) ? code : 2;
}

runCommand("mail-proof", main, USAGE);
