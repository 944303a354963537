// mailauth's parts the audit calls (typed in types/mailauth.d.ts).
import getDmarcRecord from "mailauth/lib/dmarc/get-dmarc-record";
import * as mtaSts from "mailauth/lib/mta-sts";
import { spf as evaluateSpf } from "mailauth/lib/spf";

export { evaluateSpf, getDmarcRecord, mtaSts };
