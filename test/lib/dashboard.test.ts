import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dashboardBody, dashboardUrl, type DashboardCheck } from "../../lib/dashboard";

const check = (name: string, id: string): DashboardCheck => ({
  name,
  url: `https://example.com/${name}`,
  healthCheckId: id,
  downAlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}-down`,
  latencyAlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}-latency`,
});

type Widget = ReturnType<typeof dashboardBody>["widgets"][number];
const metricsOf = (w: Widget) => w.properties["metrics"] as unknown[][];

describe("dashboardBody", () => {
  const body = dashboardBody({ title: "Uptime of example.com", region: "us-east-1", latencyBudgetMs: 800, checks: [check("home", "id-home"), check("login", "id-login")] });

  it("opens with a header and the state of every alarm", () => {
    const [header, alarms] = body.widgets;
    expect(header).toMatchObject({ type: "text", x: 0, y: 0, width: 24 });
    expect(String(header?.properties["markdown"])).toContain("## Uptime of example.com");
    expect(alarms).toMatchObject({ type: "alarm", x: 0, width: 24 });
    expect(alarms?.properties["alarms"]).toEqual([
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:home-down",
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:home-latency",
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:login-down",
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:login-latency",
    ]);
  });

  it("shows each check's uptime and latency against the budget, on its own health check id, in the metrics' region", () => {
    const metrics = body.widgets.filter((w) => w.type === "metric");
    expect(metrics.map((w) => [w.properties["title"], metricsOf(w)[0]?.slice(0, 4), w.properties["stat"], w.properties["region"]])).toEqual([
      ["home: up (https://example.com/home)", ["AWS/Route53", "HealthCheckStatus", "HealthCheckId", "id-home"], "Minimum", "us-east-1"],
      ["home: time to first byte (ms)", ["AWS/Route53", "TimeToFirstByte", "HealthCheckId", "id-home"], "Average", "us-east-1"],
      ["login: up (https://example.com/login)", ["AWS/Route53", "HealthCheckStatus", "HealthCheckId", "id-login"], "Minimum", "us-east-1"],
      ["login: time to first byte (ms)", ["AWS/Route53", "TimeToFirstByte", "HealthCheckId", "id-login"], "Average", "us-east-1"],
    ]);
    const annotations = metrics.map((w) => w.properties["annotations"]);
    expect(annotations).toEqual([undefined, { horizontal: [{ label: "budget", value: 800 }] }, undefined, { horizontal: [{ label: "budget", value: 800 }] }]);
  });

  it("never overlaps widgets and stays inside the 24-column grid, for any number of checks", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), (n) => {
        const { widgets } = dashboardBody({ title: "t", region: "us-east-1", latencyBudgetMs: 1, checks: Array.from({ length: n }, (_, i) => check(`c${i}`, `id${i}`)) });
        const cells = new Set<string>();
        let overlaps = 0;
        for (const w of widgets) {
          expect(w.x + w.width).toBeLessThanOrEqual(24);
          for (let x = w.x; x < w.x + w.width; x++)
            for (let y = w.y; y < w.y + w.height; y++) {
              if (cells.has(`${x},${y}`)) overlaps++;
              cells.add(`${x},${y}`);
            }
        }
        expect(overlaps).toBe(0);
        const alarmWidgets = widgets.filter((w) => w.type === "alarm");
        expect(alarmWidgets.every((w) => (w.properties["alarms"] as string[]).length <= 100)).toBe(true);
        expect(alarmWidgets.flatMap((w) => w.properties["alarms"] as string[])).toHaveLength(2 * n);
        expect(widgets.filter((w) => w.type === "metric")).toHaveLength(2 * n);
      }),
      { numRuns: 30 },
    );
  });
});

describe("dashboardUrl", () => {
  it("opens the dashboard in the console of its region", () => {
    expect(dashboardUrl("us-east-1", "example-com-prod-uptime")).toBe(
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=example-com-prod-uptime",
    );
  });
});
