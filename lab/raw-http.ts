// A deliberately small HTTP/1.1 server over `net`.
//
// Why not `node:http`: its parser (llhttp) rejects lower-case methods such as
// `patch`, which `fetch` sends verbatim (Fetch "normalize a method" upper-cases
// only DELETE, GET, HEAD, OPTIONS, POST, PUT), and its response writer folds or
// validates headers. The lab must answer any method and put header lines on the
// wire byte for byte, duplicates and odd values included, because that is what
// misconfigured servers do.
//
// Scope: request line, header fields, Content-Length bodies, keep-alive and
// pipelining (RFC 9112). No chunked request bodies (browsers send
// Content-Length for string bodies), no upgrades. Any malformed input gets a
// 4xx/5xx and the connection is closed; nothing a client sends may throw out of
// this module.

import net from 'node:net';
import { STATUS_CODES } from 'node:http';

export type HeaderList = [name: string, value: string][];

export interface RawRequest {
  /** As sent: case preserved, so `patch` stays `patch`. */
  method: string;
  /** The request-target as sent (origin-form: path plus query). */
  target: string;
  httpVersion: '1.0' | '1.1';
  /** In wire order, duplicates kept, values trimmed of optional whitespace (RFC 9110 §5.5). */
  headers: HeaderList;
  body: Buffer;
}

export interface RawResponse {
  status: number;
  /** Defaults to Node's reason phrase for the status. */
  reason?: string;
  /** Written exactly as given, in order, duplicates kept. */
  headers: HeaderList;
  body?: string | Buffer;
}

export type ParseResult =
  | { kind: 'incomplete' }
  | { kind: 'request'; request: RawRequest; consumed: number }
  | { kind: 'error'; status: number; message: string };

export interface ParseLimits {
  maxHeadBytes: number;
  maxHeaderCount: number;
  maxBodyBytes: number;
}

export const defaultLimits: ParseLimits = { maxHeadBytes: 64 * 1024, maxHeaderCount: 200, maxBodyBytes: 1024 * 1024 };

// RFC 9110 §5.6.2: token = 1*tchar. Methods and field names are tokens.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^([^ ]+) ([^ ]+) HTTP\/(\d)\.(\d)$/;
// Field values may carry obs-text (0x80-0xFF) but never NUL or bare CR (RFC 9110 §5.5).
const BAD_VALUE_CHAR = /[\u0000\r]/;

/**
 * Parses one request from the front of `buf`. Pure, so garbage input can be
 * tested without sockets.
 */
export function parseRequest(buf: Buffer, limits: ParseLimits = defaultLimits): ParseResult {
  // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line.
  let start = 0;
  while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;

  const window = buf.subarray(start, start + limits.maxHeadBytes + 4).toString('latin1');
  const end = /\r?\n\r?\n/.exec(window);
  if (!end) {
    return buf.length - start > limits.maxHeadBytes
      ? { kind: 'error', status: 431, message: 'request head too large' }
      : { kind: 'incomplete' };
  }
  if (end.index > limits.maxHeadBytes) return { kind: 'error', status: 431, message: 'request head too large' };

  const lines = window.slice(0, end.index).split(/\r?\n/);
  const requestLine = REQUEST_LINE.exec(lines[0] ?? '');
  if (!requestLine) return { kind: 'error', status: 400, message: 'malformed request line' };
  const [, method = '', target = '', major, minor] = requestLine;
  if (!TOKEN.test(method)) return { kind: 'error', status: 400, message: 'method is not a token' };
  if (major !== '1' || (minor !== '0' && minor !== '1')) {
    return { kind: 'error', status: 505, message: 'only HTTP/1.0 and HTTP/1.1' };
  }

  const headers: HeaderList = [];
  for (const line of lines.slice(1)) {
    // RFC 9112 §5.2: obs-fold must be rejected (or replaced) by a server.
    if (line.startsWith(' ') || line.startsWith('\t')) return { kind: 'error', status: 400, message: 'obsolete line folding' };
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!TOKEN.test(name)) return { kind: 'error', status: 400, message: 'malformed header line' };
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (BAD_VALUE_CHAR.test(value)) return { kind: 'error', status: 400, message: 'invalid character in header value' };
    headers.push([name, value]);
    if (headers.length > limits.maxHeaderCount) return { kind: 'error', status: 431, message: 'too many headers' };
  }

  if (headers.some(([n]) => n.toLowerCase() === 'transfer-encoding')) {
    return { kind: 'error', status: 501, message: 'transfer-encoding is not supported by the lab' };
  }
  // RFC 9112 §6.3: differing Content-Length values are unrecoverable.
  const lengths = new Set(headers.filter(([n]) => n.toLowerCase() === 'content-length').map(([, v]) => v));
  let bodyLength = 0;
  if (lengths.size > 1) return { kind: 'error', status: 400, message: 'conflicting Content-Length' };
  if (lengths.size === 1) {
    const [raw = ''] = lengths;
    if (!/^\d{1,10}$/.test(raw)) return { kind: 'error', status: 400, message: 'invalid Content-Length' };
    bodyLength = Number(raw);
    if (bodyLength > limits.maxBodyBytes) return { kind: 'error', status: 413, message: 'body too large' };
  }

  const bodyStart = start + end.index + end[0].length;
  if (buf.length < bodyStart + bodyLength) return { kind: 'incomplete' };
  return {
    kind: 'request',
    request: {
      method,
      target,
      httpVersion: minor === '0' ? '1.0' : '1.1',
      headers,
      body: Buffer.from(buf.subarray(bodyStart, bodyStart + bodyLength)),
    },
    consumed: bodyStart + bodyLength,
  };
}

/** RFC 9112 §9.3: persistence defaults differ between 1.0 and 1.1. */
export function wantsKeepAlive(request: RawRequest): boolean {
  const tokens = request.headers
    .filter(([n]) => n.toLowerCase() === 'connection')
    .flatMap(([, v]) => v.split(','))
    .map((t) => t.trim().toLowerCase());
  if (tokens.includes('close')) return false;
  return request.httpVersion === '1.1' || tokens.includes('keep-alive');
}

function hasHeader(headers: HeaderList, name: string): boolean {
  return headers.some(([n]) => n.toLowerCase() === name);
}

/**
 * Serialises a response. The given header lines are written verbatim; the lab
 * only appends the framing a client needs to find the end of the message
 * (Content-Length, and `Connection: close` when closing) if the list does not
 * already carry it.
 */
export function serializeResponse(response: RawResponse, opts: { head: boolean; close: boolean }): Buffer {
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : (response.body ?? Buffer.alloc(0));
  // RFC 9110 §6.4.1: 1xx, 204 and 304 responses have no content.
  const bodiless = response.status < 200 || response.status === 204 || response.status === 304;
  const lines = [`HTTP/1.1 ${response.status} ${response.reason ?? STATUS_CODES[response.status] ?? 'Unknown'}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  if (!bodiless && !hasHeader(response.headers, 'content-length') && !hasHeader(response.headers, 'transfer-encoding')) {
    lines.push(`Content-Length: ${body.length}`);
  }
  if (opts.close && !hasHeader(response.headers, 'connection')) lines.push('Connection: close');
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  return bodiless || opts.head ? head : Buffer.concat([head, body]);
}

/**
 * Once a response sets its own framing, the lab cannot be sure where the
 * client thinks the message ends, so it closes the connection after it.
 */
function framingIsUntrusted(response: RawResponse): boolean {
  return ['content-length', 'transfer-encoding', 'connection'].some((n) => hasHeader(response.headers, n));
}

export type RawHandler = (request: RawRequest) => RawResponse;

export interface RawHttpServer {
  port: number;
  close(): Promise<void>;
}

export function startRawHttpServer(
  handler: RawHandler,
  opts: { host: string; port: number; idleTimeoutMs?: number; limits?: ParseLimits },
): Promise<RawHttpServer> {
  const sockets = new Set<net.Socket>();
  const limits = opts.limits ?? defaultLimits;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A peer resetting the connection is normal for a browser; never let it crash the lab.
    socket.on('error', () => socket.destroy());
    socket.setTimeout(opts.idleTimeoutMs ?? 30_000, () => socket.destroy());

    let buffered: Buffer = Buffer.alloc(0);
    let closing = false;

    const finish = (bytes: Buffer) => {
      closing = true;
      socket.end(bytes);
    };

    socket.on('data', (chunk: Buffer) => {
      if (closing) return;
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      // Pipelined requests are answered in order, each before the next is parsed.
      while (!closing) {
        const parsed = parseRequest(buffered, limits);
        if (parsed.kind === 'incomplete') return;
        if (parsed.kind === 'error') {
          const body = `${parsed.message}\n`;
          finish(serializeResponse({ status: parsed.status, headers: [['Content-Type', 'text/plain']], body }, { head: false, close: true }));
          return;
        }
        buffered = buffered.subarray(parsed.consumed);
        const { request } = parsed;
        let response: RawResponse;
        try {
          response = handler(request);
        } catch (err) {
          response = { status: 500, headers: [['Content-Type', 'text/plain']], body: `lab handler failed: ${String(err)}\n` };
        }
        const close = !wantsKeepAlive(request) || framingIsUntrusted(response);
        const bytes = serializeResponse(response, { head: request.method === 'HEAD', close });
        if (close) finish(bytes);
        else socket.write(bytes);
      }
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
