import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brokenAlarm, errorRateAlarm, flowAlarmDescription, heartbeatAlarm, heartbeatAlarmDescription, p95Alarm, runTimeoutSeconds, samplePeriodSeconds, SAMPLES_PER_STEP, scheduleExpression } from "../../lib/flows";

describe("scheduleExpression", () => {
  it.each([
    [1, "rate(1 minute)"],
    [5, "rate(5 minutes)"],
    [15, "rate(15 minutes)"],
    [59, "rate(59 minutes)"],
    [60, "rate(1 hour)"],
  ])("every %i minutes is %s", (minutes, expression) => {
    expect(scheduleExpression(minutes)).toBe(expression);
  });

  it.each([0, 61, 2.5, -5])("refuses %s minutes, saying what is allowed", (minutes) => {
    expect(() => scheduleExpression(minutes)).toThrow(`A canary runs every 1 to 60 minutes; received ${minutes}.`);
  });
});

describe("run limits and alarm periods", () => {
  it("a run may use every request's full timeout plus a cold start, but never outlasts the schedule or Synthetics' 840 s", () => {
    expect(runTimeoutSeconds(1, 5)).toBe(80);
    expect(runTimeoutSeconds(5, 15)).toBe(280);
    expect(runTimeoutSeconds(5, 1)).toBe(60);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 60 }), (steps, minutes) => {
        const timeout = runTimeoutSeconds(steps, minutes);
        return timeout <= 840 && timeout <= minutes * 60 && timeout >= Math.min(60, minutes * 60);
      }),
    );
  });

  it("each error-rate and p95 data point spans at least 15 minutes and 3 runs (15 requests), in whole minutes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (minutes) => {
        const period = samplePeriodSeconds(minutes);
        return period % 60 === 0 && period >= 900 && (period / (minutes * 60)) * SAMPLES_PER_STEP >= 15;
      }),
    );
  });

  it("a frequent canary must fail twice in a row; one run every 10 minutes or less often pages on its first failure", () => {
    expect([1, 5, 10, 15, 60].map((m) => [brokenAlarm(m).evaluationPeriods, brokenAlarm(m).periodSeconds, brokenAlarm(m).warmUpMinutes])).toEqual([
      [2, 60, 12],
      [2, 300, 20],
      [1, 600, 30],
      [1, 900, 40],
      [1, 3600, 130],
    ]);
  });

  it("error rate is a share (Average of 0/1 per request); p95 is a percentile with no plain statistic", () => {
    expect(errorRateAlarm(5, 25)).toMatchObject({ statistic: "Average", threshold: 0.25, treatMissingData: "ignore" });
    const p95 = p95Alarm(5, 800);
    expect([p95.extendedStatistic, p95.statistic, p95.threshold]).toEqual(["p95", undefined, 800]);
  });
});

describe("heartbeatAlarmDescription", () => {
  it.each([
    [{ name: "invoices", everyMinutes: 60 }, "The scheduled job invoices has sent no heartbeat for 120 minutes (it runs every 60): it failed, hangs or no longer starts. Check its scheduler and the error tracker. Owner: Ana."],
    [{ name: "sync", everyMinutes: 5 }, "The scheduled job sync has sent no heartbeat for 10 minutes (it runs every 5): it failed, hangs or no longer starts. Check its scheduler and the error tracker. Owner: Ana."],
  ])("says which job, how long it has been silent and who owns it (%j)", (job, text) => {
    expect(heartbeatAlarmDescription(job, "Ana")).toBe(text);
  });

  it("names the silence the alarm waits for: two of the job's intervals", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 720 }), (everyMinutes) => {
        const alarm = heartbeatAlarm(everyMinutes);
        expect(heartbeatAlarmDescription({ name: "job", everyMinutes }, "Ana")).toContain(`no heartbeat for ${(alarm.periodSeconds * alarm.evaluationPeriods) / 60} minutes`);
      }),
    );
  });
});

describe("flowAlarmDescription", () => {
  const flow = { name: "booking", steps: [{ url: "https://app.example.com/pricing" }, { url: "https://app.example.com/book" }] };
  const budget = { latencyBudgetMs: 1000, errorRatePercent: 10 };
  it.each([
    [brokenAlarm(15), "The booking flow is broken: a step never answered 2xx with its text in the last run (https://app.example.com/pricing → https://app.example.com/book). Visitors cannot complete it: open it, then check the latest deploy and the canary's run log. Owner: Ana."],
    [brokenAlarm(5), "The booking flow is broken: a step never answered 2xx with its text in the last 2 runs (https://app.example.com/pricing → https://app.example.com/book). Visitors cannot complete it: open it, then check the latest deploy and the canary's run log. Owner: Ana."],
    [errorRateAlarm(15, 10), "The booking flow had more than 10 % failed requests (5xx, timeouts, missing text) for 90 minutes (https://app.example.com/pricing → https://app.example.com/book). Check the app's error tracker and logs. Owner: Ana."],
    [p95Alarm(5, 1000), "The booking flow's p95 response time was over the budget of 1000 ms for 30 minutes (https://app.example.com/pricing → https://app.example.com/book). Check the host's load and the latest deploy. Owner: Ana."],
  ])("says which flow, what happened and who owns it", (alarm, text) => {
    expect(flowAlarmDescription(alarm, flow, "Ana", budget)).toBe(text);
  });
});
