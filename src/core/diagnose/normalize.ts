// Input coercion: every field of an Exchange may be missing, malformed, or hostile. normalize()
// turns whatever arrived into one well-typed Norm that the rest of the engine reads.
import type { CredentialsMode, HeaderList } from '../exchange';
import { coerceHeaderList } from '../headers';
import { get, str } from '../read';
import { normalizeMethod } from '../safelist';

export interface NormPreflightObserved {
  kind: 'observed';
  requestHeaders?: HeaderList;
  status: number;
  headers: HeaderList;
  redirectTo?: string;
  body?: string;
}
export type NormPreflight = NormPreflightObserved | { kind: 'network-error'; requestHeaders?: HeaderList; error: string } | { kind: 'not-observed' };
export interface NormResponse {
  status: number;
  headers: HeaderList;
  redirectTo?: string;
  body?: string;
}
export interface Norm {
  url: string;
  method: string;
  origin?: string;
  initiatorType?: string;
  headers?: HeaderList;
  credentials: CredentialsMode;
  error?: string;
  initialUrl?: string;
  taintedOrigin?: boolean;
  preflight: NormPreflight;
  response?: NormResponse;
  browser: 'chromium' | 'firefox';
  browserVersion?: string;
}

function status(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,3}\s*$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}
function optHeaders(v: unknown): HeaderList | undefined {
  return v === undefined || v === null ? undefined : coerceHeaderList(v);
}

type Fields = Record<string, unknown>;
const NO_FIELDS: Fields = {};

/**
 * The fields of one input object, read with plain property loads (fast, monomorphic for the usual
 * Exchange shapes); if any getter throws (a Proxy, a hostile getter), each field is read on its
 * own so the others still count.
 */
function fields(o: unknown, read: (o: Fields) => Fields, keys: readonly string[]): Fields {
  if (o === null || (typeof o !== 'object' && typeof o !== 'function')) return NO_FIELDS;
  try {
    return read(o as Fields);
  } catch {
    const out: Fields = {};
    for (const k of keys) out[k] = get(o, k);
    return out;
  }
}
const EXCHANGE_KEYS = ['request', 'preflight', 'response', 'browser', 'browserVersion'] as const;
const readExchange = (o: Fields): Fields => ({ request: o['request'], preflight: o['preflight'], response: o['response'], browser: o['browser'], browserVersion: o['browserVersion'] });
const REQUEST_KEYS = ['url', 'method', 'credentials', 'origin', 'initiatorType', 'headers', 'error', 'initialUrl', 'taintedOrigin'] as const;
const readRequest = (o: Fields): Fields => ({
  url: o['url'],
  method: o['method'],
  credentials: o['credentials'],
  origin: o['origin'],
  initiatorType: o['initiatorType'],
  headers: o['headers'],
  error: o['error'],
  initialUrl: o['initialUrl'],
  taintedOrigin: o['taintedOrigin'],
});
const MESSAGE_KEYS = ['kind', 'status', 'headers', 'requestHeaders', 'redirectTo', 'body', 'error'] as const;
const readMessage = (o: Fields): Fields => ({
  kind: o['kind'],
  status: o['status'],
  headers: o['headers'],
  requestHeaders: o['requestHeaders'],
  redirectTo: o['redirectTo'],
  body: o['body'],
  error: o['error'],
});

export function normalize(x: unknown): Norm {
  const ex = fields(x, readExchange, EXCHANGE_KEYS);
  const rq = fields(ex['request'], readRequest, REQUEST_KEYS);
  const cred = rq['credentials'];
  const pfRaw = ex['preflight'];
  const pfF = fields(pfRaw, readMessage, MESSAGE_KEYS);
  const kind = pfF['kind'];
  let preflight: NormPreflight = { kind: 'not-observed' };
  if (kind === 'observed') {
    const p: NormPreflightObserved = {
      kind: 'observed',
      status: status(pfF['status']),
      headers: coerceHeaderList(pfF['headers']),
    };
    const rh = optHeaders(pfF['requestHeaders']);
    if (rh) p.requestHeaders = rh;
    readRedirectAndBody(pfF, p);
    preflight = p;
  } else if (kind === 'network-error') {
    const rh = optHeaders(pfF['requestHeaders']);
    preflight = { kind: 'network-error', error: str(pfF['error']) ?? 'net::ERR_FAILED', ...(rh ? { requestHeaders: rh } : {}) };
  }
  const rsRaw = ex['response'];
  const rsF = fields(rsRaw, readMessage, MESSAGE_KEYS);
  let response: NormResponse | undefined;
  if (rsRaw !== null && typeof rsRaw === 'object') {
    response = { status: status(rsF['status']), headers: coerceHeaderList(rsF['headers']) };
    readRedirectAndBody(rsF, response);
  }
  const n: Norm = {
    url: str(rq['url']) ?? '',
    method: normalizeMethod(str(rq['method']) ?? 'GET'),
    credentials: cred === 'include' || cred === 'omit' ? cred : 'unknown',
    preflight,
    browser: ex['browser'] === 'firefox' ? 'firefox' : 'chromium',
  };
  const browserVersion = str(ex['browserVersion']);
  if (browserVersion !== undefined) n.browserVersion = browserVersion;
  const origin = str(rq['origin']);
  if (origin !== undefined) n.origin = origin;
  const it = str(rq['initiatorType']);
  if (it !== undefined) n.initiatorType = it.toLowerCase();
  const headers = optHeaders(rq['headers']);
  if (headers) n.headers = headers;
  const error = str(rq['error']);
  if (error !== undefined) n.error = error;
  const initialUrl = str(rq['initialUrl']);
  if (initialUrl !== undefined) n.initialUrl = initialUrl;
  const tainted = rq['taintedOrigin'];
  if (typeof tainted === 'boolean') n.taintedOrigin = tainted;
  if (response) n.response = response;
  return n;
}

/** A response's optional redirect target and body, assigned (not spread: this is the hot path). */
function readRedirectAndBody(f: Fields, into: { redirectTo?: string; body?: string }): void {
  const rt = str(f['redirectTo']);
  if (rt !== undefined) into.redirectTo = rt;
  const body = str(f['body']);
  if (body !== undefined) into.body = body;
}

/** The request headers of the preflight (Access-Control-Request-*, Origin), when it was seen. */
export function preflightRequestHeaders(n: Norm): HeaderList | undefined {
  return n.preflight.kind !== 'not-observed' ? n.preflight.requestHeaders : undefined;
}
