import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "../../cli/plan/engine";
import program from "../../index";
import { prodConfig, StackRun, type StackInput } from "./harness";

/**
 * Runs index.ts under the mocks like runStack, and also records the resource options each resource was created with
 * (deleteBeforeReplace, retainOnDelete, ...), which the engine's registrations do not carry back. A stack
 * transformation sees the options exactly as the program passed them.
 */
export async function runRecordingOptions(input: StackInput = prodConfig()): Promise<{ stack: StackRun; options: Map<string, pulumi.CustomResourceOptions> }> {
  const options = new Map<string, pulumi.CustomResourceOptions>();
  const run = await runProgram({
    mode: "after-up",
    project: "launch-ready",
    stack: input.stack ?? "prod",
    config: input.config,
    secretKeys: input.secretKeys,
    program: () => {
      pulumi.runtime.registerStackTransformation((args) => {
        // The transformation API types opts as the common base; custom resources' are CustomResourceOptions.
        options.set(args.name, args.opts as pulumi.CustomResourceOptions);
        return undefined;
      });
      return program();
    },
  });
  return { stack: new StackRun(run), options };
}
