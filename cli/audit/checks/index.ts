// Every check the audit runs, in one list. A new check is a function in the file of its area (built with
// defineCheck) and one line here; a new area is a new file beside these and its import here.
import { forEachHost, type AuditContext, type Check } from "../context";
import { contentChecks } from "./content";
import { dmarc } from "./dmarc";
import { caa, dnssec, hostResolution, nameServers } from "./dns";
import { dkim, mtaSts, mx, tlsRpt } from "./mail";
import { planChecks } from "./plan";
import { registration } from "./registration";
import { securityTxt } from "./security-txt";
import { spf } from "./spf";
import { canonicalHost, certificate, hsts, httpsRedirect, latency, securityHeaders } from "./web";

/** Makes a kind of check for one run: one check, one per host, several sharing what they read, or none. */
export type CheckFactory = (ctx: AuditContext) => Check | readonly Check[];

export const CHECKS: readonly CheckFactory[] = [
  nameServers,
  forEachHost(hostResolution),
  dnssec,
  caa,
  registration,
  spf,
  dmarc,
  dkim,
  mx,
  mtaSts,
  tlsRpt,
  canonicalHost,
  securityTxt,
  contentChecks,
  forEachHost(certificate),
  forEachHost(httpsRedirect),
  forEachHost(hsts),
  forEachHost(securityHeaders),
  forEachHost(latency),
  planChecks,
];
