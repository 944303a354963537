// A throw-away certificate authority made with the openssl CLI: a CA for --ca, and leaf certificates for
// the names a test serves (one can be made to expire in a few days).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface Leaf {
  names: string[];
  key: string;
  cert: string;
}

export interface Pki {
  /** PEM file of the CA, for --ca. */
  caFile: string;
  leaf(names: string[], days: number): Leaf;
  cleanup(): void;
}

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

export function makePki(): Pki {
  const dir = mkdtempSync(path.join(tmpdir(), "audit-pki-"));
  const file = (name: string) => path.join(dir, name);
  const openssl = (args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  openssl([
    "req", "-x509", ...EC_KEY, "-keyout", file("ca.key"), "-out", file("ca.pem"), "-days", "3650",
    "-subj", "/CN=launch-ready audit test CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  let serial = 0;
  return {
    caFile: file("ca.pem"),
    leaf(names, days) {
      const base = `leaf${++serial}`;
      writeFileSync(
        file(`${base}.ext`),
        [`subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}`, "basicConstraints=CA:FALSE", "keyUsage=digitalSignature", "extendedKeyUsage=serverAuth"].join("\n"),
      );
      openssl(["req", "-new", ...EC_KEY, "-keyout", file(`${base}.key`), "-out", file(`${base}.csr`), "-subj", `/CN=${names[0]}`]);
      openssl([
        "x509", "-req", "-in", file(`${base}.csr`), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-set_serial", String(1000 + serial),
        "-days", String(days), "-extfile", file(`${base}.ext`), "-out", file(`${base}.pem`),
      ]);
      return { names, key: readFileSync(file(`${base}.key`), "utf8"), cert: readFileSync(file(`${base}.pem`), "utf8") };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
