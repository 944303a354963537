import { parentPort } from "node:worker_threads";
import { planStack, type WorkerReply, type WorkerRequest } from "./plan-stack";

/** A worker thread of planStacks: plans each stack it is sent and answers with the plan (none when planning threw). */
const port = parentPort;
if (port !== null) {
  port.on("message", ({ index, project, file, modes, policyLevels }: WorkerRequest) => {
    planStack(project, file, modes, policyLevels).then(
      (plan) => port.postMessage({ index, plan } satisfies WorkerReply),
      () => port.postMessage({ index } satisfies WorkerReply),
    );
  });
  port.postMessage({ ready: true } satisfies WorkerReply);
}
