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
import { createRedactor, redactDiagnosis } from './redact';

/** A kept value is at most this long: a hostile 200 kB header must not fill session storage. */
export const MAX_KEPT_VALUE = 16 * 1024;
/** A kept header list has at most this many lines. */
export const MAX_KEPT_HEADERS = 300;

/** A kept failure is at most about this big: past it, values are cut much shorter. */
export const MAX_KEPT_FAILURE = 256 * 1024;

/** How much of each value and header list is kept. */
interface Limits {
  readonly value: number;
  readonly headers: number;
}
const KEPT: Limits = { value: MAX_KEPT_VALUE, headers: MAX_KEPT_HEADERS };
// Hundreds of large headers: keep the shape, not the bulk.
const KEPT_WHEN_LARGE: Limits = { value: 1024, headers: 64 };

function cap(s: string, limit: Limits): string {
  return s.length <= limit.value ? s : `${s.slice(0, limit.value)}…(${s.length - limit.value} more characters not kept)`;
}

function capList(list: Array<[string, string]>, limit: Limits): Array<[string, string]> {
  const out = list.length <= limit.headers ? list : [...list.slice(0, limit.headers), ['…', `${list.length - limit.headers} more header lines not kept`] as [string, string]];
  return out.map(([n, v]) => [cap(n, limit), cap(v, limit)]);
}

/** Caps every string of an already redacted diagnosis (redactDiagnosis did the masking). */
function capStrings<T>(value: T, limit: Limits, depth = 0): T {
  if (depth > 12) return value;
  if (typeof value === 'string') return cap(value, limit) as T;
  if (Array.isArray(value)) return value.map((v) => capStrings(v, limit, depth + 1)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = capStrings(v, limit, depth + 1);
    return out as T;
  }
  return value;
}

export function redactForStorage(exchange: Exchange, diagnosis: Diagnosis): { exchange: Exchange; diagnosis: Diagnosis } {
  const kept = keep(exchange, diagnosis, KEPT);
  return JSON.stringify(kept).length <= MAX_KEPT_FAILURE ? kept : keep(exchange, diagnosis, KEPT_WHEN_LARGE);
}

function keep(exchange: Exchange, diagnosis: Diagnosis, limit: Limits): { exchange: Exchange; diagnosis: Diagnosis } {
  const lists: HeaderList[] = [];
  const req = exchange.request;
  if (Array.isArray(req?.headers)) lists.push(req.headers);
  const pf = exchange.preflight;
  if (pf && pf.kind !== 'not-observed' && Array.isArray(pf.requestHeaders)) lists.push(pf.requestHeaders);
  if (pf && pf.kind === 'observed' && Array.isArray(pf.headers)) lists.push(pf.headers);
  if (Array.isArray(exchange.response?.headers)) lists.push(exchange.response.headers);
  const urls = [req?.url, req?.initialUrl, pf?.kind === 'observed' ? pf.redirectTo : undefined, exchange.response?.redirectTo].filter((u): u is string => typeof u === 'string');
  const bodies = [pf?.kind === 'observed' ? pf.body : undefined, exchange.response?.body].filter((b): b is string => typeof b === 'string');
  const r = createRedactor({ headers: lists, urls, bodies });

  const headers = (list: HeaderList): Array<[string, string]> => capList(r.headers(list), limit);
  const url = (u: string): string => cap(r.url(u), limit);
  const out: Exchange = { ...exchange, request: { ...req, url: url(req.url) } };
  if (req.initialUrl !== undefined) out.request.initialUrl = url(req.initialUrl);
  if (req.headers) out.request.headers = headers(req.headers);
  if (pf && pf.kind === 'observed') {
    out.preflight = { ...pf, headers: headers(pf.headers) };
    if (pf.requestHeaders) out.preflight.requestHeaders = headers(pf.requestHeaders);
    if (pf.redirectTo !== undefined) out.preflight.redirectTo = url(pf.redirectTo);
    if (pf.body !== undefined) out.preflight.body = cap(r.body(pf.body), limit);
  } else if (pf && pf.kind === 'network-error') {
    out.preflight = { ...pf };
    if (pf.requestHeaders) out.preflight.requestHeaders = headers(pf.requestHeaders);
  }
  if (exchange.response) {
    out.response = { ...exchange.response, headers: headers(exchange.response.headers) };
    if (exchange.response.redirectTo !== undefined) out.response.redirectTo = url(exchange.response.redirectTo);
    if (exchange.response.body !== undefined) out.response.body = cap(r.body(exchange.response.body), limit);
  }
  return { exchange: out, diagnosis: capStrings(redactDiagnosis(diagnosis, r), limit) };
}

// --- pairing state ------------------------------------------------------------------------------

const SOURCELESS = createRedactor({ headers: [], urls: [] });
/** The property names under which pairing state keeps header lists (requests in flight, their hops, ended preflights). */
const HEADER_LIST_KEYS = new Set(['headers', 'requestHeaders', 'responseHeaders']);

function isHeaderList(v: unknown): v is HeaderList {
  return Array.isArray(v) && v.every((h) => Array.isArray(h) && h.length === 2 && typeof h[0] === 'string' && typeof h[1] === 'string');
}

function maskHeaderLists<T>(value: T, depth: number): T {
  if (depth > 16 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskHeaderLists(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] =
      HEADER_LIST_KEYS.has(k) && isHeaderList(v)
        ? SOURCELESS.headers(v)
        : k === 'redirectTo' && typeof v === 'string'
          ? SOURCELESS.url(v)
          : maskHeaderLists(v, depth + 1);
  return out as T;
}

/**
 * One tab's request-scoped pairing state as written to session storage (`p:t<tab>`): a copy whose
 * Authorization, Cookie, Set-Cookie and other credential headers are masked, shape kept
 * (`Bearer ••••(43 chars)`, cookie names), and URLs inside headers (Location, Referer) and a
 * preflight's redirect target redacted.
 * Presence and shape are all the engine reads of them after a restart (a Cookie on the request
 * means credentials were included). The URLs of requests themselves (`url`, `firstUrl`, a hop's
 * `redirectUrl`) are kept as they are: pairing matches a preflight to its request by URL after a
 * restart, and they are deleted when the request ends.
 */
export function redactPairingForStorage<T>(tab: T): T {
  return maskHeaderLists(tab, 0);
}
