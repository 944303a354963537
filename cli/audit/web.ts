// HTTP(S) and TLS probes. Names are resolved through the audit's DNS client (so `--resolver` decides where a
// host is), connections go to that address with the host name as SNI and Host header, and certificates are
// inspected rather than enforced, so that an invalid one can be reported precisely.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { performance } from "node:perf_hooks";
import tls from "node:tls";
import zlib from "node:zlib";
import { DnsClient, DnsError } from "./dns";
import { Semaphore } from "./limit";

export const USER_AGENT = "launch-ready-audit/0.1";
const MAX_REDIRECTS = 10;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_CONNECTIONS = 16;

export interface WebOptions {
  dns: DnsClient;
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots. */
  ca?: Buffer;
  /** Ports used for URLs without an explicit port (80 and 443 outside tests). */
  httpPort: number;
  httpsPort: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export class WebError extends Error {
  constructor(
    readonly code: string,
    readonly target: string,
    readonly detail: string,
  ) {
    super(`${target}: ${detail}`);
    this.name = "WebError";
  }
}

export interface TlsInfo {
  /** The chain verifies against the trusted roots (the host name is checked separately). */
  authorized: boolean;
  authorizationError?: string;
  protocol: string | null;
  certificate: tls.DetailedPeerCertificate;
}

export interface WebResponse {
  url: URL;
  status: number;
  headers: http.IncomingHttpHeaders;
  location?: URL;
  address: string;
  /** From sending the request (connection included) to the response headers. */
  elapsedMs: number;
  /** For HTTPS: the connection's certificate and protocol. */
  tls?: TlsInfo;
  body?: string;
  /** Body bytes as they came over the wire (compressed, when the server compressed them). */
  transferBytes?: number;
  /** The body was longer than the read's `maxBytes` and was cut off there. */
  truncated?: boolean;
}

/** How much of a body to read, and how. */
export interface BodyRead {
  /** Wire bytes read at most; beyond it the request fails, or with `truncate` the body is cut off there. */
  maxBytes: number;
  truncate?: boolean;
  /** Ask for gzip or Brotli as browsers do, so `transferBytes` is what a visitor downloads; the body is decoded. */
  compressed?: boolean;
  accept?: string;
}

/** The text of a body, decoded as its Content-Encoding says; a body cut off decodes as far as it goes. */
function decodeBody(raw: Buffer, encoding: string | undefined): string {
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  try {
    if (encoding === "gzip") return zlib.gunzipSync(raw, flush).toString("utf8");
    if (encoding === "br") return zlib.brotliDecompressSync(raw, { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }).toString("utf8");
  } catch {
    return "";
  }
  return raw.toString("utf8");
}

export interface Chain {
  hops: WebResponse[];
  final?: WebResponse;
  error?: WebError | DnsError;
}

export function isRedirect(status: number): boolean {
  return [301, 302, 303, 307, 308].includes(status);
}

function describeTls(socket: tls.TLSSocket): TlsInfo {
  const info: TlsInfo = {
    authorized: socket.authorized,
    protocol: socket.getProtocol(),
    certificate: socket.getPeerCertificate(true),
  };
  if (socket.authorizationError) info.authorizationError = String(socket.authorizationError);
  return info;
}

/** The code of a handshake refused because the server offers no TLS version newer than 1.1. */
export const OBSOLETE_TLS_ONLY = "EOBSOLETETLS";
// OpenSSL's errors when no version is offered by both sides: the server's protocol_version alert, or the client
// refusing the older version the server picked. tls.connect reports them by code, an HTTPS request as EPROTO.
const VERSION_MISMATCH = new Set(["ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", "ERR_SSL_UNSUPPORTED_PROTOCOL"]);
const versionMismatch = (err: NodeJS.ErrnoException) =>
  (err.code !== undefined && VERSION_MISMATCH.has(err.code)) || (err.code === "EPROTO" && /alert protocol version|unsupported protocol/i.test(err.message));

/**
 * Node's hostname check runs inside the handshake and turns a wrong name into an untrusted chain
 * (`authorized: false`). The audit judges the chain and the name as two findings, so the handshake skips it.
 */
const judgedSeparately = (): undefined => undefined;

function connectionError(err: NodeJS.ErrnoException, target: string): WebError {
  if (err instanceof WebError) return err;
  if (versionMismatch(err)) {
    return new WebError(OBSOLETE_TLS_ONLY, target, "the server offers no TLS version newer than 1.1");
  }
  switch (err.code) {
    case "ECONNREFUSED":
      return new WebError("ECONNREFUSED", target, "connection refused (nothing listens there)");
    case "ECONNRESET":
      return new WebError("ECONNRESET", target, "the connection was reset");
    case "ABORT_ERR":
      return new WebError("ECANCELLED", target, "the audit's time bound ran out");
    default:
      return new WebError(err.code ?? "EWEB", target, err.message);
  }
}

export class WebClient {
  private readonly slots = new Semaphore(MAX_CONNECTIONS);
  // Built once: a context with its own CA list parses every root certificate, which costs tens of
  // milliseconds of CPU per connection if left to each request.
  private readonly context: tls.SecureContext;
  private readonly obsoleteContext: tls.SecureContext;

  constructor(private readonly options: WebOptions) {
    const ca: tls.SecureContextOptions = options.ca ? { ca: [...tls.rootCertificates, options.ca.toString("utf8")] } : {};
    this.context = tls.createSecureContext(ca);
    // OpenSSL 3 needs security level 0 to offer TLS 1.0/1.1 at all. Same roots: a host that offers nothing newer
    // is still judged on its chain.
    this.obsoleteContext = tls.createSecureContext({ ...ca, minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: "DEFAULT@SECLEVEL=0" });
  }

  /** The first address of a host (IPv4 first), looked up through the audit's resolver. */
  async address(host: string): Promise<string> {
    if (net.isIP(host)) return host;
    const { v4, v6 } = await this.options.dns.addresses(host);
    const address = v4[0] ?? v6[0];
    if (!address) throw new WebError("ENOTFOUND", host, "the name has no A or AAAA record");
    return address;
  }

  private port(url: URL): number {
    if (url.port) return Number(url.port);
    return url.protocol === "https:" ? this.options.httpsPort : this.options.httpPort;
  }

  /** One GET, no redirects followed. The body is read (`true`: up to 64 KiB) only when asked for. */
  async request(url: URL, readBody: boolean | BodyRead = false): Promise<WebResponse> {
    const address = await this.address(url.hostname);
    const port = this.port(url);
    const target = `${url.origin} (${net.isIPv6(address) ? `[${address}]` : address}:${port})`;
    return this.slots.run(() => this.send(url, address, port, target, readBody));
  }

  private send(url: URL, address: string, port: number, target: string, readBody: boolean | BodyRead): Promise<WebResponse> {
    const secure = url.protocol === "https:";
    const read: BodyRead | undefined = readBody === true ? { maxBytes: MAX_BODY_BYTES } : readBody || undefined;
    const headers: http.OutgoingHttpHeaders = { host: url.host, "user-agent": USER_AGENT, accept: read?.accept ?? "*/*" };
    if (read?.compressed) headers["accept-encoding"] = "gzip, br";
    const started = performance.now();
    return new Promise<WebResponse>((resolve, reject) => {
      // https.request hands secureContext on to tls.connect; its RequestOptions type leaves it out.
      const requestOptions: https.RequestOptions & Pick<tls.ConnectionOptions, "secureContext"> = {
        host: address,
        port,
        method: "GET",
        path: `${url.pathname}${url.search}`,
        headers,
        agent: false,
        rejectUnauthorized: false,
        checkServerIdentity: judgedSeparately,
        secureContext: this.context,
      };
      if (secure && !net.isIP(url.hostname)) requestOptions.servername = url.hostname;
      if (this.options.signal) requestOptions.signal = this.options.signal;
      const request = (secure ? https : http).request(requestOptions, (res) => {
        const response: WebResponse = {
          url,
          status: res.statusCode ?? 0,
          headers: res.headers,
          address,
          elapsedMs: performance.now() - started,
        };
        if (res.socket instanceof tls.TLSSocket) response.tls = describeTls(res.socket);
        const location = res.headers.location;
        if (location) {
          try {
            response.location = new URL(location, url);
          } catch {
            // An unparsable Location is reported by the redirect checks as a redirect that goes nowhere.
          }
        }
        if (!read) {
          clearTimeout(timer);
          res.destroy();
          return resolve(response);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = (truncated: boolean) => {
          clearTimeout(timer);
          const raw = Buffer.concat(chunks);
          const body = read.compressed ? decodeBody(raw, res.headers["content-encoding"]) : raw.toString("utf8");
          resolve({ ...response, body, transferBytes: raw.length, ...(truncated ? { truncated } : {}) });
        };
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= read.maxBytes) return void chunks.push(chunk);
          if (!read.truncate) return void res.destroy(new WebError("ETOOBIG", target, `the response is larger than ${read.maxBytes} bytes`));
          chunks.push(chunk.subarray(0, chunk.length - (size - read.maxBytes)));
          finish(true);
          res.destroy();
        });
        res.on("end", () => finish(false));
        res.on("error", (err) => {
          clearTimeout(timer);
          reject(connectionError(err, target));
        });
      });
      const timer = setTimeout(
        () => request.destroy(new WebError("ETIMEOUT", target, `no response within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      request.on("error", (err) => {
        clearTimeout(timer);
        reject(connectionError(err, target));
      });
      request.end();
    });
  }

  /** Follows redirects (at most 10) and returns every response on the way (each read as `readBody` says). */
  async follow(start: URL, readBody: boolean | BodyRead = false): Promise<Chain> {
    const hops: WebResponse[] = [];
    let url = start;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      let response: WebResponse;
      try {
        response = await this.request(url, readBody);
      } catch (err) {
        if (err instanceof WebError || err instanceof DnsError) return { hops, error: err };
        throw err;
      }
      hops.push(response);
      if (!isRedirect(response.status) || !response.location) return { hops, final: response };
      url = response.location;
    }
    return { hops, error: new WebError("ETOOMANYREDIRECTS", start.href, `more than ${MAX_REDIRECTS} redirects`) };
  }

  /**
   * A TLS handshake with the host on the HTTPS port, reporting the certificate and the protocol. A host that
   * offers only TLS 1.0/1.1 is asked again with those versions, so that its protocol (and its certificate) can
   * be reported rather than the refused handshake.
   */
  async handshake(host: string): Promise<TlsInfo> {
    try {
      return await this.connectTls(host, this.context, describeTls);
    } catch (err) {
      if (!(err instanceof WebError && err.code === OBSOLETE_TLS_ONLY)) throw err;
      return this.connectTls(host, this.obsoleteContext, describeTls);
    }
  }

  /** Whether the host still completes a handshake limited to TLS 1.0/1.1 (deprecated by RFC 8996). */
  async acceptsObsoleteTls(host: string): Promise<boolean> {
    try {
      return await this.connectTls(host, this.obsoleteContext, () => true);
    } catch (err) {
      // A refused handshake is the good answer; a host we cannot reach at all is not an answer.
      if (err instanceof WebError && err.code !== "ETIMEOUT" && err.code !== "ECONNREFUSED" && err.code !== "ECANCELLED") {
        return false;
      }
      throw err;
    }
  }

  private async connectTls<T>(host: string, secureContext: tls.SecureContext, onConnected: (socket: tls.TLSSocket) => T): Promise<T> {
    const address = await this.address(host);
    const port = this.options.httpsPort;
    const target = `${host} (${net.isIPv6(address) ? `[${address}]` : address}:${port})`;
    return this.slots.run(() => new Promise<T>((resolve, reject) => {
      const socket = tls.connect({ host: address, port, servername: host, rejectUnauthorized: false, checkServerIdentity: judgedSeparately, secureContext });
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.options.signal?.removeEventListener("abort", onAbort);
        outcome();
        socket.destroy();
      };
      const fail = (err: Error) => settle(() => reject(err));
      const onAbort = () => fail(new WebError("ECANCELLED", target, "the audit's time bound ran out"));
      const timer = setTimeout(
        () => fail(new WebError("ETIMEOUT", target, `no TLS handshake within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      socket.once("secureConnect", () => settle(() => resolve(onConnected(socket))));
      socket.on("error", (err) => fail(connectionError(err, target)));
      if (this.options.signal?.aborted) return onAbort();
      this.options.signal?.addEventListener("abort", onAbort, { once: true });
    }));
  }
}
