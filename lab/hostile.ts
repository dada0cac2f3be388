// A hostile API origin on loopback: responses no sane server sends, written byte for byte
// over `net` so nothing between the lab and the browser tidies them up. One route per hostile
// shape, `/h/<route>`; OPTIONS gets the route's preflight answer, any other method its actual
// answer. Every answer fails CORS on purpose (the extension records only failures), and every
// header value that is text carries markup, so a renderer that is not inert shows it.
//
// What Chromium 156 does with each route is recorded in `chromium` below and checked by
// test/e2e/hostile-server.test.ts.

import net from 'node:net';
import { parseRequest, type RawRequest } from './raw-http';

export type HostileRouteId =
  | 'many-headers'
  | 'large-header'
  | 'huge-header'
  | 'invalid-utf8'
  | 'obs-fold'
  | 'bare-lf'
  | 'bare-cr'
  | 'script-everywhere'
  | 'silent-preflight';

export interface HostileRoute {
  id: HostileRouteId;
  what: string;
  /** What Chromium 156 makes of the preflight (observed; see the e2e test). */
  chromium: string;
}

/** Markup a renderer would run if it ever used innerHTML: a script, and an event handler. */
export const SCRIPT = `<script>window.__pwned=1;alert(1)</script>`;
export const IMG = `<img src=x onerror="window.__pwned=2;alert(2)">`;
export const MANY_HEADER_COUNT = 500;
/** Under Chromium's 256 KiB limit on a response head (net/http/http_stream_parser.cc kMaxHeaderBufSize). */
export const LARGE_VALUE_BYTES = 200 * 1024;
/** Over it. */
export const HUGE_VALUE_BYTES = 1024 * 1024;
/** Bytes that are not UTF-8: a lone continuation byte, an overlong NUL, a truncated sequence, 0xFF. */
export const INVALID_UTF8 = Buffer.from([0x80, 0xc0, 0x80, 0xe2, 0x82, 0xff, 0xfe]);

export const hostileRoutes: HostileRoute[] = [
  { id: 'many-headers', what: `${MANY_HEADER_COUNT} header lines, each with a script`, chromium: 'parsed; preflight fails on the Allow-Origin value' },
  { id: 'large-header', what: `one ${LARGE_VALUE_BYTES / 1024} KiB header value`, chromium: 'parsed; preflight fails on the Allow-Origin value' },
  { id: 'huge-header', what: `one ${HUGE_VALUE_BYTES / 1024} KiB header value`, chromium: 'net::ERR_RESPONSE_HEADERS_TOO_BIG' },
  { id: 'invalid-utf8', what: 'bytes that are not UTF-8 in header values, Allow-Origin included', chromium: 'parsed (values reach webRequest as binaryValue); preflight fails on the Allow-Origin value' },
  { id: 'obs-fold', what: 'obs-fold continuation lines (CR LF SP), one trying to smuggle an Allow-Origin', chromium: 'joins the continuation with one space: one Allow-Origin value, "multiple values"' },
  { id: 'bare-lf', what: 'a bare LF inside a value followed by an Allow-Origin line', chromium: 'ends the line: the injected Allow-Origin: * is a real header' },
  { id: 'bare-cr', what: 'a bare CR inside a value followed by an Allow-Origin line', chromium: 'ends the line too: the injected Allow-Origin: * is a real header' },
  { id: 'script-everywhere', what: 'markup in the reason phrase and in every header, CORS ones included', chromium: 'parsed; preflight fails on the Allow-Origin value' },
  { id: 'silent-preflight', what: 'accepts the preflight connection and never answers', chromium: 'waits, even after the page aborts its fetch; on close: preflight net::ERR_FAILED, request net::ERR_EMPTY_RESPONSE' },
];

export interface HostileRequest {
  at: number;
  method: string;
  path: string;
  headers: [string, string][];
}

export interface HostileServer {
  origin: string;
  /** What the server received, oldest first. */
  requests: HostileRequest[];
  url(route: HostileRouteId): string;
  /** Connections holding a preflight that will never be answered. */
  held(): number;
  /** Closes the held connections (the browser then sees the connection end with no response). */
  releaseHeld(): void;
  close(): Promise<void>;
}

const CRLF = '\r\n';

function latin1(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

function head(status: string, lines: Array<string | Buffer>): Buffer {
  const parts: Buffer[] = [latin1(`HTTP/1.1 ${status}${CRLF}`)];
  for (const line of lines) parts.push(typeof line === 'string' ? latin1(line) : line, latin1(CRLF));
  return Buffer.concat(parts);
}

function finish(headBytes: Buffer, body: string): Buffer {
  const bodyBytes = Buffer.from(body, 'utf8');
  return Buffer.concat([headBytes, latin1(`Content-Length: ${bodyBytes.length}${CRLF}Connection: close${CRLF}${CRLF}`), bodyBytes]);
}

/**
 * The bytes a route answers with, or `null` for "never answer". Pure, so the shapes can be
 * inspected without a browser. `origin` is the request's Origin (a CORS answer has to name it
 * to even come close to passing).
 */
export function hostileResponse(route: string, request: Pick<RawRequest, 'method'>, origin: string): Buffer | null {
  const preflight = request.method === 'OPTIONS';
  const status = preflight ? '204 No Content' : '200 OK';
  const body = preflight ? '' : `${SCRIPT}${IMG}`;
  const badAcao = `Access-Control-Allow-Origin: ${SCRIPT}`;
  switch (route) {
    case 'many-headers': {
      const lines: string[] = [];
      for (let i = 0; i < MANY_HEADER_COUNT; i++) lines.push(`X-Hostile-${String(i).padStart(3, '0')}: ${i % 2 ? SCRIPT : IMG}`);
      return finish(head(status, [...lines, badAcao, 'Access-Control-Allow-Methods: PUT', 'Access-Control-Allow-Headers: x-custom']), body);
    }
    case 'large-header':
    case 'huge-header': {
      const size = route === 'large-header' ? LARGE_VALUE_BYTES : HUGE_VALUE_BYTES;
      const value = (SCRIPT + 'A'.repeat(size)).slice(0, size);
      return finish(head(status, [`X-Hostile-Large: ${value}`, badAcao, 'Access-Control-Allow-Methods: PUT']), body);
    }
    case 'invalid-utf8':
      return finish(
        head(status, [
          Buffer.concat([latin1('X-Hostile-Bytes: '), INVALID_UTF8, latin1(SCRIPT)]),
          Buffer.concat([latin1(`Access-Control-Allow-Origin: ${origin}`), INVALID_UTF8]),
          'Access-Control-Allow-Methods: PUT',
        ]),
        body,
      );
    case 'obs-fold':
      // RFC 9112 §5.2 obs-fold: a line starting with SP or HTAB continues the previous value.
      return finish(
        head(status, [
          `X-Hostile-Fold: first${CRLF} ${SCRIPT}`,
          `Access-Control-Allow-Origin: ${IMG}${CRLF}\tAccess-Control-Allow-Origin: ${origin}`,
          'Access-Control-Allow-Methods: PUT',
        ]),
        body,
      );
    case 'bare-lf':
      return finish(head(status, [`X-Hostile-Lf: ${SCRIPT}\nAccess-Control-Allow-Origin: *`, 'Access-Control-Allow-Methods: PUT']), body);
    case 'bare-cr':
      return finish(head(status, [`X-Hostile-Cr: ${SCRIPT}\rAccess-Control-Allow-Origin: *`, 'Access-Control-Allow-Methods: PUT']), body);
    case 'script-everywhere': {
      const reason = preflight ? `204 ${SCRIPT}` : `200 ${IMG}`;
      return finish(
        head(reason, [
          badAcao,
          `Access-Control-Allow-Methods: ${IMG}`,
          `Access-Control-Allow-Headers: ${SCRIPT}`,
          `Access-Control-Allow-Credentials: ${IMG}`,
          `Access-Control-Expose-Headers: ${SCRIPT}`,
          `Access-Control-Max-Age: ${IMG}`,
          `Vary: ${SCRIPT}`,
          `Server: ${IMG}`,
          `X-Powered-By: ${SCRIPT}`,
          `Content-Type: text/html; charset=${IMG}`,
          `Set-Cookie: s=${SCRIPT}; Path=/`,
          `Link: <javascript:alert(3)>; rel=preload`,
          `Refresh: 0; url=javascript:alert(4)`,
        ]),
        body,
      );
    }
    case 'silent-preflight':
      if (preflight) return null;
      return finish(head(status, [badAcao]), body);
    default:
      return finish(head('404 Not Found', ['Content-Type: text/plain']), 'no such hostile route\n');
  }
}

export function startHostileServer(opts: { host?: string; port?: number } = {}): Promise<HostileServer> {
  const host = opts.host ?? '127.0.0.1';
  const requests: HostileRequest[] = [];
  const sockets = new Set<net.Socket>();
  const held = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      held.delete(socket);
    });
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      if (held.has(socket)) return;
      buffered = Buffer.concat([buffered, chunk]);
      const parsed = parseRequest(buffered);
      if (parsed.kind === 'incomplete') return;
      if (parsed.kind === 'error') {
        socket.end(finish(head(`${parsed.status} Bad Request`, []), ''));
        return;
      }
      const { request } = parsed;
      requests.push({ at: Date.now(), method: request.method, path: request.target, headers: request.headers.map(([n, v]) => [n, v]) });
      if (requests.length > 1000) requests.splice(0, requests.length - 1000);
      const route = /^\/h\/([a-z0-9-]+)/.exec(request.target)?.[1] ?? '';
      const origin = request.headers.find(([n]) => n.toLowerCase() === 'origin')?.[1] ?? 'null';
      const bytes = hostileResponse(route, request, origin);
      // Accepted, read, and never answered: the socket stays open until released or closed.
      if (bytes === null) held.add(socket);
      else socket.end(bytes);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      resolve({
        origin,
        requests,
        url: (route) => `${origin}/h/${route}`,
        held: () => held.size,
        releaseHeld() {
          for (const socket of held) socket.destroy();
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
