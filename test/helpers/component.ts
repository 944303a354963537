import * as pulumi from "@pulumi/pulumi";
import { runProgram, type PlanMode, type RunOptions } from "../../cli/plan/engine";
import { StackRun, type StackInput } from "./harness";

/**
 * Direct component tests: runs a program that constructs components with their own Args (no stack config, no Launch)
 * under the same mocks as the offline plan, and gives the captured resources as a StackRun. `aws:region` is the only
 * config a mock reads (an ARN's region); pass it when the component's region matters.
 */
export async function runComponent(build: () => unknown, options: { mode?: PlanMode; awsRegion?: string } = {}): Promise<StackRun> {
  return new StackRun(await runProgram(componentRun(build, options)));
}

function componentRun(build: () => unknown, options: { mode?: PlanMode; awsRegion?: string }): RunOptions {
  return {
    mode: options.mode ?? "after-up",
    project: "launch-ready",
    stack: "test",
    config: options.awsRegion === undefined ? {} : { "aws:region": options.awsRegion },
    secretKeys: [],
    program: async () => {
      await build();
      return {};
    },
  };
}

/** The resources of a run that have this component (by type token) as their parent, as type → count. */
export function childTypes(stack: StackRun, componentType: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of stack.resources.filter((x) => stack.parentOf(x)?.type === componentType)) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

/**
 * A resource's alias as the engine receives it (an alias spec of the RegisterResource request): what differs from the
 * resource's current name, type and parent. Empty fields mean "the same as now".
 */
export interface AliasSpec {
  name: string;
  type: string;
  parentUrn: string;
  noParent: boolean;
}

// The parts of the registration request read here (protobuf getters); the SDK's typings describe the gRPC client only.
interface AliasedRequest {
  getType(): string;
  getName(): string;
  getAliasesList(): { hasSpec(): boolean; getUrn(): string; getSpec(): { getName(): string; getType(): string; getParenturn(): string; getNoparent(): boolean } | undefined }[];
}
interface RecordingMonitor {
  registerResource(req: AliasedRequest, cb: unknown): void;
}

/** What a resource was registered with beyond its inputs: the options the program passed, and the aliases sent. */
export interface Registrations {
  stack: StackRun;
  /** Resource options as the program passed them, by logical name (deleteBeforeReplace, retainOnDelete, ...). */
  options: Map<string, pulumi.CustomResourceOptions>;
  /** Aliases as the engine receives them, by `type::name`; resources without aliases are absent. */
  aliases: Map<string, (AliasSpec | string)[]>;
}

/**
 * Runs `build` like runComponent, recording each resource's options (a stack transformation sees them as passed) and
 * aliases (read from the registration request: the monitor it wraps exists only while the program runs). `build` may
 * also be the whole program, with `stack` for its config.
 */
export async function runRecording(build: () => unknown, options: { mode?: PlanMode; awsRegion?: string; stack?: StackInput } = {}): Promise<Registrations> {
  const recorded = { options: new Map<string, pulumi.CustomResourceOptions>(), aliases: new Map<string, (AliasSpec | string)[]>() };
  const program = () => {
    pulumi.runtime.registerStackTransformation((args) => {
      // The transformation API types opts as the common base; custom resources' are CustomResourceOptions.
      recorded.options.set(args.name, args.opts as pulumi.CustomResourceOptions);
      return undefined;
    });
    // getMonitor() is typed as the gRPC client, whose registerResource has several overloads; under setMocks it is
    // the mock monitor, and only the (request, callback) form is called. Test code only, never resource args.
    const monitor = pulumi.runtime.getMonitor() as unknown as RecordingMonitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      const specs = req.getAliasesList().map((a) => {
        const spec = a.getSpec();
        return a.hasSpec() && spec !== undefined ? { name: spec.getName(), type: spec.getType(), parentUrn: spec.getParenturn(), noParent: spec.getNoparent() } : a.getUrn();
      });
      if (specs.length > 0) recorded.aliases.set(`${req.getType()}::${req.getName()}`, specs);
      register(req, cb);
    };
    return build();
  };
  const input = options.stack;
  const run = input === undefined
    ? await runProgram(componentRun(program, options))
    : await runProgram({ mode: options.mode ?? "after-up", project: "launch-ready", stack: input.stack ?? "prod", config: input.config, secretKeys: input.secretKeys, program });
  return { stack: new StackRun(run), ...recorded };
}
