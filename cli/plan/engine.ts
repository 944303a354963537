import * as pulumi from "@pulumi/pulumi";
import { PLAN_MODES, type PlanMode } from "../../model/plan-document";
import { COMPONENTS } from "../../model/type-tokens";
import { computedOutputs, invokeResult, mockId } from "./mocks";

/**
 * Runs a Pulumi program under Pulumi's own mock runtime and records every registration the way the engine would see
 * it: type, name, parent, protect, inputs, outputs and property dependencies, in wire form (secrets as Pulumi's secret
 * wrappers, unknowns as its unknown sentinel).
 */

// The modes a run is made in are the plan document's own (model/plan-document.ts).
export { PLAN_MODES, type PlanMode };

export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  /** URN of the parent resource, undefined for the stack itself. */
  parent?: string;
  custom: boolean;
  protect: boolean;
  /** Inputs as sent to the engine; secret values are `{ [specialSigKey]: specialSecretSig, value }`. */
  inputs: Record<string, unknown>;
  /** Inputs plus what the provider computed; component outputs for components. Secrets wrapped as above. */
  outputs: Record<string, unknown>;
  /** Input property → URNs of the resources its value depends on, as the SDK reports them to the engine. */
  propertyDependencies: Record<string, string[]>;
}

export interface ProgramRun {
  resources: CapturedResource[];
  /** Stack outputs in wire form: secret values stay wrapped. */
  outputs: Record<string, unknown>;
}

/** The program threw; carries what it had registered by then (for a config error: only the Stack). */
export class ProgramFailed extends Error {
  override readonly name = "ProgramFailed";
  constructor(
    override readonly cause: unknown,
    readonly resources: CapturedResource[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

export interface RunOptions {
  mode: PlanMode;
  project: string;
  stack: string;
  /** Full config map as the CLI passes it: `namespace:key` → string (structured values as JSON text). */
  config: Record<string, string>;
  /** Keys whose values are secret. */
  secretKeys: string[];
  /** The program: returns its stack outputs, like the default export of index.ts. */
  program: () => unknown;
}

// The registration request as the mock monitor receives it (a protobuf message); only the getters used here.
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean;
  getAdditionalsecretoutputsList(): string[];
  getObject(): WireStruct;
  getPropertydependenciesMap(): { entries(): Iterable<[string, { getUrnsList(): string[] }]> };
}
interface WireStruct {
  toJavaScript(): Record<string, unknown>;
}
interface RegisterResponse {
  getUrn(): string;
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): WireStruct | undefined;
}
type Callback<T> = (err: Error | null, resp: T) => void;
interface PatchableMonitor {
  registerResource(req: RegisterRequest, cb: Callback<RegisterResponse>): void;
  registerResourceOutputs(req: OutputsRequest, cb: Callback<unknown>): void;
}

// Internal to @pulumi/pulumi (not in its .d.ts): resolves once every outstanding registration has finished.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };

export function wrapSecret(value: unknown): Record<string, unknown> {
  return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The computed part of a state as a provider previews a create: each computed value unknown, except the inputs an
 * object-valued output echoes (SES's dkimSigningAttributes keeps the key length asked for; its tokens are unknown).
 */
function previewOf(computed: Record<string, unknown>, inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(computed).map(([key, value]) => {
      const input = inputs[key];
      if (isObject(value) && isObject(input)) return [key, { ...input, ...previewOf(value, input) }];
      // An optional input the provider would otherwise compute (an alarm's region) comes back as given.
      return [key, input === undefined ? pulumi.runtime.unknownValue : input];
    }),
  );
}

export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  const region = options.config["aws:region"] ?? "us-east-1";
  const preview = options.mode === "first-preview";
  // additionalSecretOutputs of each pending registration: the mock monitor ignores them, the engine does not.
  const secretOutputs = new Map<string, string[]>();
  const byKey = new Map<string, CapturedResource>();
  const resources: CapturedResource[] = [];
  const byUrn = new Map<string, CapturedResource>();
  let stackOutputs: Record<string, unknown> = {};

  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const key = `${args.type}::${args.name}`;
        const captured = byKey.get(key);
        const computed = args.custom ? computedOutputs(args.type, args.name, args.inputs, region) : {};
        // additionalSecretOutputs stay secret whether or not their value is known yet, as the engine keeps them.
        const keepSecret = (state: Record<string, unknown>) => {
          for (const prop of secretOutputs.get(key) ?? []) {
            if (prop in state && !pulumi.runtime.isRpcSecret(state[prop])) state[prop] = wrapSecret(state[prop]);
          }
          return state;
        };
        if (preview) {
          // As a provider previews a create: the inputs come back, everything it computes (and the id) is unknown.
          if (captured !== undefined) captured.outputs = keepSecret({ ...captured.inputs, ...previewOf(computed, captured.inputs) });
          return { id: undefined, state: keepSecret({ ...args.inputs, ...previewOf(computed, args.inputs) }) };
        }
        const state = keepSecret({ ...args.inputs, ...computed });
        if (captured !== undefined) captured.outputs = state;
        return { id: args.custom ? mockId(args.type, args.name) : undefined, state };
      },
      call(args) {
        return invokeResult(args.token, args.inputs, region);
      },
    },
    options.project,
    options.stack,
    preview,
  );
  pulumi.runtime.setAllConfig(options.config, options.secretKeys);

  // getMonitor() is typed as the gRPC client; under setMocks it is the MockMonitor, whose callback-style methods the
  // SDK's typings do not describe. Only the two methods above are used, with the shapes declared there.
  const monitor = pulumi.runtime.getMonitor() as unknown as PatchableMonitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const key = `${req.getType()}::${req.getName()}`;
    const captured: CapturedResource = {
      urn: "",
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent() || undefined,
      custom: req.getCustom(),
      protect: req.getProtect(),
      // The wire form the engine receives (and forwards to the policy pack): secret wrappers, unknown sentinels.
      inputs: req.getObject().toJavaScript(),
      outputs: {},
      propertyDependencies: Object.fromEntries([...req.getPropertydependenciesMap().entries()].map(([prop, deps]) => [prop, deps.getUrnsList()])),
    };
    secretOutputs.set(key, req.getAdditionalsecretoutputsList());
    byKey.set(key, captured);
    register(req, (err, resp) => {
      if (!err) {
        captured.urn = resp.getUrn();
        resources.push(captured);
        byUrn.set(captured.urn, captured);
      }
      cb(err, resp);
    });
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, cb) => {
    const outputs = req.getOutputs()?.toJavaScript() ?? {};
    const owner = byUrn.get(req.getUrn());
    if (owner === undefined) stackOutputs = outputs;
    else if (owner.type === COMPONENTS.stack) {
      stackOutputs = outputs;
      owner.outputs = outputs;
    } else owner.outputs = outputs;
    registerOutputs(req, cb);
  };

  try {
    await withoutDebugTrails(() => runStack(options.program));
  } catch (error) {
    throw new ProgramFailed(error, resources);
  }
  return { resources, outputs: stackOutputs };
}

// Internal to @pulumi/pulumi: every promise the runtime makes passes through debuggablePromise, which tracks it for the
// leak report printed at exit and annotates it with an id, a label and the stack where it was made.
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(promise: Promise<T>, label: unknown) => Promise<T> };
const runtimeState = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<Promise<unknown>> } };
const annotatedPromise = debuggable.debuggablePromise;
// Its first call installs the leak report at exit, which the plan keeps.
void annotatedPromise(Promise.resolve(), "plan");

/** debuggablePromise without the annotations: the same tracking, the same chain of promises, so the same order of work. */
function trackedPromise<T>(promise: Promise<T>): Promise<T> {
  const store = runtimeState.getStore();
  store.leakCandidates.add(promise);
  return promise
    .then((value) => {
      store.leakCandidates.delete(promise);
      return value;
    })
    .catch((err: unknown) => {
      store.leakCandidates.delete(promise);
      if (typeof err === "object" && err !== null) Object.assign(err, { promise });
      throw err;
    });
}

/**
 * Runs `work` without what the Pulumi runtime records only to debug itself:
 * - the stack trace and the annotations of every internal promise (a run of the template makes about 8,000; without
 *   the stack traces a run took half the time, without the annotations a fifth less again: 63–74 → 50–53 ms);
 * - the whole stack of every resource it registers, formatted only to tell the engine where the resource was declared
 *   (nothing in the plan reads it): while the program runs, a stack is formatted as its first line, name and message.
 * Errors keep their messages; everything is restored after.
 */
async function withoutDebugTrails<T>(work: () => Promise<T>): Promise<T> {
  const stackTraceLimit = Error.stackTraceLimit;
  const prepareStackTrace = Error.prepareStackTrace;
  Error.stackTraceLimit = 0;
  Error.prepareStackTrace = (error: Error) => String(error);
  debuggable.debuggablePromise = trackedPromise;
  try {
    return await work();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
    debuggable.debuggablePromise = annotatedPromise;
  }
}

/** Runs the program as the root of a Pulumi stack and waits for every registration to finish. */
async function runStack(program: () => unknown): Promise<void> {
  // A throwing program is caught inside the stack so the runtime can finish cleanly (a rejection there would surface
  // as unhandled promise rejections from the Stack resource); the error is rethrown once everything has settled.
  let failure: { error: unknown } | undefined;
  await pulumi.runtime.runInPulumiStack(async () => {
    try {
      return await program();
    } catch (error) {
      failure = { error };
      return {};
    }
  });
  await waitForRPCs();
  if (failure !== undefined) throw failure.error;
}
