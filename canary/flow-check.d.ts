// Types of canary/flow-check.js (plain JavaScript, because Synthetics runs that very file).
import type { AgentOptions } from "node:https";

export interface FlowStep {
  url: string;
  /** Text the answer must contain. */
  expect?: string;
}

export interface Flow {
  /** The flow's name in the stack (login, booking, api-health...). */
  flow: string;
  /** The canary's name: the metrics' Canary dimension. */
  canary: string;
  steps: FlowStep[];
  /** Requests per step per run. */
  samples: number;
  timeoutMs: number;
}

export interface Answer {
  status: number;
  body: string;
  ms: number;
}

export type Probe = (url: string, timeoutMs: number) => Promise<Answer>;

export interface RunMetric {
  name: string;
  unit: "Milliseconds" | "Count";
  values: number[];
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface FlowResult {
  ok: boolean;
  failures: string[];
  metrics: RunMetric[];
}

export interface MetricDatum {
  MetricName: string;
  Unit: string;
  Dimensions: { Name: string; Value: string }[];
  Values: number[];
  Counts: number[];
}

export const NAMESPACE: string;
export const RESPONSE_TIME: string;
export const ERRORS: string;
export function createHttpsProbe(tls?: Pick<AgentOptions, "ca" | "lookup" | "servername">): Probe;
export function runFlow(flow: Flow, deps: { probe: Probe; publish: (metrics: RunMetric[]) => Promise<unknown>; log: Logger }): Promise<FlowResult>;
export function metricData(canary: string, metrics: RunMetric[]): MetricDatum[];
export function flowFromEnvironment(environment: Record<string, string | undefined>): Flow;
export function handler(): Promise<string>;
