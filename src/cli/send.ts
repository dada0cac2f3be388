// One HTTP request on the wire, exactly as given: header order, case and duplicates kept, a
// lower-case method kept lower-case, no redirect followed, no connection reuse. Failures come
// back as Chromium's net error names (net/base/net_error_list.h) so the engine reads them as
// it reads the browser's.
import http from 'node:http';
import https from 'node:https';
import type { HeaderList } from '../core/exchange';

export interface WireRequest {
  url: URL;
  method: string;
  /** Sent in this order after Host; Host and Content-Length are added here. */
  headers: HeaderList;
  body?: string;
  timeoutMs: number;
  /** Accept certificates browsers would reject (self-signed dev servers). */
  insecure?: boolean;
  /** Ends the request at once (Ctrl-C): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type WireResult =
  | {
      kind: 'response';
      status: number;
      statusText: string;
      /** As received: original case, duplicates kept, in order. */
      headers: HeaderList;
      /** The first bytes of the body (enough for stack fingerprints and error pages). */
      body: string;
      /** What was actually sent, for the report and the tests. */
      sent: HeaderList;
      /**
       * The body had not ended BODY_WAIT_MS after the head (a stream, server-sent events, a long
       * poll): reading stopped there, and the response stands on its head, as in the browser.
       */
      stillArriving?: true;
    }
  | { kind: 'error'; error: string; detail: string; sent: HeaderList };

/** Enough to recognise "Cannot OPTIONS /x" or an S3 XML error; the rest is never read. */
const BODY_LIMIT = 4096;

/**
 * How long the body may take after the head. The browser decides CORS on the head alone (fetch()
 * resolves once the CORS check passes; the preflight is read headers-only, preflight_controller.cc
 * DownloadHeadersOnly), so a body that never ends must not turn into a timeout: the first bytes
 * are only for recognising the server stack.
 */
export const BODY_WAIT_MS = 1000;

// Methods Node frames with chunked encoding unless told a length; a browser sends
// Content-Length instead (Content-Length: 0 for an empty POST/PUT/PATCH).
const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE', 'TRACE', 'CONNECT']);

const TLS_ERRORS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'net::ERR_CERT_DATE_INVALID',
  CERT_NOT_YET_VALID: 'net::ERR_CERT_DATE_INVALID',
  ERR_TLS_CERT_ALTNAME_INVALID: 'net::ERR_CERT_COMMON_NAME_INVALID',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'net::ERR_CERT_AUTHORITY_INVALID',
  SELF_SIGNED_CERT_IN_CHAIN: 'net::ERR_CERT_AUTHORITY_INVALID',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'net::ERR_CERT_AUTHORITY_INVALID',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'net::ERR_CERT_AUTHORITY_INVALID',
  UNABLE_TO_GET_ISSUER_CERT: 'net::ERR_CERT_AUTHORITY_INVALID',
  CERT_REVOKED: 'net::ERR_CERT_REVOKED',
};

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'net::ERR_CONNECTION_REFUSED',
  ECONNRESET: 'net::ERR_CONNECTION_RESET',
  ECONNABORTED: 'net::ERR_CONNECTION_ABORTED',
  EPIPE: 'net::ERR_CONNECTION_RESET',
  ENOTFOUND: 'net::ERR_NAME_NOT_RESOLVED',
  EAI_AGAIN: 'net::ERR_NAME_NOT_RESOLVED',
  EAI_FAIL: 'net::ERR_NAME_NOT_RESOLVED',
  EAI_NONAME: 'net::ERR_NAME_NOT_RESOLVED',
  EHOSTUNREACH: 'net::ERR_ADDRESS_UNREACHABLE',
  ENETUNREACH: 'net::ERR_ADDRESS_UNREACHABLE',
  EADDRNOTAVAIL: 'net::ERR_ADDRESS_INVALID',
  ETIMEDOUT: 'net::ERR_CONNECTION_TIMED_OUT',
  EPROTO: 'net::ERR_SSL_PROTOCOL_ERROR',
  HPE_INVALID_CONSTANT: 'net::ERR_INVALID_HTTP_RESPONSE',
  HPE_INVALID_STATUS: 'net::ERR_INVALID_HTTP_RESPONSE',
  HPE_INVALID_HEADER_TOKEN: 'net::ERR_INVALID_HTTP_RESPONSE',
  HPE_HEADER_OVERFLOW: 'net::ERR_RESPONSE_HEADERS_TOO_BIG',
};

/** Node's error -> Chromium's net error name and a human sentence. */
export function netErrorFor(err: unknown): { error: string; detail: string } {
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = e instanceof Error ? e.message : String(err);
  const mapped =
    TLS_ERRORS[code] ??
    SOCKET_ERRORS[code] ??
    (/^ERR_SSL_|^ERR_TLS_|SSL routines/.test(code + message) ? 'net::ERR_SSL_PROTOCOL_ERROR' : undefined) ??
    (/socket hang up/i.test(message) ? 'net::ERR_EMPTY_RESPONSE' : undefined) ??
    'net::ERR_FAILED_TO_CONNECT';
  return { error: mapped, detail: code ? `${code}: ${message}` : message };
}

function pairs(raw: string[]): HeaderList {
  const out: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

/**
 * What follows the request line, in order: Host, the given headers, then the Content-Length a
 * browser sends (for a body, or an empty POST/PUT/PATCH) unless one was given.
 */
export function wireHeaders(req: Pick<WireRequest, 'url' | 'method' | 'headers' | 'body'>): HeaderList {
  const body = req.body ?? '';
  const sent: Array<readonly [string, string]> = [['Host', req.url.host], ...req.headers];
  const hasLength = req.headers.some(([n]) => n.toLowerCase() === 'content-length');
  if (!hasLength && (body !== '' || !NO_BODY_METHODS.has(req.method.toUpperCase()))) sent.push(['Content-Length', String(Buffer.byteLength(body))]);
  return sent;
}

/** Node's request for exactly these headers: no agent, no Host of Node's own, Chromium's head limits. */
function openRequest(req: WireRequest, sent: HeaderList): http.ClientRequest {
  const { url } = req;
  const mod = url.protocol === 'https:' ? https : http;
  const request = mod.request({
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port || undefined,
    path: url.pathname + url.search,
    method: req.method,
    // An array keeps order, case and duplicates; Node then adds no Host of its own.
    headers: sent.flatMap(([n, v]) => [n, v]),
    agent: false,
    // Read response heads as Chromium does: up to 256 KiB (net::HttpStreamParser's limit;
    // Node's default is 16 KiB), with obs-fold and bare LF line ends tolerated.
    maxHeaderSize: 256 * 1024,
    insecureHTTPParser: true,
    ...(url.protocol === 'https:' ? { rejectUnauthorized: !req.insecure, servername: url.hostname.replace(/^\[|\]$/g, '') } : {}),
  });
  // Node upper-cases every method it is given; fetch sends `patch` as written (Fetch
  // "normalize a method"), and servers match case-sensitively, so restore it in the request line.
  const written = (request as unknown as { _header?: string })._header;
  const upper = req.method.toUpperCase();
  if (req.method !== upper && typeof written === 'string' && written.startsWith(upper + ' '))
    (request as unknown as { _header: string })._header = req.method + written.slice(upper.length);
  return request;
}

/**
 * The head has arrived: read the body's first BODY_LIMIT bytes until it ends, or for `waitMs` at
 * most, then `done` (`stillArriving` when the wait ran out first). Returns the wait's timer.
 */
function readBody(res: http.IncomingMessage, waitMs: number, done: (body: string, stillArriving: boolean) => void): ReturnType<typeof setTimeout> {
  const chunks: Buffer[] = [];
  let size = 0;
  const end = (stillArriving: boolean) => done(Buffer.concat(chunks).toString('utf8').slice(0, BODY_LIMIT), stillArriving);
  const timer = setTimeout(() => end(true), waitMs);
  res.on('data', (chunk: Buffer) => {
    if (size >= BODY_LIMIT) return;
    chunks.push(chunk);
    size += chunk.length;
    if (size >= BODY_LIMIT) end(false);
  });
  res.on('end', () => end(false));
  res.on('error', () => end(false));
  res.on('aborted', () => end(false));
  return timer;
}

/**
 * Sends the request and settles once: with the response (`--timeout` bounds the wait for its
 * head, the body then gets BODY_WAIT_MS at most), with a net error, or, on abort, by rejecting.
 */
export function sendRequest(req: WireRequest): Promise<WireResult> {
  const sent = wireHeaders(req);
  return new Promise((resolve, reject) => {
    if (req.signal?.aborted) {
      reject(req.signal.reason);
      return;
    }
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let request: http.ClientRequest | undefined;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request?.destroy();
      reject(req.signal?.reason);
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (r: WireResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    try {
      request = openRequest(req, sent);
    } catch (err) {
      finish({ kind: 'error', ...netErrorFor(err), sent });
      return;
    }
    const live = request;
    timer = setTimeout(() => {
      finish({ kind: 'error', error: 'net::ERR_TIMED_OUT', detail: `no response within ${req.timeoutMs} ms`, sent });
      live.destroy();
    }, req.timeoutMs);
    live.on('error', (err) => finish({ kind: 'error', ...netErrorFor(err), sent }));
    live.on('response', (res) => {
      clearTimeout(timer);
      timer = readBody(res, Math.min(BODY_WAIT_MS, req.timeoutMs), (body, stillArriving) => {
        const head = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: pairs(res.rawHeaders) };
        finish({ kind: 'response', ...head, body, sent, ...(stillArriving ? { stillArriving: true as const } : {}) });
        res.destroy();
        live.destroy();
      });
    });
    live.end(req.body === undefined || req.body === '' ? undefined : req.body);
  });
}
