import * as pulumi from "@pulumi/pulumi";
import type { LaunchConfig } from "../config";
import { Zone } from "./zone";
import { siteHosts } from "../lib/edge-rules";
import { registrarSteps } from "../lib/registrar";
import { Cache } from "./cache";
import { Dns } from "./dns";
import { EdgeProtection } from "./edge-protection";
import { Redirects } from "./redirects";
import { Tls } from "./tls";
import { MailRecords } from "./mail-records";
import { SendingIdentity } from "./sending-identity";
import { Alerting } from "./alerting";
import { UptimeDashboard } from "./dashboard";
import { Monitoring } from "./monitoring";
import { Secrets } from "./secrets";
import { EdgeAlerts } from "./edge-alerts";
import { FlowChecks } from "./flow-checks";
import { JobHeartbeats } from "./job-heartbeats";
import { SlackAlerts } from "./slack-alerts";
import { ERROR_TRACKER_DSN, monitoringNeedsAPerson } from "../lib/monitoring-steps";
import { externalAuthorizations } from "../lib/dmarc";
import { fqdn } from "../lib/domain";
import { inboundMx, receivesMail } from "../lib/mail-presets";
import { mailNeedsAPerson } from "../lib/mail-steps";
import { planSpf } from "../lib/spf";
import { stackSlug } from "../lib/uptime";
import type { StackOutputs } from "../model/stack-outputs";

/** A value as the program builds it: the value itself or an output of it, at every depth (what Pulumi serializes). */
type Wired<T> = pulumi.Input<T extends object ? { [K in keyof T]: Wired<T[K]> } : T>;

export interface LaunchArgs {
  /** The validated stack config. */
  config: LaunchConfig;
}

/** Everything one client's launch needs, wired from one validated config. */
export class Launch extends pulumi.ComponentResource {
  /**
   * Stack outputs: what a person needs to finish the launch (registrar steps, confirmations, ...), and what the
   * policies and the launch documents read. Their contract is model/stack-outputs.ts.
   */
  public readonly outputs: Wired<StackOutputs>;

  constructor(name: string, args: LaunchArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:app:Launch", name, {}, opts);
    const { config } = args;

    const zone = new Zone(`${name}-zone`, {
      domain: config.domain,
      accountId: config.cloudflare.accountId,
      existingZone: config.cloudflare.existingZone,
      plan: config.cloudflare.plan,
      active: config.cloudflare.zoneActive,
    }, { parent: this });

    // The web edge: records, canonical and legacy redirects, TLS/HSTS, cache, rate limits and WAF.
    const site = siteHosts(config.domain, config.canonicalHost);
    const firstAlertEmail = config.monitoring.alertEmails[0] ?? "";
    new Dns(`${name}-dns`, { zoneId: zone.zoneId, domain: config.domain, site, hosts: config.hosts, records: config.records, caaReportEmail: firstAlertEmail }, { parent: this });
    new Redirects(`${name}-redirects`, { zoneId: zone.zoneId, site, redirects: config.redirects }, { parent: this });
    new Tls(`${name}-tls`, { zoneId: zone.zoneId, hsts: config.hsts }, { parent: this });
    new Cache(`${name}-cache`, { zoneId: zone.zoneId, cache: config.cache }, { parent: this });
    new EdgeProtection(`${name}-edge-protection`, {
      zoneId: zone.zoneId,
      domain: config.domain,
      plan: config.cloudflare.plan,
      rateLimits: config.rateLimits,
      uptimeCheckUrls: config.monitoring.checks.map((c) => c.url),
      authPaths: config.authPaths,
    }, { parent: this });

    // Mail: the SES sending identity and the domain's mail records share the name, as they did as one component.
    const mail = config.email;
    const mx = inboundMx(mail.inbound, config.domain);
    const sendingIdentity = mail.transactional === "ses"
      ? new SendingIdentity(`${name}-email`, {
          domain: config.domain,
          zoneId: zone.zoneId,
          region: config.awsRegion,
          mailFromDomain: fqdn(mail.mailFromSubdomain, config.domain),
          spfAll: mail.spfAll,
        }, { parent: this })
      : undefined;
    new MailRecords(`${name}-email`, {
      domain: config.domain,
      zoneId: zone.zoneId,
      accountId: config.cloudflare.accountId,
      zoneActive: zone.active,
      spfIncludes: planSpf(mail.senders, mail.spfIncludes).includes.map((i) => i.domain),
      spfAll: mail.spfAll,
      dmarc: mail.dmarc,
      dkim: mail.dkim,
      mx,
      tlsReportAddresses: mail.dmarc.rua,
    }, { parent: this });

    const stack = pulumi.getStack();
    const { domain, monitoring } = config;
    // The error tracker's DSN is stored like the other secrets; until a person sets it, its secret waits empty.
    const dsn = config.monitoringSecrets.errorTrackerDsn;
    const secrets = new Secrets(`${name}-secrets`, {
      domain,
      stack,
      secrets: [...config.secrets, ...(monitoring.errorTracking ? [{ name: ERROR_TRACKER_DSN, generate: false }] : [])],
      values: { ...config.secretValues, ...(dsn === undefined ? {} : { [ERROR_TRACKER_DSN]: dsn }) },
      awaiting: [ERROR_TRACKER_DSN],
    }, { parent: this });
    // Canaries and job heartbeats live in the region nearest the customers; their alarms need a topic there.
    const flowRegions = monitoring.flows.length > 0 || monitoring.jobs.length > 0 ? [monitoring.flowRegion] : [];
    const alerts = new Alerting(`${name}-alerts`, { domain, stack, emails: monitoring.alertEmails, otherRegions: flowRegions }, { parent: this });
    const uptime = new Monitoring(`${name}-uptime`, {
      domain,
      stack,
      checks: monitoring.checks,
      latencyBudgetMs: monitoring.latencyBudgetMs,
      owners: monitoring.owners,
      alarmTopicArn: alerts.topicArn,
    }, { parent: this });
    const flowTopic = alerts.topicArns[monitoring.flowRegion];
    const flows = flowTopic === undefined
      ? undefined
      : new FlowChecks(`${name}-flows`, {
          domain,
          stack,
          flows: monitoring.flows,
          region: monitoring.flowRegion,
          latencyBudgetMs: monitoring.latencyBudgetMs,
          errorRatePercent: monitoring.errorRatePercent,
          owners: monitoring.owners,
          alarmTopicArn: flowTopic,
        }, { parent: this });
    const heartbeats = flowTopic === undefined || monitoring.jobs.length === 0
      ? undefined
      : new JobHeartbeats(`${name}-jobs`, {
          domain,
          stack,
          jobs: monitoring.jobs,
          owner: monitoring.owners.jobs,
          region: monitoring.flowRegion,
          alarmTopicArn: flowTopic,
        }, { parent: this });
    if (monitoring.slack !== undefined) {
      new SlackAlerts(`${name}-slack`, { domain, stack, slack: monitoring.slack, topicArns: Object.values(alerts.topicArns) }, { parent: this });
    }
    new EdgeAlerts(`${name}-edge-alerts`, {
      accountId: config.cloudflare.accountId,
      domain,
      stack,
      plan: config.cloudflare.plan,
      emails: monitoring.alertEmails,
      owner: monitoring.owners.edge,
      ...(config.monitoringSecrets.slackWebhookUrl === undefined ? {} : { slackWebhookUrl: config.monitoringSecrets.slackWebhookUrl }),
    }, { parent: this });
    const dashboard = new UptimeDashboard(`${name}-dashboard`, {
      domain,
      stack,
      latencyBudgetMs: monitoring.latencyBudgetMs,
      checks: uptime.checks,
      flowRegion: monitoring.flowRegion,
      flows: flows?.flows ?? [],
      jobAlarmArns: heartbeats?.heartbeats.apply((h) => h.map((j) => j.alarmArn)) ?? [],
    }, { parent: this });

    this.outputs = {
      domain: config.domain,
      canonicalHost: site.canonical,
      // The policies size the rulesets by it (model/edge.ts zonePlan reads it from the stack's outputs).
      cloudflarePlan: config.cloudflare.plan,
      zoneId: zone.zoneId,
      nameServers: zone.nameServers,
      // DNSSEC: the DS record for the registrar, whole and in parts, and what a person must do there.
      dnssecDsRecord: zone.ds.ds,
      dnssecDsParts: { keyTag: zone.ds.keyTag, algorithm: zone.ds.algorithm, digestType: zone.ds.digestType, digest: zone.ds.digest },
      registrarSteps: pulumi
        .all([zone.nameServers, zone.ds.ds, zone.ds.keyTag, zone.ds.algorithm, zone.ds.digestType, zone.ds.digest])
        .apply(([ns, ds, keyTag, algorithm, digestType, digest]) => registrarSteps(ns, { ds, keyTag, algorithm, digestType, digest }, config.cloudflare.existingZone)),
      // Mail: SES's verdict on the domain, the steps only a person can take, the records external DMARC receivers need.
      sesVerificationStatus: sendingIdentity?.verificationStatus ?? "not used (email.transactional: none)",
      mailNeedsAPerson: mailNeedsAPerson({
        domain,
        sesRegion: sendingIdentity === undefined ? undefined : config.awsRegion,
        senders: mail.senders,
        dkimSelectors: mail.dkim.map((d) => d.selector),
        receivesMail: receivesMail(mx),
        zoneActive: zone.active,
        reportAddresses: mail.dmarc.rua,
      }),
      dmarcReportAuthorizations: externalAuthorizations(domain, mail.dmarc.rua),
      // Names and ARNs only: values stay in Secrets Manager.
      secrets: secrets.stored,
      ...(secrets.readPolicyArn === undefined ? {} : { secretsReadPolicyArn: secrets.readPolicyArn }),
      alertTopicArn: alerts.topicArn,
      // Each address must confirm its subscription before any alert reaches it.
      alertSubscriptions: alerts.subscriptions,
      dashboardUrl: dashboard.url,
      // Key flows: what each canary walks, how often, who owns its alarms.
      flowChecks: flows?.flows ?? [],
      alertOwners: monitoring.owners,
      ...(heartbeats === undefined ? {} : { jobHeartbeats: heartbeats.heartbeats, jobHeartbeatPolicyArn: heartbeats.policyArn }),
      monitoringNeedsAPerson: monitoringNeedsAPerson({
        stack,
        topicRegions: Object.keys(alerts.topicArns),
        slack: monitoring.slack,
        errorTracking: monitoring.errorTracking,
        dsnSet: dsn !== undefined,
        dsnSecretName: `${domain}/${stack}/${ERROR_TRACKER_DSN}`,
        jobs: monitoring.jobs.map((j) => ({ name: j.name, dimension: stackSlug(domain, stack, j.name), region: monitoring.flowRegion })),
      }),
    };
    this.registerOutputs(this.outputs);
  }
}
