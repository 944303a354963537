/**
 * The zone settings of the edge: HTTPS everywhere with a valid chain to the origin, TLS 1.2 or newer, HSTS, and the
 * speed settings every plan may change. Setting ids and values are the API's snake_case strings; `security_header` is a
 * dynamic value sent verbatim, so its keys must be snake_case too (pulumi-cloudflare#1579). Every id here is editable on
 * the Free plan (shared/reference/cloudflare.md §3.2); plan-gated ids (http2 on Free, polish, brotli) are left alone.
 */
import { ONE_MONTH_SECONDS, ONE_WEEK_SECONDS, ONE_YEAR_SECONDS } from "./durations";

/** Below six months an HSTS max-age is only a deliberate step of the ramp to a year. */
export const HALF_YEAR_SECONDS = ONE_YEAR_SECONDS / 2;
/** The ramp's first step: five minutes. Below it HSTS protects nobody (0 switches it off). */
export const HSTS_RAMP_MIN_SECONDS = 300;
/** The ramp hstspreload.org recommends: five minutes, a week, a month, then at least a year (shared/reference/anchors.md §5). */
export const HSTS_RAMP_SECONDS = [HSTS_RAMP_MIN_SECONDS, ONE_WEEK_SECONDS, ONE_MONTH_SECONDS, ONE_YEAR_SECONDS] as const;

export interface HstsInput {
  maxAgeSeconds: number;
  includeSubdomains: boolean;
  preload: boolean;
  /** A max-age under six months set on purpose, as one step of the ramp to a year (config refuses it otherwise). */
  rampStage?: boolean;
}

export interface HstsValue {
  strict_transport_security: { enabled: true; max_age: number; include_subdomains: boolean; preload: boolean; nosniff: true };
}

/** The security_header value. nosniff adds X-Content-Type-Options, which every site wants. */
export function hstsValue(hsts: HstsInput): HstsValue {
  return {
    strict_transport_security: {
      enabled: true,
      max_age: hsts.maxAgeSeconds,
      include_subdomains: hsts.includeSubdomains,
      preload: hsts.preload,
      nosniff: true,
    },
  };
}

export interface ZoneSettingSpec {
  id: string;
  value: string | HstsValue;
}

export function edgeZoneSettings(hsts: HstsInput): ZoneSettingSpec[] {
  return [
    // Full (strict): Cloudflare verifies the origin's certificate; flexible/full would accept a forged origin.
    { id: "ssl", value: "strict" },
    { id: "always_use_https", value: "on" },
    { id: "min_tls_version", value: "1.2" },
    // "on", not "zrt": 0-RTT early data can be replayed, so it stays off.
    { id: "tls_1_3", value: "on" },
    { id: "automatic_https_rewrites", value: "on" },
    { id: "security_header", value: hstsValue(hsts) },
    { id: "http3", value: "on" },
    { id: "early_hints", value: "on" },
  ];
}
