import { brokenAlarm, FLOW_NAMESPACE } from "../../../lib/flows";
import { ERRORS, RESPONSE_TIME } from "../../../canary/flow-check";
import { actionProblem, alarmsOf, reachingTopics } from "../../../model/flows";
import type { PlannedResource } from "../../../model/resource";
import type { StackRule, Violation } from "../types";
import { TYPES } from "../../../model/type-tokens";

interface Wanted {
  what: string;
  dimension: "CanaryName" | "Canary";
  matches: (alarm: PlannedResource) => boolean;
  fix: string;
}

const broken = brokenAlarm(5);
const WANTED: readonly Wanted[] = [
  {
    what: "broken-flow",
    dimension: "CanaryName",
    matches: (a) => a.props["namespace"] === broken.namespace && a.props["metricName"] === broken.metricName,
    fix: `an alarm on ${broken.namespace} ${broken.metricName} below 100`,
  },
  {
    what: "error-rate",
    dimension: "Canary",
    matches: (a) => a.props["namespace"] === FLOW_NAMESPACE && a.props["metricName"] === ERRORS,
    fix: `an alarm on ${FLOW_NAMESPACE} ${ERRORS} (Average: the share of failed requests)`,
  },
  {
    what: "p95",
    dimension: "Canary",
    matches: (a) => a.props["namespace"] === FLOW_NAMESPACE && a.props["metricName"] === RESPONSE_TIME && a.props["extendedStatistic"] === "p95",
    fix: `an alarm on ${FLOW_NAMESPACE} ${RESPONSE_TIME} with extendedStatistic p95 over the latency budget`,
  },
];

export const flowCheckAlarms: StackRule = {
  kind: "stack",
  name: "flow-check-alarms",
  description:
    "Checks that every flow-check canary runs, in the region of its alarms, and has a broken-flow, an error-rate and a p95 alarm that notify a topic someone receives when they fire and when they recover, because a key flow that breaks or slows down unseen is found by customers first.",
  enforcementLevel: "mandatory",
  validate(resources) {
    const topics = reachingTopics(resources);
    const violations: Violation[] = [];
    for (const canary of resources.filter((r) => r.type === TYPES.canary)) {
      const subject = `Canary ${String(canary.props["name"] ?? canary.name)}`;
      if (canary.props["startCanary"] !== true) {
        violations.push({ urn: canary.urn, message: `${subject} is created stopped (startCanary is not true): it would never run, and a quiet flow looks healthy. Set startCanary: true.` });
      }
      for (const wanted of WANTED) {
        const alarms = alarmsOf(canary, resources, wanted.dimension).filter(wanted.matches);
        if (alarms.length === 0) {
          violations.push({ urn: canary.urn, message: `${subject} has no ${wanted.what} alarm: add ${wanted.fix}, with the dimension ${wanted.dimension} set to the canary's name.` });
          continue;
        }
        const problems = alarms.map((alarm) => {
          if (alarm.props["region"] !== canary.props["region"]) {
            return `its ${wanted.what} alarm is in ${String(alarm.props["region"] ?? "the default region")} but the canary publishes in ${String(canary.props["region"] ?? "the default region")}: create the alarm in the canary's region`;
          }
          const problem = actionProblem(alarm, topics);
          return problem === undefined ? undefined : `its ${wanted.what} alarm: ${problem}`;
        });
        if (problems.every((p) => p !== undefined)) violations.push({ urn: canary.urn, message: `${subject}: ${problems[0]}.` });
      }
    }
    return violations;
  },
};
