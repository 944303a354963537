/** Spans of time in seconds, and how a person says them. One place for each unit, read by config, policies and reports. */

export const ONE_MINUTE_SECONDS = 60;
export const ONE_HOUR_SECONDS = 3_600;
export const ONE_DAY_SECONDS = 86_400;
export const ONE_WEEK_SECONDS = 604_800;
/** Thirty days: the month of HSTS ramps and cache TTLs. */
export const ONE_MONTH_SECONDS = 2_592_000;
/** 365 days: the year HSTS max-ages are measured in (hstspreload.org asks for 31536000). */
export const ONE_YEAR_SECONDS = 31_536_000;

const UNITS: readonly (readonly [seconds: number, word: string])[] = [
  [ONE_YEAR_SECONDS, "year"],
  [ONE_MONTH_SECONDS, "month"],
  [ONE_WEEK_SECONDS, "week"],
  [ONE_DAY_SECONDS, "day"],
  [ONE_HOUR_SECONDS, "hour"],
  [ONE_MINUTE_SECONDS, "minute"],
  [1, "second"],
];

const counted = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** In the largest unit that divides it exactly: 90 → "90 seconds", 15552000 → "6 months". For values the stack sets. */
export function duration(seconds: number): string {
  const [size, word] = UNITS.find(([size]) => seconds >= size && seconds % size === 0) ?? [1, "second"];
  return counted(seconds / size, word);
}

/**
 * In the largest whole unit that fits, days at most, rounded down: 300 → "5 minutes", 15552000 → "180 days", never
 * "0 days". For values read from elsewhere (a live header), which need not be round.
 */
export function spanOf(seconds: number): string {
  const [size, word] = UNITS.find(([size]) => size <= ONE_DAY_SECONDS && seconds >= size) ?? [1, "second"];
  return counted(Math.floor(seconds / size), word);
}
