import { LATENCY_METRICS } from "../../../lib/uptime";
import type { StackRule } from "../types";
import { alarmProblem, checkedUrl } from "../../../model/uptime";
import { perHealthCheck } from "../builders";

export const healthCheckLatencyAlarm: StackRule = {
  kind: "stack",
  name: "health-check-latency-alarm",
  description:
    "Checks that every Route 53 health check measures latency and has a latency alarm in us-east-1 notifying a subscribed SNS topic, because a slow site loses customers before it goes down.",
  enforcementLevel: "advisory",
  validate: (resources) =>
    perHealthCheck(resources, (check) =>
      check.props["measureLatency"] === true
        ? alarmProblem(check, resources, LATENCY_METRICS, "latency")
        : `Health check ${check.name} (${checkedUrl(check)}) does not measure latency: set measureLatency: true (it replaces the check, so do it before launch).`,
    ),
};
