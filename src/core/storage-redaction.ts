// What the worker keeps must hold no credential in clear (docs/SECURITY.md), and
// must fit session storage's 10 MB whatever a server sends (values and header lists
// are capped, saying how much was cut). Credentials:
// Authorization, Proxy-Authorization, Cookie, Set-Cookie and API-key-like
// header values, credentials in URLs and token query parameters are masked,
// shape-preserving (`Bearer ••••(43 chars)`), before a failure is stored or
// sent to the panel. Diagnosis comes first, from the real values (a Cookie's
// presence decides the credentials mode); this runs after.
import type { Diagnosis } from './diagnose';
import type { Exchange, HeaderList } from './exchange';
import { createRedactor, type Redactor } from './report/redact';

/** A kept value is at most this long: a hostile 200 kB header must not fill session storage. */
export const MAX_KEPT_VALUE = 16 * 1024;
/** A kept header list has at most this many lines. */
export const MAX_KEPT_HEADERS = 300;

/** A kept failure is at most about this big: past it, values are cut much shorter. */
export const MAX_KEPT_FAILURE = 256 * 1024;

let valueLimit = MAX_KEPT_VALUE;
let headerLimit = MAX_KEPT_HEADERS;

function cap(s: string): string {
  return s.length <= valueLimit ? s : `${s.slice(0, valueLimit)}…(${s.length - valueLimit} more characters not kept)`;
}

function capList(list: Array<[string, string]>): Array<[string, string]> {
  const out = list.length <= headerLimit ? list : [...list.slice(0, headerLimit), ['…', `${list.length - headerLimit} more header lines not kept`] as [string, string]];
  return out.map(([n, v]) => [cap(n), cap(v)]);
}

function deepText<T>(value: T, r: Redactor, depth = 0): T {
  if (depth > 12) return value;
  if (typeof value === 'string') return cap(r.text(value)) as T;
  if (Array.isArray(value)) return value.map((v) => deepText(v, r, depth + 1)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepText(v, r, depth + 1);
    return out as T;
  }
  return value;
}

export function redactForStorage(exchange: Exchange, diagnosis: Diagnosis): { exchange: Exchange; diagnosis: Diagnosis } {
  valueLimit = MAX_KEPT_VALUE;
  headerLimit = MAX_KEPT_HEADERS;
  const kept = keep(exchange, diagnosis);
  if (JSON.stringify(kept).length <= MAX_KEPT_FAILURE) return kept;
  // Hundreds of large headers: keep the shape, not the bulk.
  valueLimit = 1024;
  headerLimit = 64;
  try {
    return keep(exchange, diagnosis);
  } finally {
    valueLimit = MAX_KEPT_VALUE;
    headerLimit = MAX_KEPT_HEADERS;
  }
}

function keep(exchange: Exchange, diagnosis: Diagnosis): { exchange: Exchange; diagnosis: Diagnosis } {
  const lists: HeaderList[] = [];
  const req = exchange.request;
  if (Array.isArray(req?.headers)) lists.push(req.headers);
  const pf = exchange.preflight;
  if (pf && pf.kind !== 'not-observed' && Array.isArray(pf.requestHeaders)) lists.push(pf.requestHeaders);
  if (pf && pf.kind === 'observed' && Array.isArray(pf.headers)) lists.push(pf.headers);
  if (Array.isArray(exchange.response?.headers)) lists.push(exchange.response.headers);
  const urls = [req?.url, req?.initialUrl].filter((u): u is string => typeof u === 'string');
  const r = createRedactor({ headers: lists, urls });

  const headers = (list: HeaderList): Array<[string, string]> => capList(r.headers(list));
  const url = (u: string): string => cap(r.url(u));
  const out: Exchange = { ...exchange, request: { ...req, url: url(req.url) } };
  if (req.initialUrl !== undefined) out.request.initialUrl = url(req.initialUrl);
  if (req.headers) out.request.headers = headers(req.headers);
  if (pf && pf.kind === 'observed') {
    out.preflight = { ...pf, headers: headers(pf.headers) };
    if (pf.requestHeaders) out.preflight.requestHeaders = headers(pf.requestHeaders);
    if (pf.redirectTo !== undefined) out.preflight.redirectTo = url(pf.redirectTo);
    if (pf.body !== undefined) out.preflight.body = cap(pf.body);
  } else if (pf && pf.kind === 'network-error') {
    out.preflight = { ...pf };
    if (pf.requestHeaders) out.preflight.requestHeaders = headers(pf.requestHeaders);
  }
  if (exchange.response) {
    out.response = { ...exchange.response, headers: headers(exchange.response.headers) };
    if (exchange.response.redirectTo !== undefined) out.response.redirectTo = url(exchange.response.redirectTo);
    if (exchange.response.body !== undefined) out.response.body = cap(exchange.response.body);
  }
  return { exchange: out, diagnosis: deepText(diagnosis, r) };
}
