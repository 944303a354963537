// `node -r ./scripts/ts-hook.cjs bench/audit-main.ts`: the audit benchmark on its own (bench/run.ts runs it with the others).
import { benchAudit } from "./audit";

benchAudit().then(
  (lines) => process.stdout.write(`${lines.join("\n")}\n`),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
