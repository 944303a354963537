import { describe, expect, it } from "vitest";
import { parseMailProofArgs } from "../../cli/mail-proof/args";
import { parseRedteamArgs } from "../../cli/redteam/args";
import { parseCommandLine, SEE_USAGE, UsageError } from "../../cli/usage-error";

const config = (args: string[]) =>
  ({
    args,
    strict: true,
    options: { json: { type: "string" }, page: { type: "string", multiple: true }, simulator: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  }) as const;

const OPTIONS = "The options are --json VALUE, --page VALUE (repeatable), --simulator, -h/--help.";

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("no UsageError");
}

// Every parseArgs mistake: node's reason with the value, the options the command takes, and the fix given.
describe("parseCommandLine", () => {
  it.each([
    [["--jsn", "x"], `Unknown option '--jsn'. ${OPTIONS} FIX`],
    [["-x"], `Unknown option '-x'. ${OPTIONS} FIX`],
    [["--json"], `Option '--json <value>' argument missing. ${OPTIONS} FIX`],
    [["--simulator=yes"], `Option '--simulator' does not take an argument. ${OPTIONS} FIX`],
    [["stray"], `Unexpected argument 'stray'. This command does not take positional arguments. ${OPTIONS} FIX`],
    [
      ["--json", "--simulator"],
      `Option '--json' argument is ambiguous. Did you forget to specify the option argument for '--json'? To specify an option argument starting with a dash use '--json=-XYZ'. ${OPTIONS} FIX`,
    ],
  ])("%j", (args, message) => {
    expect(usageError(() => parseCommandLine(config(args), "FIX"))).toBe(message);
  });

  it("returns what parseArgs returns when the command line is valid", () => {
    expect(parseCommandLine(config(["--json", "-", "--page", "/a", "--page", "/b"]), "FIX").values).toEqual({ json: "-", page: ["/a", "/b"] });
  });

  it("lets other errors through", () => {
    // A default of the wrong type is the program's mistake, not the user's.
    // The cast makes the program's mistake on purpose: parseArgs rejects the default's type at run time.
    const call = () => parseCommandLine({ args: [], options: { n: { type: "string", default: 1 as unknown as string } } }, "FIX");
    expect(call).toThrow(TypeError);
    expect(call).not.toThrow(UsageError);
  });

  it("is what the red team and the mail proof parse with", async () => {
    await expect(parseRedteamArgs(["--endpoint", "https://x.test/", "--concurency", "2"], {})).rejects.toThrow(
      `Unknown option '--concurency'. The options are --endpoint VALUE, --config VALUE, --json VALUE, --timeout-ms VALUE, --concurrency VALUE, -h/--help. ${SEE_USAGE}`,
    );
    expect(usageError(() => parseMailProofArgs(["--send-to"], "/project"))).toBe(
      `Option '--send-to <value>' argument missing. The options are --stack VALUE, --config-file VALUE, --from VALUE, --send-to VALUE, --simulator, --json VALUE, -h/--help. ${SEE_USAGE}`,
    );
  });
});
