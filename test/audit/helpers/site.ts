// HTTP and HTTPS listeners on one loopback address for every host of a test site: the certificate is picked
// by SNI and the response by the Host header, so one port pair serves apex, www, app, api and mta-sts.
import http from "node:http";
import https from "node:https";
import type net from "node:net";
import tls from "node:tls";
import type { Leaf } from "./pki";

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse, host: string, secure: boolean) => void;

export interface Site {
  httpPort: number;
  httpsPort: number;
  /** Requests received, as "http://host/path" or "https://host/path". */
  requests: string[];
  stop(): Promise<void>;
}

function listen(server: net.Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port));
  });
}

/** TLS versions the HTTPS listener offers (default: Node's, TLS 1.2 and 1.3). */
export type SiteTls = Pick<tls.SecureContextOptions, "minVersion" | "maxVersion" | "ciphers">;

/** A server that offers only TLS 1.0 and 1.1 (OpenSSL 3 needs security level 0 for them). */
export const OBSOLETE_TLS_ONLY: SiteTls = { minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: "DEFAULT@SECLEVEL=0" };

export async function startSite(host: string, leaves: Leaf[], handle: Handler, versions: SiteTls = {}): Promise<Site> {
  const contexts = leaves.map((leaf) => ({ names: leaf.names, context: tls.createSecureContext({ key: leaf.key, cert: leaf.cert, ...versions }) }));
  const fallback = leaves[0];
  if (!fallback) throw new Error("startSite needs at least one certificate");
  const requests: string[] = [];
  const route = (secure: boolean) => (request: http.IncomingMessage, response: http.ServerResponse) => {
    const name = (request.headers.host ?? "").replace(/:\d+$/, "");
    requests.push(`${secure ? "https" : "http"}://${name}${request.url ?? ""}`);
    handle(request, response, name, secure);
  };
  const plain = http.createServer(route(false));
  const secure = https.createServer(
    {
      key: fallback.key,
      cert: fallback.cert,
      ...versions,
      SNICallback: (servername, done) => done(null, contexts.find((c) => c.names.includes(servername))?.context ?? contexts[0]!.context),
    },
    route(true),
  );
  const [httpPort, httpsPort] = [await listen(plain, host), await listen(secure, host)];
  return {
    httpPort,
    httpsPort,
    requests,
    async stop() {
      for (const server of [plain, secure]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
