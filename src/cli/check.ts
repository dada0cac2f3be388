// `cors-doctor check`: probe a live server the way Chromium would, then hand what was seen to
// the engine. The preflight is Fetch's "CORS-preflight request" with Chromium's header set and
// order (preflight_controller.cc CreatePreflightRequest, observed in Chromium 156); the actual
// request follows redirects as Fetch's "HTTP-redirect fetch" does, with the CORS check on every
// hop, up to 20 hops, the origin tainted to `null` after a cross-origin hop, `Authorization`
// removed when a hop crosses origins, the `-H Cookie` sent only to the host it was given for, and
// a fresh preflight at each new URL when the request (what is left of it) needs one.
import { diagnose, type Diagnosis, type Warning } from '../core/diagnose';
import { CHROMIUM_RULES_VERSION, type Exchange, type HeaderList } from '../core/exchange';
import { hasHeader } from '../core/headers';
import { accessControlRequestHeadersValue, isForbiddenRequestHeader, normalizeMethod, preflightReasons } from '../core/safelist';
import { cookieGoesTo, followRedirect, locationOf, redirectTarget, type DroppedHeader, type PageRequest } from './check-redirect';
import { BODY_WAIT_MS, sendRequest, type WireRequest, type WireResult } from './send';

export { MAX_REDIRECTS, type DroppedHeader } from './check-redirect';

export interface CheckOptions {
  url: URL;
  /** The page origin, serialized (`https://app.example.com`) or `null`. */
  origin: string;
  method: string;
  /** What the page's script sets (`-H`), in order. */
  headers: HeaderList;
  credentials: boolean;
  body?: string;
  timeoutMs: number;
  insecure?: boolean;
  userAgent: string;
  /** Ctrl-C: the request in flight is dropped and runCheck rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface Hop {
  url: string;
  /** The Origin header this hop carried. */
  origin: string;
  preflight?: WireResult;
  response?: WireResult;
  /** What the page's request lost on the redirect to this hop. */
  dropped?: DroppedHeader[];
}

export interface CheckResult {
  /** The exchange the verdict rests on: the failing hop, or the last one. */
  exchange: Exchange;
  diagnosis: Diagnosis;
  hops: Hop[];
}

/** Sec-Fetch-Site as Chromium computes it, with "same host, same scheme" standing in for the registrable domain. */
function fetchSite(pageOrigin: string, url: URL, tainted: boolean): string {
  if (pageOrigin === 'null' || tainted) return 'cross-site';
  if (pageOrigin === url.origin) return 'same-origin';
  let page: URL;
  try {
    page = new URL(pageOrigin);
  } catch {
    return 'cross-site';
  }
  return page.protocol === url.protocol && page.hostname === url.hostname ? 'same-site' : 'cross-site';
}

/** The headers Chromium puts on the preflight, in its order; never cookies or Authorization. */
export function preflightHeaders(method: string, pageHeaders: HeaderList, origin: string, site: string, userAgent: string): HeaderList {
  const out: Array<readonly [string, string]> = [
    ['Accept', '*/*'],
    ['Access-Control-Request-Method', normalizeMethod(method)],
  ];
  const acrh = accessControlRequestHeadersValue(pageHeaders);
  if (acrh !== '') out.push(['Access-Control-Request-Headers', acrh]);
  out.push(['Origin', origin], ['User-Agent', userAgent], ['Sec-Fetch-Mode', 'cors'], ['Sec-Fetch-Site', site], ['Sec-Fetch-Dest', 'empty']);
  return out;
}

/**
 * The actual request's headers: the page's own, then what fetch and the browser add. `cookies`:
 * whether the `-H Cookie` goes on this hop (credentials included, and the host it was given for).
 */
export function actualHeaders(pageHeaders: HeaderList, opts: { origin: string; site: string; userAgent: string; cookies: boolean; hasBody: boolean }): HeaderList {
  const out: Array<readonly [string, string]> = [];
  for (const [n, v] of pageHeaders) {
    // A page cannot set forbidden headers; a Cookie given on the command line stands for the
    // browser's cookie jar, which is only sent with credentials.
    if (n.toLowerCase() === 'cookie') {
      if (opts.cookies) out.push([n, v]);
      continue;
    }
    if (isForbiddenRequestHeader(n, v)) continue;
    out.push([n, v]);
  }
  out.push(['User-Agent', opts.userAgent]);
  // Fetch "extract a body": a string body gets text/plain;charset=UTF-8 unless the page set one.
  if (opts.hasBody && !hasHeader(pageHeaders, 'content-type')) out.push(['Content-Type', 'text/plain;charset=UTF-8']);
  if (!hasHeader(pageHeaders, 'accept')) out.push(['Accept', '*/*']);
  out.push(['Origin', opts.origin], ['Sec-Fetch-Site', opts.site], ['Sec-Fetch-Mode', 'cors'], ['Sec-Fetch-Dest', 'empty']);
  return out;
}

/** Headers the engine judges the preflight on: what the page set, minus the browser-owned Cookie. */
function pageSetHeaders(headers: HeaderList): HeaderList {
  return headers.filter(([n]) => n.toLowerCase() !== 'cookie');
}

/** What the run gathers for the report besides the verdict's exchange. */
interface Trail {
  hops: Hop[];
  /** Said in the report (text and JSON) as info warnings: what the browser kept from which hop. */
  notes: Warning[];
  /** Responses whose body was still arriving when reading stopped. */
  streamed: Set<string>;
}

function noteStream(trail: Trail, r: WireResult, what: string): void {
  if (r.kind === 'response' && r.stillArriving) trail.streamed.add(what);
}

/** The verdict on `exchange`, with the run's own notes among the engine's warnings. */
function report(exchange: Exchange, trail: Trail): CheckResult {
  const diagnosis = diagnose(exchange);
  diagnosis.warnings.push(...trail.notes);
  if (trail.streamed.size > 0)
    diagnosis.warnings.push({
      code: 'response-body-streaming',
      severity: 'info',
      message: `The body of the ${[...trail.streamed].join(' and of the ')} was still arriving ${BODY_WAIT_MS / 1000} s after the headers (a stream, server-sent events or a long poll). The browser decides CORS on the headers alone, so cors-doctor did too and stopped reading.`,
    });
  // The engine's summary counts its own warnings ("…, with 2 warnings."): count these too.
  const n = diagnosis.warnings.length;
  if (n > 0 && diagnosis.verdict === 'allowed') diagnosis.summary = diagnosis.summary.replace(/(, with \d+ warnings?)?\.$/, `, with ${n} warning${n > 1 ? 's' : ''}.`);
  return { exchange, diagnosis, hops: trail.hops };
}

/** The exchange at one hop, before anything is sent: the engine's view of the request the browser would make. */
function hopExchange(opts: CheckOptions, req: PageRequest, intended: HeaderList): Exchange {
  return {
    request: {
      url: req.url.href,
      method: req.method,
      origin: opts.origin,
      initiatorType: 'fetch',
      headers: intended,
      credentials: opts.credentials ? 'include' : 'omit',
      taintedOrigin: req.tainted,
      ...(req.initialUrl !== undefined ? { initialUrl: req.initialUrl } : {}),
    },
    preflight: { kind: 'not-observed' },
    browser: 'chromium',
    // The CLI applies the engine's Chromium rules: reports name that version.
    browserVersion: CHROMIUM_RULES_VERSION,
  };
}

/** How one hop ended: the verdict's exchange, or a redirect to follow. */
type HopOutcome = { end: Exchange } | { exchange: Exchange; status: number; next: URL | undefined };

/** What every hop shares: how to send, and the page origin Sec-Fetch-Site is computed from. */
interface HopContext {
  opts: CheckOptions;
  wire: Pick<WireRequest, 'timeoutMs' | 'insecure' | 'signal'>;
  /** Fetch "main fetch": the response tainting is "cors" once a hop has left the page's origin. */
  corsTainting: boolean;
}

function blocked(exchange: Exchange): { end: Exchange } {
  exchange.request.error = 'net::ERR_FAILED';
  return { end: exchange };
}

/** Fetch "CORS-preflight fetch" at this hop; undefined when it passed and the request may go. */
async function preflightHop(ctx: HopContext, req: PageRequest, hop: Hop, exchange: Exchange, site: string, trail: Trail): Promise<{ end: Exchange } | undefined> {
  const pageHeaders = pageSetHeaders(req.headers);
  if (!ctx.corsTainting || preflightReasons(req.method, pageHeaders).length === 0) return undefined;
  const pf = await sendRequest({ url: req.url, method: 'OPTIONS', headers: preflightHeaders(req.method, pageHeaders, hop.origin, site, ctx.opts.userAgent), ...ctx.wire });
  hop.preflight = pf;
  noteStream(trail, pf, 'preflight response');
  if (pf.kind === 'error') {
    exchange.preflight = { kind: 'network-error', error: pf.error, requestHeaders: pf.sent };
    exchange.request.error = pf.error;
    return { end: exchange };
  }
  const loc = locationOf(pf, req.url);
  exchange.preflight = {
    kind: 'observed',
    requestHeaders: pf.sent,
    status: pf.status,
    statusText: pf.statusText,
    headers: pf.headers,
    ...(loc.raw !== undefined ? { redirectTo: loc.url?.href ?? loc.raw } : {}),
    ...(pf.body !== '' ? { body: pf.body } : {}),
  };
  return diagnose(exchange).verdict === 'blocked' ? blocked(exchange) : undefined;
}

/** One hop: the preflight when one is needed, then the request, each judged as Chromium judges it. */
async function probeHop(ctx: HopContext, req: PageRequest, dropped: DroppedHeader[], trail: Trail): Promise<HopOutcome> {
  const { opts } = ctx;
  const sentOrigin = req.tainted ? 'null' : opts.origin;
  const site = fetchSite(opts.origin, req.url, req.tainted);
  const hop: Hop = { url: req.url.href, origin: sentOrigin, ...(dropped.length > 0 ? { dropped } : {}) };
  trail.hops.push(hop);
  const cookies = opts.credentials && cookieGoesTo(req.url, opts.url);
  const intended = actualHeaders(req.headers, { origin: sentOrigin, site, userAgent: opts.userAgent, cookies, hasBody: req.body !== undefined });
  const exchange = hopExchange(opts, req, intended);

  const stopped = await preflightHop(ctx, req, hop, exchange, site, trail);
  if (stopped) return stopped;

  const res = await sendRequest({ url: req.url, method: req.method, headers: intended, ...(req.body !== undefined ? { body: req.body } : {}), ...ctx.wire });
  hop.response = res;
  noteStream(trail, res, 'response');
  exchange.request.headers = res.sent;
  if (res.kind === 'error') {
    exchange.request.error = res.error;
    return { end: exchange };
  }
  const loc = locationOf(res, req.url);
  exchange.response = {
    status: res.status,
    headers: res.headers,
    ...(loc.raw !== undefined ? { redirectTo: loc.url?.href ?? loc.raw } : {}),
    ...(res.body !== '' ? { body: res.body } : {}),
  };
  if (ctx.corsTainting && diagnose(exchange).verdict === 'blocked') return blocked(exchange);
  if (loc.raw === undefined) return { end: exchange };
  return { exchange, status: res.status, next: loc.url };
}

/** The hop loop: probe, then follow the redirect (Fetch "HTTP-redirect fetch") until a hop gives the verdict. */
export async function runCheck(opts: CheckOptions): Promise<CheckResult> {
  const trail: Trail = { hops: [], notes: [], streamed: new Set() };
  const ctx: HopContext = {
    opts,
    wire: { timeoutMs: opts.timeoutMs, ...(opts.insecure ? { insecure: true } : {}), ...(opts.signal ? { signal: opts.signal } : {}) },
    corsTainting: false,
  };
  const cookieFor = opts.credentials && hasHeader(opts.headers, 'cookie') ? opts.url : undefined;
  let req: PageRequest = { url: opts.url, method: normalizeMethod(opts.method), headers: opts.headers, body: opts.body, tainted: false };
  let dropped: DroppedHeader[] = [];
  for (let redirects = 0; ; redirects++) {
    if (req.url.origin !== opts.origin) ctx.corsTainting = true;
    const hop = await probeHop(ctx, req, dropped, trail);
    if ('end' in hop) return report(hop.end, trail);
    const target = redirectTarget(hop.next, redirects);
    if ('error' in target) {
      delete hop.exchange.response;
      hop.exchange.request.error = target.error;
      return report(hop.exchange, trail);
    }
    const redirected = followRedirect(req, hop.status, target.url, { pageOrigin: opts.origin, ...(cookieFor ? { cookieFor } : {}), noted: trail.notes });
    trail.notes.push(...redirected.notes);
    ({ request: req, dropped } = redirected);
  }
}
