import type * as pulumi from "@pulumi/pulumi";
import program from "../../index";
import { runRecording } from "./component";
import { prodConfig, type StackRun, type StackInput } from "./harness";

/**
 * Runs index.ts under the mocks like runStack, and also records the resource options each resource was created with
 * (deleteBeforeReplace, retainOnDelete, ...), which the engine's registrations do not carry back.
 */
export async function runRecordingOptions(input: StackInput = prodConfig()): Promise<{ stack: StackRun; options: Map<string, pulumi.CustomResourceOptions> }> {
  const { stack, options } = await runRecording(program, { stack: input });
  return { stack, options };
}
