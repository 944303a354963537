import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config";
import { ProgramFailed } from "../../cli/plan/engine";
import { prodConfig, runStack } from "../helpers/harness";

/** Runs index.ts expecting it to fail; returns the failure with what had been registered. */
async function failure(input: ReturnType<typeof prodConfig>): Promise<ProgramFailed> {
  const error = await runStack(input).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof ProgramFailed)) throw new Error(`expected the program to fail, got ${String(error)}`);
  return error;
}

const issuesOf = (f: ProgramFailed) => (f.cause instanceof ConfigError ? f.cause.issues : []);

describe("loadConfig inside the program", () => {
  it("registers no resource when the config is invalid", async () => {
    const failed = await failure(prodConfig({ domain: "my domain.com" }));
    expect(failed.cause).toBeInstanceOf(ConfigError);
    expect(failed.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });

  it("names the missing secret and prints the exact command to set it", async () => {
    const failed = await failure(prodConfig({ secrets: [{ name: "stripeSecretKey" }] }));
    expect(issuesOf(failed)).toEqual([
      {
        key: "launch-ready:stripeSecretKey",
        received: "nothing",
        allowed: "a secret value (launch-ready:secrets lists stripeSecretKey with generate: false)",
        fix: "pulumi config set --secret --stack prod launch-ready:stripeSecretKey '<value>' (before the Pulumi CLI is installed, an offline plan accepts launch-ready:stripeSecretKey: { secure: placeholder } in Pulumi.prod.yaml: it never decrypts secure: values; replace it with the command before pulumi up)",
      },
    ]);
    expect(failed.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });

  it("refuses a key outside the contract, such as a typo", async () => {
    const failed = await failure(prodConfig({ hstss: { preload: true } }));
    expect(issuesOf(failed).map((i) => i.key)).toEqual(["launch-ready:hstss"]);
  });

  it("is a RunError, so the Pulumi CLI prints the message without a stack trace", async () => {
    const failed = await failure(prodConfig({ canonicalHost: "blog" }));
    expect((failed.cause as ConfigError & { __pulumiRunError?: boolean }).__pulumiRunError).toBe(true);
    expect((failed.cause as Error).message).toBe(
      'Invalid configuration for stack "prod" (1 problem):\n  - launch-ready:canonicalHost: received "blog"; allowed: one of apex, www. Fix: correct launch-ready:canonicalHost in Pulumi.prod.yaml.',
    );
  });

  it("accepts a configured secret for a declared name", async () => {
    const stack = await runStack(prodConfig({ secrets: [{ name: "stripeSecretKey" }] }, { stripeSecretKey: "sk_live_configured" }));
    expect(stack.ofType("cloudflare:index/zone:Zone")).toHaveLength(1);
  });
});
