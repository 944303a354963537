import type { StackRule } from "../types";
import { alarmProblem } from "../../../model/uptime";
import { perHealthCheck } from "../builders";

export const healthCheckDownAlarm: StackRule = {
  kind: "stack",
  name: "health-check-down-alarm",
  description:
    "Checks that every Route 53 health check has a down alarm in us-east-1 notifying an SNS topic with at least one subscription, because a check that tells nobody lets customers find the outage first.",
  enforcementLevel: "mandatory",
  validate: (resources) => perHealthCheck(resources, (check) => alarmProblem(check, resources, ["HealthCheckStatus"], "down")),
};
