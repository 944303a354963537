import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { credentials } from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  AnalyzeStackRequest,
  AnalyzerPropertyDependencies,
  AnalyzerResource,
  AnalyzerResourceOptions,
  ConfigureAnalyzerRequest,
  EnforcementLevel,
  PolicyConfig,
  type AnalyzeDiagnostic,
  type AnalyzeResponse,
  type AnalyzerInfo,
} from "@pulumi/pulumi/proto/analyzer_pb";
import type { CapturedResource, PlanMode, ProgramRun } from "../../cli/plan/engine";
import { parsePolicyConfig, policyLevels, type EnforcementLevel as Level } from "../../policies/policy-config";
import { PROJECT_DIR } from "./harness";

/**
 * The real policy pack, started the way `pulumi preview --policy-pack policies` starts it: the nodejs language host
 * runs policies/node_modules/@pulumi/pulumi/cmd/run-policy-pack with the pack folder as working directory and
 * PULUMI_NODEJS_TYPESCRIPT=true (ts-node type-checks the pack), and the engine talks to the port it prints over gRPC.
 * This drives it as the engine does: Analyze once per resource with its inputs, AnalyzeStack once with every
 * resource's state, secrets and unknowns in the engine's wire form (pkg/resource/plugin/analyzer_plugin.go). Before
 * any of that it sends Configure, with every policy's level after a policy pack config file, as the CLI does for a pack
 * that supports config (pkg/engine/update.go, LoadLocalPolicyPackAnalyzers).
 */

export const PACK_DIR = join(PROJECT_DIR, "policies");
const RUN_POLICY_PACK = join("node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
/** ts-node type-checks the whole pack before it listens: tens of seconds on a busy machine. */
const START_TIMEOUT_MS = 180_000;

export interface Diagnostic {
  policy: string;
  enforcement: "mandatory" | "advisory";
  urn?: string;
  /** The message as the rule wrote it (the pack prefixes the policy's description, which is taken off here). */
  message: string;
}

export interface PackVerdicts {
  /** Every diagnostic of Analyze and AnalyzeStack, in the order they came. */
  diagnostics: Diagnostic[];
}

type Unary<Req, Res> = (request: Req, callback: (error: Error | null, response: Res) => void) => unknown;
const call = <Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> =>
  new Promise<Res>((resolve, reject) => method(request, (error, response) => (error === null ? resolve(response) : reject(error))));

export class PolicyPackProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: AnalyzerClient,
    private readonly descriptions: ReadonlyMap<string, string>,
  ) {}

  /** Starts the pack as the CLI does for a stack, and waits for its port (bounded). */
  static async start(options: { project: string; stack: string; mode: PlanMode; policyConfig?: string }): Promise<PolicyPackProcess> {
    const child = spawn(process.execPath, [RUN_POLICY_PACK, "127.0.0.1:0", "."], {
      cwd: PACK_DIR,
      env: {
        ...process.env,
        PULUMI_NODEJS_TYPESCRIPT: "true",
        PULUMI_NODEJS_ORGANIZATION: "organization",
        PULUMI_NODEJS_PROJECT: options.project,
        PULUMI_NODEJS_STACK: options.stack,
        PULUMI_NODEJS_DRY_RUN: String(options.mode === "first-preview"),
        PULUMI_CONFIG: "{}",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      let err = "";
      const timer = setTimeout(() => fail(new Error(`the policy pack printed no port within ${START_TIMEOUT_MS} ms:\n${out}${err}`)), START_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill();
        reject(error);
      };
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split("\n")[0]?.trim() ?? "";
        if (out.includes("\n") && /^\d+$/.test(line)) {
          clearTimeout(timer);
          resolve(Number(line));
        }
      });
      child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
      child.on("exit", (code) => fail(new Error(`the policy pack exited with ${String(code)} before it listened:\n${out}${err}`)));
    });
    const client = new AnalyzerClient(`127.0.0.1:${port}`, credentials.createInsecure());
    const info = await call<Empty, AnalyzerInfo>(client.getAnalyzerInfo.bind(client), new Empty());
    const descriptions = new Map(info.getPoliciesList().map((p) => [p.getName(), p.getDescription()]));
    const pack = new PolicyPackProcess(child, client, descriptions);
    try {
      await pack.configure(options.policyConfig ?? "");
    } catch (err) {
      await pack.stop();
      throw err;
    }
    return pack;
  }

  /**
   * Sends Configure as the CLI does for `--policy-pack-config` with a file of this text (an empty text is no file):
   * every policy's own level, the file applied over them (policies/policy-config.ts reads it as the CLI does), and the
   * file's "all" entry passed on as it is. The pack keeps it until the next Configure.
   */
  async configure(policyConfigText: string): Promise<void> {
    const announced = [...(await this.policies())].map(([name, enforcementLevel]) => ({ name, enforcementLevel }));
    const config = parsePolicyConfig(policyConfigText, "the policy pack config", announced.map((p) => p.name));
    const levels = new Map([...config, ...policyLevels(announced, config)]);
    const request = new ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [name, level] of levels) map.set(name, new PolicyConfig().setEnforcementlevel(WIRE_LEVELS[level]).setProperties(Struct.fromJavaScript({})));
    await call<ConfigureAnalyzerRequest, Empty>(this.client.configure.bind(this.client), request);
  }

  /** Policy name → enforcement level, as the pack announces them to the engine. */
  async policies(): Promise<Map<string, "mandatory" | "advisory">> {
    const info = await call<Empty, AnalyzerInfo>(this.client.getAnalyzerInfo.bind(this.client), new Empty());
    return new Map(info.getPoliciesList().map((p) => [p.getName(), enforcementOf(p.getEnforcementlevel())]));
  }

  /** What the engine asks of the pack for one program run: Analyze for each resource, then AnalyzeStack. */
  async verdicts(run: ProgramRun): Promise<PackVerdicts> {
    const diagnostics: Diagnostic[] = [];
    for (const resource of run.resources) {
      const request = new AnalyzeRequest()
        .setType(resource.type)
        .setUrn(resource.urn)
        .setName(resource.name)
        .setProperties(Struct.fromJavaScript(wire(resource.inputs)))
        .setOptions(optionsOf(resource));
      const response = await call<AnalyzeRequest, AnalyzeResponse>(this.client.analyze.bind(this.client), request);
      diagnostics.push(...response.getDiagnosticsList().map((d) => this.diagnostic(d, resource.urn)));
    }
    const stack = new AnalyzeStackRequest().setResourcesList(run.resources.map(analyzerResource));
    const response = await call<AnalyzeStackRequest, AnalyzeResponse>(this.client.analyzeStack.bind(this.client), stack);
    diagnostics.push(...response.getDiagnosticsList().map((d) => this.diagnostic(d)));
    return { diagnostics };
  }

  /** Stops the pack and waits for it to exit (bounded). */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill("SIGKILL");
        resolve();
      }, 5_000);
      this.child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.kill();
    });
  }

  private diagnostic(d: AnalyzeDiagnostic, requestUrn?: string): Diagnostic {
    const policy = d.getPolicyname();
    // @pulumi/policy sends "<description>\n<message>" for a string violation.
    const prefix = `${this.descriptions.get(policy) ?? ""}\n`;
    const text = d.getMessage();
    const urn = d.getUrn() || requestUrn;
    return { policy, enforcement: enforcementOf(d.getEnforcementlevel()), ...(urn ? { urn } : {}), message: text.startsWith(prefix) ? text.slice(prefix.length) : text };
  }
}

const WIRE_LEVELS: Record<Level, EnforcementLevel> = {
  advisory: EnforcementLevel.ADVISORY,
  mandatory: EnforcementLevel.MANDATORY,
  remediate: EnforcementLevel.REMEDIATE,
  disabled: EnforcementLevel.DISABLED,
};

function enforcementOf(level: EnforcementLevel): "mandatory" | "advisory" {
  if (level === EnforcementLevel.MANDATORY) return "mandatory";
  if (level === EnforcementLevel.ADVISORY) return "advisory";
  throw new Error(`unexpected enforcement level ${level}`);
}

/** protobuf's Struct takes JSON values only: drop undefined the way the engine's marshaller does. */
const wire = (props: Record<string, unknown>) => JSON.parse(JSON.stringify(props)) as Parameters<typeof Struct.fromJavaScript>[0];

function optionsOf(resource: CapturedResource): AnalyzerResourceOptions {
  const options = new AnalyzerResourceOptions().setProtect(resource.protect);
  if (resource.parent !== undefined) options.setParent(resource.parent);
  return options;
}

function analyzerResource(resource: CapturedResource): AnalyzerResource {
  const message = new AnalyzerResource()
    .setType(resource.type)
    .setUrn(resource.urn)
    .setName(resource.name)
    .setProperties(Struct.fromJavaScript(wire(resource.outputs)))
    .setOptions(optionsOf(resource))
    .setDependenciesList([...new Set(Object.values(resource.propertyDependencies).flat())]);
  if (resource.parent !== undefined) message.setParent(resource.parent);
  const map = message.getPropertydependenciesMap();
  for (const [prop, urns] of Object.entries(resource.propertyDependencies)) map.set(prop, new AnalyzerPropertyDependencies().setUrnsList(urns));
  return message;
}
