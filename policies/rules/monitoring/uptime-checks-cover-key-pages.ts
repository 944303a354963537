import type { StackRule, Violation } from "../types";
import { apiHostRecords, coverage } from "../../../model/uptime";

const ADD_CHECK = "add it to monitoring.checks, or leave monitoring.checks out to get the home, login and API health checks derived from the hosts";

export const uptimeChecksCoverKeyPages: StackRule = {
  kind: "stack",
  name: "uptime-checks-cover-key-pages",
  description:
    "Checks that uptime checks watch the home page, the login page and, when the stack publishes an api. host, that host, because those are where customers notice an outage first.",
  enforcementLevel: "mandatory",
  validate(resources) {
    const { pages, apiHostChecked } = coverage(resources);
    const violations: Violation[] = [];
    if (!pages.has("home")) violations.push({ message: `No uptime check watches the home page (https://<canonical host>/): ${ADD_CHECK}.` });
    if (!pages.has("login")) violations.push({ message: `No uptime check watches the login page (a path of authPaths.signIn, such as /login): ${ADD_CHECK}.` });
    if (!apiHostChecked) {
      for (const record of apiHostRecords(resources)) {
        violations.push({ urn: record.urn, message: `The stack publishes ${String(record.props["name"])} but no uptime check watches it: add its health endpoint (such as /health) to monitoring.checks.` });
      }
    }
    return violations;
  },
};
