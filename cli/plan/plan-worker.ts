import "./defer-unused-sdk-modules";
import { parentPort } from "node:worker_threads";
import { planAndFinish, type WorkerReply, type WorkerRequest } from "./plan-stack";

/** A worker thread of planStacks: plans and finishes each stack it is sent, and answers with the result (none when that threw). */
const port = parentPort;
if (port !== null) {
  port.on("message", ({ index, file, ...job }: WorkerRequest) => {
    planAndFinish(job, file).then(
      (result) => port.postMessage({ index, result } satisfies WorkerReply),
      () => port.postMessage({ index } satisfies WorkerReply),
    );
  });
  port.postMessage({ ready: true } satisfies WorkerReply);
}
