import { dmarcNoneAdvisory } from "./dmarc-none-advisory";
import { dmarcReportsWhileMonitoring } from "./dmarc-reports-while-monitoring";
import { dmarcValid } from "./dmarc-valid";
import { mailAddressesReachable } from "./mail-addresses-reachable";
import { mailDkimEverySender } from "./mail-dkim-every-sender";
import { mailDkimPending } from "./mail-dkim-pending";
import { mtaStsWhenInbound } from "./mta-sts-when-inbound";
import { sesMailFromAligned } from "./ses-mail-from-aligned";
import { spfLookupBudget } from "./spf-lookup-budget";
import { spfSingleStrict } from "./spf-single-strict";
import { healthCheckDownAlarm } from "./health-check-down-alarm";
import { healthCheckLatencyAlarm } from "./health-check-latency-alarm";
import { iamPolicyExactSecretArns } from "./iam-policy-exact-secret-arns";
import { noPlaintextSecrets } from "./no-plaintext-secrets";
import { uptimeChecksApiHealth } from "./uptime-checks-api-health";
import { edgeAlertsMatchPlan } from "./edge-alerts-match-plan";
import { flowCheckAlarms } from "./flow-check-alarms";
import { keyFlowsChecked } from "./key-flows-checked";
import { slackReadOnlyGuardrail } from "./slack-read-only-guardrail";
import { uptimeChecksCoverKeyPages } from "./uptime-checks-cover-key-pages";
import type { Rule } from "./types";
import { cacheNeverDynamic } from "./cache-never-dynamic";
import { caaAllowsEdgeCas } from "./caa-allows-edge-cas";
import { canonicalHostRedirect } from "./canonical-host-redirect";
import { dnsAppApiProxied } from "./dns-app-api-proxied";
import { dnsCnameAlone } from "./dns-cname-alone";
import { rateLimitCoversAuth } from "./rate-limit-covers-auth";
import { rulesetOnePerPhase } from "./ruleset-one-per-phase";
import { rulesetWithinPlanLimits } from "./ruleset-within-plan-limits";
import { zoneAlwaysHttps } from "./zone-always-https";
import { zoneDnssecActive } from "./zone-dnssec-active";
import { zoneSettingsPresent } from "./zone-settings-present";
import { zoneHsts } from "./zone-hsts";
import { zoneHstsOneYear } from "./zone-hsts-one-year";
import { zoneMinTls12 } from "./zone-min-tls";
import { zoneSslStrict } from "./zone-ssl-strict";
import { zoneProtected } from "./zone-protected";
import { zonePlanSubscribed } from "./zone-plan-subscribed";

/** Every rule of the pack, in report order. The pack and the offline plan both evaluate exactly this list. */
export const rules: readonly Rule[] = [
  zoneProtected,
  zoneSettingsPresent,
  // Web edge: TLS and HSTS, DNSSEC, DNS, redirects, rate limits, cache, rulesets.
  zoneSslStrict,
  zoneAlwaysHttps,
  zoneMinTls12,
  zoneHsts,
  zoneHstsOneYear,
  zoneDnssecActive,
  caaAllowsEdgeCas,
  dnsCnameAlone,
  dnsAppApiProxied,
  canonicalHostRedirect,
  rateLimitCoversAuth,
  cacheNeverDynamic,
  rulesetOnePerPhase,
  rulesetWithinPlanLimits,
  zonePlanSubscribed,
  noPlaintextSecrets,
  iamPolicyExactSecretArns,
  healthCheckDownAlarm,
  uptimeChecksCoverKeyPages,
  healthCheckLatencyAlarm,
  uptimeChecksApiHealth,
  keyFlowsChecked,
  flowCheckAlarms,
  slackReadOnlyGuardrail,
  edgeAlertsMatchPlan,
  spfSingleStrict,
  spfLookupBudget,
  dmarcValid,
  dmarcReportsWhileMonitoring,
  dmarcNoneAdvisory,
  mailDkimEverySender,
  mailDkimPending,
  sesMailFromAligned,
  mailAddressesReachable,
  mtaStsWhenInbound,
];
