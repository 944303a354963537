/**
 * Cloudflare notifications the template sets up, with the plans that offer them. Source: cloudflare-docs
 * src/content/notifications/index.yaml, rendered at https://developers.cloudflare.com/notifications/notification-available/
 * (summarised in ../shared/reference/monitoring.md §A), alert types checked against @pulumi/cloudflare 6.22.1's
 * notificationPolicy.d.ts. Webhooks: "Professional and higher plans can also use webhooks", and "Webhooks are
 * available in zones on a Free plan if your Cloudflare account has at least one zone in a Professional plan"
 * (https://developers.cloudflare.com/notifications/).
 */
import type { CloudflarePlan } from "./cloudflare-plans";

export interface EdgeAlert {
  alertType: string;
  /** The logical name's role and the policy name's suffix. */
  role: string;
  /** Plans on which Cloudflare offers it. */
  plans: readonly CloudflarePlan[];
  /** What it means for the person who receives it. */
  description: string;
}

const ALL_PLANS: readonly CloudflarePlan[] = ["free", "pro", "business", "enterprise"];

/** What every plan offers, by e-mail; nothing here needs deploying beyond the policy (DDoS protection is always on). */
export const EDGE_ALERTS: readonly EdgeAlert[] = [
  {
    alertType: "dos_attack_l7",
    role: "ddos",
    plans: ALL_PLANS,
    description: "Cloudflare mitigated an HTTP DDoS attack on the zone (more than 100 requests per second). Nothing to do unless the site is slow: check the Security → Events page.",
  },
  {
    alertType: "real_origin_monitoring",
    role: "origin-unreachable",
    plans: ALL_PLANS,
    description: "Cloudflare cannot reach the origin (HTTP 521 for a sustained share of traffic). The app host is down or refuses Cloudflare's addresses: check it first.",
  },
  {
    alertType: "universal_ssl_event_type",
    role: "edge-certificate",
    plans: ALL_PLANS,
    description: "An event on the zone's Universal SSL certificate (issued, renewed, failed validation). A failed validation means visitors will soon see certificate errors: check the CAA records and DNS.",
  },
];

/** Alert types and the plans that offer them, for the policy: the template's, and the Enterprise-only error-rate ones a fork might add. */
export const ALERT_TYPE_PLANS: Readonly<Record<string, readonly CloudflarePlan[]>> = {
  ...Object.fromEntries(EDGE_ALERTS.map((a) => [a.alertType, a.plans])),
  health_check_status_notification: ["pro", "business", "enterprise"],
  http_alert_origin_error: ["enterprise"],
  advanced_http_alert_error: ["enterprise"],
  traffic_anomalies_alert: ["enterprise"],
  advanced_ddos_attack_l7_alert: ["enterprise"],
  clickhouse_alert_fw_anomaly: ["business", "enterprise"],
};

/** Whether notifications on this plan may go to a webhook (Slack). */
export function webhooksAllowed(plan: CloudflarePlan): boolean {
  return plan !== "free";
}
