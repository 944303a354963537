import type { Rule } from "./types";
import { zoneAlwaysHttps } from "./zone/zone-always-https";
import { zoneDnssecActive } from "./zone/zone-dnssec-active";
import { zoneHsts } from "./zone/zone-hsts";
import { zoneHstsOneYear } from "./zone/zone-hsts-one-year";
import { zoneMinTls12 } from "./zone/zone-min-tls-1-2";
import { zonePlanSubscribed } from "./zone/zone-plan-subscribed";
import { zoneProtected } from "./zone/zone-protected";
import { zoneSettingsPresent } from "./zone/zone-settings-present";
import { zoneSslStrict } from "./zone/zone-ssl-strict";
import { caaAllowsEdgeCas } from "./dns/caa-allows-edge-cas";
import { dnsAppApiProxied } from "./dns/dns-app-api-proxied";
import { dnsCnameAlone } from "./dns/dns-cname-alone";
import { cacheNeverDynamic } from "./edge/cache-never-dynamic";
import { canonicalHostRedirect } from "./edge/canonical-host-redirect";
import { rateLimitCoversAuth } from "./edge/rate-limit-covers-auth";
import { rulesetOnePerPhase } from "./edge/ruleset-one-per-phase";
import { rulesetWithinPlanLimits } from "./edge/ruleset-within-plan-limits";
import { iamPolicyExactSecretArns } from "./secrets/iam-policy-exact-secret-arns";
import { noPlaintextSecrets } from "./secrets/no-plaintext-secrets";
import { edgeAlertsMatchPlan } from "./monitoring/edge-alerts-match-plan";
import { flowCheckAlarms } from "./monitoring/flow-check-alarms";
import { healthCheckDownAlarm } from "./monitoring/health-check-down-alarm";
import { healthCheckLatencyAlarm } from "./monitoring/health-check-latency-alarm";
import { keyFlowsChecked } from "./monitoring/key-flows-checked";
import { slackReadOnlyGuardrail } from "./monitoring/slack-read-only-guardrail";
import { uptimeChecksApiHealth } from "./monitoring/uptime-checks-api-health";
import { uptimeChecksCoverKeyPages } from "./monitoring/uptime-checks-cover-key-pages";
import { dnsDmarcMonitoringHasReports } from "./mail/dns-dmarc-monitoring-has-reports";
import { dnsDmarcPolicyEnforced } from "./mail/dns-dmarc-policy-enforced";
import { dnsDmarcValid } from "./mail/dns-dmarc-valid";
import { dnsSpfLookupBudget } from "./mail/dns-spf-lookup-budget";
import { dnsSpfSingleStrict } from "./mail/dns-spf-single-strict";
import { mailAddressesCanReceive } from "./mail/mail-addresses-can-receive";
import { mailDkimForEverySender } from "./mail/mail-dkim-for-every-sender";
import { mailDkimPending } from "./mail/mail-dkim-pending";
import { mailMtaStsWhenInbound } from "./mail/mail-mta-sts-when-inbound";
import { sesMailFromAligned } from "./mail/ses-mail-from-aligned";

/**
 * Every rule of the pack, in report order. The pack and the offline plan both evaluate exactly this list. A new policy
 * is its own file, ./<area>/<policy-name>.ts, and one entry here (test/policies/rule-files.test.ts checks both).
 */
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
  dnsSpfSingleStrict,
  dnsSpfLookupBudget,
  dnsDmarcValid,
  dnsDmarcMonitoringHasReports,
  dnsDmarcPolicyEnforced,
  mailDkimForEverySender,
  mailDkimPending,
  sesMailFromAligned,
  mailAddressesCanReceive,
  mailMtaStsWhenInbound,
];
