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
import { BODY_WAIT_MS, sendRequest, type WireResult } from './send';

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

/** A request header the browser would not carry to a hop, and why. */
export interface DroppedHeader {
  name: string;
  /** One sentence, for the hop's line in the transcript. */
  why: string;
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

/** Fetch "HTTP-redirect fetch": at most 20 redirects. */
export const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Fetch "request-body-header name": dropped when a redirect turns the request into a GET.
const REQUEST_BODY_HEADERS = new Set(['content-encoding', 'content-language', 'content-location', 'content-type']);

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

function locationOf(result: WireResult, base: URL): { url?: URL; raw?: string } {
  if (result.kind !== 'response' || !REDIRECT_STATUSES.has(result.status)) return {};
  const raw = result.headers.find(([n]) => n.toLowerCase() === 'location')?.[1];
  if (raw === undefined) return {};
  try {
    return { url: new URL(raw, base), raw };
  } catch {
    return { raw };
  }
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

/**
 * Whether the `-H Cookie`, given for `first`, goes to `url`. It stands for the browser's cookie jar
 * for the URL on the command line: a cookie goes back only to the host that set it (RFC 6265
 * §5.4, host-only; ports do not matter), so another host gets none of it. Going from https to
 * http it is withheld too: cors-doctor cannot tell whether the cookie is `Secure`, and a browser
 * never sends a `Secure` cookie over http.
 */
function cookieGoesTo(url: URL, first: URL): boolean {
  if (url.hostname !== first.hostname) return false;
  return !(first.protocol === 'https:' && url.protocol === 'http:');
}

export async function runCheck(opts: CheckOptions): Promise<CheckResult> {
  const pageOrigin = opts.origin;
  let url = opts.url;
  let method = normalizeMethod(opts.method);
  let headers = opts.headers;
  let body = opts.body;
  let tainted = false;
  let corsTainting = false;
  let initialUrl: string | undefined;
  const hops: Hop[] = [];
  const credentials = opts.credentials ? 'include' : 'omit';
  // Said in the report (text and JSON) as info warnings: what the browser kept from which hop.
  const notes: Warning[] = [];
  let dropped: DroppedHeader[] = [];
  const cookieGiven = opts.credentials && hasHeader(opts.headers, 'cookie');
  const streamed = new Set<string>();
  const noteStream = (r: WireResult, what: string): void => {
    if (r.kind === 'response' && r.stillArriving) streamed.add(what);
  };
  const report = (exchange: Exchange): CheckResult => {
    const diagnosis = diagnose(exchange);
    diagnosis.warnings.push(...notes);
    if (streamed.size > 0)
      diagnosis.warnings.push({
        code: 'response-body-streaming',
        severity: 'info',
        message: `The body of the ${[...streamed].join(' and of the ')} was still arriving ${BODY_WAIT_MS / 1000} s after the headers (a stream, server-sent events or a long poll). The browser decides CORS on the headers alone, so cors-doctor did too and stopped reading.`,
      });
    // The engine's summary counts its own warnings ("…, with 2 warnings."): count these too.
    const n = diagnosis.warnings.length;
    if (n > 0 && diagnosis.verdict === 'allowed')
      diagnosis.summary = diagnosis.summary.replace(/(, with \d+ warnings?)?\.$/, `, with ${n} warning${n > 1 ? 's' : ''}.`);
    return { exchange, diagnosis, hops };
  };

  for (let redirects = 0; ; redirects++) {
    const sentOrigin = tainted ? 'null' : pageOrigin;
    // Fetch "main fetch": same-origin requests are plain fetches until a hop makes the response tainting "cors".
    if (url.origin !== pageOrigin) corsTainting = true;
    const site = fetchSite(pageOrigin, url, tainted);
    const pageHeaders = pageSetHeaders(headers);
    const hop: Hop = { url: url.href, origin: sentOrigin, ...(dropped.length > 0 ? { dropped } : {}) };
    hops.push(hop);
    dropped = [];
    const cookies = opts.credentials && cookieGoesTo(url, opts.url);
    const intended = actualHeaders(headers, { origin: sentOrigin, site, userAgent: opts.userAgent, cookies, hasBody: body !== undefined });
    const exchange: Exchange = {
      request: {
        url: url.href,
        method,
        origin: pageOrigin,
        initiatorType: 'fetch',
        headers: intended,
        credentials,
        taintedOrigin: tainted,
        ...(initialUrl !== undefined ? { initialUrl } : {}),
      },
      preflight: { kind: 'not-observed' },
      browser: 'chromium',
      // The CLI applies the engine's Chromium rules: reports name that version.
      browserVersion: CHROMIUM_RULES_VERSION,
    };
    const blocked = (): CheckResult => {
      exchange.request.error = 'net::ERR_FAILED';
      return report(exchange);
    };
    const wire = { timeoutMs: opts.timeoutMs, ...(opts.insecure ? { insecure: true } : {}), ...(opts.signal ? { signal: opts.signal } : {}) };

    if (corsTainting && preflightReasons(method, pageHeaders).length > 0) {
      const pf = await sendRequest({
        url,
        method: 'OPTIONS',
        headers: preflightHeaders(method, pageHeaders, sentOrigin, site, opts.userAgent),
        ...wire,
      });
      hop.preflight = pf;
      noteStream(pf, 'preflight response');
      if (pf.kind === 'error') {
        exchange.preflight = { kind: 'network-error', error: pf.error, requestHeaders: pf.sent };
        exchange.request.error = pf.error;
        return report(exchange);
      }
      const loc = locationOf(pf, url);
      exchange.preflight = {
        kind: 'observed',
        requestHeaders: pf.sent,
        status: pf.status,
        statusText: pf.statusText,
        headers: pf.headers,
        ...(loc.raw !== undefined ? { redirectTo: loc.url?.href ?? loc.raw } : {}),
        ...(pf.body !== '' ? { body: pf.body } : {}),
      };
      if (diagnose(exchange).verdict === 'blocked') return blocked();
    }

    const res = await sendRequest({
      url,
      method,
      headers: intended,
      ...(body !== undefined ? { body } : {}),
      ...wire,
    });
    hop.response = res;
    noteStream(res, 'response');
    exchange.request.headers = res.sent;
    if (res.kind === 'error') {
      exchange.request.error = res.error;
      return report(exchange);
    }
    const loc = locationOf(res, url);
    exchange.response = {
      status: res.status,
      headers: res.headers,
      ...(loc.raw !== undefined ? { redirectTo: loc.url?.href ?? loc.raw } : {}),
      ...(res.body !== '' ? { body: res.body } : {}),
    };
    if (corsTainting && diagnose(exchange).verdict === 'blocked') return blocked();
    if (loc.raw === undefined) return report(exchange);

    // --- HTTP-redirect fetch -------------------------------------------------------------------
    const next = loc.url;
    const failWith = (error: string): CheckResult => {
      delete exchange.response;
      exchange.request.error = error;
      return report(exchange);
    };
    if (next === undefined) return failWith('net::ERR_INVALID_REDIRECT');
    if (next.protocol !== 'http:' && next.protocol !== 'https:') return failWith('net::ERR_UNSAFE_REDIRECT');
    if (redirects + 1 > MAX_REDIRECTS) return failWith('net::ERR_TOO_MANY_REDIRECTS');
    if (next.origin !== url.origin && pageOrigin !== url.origin) tainted = true;
    const status = res.status;
    if (((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD')) {
      method = 'GET';
      body = undefined;
      headers = headers.filter(([n]) => !REQUEST_BODY_HEADERS.has(n.toLowerCase()));
    }
    // Fetch "HTTP-redirect fetch": when the redirect crosses origins, Authorization is removed
    // from the request for good (observed in Chromium 156: it reaches neither the new origin nor
    // its preflight's Access-Control-Request-Headers, and a request it alone made non-simple goes
    // unpreflighted).
    if (next.origin !== url.origin && hasHeader(headers, 'authorization')) {
      headers = headers.filter(([n]) => n.toLowerCase() !== 'authorization');
      dropped.push({ name: 'Authorization', why: `removed: the redirect goes from ${url.origin} to another origin, ${next.origin}` });
      notes.push({
        code: 'redirect-removed-authorization',
        severity: 'info',
        header: 'Authorization',
        message: `The redirect from ${url.origin} to ${next.origin} crosses origins, so the browser removes the Authorization header (Fetch "HTTP-redirect fetch", as Chromium and Firefox do): ${next.origin} received no Authorization, and no preflight there asked for it. If ${next.origin} needs a token, the page has to call it directly.`,
      });
    }
    if (cookieGiven && cookieGoesTo(url, opts.url) && !cookieGoesTo(next, opts.url)) {
      const why = next.hostname !== opts.url.hostname ? `it was given for ${opts.url.hostname}, not ${next.hostname}` : `${next.origin} is plain http and the cookie may be Secure`;
      dropped.push({ name: 'Cookie', why: `not sent: ${why}` });
      const code = 'redirect-withheld-cookie';
      if (!notes.some((n) => n.code === code))
        notes.push({
          code,
          severity: 'info',
          header: 'Cookie',
          message:
            next.hostname !== opts.url.hostname
              ? `The -H Cookie stands for the browser's cookies for ${opts.url.hostname}; a browser sends a host's cookies to that host only, so the redirected request to ${next.hostname} went without it (with credentials included, a browser would send ${next.hostname}'s own cookies, which cors-doctor does not have).`
              : `The redirect leaves https for ${next.origin}: the -H Cookie was not sent there, since a browser never sends a Secure cookie over http and cors-doctor cannot tell whether it is Secure.`,
        });
    }
    initialUrl ??= url.href;
    url = next;
  }
}
