import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** named-checkzone (bind9-utils, installed by .ci/install-tools): exit 0 and "OK" for a loadable zone. */
export function checkZone(domain: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "zone-")), `${domain}.zone`);
  writeFileSync(file, text);
  return execFileSync("named-checkzone", ["-i", "local", domain, file], { encoding: "utf8" });
}
