import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { duration, ONE_DAY_SECONDS, spanOf } from "../../lib/durations";

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3_600, day: 86_400, week: 604_800, month: 2_592_000, year: 31_536_000 };

/** "6 months" → [6, 2592000]. */
function parsed(text: string): [count: number, unit: number] {
  const match = /^(\d+) (second|minute|hour|day|week|month|year)s?$/.exec(text);
  if (match === null) throw new Error(`not a span: ${text}`);
  return [Number(match[1]), UNIT_SECONDS[match[2]!]!];
}

describe("duration: a value the stack sets, in its exact unit", () => {
  it.each([
    [1, "1 second"],
    [90, "90 seconds"],
    [300, "5 minutes"],
    [3_600, "1 hour"],
    [86_400, "1 day"],
    [604_800, "1 week"],
    [2_592_000, "1 month"],
    [15_552_000, "6 months"],
    [31_536_000, "1 year"],
    [63_072_000, "2 years"],
  ])("%d s is %s", (seconds, words) => expect(duration(seconds)).toBe(words));

  it("says exactly the seconds it was given, in the largest unit that divides them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * 31_536_000 }), (seconds) => {
        const [count, unit] = parsed(duration(seconds));
        expect(count * unit).toBe(seconds);
        expect(Object.values(UNIT_SECONDS).filter((larger) => larger > unit && seconds % larger === 0)).toEqual([]);
      }),
    );
  });
});

describe("spanOf: a value read live, in whole units up to days", () => {
  it.each([
    [1, "1 second"],
    [59, "59 seconds"],
    [300, "5 minutes"],
    [7200, "2 hours"],
    [86_400, "1 day"],
    [15_552_000, "180 days"],
  ])("HSTS max-age %i reads as %s, never as 0 days", (seconds, text) => expect(spanOf(seconds)).toBe(text));

  it("rounds down to the largest whole unit that fits, never to 0 and never above days", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * 31_536_000 }), (seconds) => {
        const [count, unit] = parsed(spanOf(seconds));
        expect(count).toBeGreaterThan(0);
        expect(unit).toBeLessThanOrEqual(ONE_DAY_SECONDS);
        expect(count * unit).toBeLessThanOrEqual(seconds);
        expect(Object.values(UNIT_SECONDS).filter((larger) => larger > unit && larger <= ONE_DAY_SECONDS && seconds >= larger)).toEqual([]);
      }),
    );
  });
});
