// What the worker keeps must hold no credential in clear (docs/SECURITY.md):
// Authorization, Proxy-Authorization, Cookie, Set-Cookie and API-key-like
// header values, credentials in URLs and token query parameters are masked,
// shape-preserving (`Bearer ••••(43 chars)`), before a failure is stored or
// sent to the panel. Diagnosis comes first, from the real values (a Cookie's
// presence decides the credentials mode); this runs after.
import type { Diagnosis } from './diagnose';
import type { Exchange, HeaderList } from './exchange';
import { createRedactor, type Redactor } from './report/redact';

function deepText<T>(value: T, r: Redactor, depth = 0): T {
  if (depth > 12) return value;
  if (typeof value === 'string') return r.text(value) as T;
  if (Array.isArray(value)) return value.map((v) => deepText(v, r, depth + 1)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepText(v, r, depth + 1);
    return out as T;
  }
  return value;
}

export function redactForStorage(exchange: Exchange, diagnosis: Diagnosis): { exchange: Exchange; diagnosis: Diagnosis } {
  const lists: HeaderList[] = [];
  const req = exchange.request;
  if (Array.isArray(req?.headers)) lists.push(req.headers);
  const pf = exchange.preflight;
  if (pf && pf.kind !== 'not-observed' && Array.isArray(pf.requestHeaders)) lists.push(pf.requestHeaders);
  if (pf && pf.kind === 'observed' && Array.isArray(pf.headers)) lists.push(pf.headers);
  if (Array.isArray(exchange.response?.headers)) lists.push(exchange.response.headers);
  const urls = [req?.url, req?.initialUrl].filter((u): u is string => typeof u === 'string');
  const r = createRedactor({ headers: lists, urls });

  const out: Exchange = { ...exchange, request: { ...req, url: r.url(req.url) } };
  if (req.initialUrl !== undefined) out.request.initialUrl = r.url(req.initialUrl);
  if (req.headers) out.request.headers = r.headers(req.headers);
  if (pf && pf.kind === 'observed') {
    out.preflight = { ...pf, headers: r.headers(pf.headers) };
    if (pf.requestHeaders) out.preflight.requestHeaders = r.headers(pf.requestHeaders);
    if (pf.redirectTo !== undefined) out.preflight.redirectTo = r.url(pf.redirectTo);
  } else if (pf && pf.kind === 'network-error') {
    out.preflight = { ...pf };
    if (pf.requestHeaders) out.preflight.requestHeaders = r.headers(pf.requestHeaders);
  }
  if (exchange.response) {
    out.response = { ...exchange.response, headers: r.headers(exchange.response.headers) };
    if (exchange.response.redirectTo !== undefined) out.response.redirectTo = r.url(exchange.response.redirectTo);
  }
  return { exchange: out, diagnosis: deepText(diagnosis, r) };
}
