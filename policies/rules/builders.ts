import { ExpressionError } from "../../lib/rule-language";
import { bareName, unquoteTxt } from "../../lib/zone-file";
import type { PlannedResource } from "../../model/resource";
import { TYPES } from "../../model/type-tokens";
import type { ResourceRule, Violation } from "./types";

/** Ways of building a rule that several rules share; each rule's own file says what it checks. */

/** What a rule built here says of itself. */
type RuleHeading = Pick<ResourceRule, "name" | "description" | "enforcementLevel">;

/** A resource rule on one resource type whose check finds at most one problem (undefined when there is none). */
function singleProblemRule(heading: RuleHeading, resourceType: string, problemOf: (resource: PlannedResource) => string | undefined): ResourceRule {
  return {
    kind: "resource",
    name: heading.name,
    description: heading.description,
    enforcementLevel: heading.enforcementLevel,
    resourceTypes: [resourceType],
    validate(resource) {
      const problem = problemOf(resource);
      return problem === undefined ? [] : [problem];
    },
  };
}

/**
 * A resource rule on one zone setting's value: decided from the ZoneSetting's own inputs, so a bad value blocks
 * `pulumi up` before the setting is created. `problem` returns why a value is not accepted (undefined when it is).
 * That the setting exists at all is zone-settings-present's check.
 */
export function zoneSettingRule(rule: RuleHeading & { settingId: string; problem: (value: unknown) => string | undefined }): ResourceRule {
  return singleProblemRule(rule, TYPES.zoneSetting, (setting) => (setting.props["settingId"] === rule.settingId ? rule.problem(setting.props["value"]) : undefined));
}

/**
 * A resource rule on one kind of TXT record (SPF, DMARC), decided from the DnsRecord's own inputs: `isKind` picks the
 * records by their text, read as a resolver reads it; `problem` says what is wrong with one (undefined when nothing
 * is), given that text and the record's name.
 */
export function txtRecordRule(rule: RuleHeading & { isKind: (text: string) => boolean; problem: (text: string, name: string) => string | undefined }): ResourceRule {
  return singleProblemRule(rule, TYPES.dnsRecord, (record) => {
    const text = unquoteTxt(String(record.props["content"] ?? ""));
    if (record.props["type"] !== "TXT" || !rule.isKind(text)) return undefined;
    return rule.problem(text, bareName(String(record.props["name"] ?? "")));
  });
}

/** Runs a check that reads rule expressions; an expression it cannot read is reported instead of passed. */
export function readingRules(check: () => Violation[]): Violation[] {
  try {
    return check();
  } catch (err) {
    if (err instanceof ExpressionError) return [{ message: `A rule expression could not be checked: ${err.message}. Keep edge rules to what the template generates, or check this rule by hand.` }];
    throw err;
  }
}

/** One violation per health check for which `problemOf` finds a problem. */
export function perHealthCheck(resources: readonly PlannedResource[], problemOf: (check: PlannedResource) => string | undefined): Violation[] {
  return resources.flatMap((check) => {
    const problem = check.type === TYPES.healthCheck ? problemOf(check) : undefined;
    return problem === undefined ? [] : [{ urn: check.urn, message: problem }];
  });
}
