import type { StackRule } from "../types";
import { apiHostRecords, coverage } from "../../../model/uptime";

export const uptimeChecksApiHealth: StackRule = {
  kind: "stack",
  name: "uptime-checks-api-health",
  description:
    "Checks whether an uptime check watches an API health endpoint when the stack has no api. host, because an API served from another host fails as silently as one on its own host.",
  enforcementLevel: "advisory",
  validate(resources) {
    // With an api. host, uptime-checks-cover-key-pages requires a check of it (mandatory).
    if (apiHostRecords(resources).length > 0 || coverage(resources).pages.has("api-health")) return [];
    return [
      {
        message:
          "No uptime check watches an API health endpoint, and the stack publishes no api. host. If the app serves an API elsewhere (such as https://app.<domain>/api/health), add that URL to monitoring.checks.",
      },
    ];
  },
};
