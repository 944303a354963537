// Command line of the mail proof. Every mistake is a UsageError saying what was received and what is allowed.
import { join, resolve } from "node:path";
import { parseCommandLine, SEE_USAGE, UsageError } from "../usage-error";

export const USAGE = `Usage: npm run mail-proof -- [--stack NAME | --config-file FILE] [--send-to ADDRESS [--simulator]] [--json FILE]

Proves that a password reset, an invite and a booking confirmation sent by this stack through Amazon SES pass
SPF, DKIM and DMARC with alignment.

Offline (default; no credentials, no network): plans the stack, serves the plan's DNS records from a DNS server
on 127.0.0.1, builds each message as SES delivers it, signs it with a DKIM key published behind the plan's SES
DKIM records, and checks it with mailauth as a receiving server does.

Live (--send-to, after pulumi up, with AWS credentials): sends the three through the stack's SES configuration
set to ADDRESS and prints what to check in the received headers.

Options:
  --stack NAME          prove Pulumi.NAME.yaml beside Pulumi.yaml (default: prod)
  --config-file FILE    prove this stack file instead
  --from ADDRESS        the sender (default noreply@<domain>; must be at the domain)
  --send-to ADDRESS     live: send the three messages to ADDRESS (in the SES sandbox it must be verified)
  --simulator           live: also send to SES's mailbox simulator (bounce, complaint); notices go to ADDRESS
  --json FILE           also write the result as JSON to FILE ("-": JSON on stdout instead of the report)
  -h, --help            show this help

Exit codes: 0 proven (live: SES accepted every message); 1 a message failed (live: SES refused one); 2 usage error;
3 internal error (please report it).
`;

export interface MailProofArgs {
  stackFile: string;
  from?: string;
  sendTo?: string;
  simulator: boolean;
  json?: string;
}

const ADDRESS = /^[^\s@<>"]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

export function parseMailProofArgs(argv: string[], projectDir: string): MailProofArgs | "help" {
  const { values } = parseCommandLine(
    {
      args: argv,
      strict: true,
      options: {
        stack: { type: "string" },
        "config-file": { type: "string" },
        from: { type: "string" },
        "send-to": { type: "string" },
        simulator: { type: "boolean", default: false },
        json: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    },
    SEE_USAGE,
  );
  if (values.help) return "help";
  if (values.stack !== undefined && values["config-file"] !== undefined) throw new UsageError("give --stack or --config-file, not both.");
  if (values.stack !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(values.stack)) throw new UsageError(`--stack must be the NAME of a Pulumi.NAME.yaml; got "${values.stack}".`);
  for (const [flag, value] of [["--send-to", values["send-to"]], ["--from", values.from]] as const) {
    if (value !== undefined && !ADDRESS.test(value)) throw new UsageError(`${flag} must be an e-mail address such as you@example.com; got "${value}".`);
  }
  if (values.simulator && values["send-to"] === undefined) throw new UsageError("--simulator needs --send-to ADDRESS: the bounce and complaint notices go to that address.");
  return {
    stackFile: values["config-file"] === undefined ? join(projectDir, `Pulumi.${values.stack ?? "prod"}.yaml`) : resolve(values["config-file"]),
    simulator: values.simulator,
    ...(values.from === undefined ? {} : { from: values.from }),
    ...(values["send-to"] === undefined ? {} : { sendTo: values["send-to"] }),
    ...(values.json === undefined ? {} : { json: values.json }),
  };
}
