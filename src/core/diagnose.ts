// Exchange -> Diagnosis: Chromium's verdict, every failing check in Chromium's order, and why.
// For an exchange observed in Firefox (exchange.browser === 'firefox') the checks come in Firefox's
// order with Firefox's reason codes and console lines (firefox-view.ts); the verdict is the same.
import type { Check } from './check';
import { firefoxCodeFor } from './check';
import { corsCheck } from './cors-check';
import type { CredentialsMode, Exchange, HeaderList } from './exchange';
import { unreadableResponseHeaders } from './exposure';
import { coerceHeaderList, combinedHeader, hasHeader, lowerAscii, trimLws } from './headers';
import { firefoxCodeForCheck, firefoxMaxAge, firefoxView, type FirefoxView, type FirefoxViewInput } from './firefox-view';
import { chromiumConsoleMessage, type ConsoleMessageContext } from './messages-chromium';
import { classifyError, describeNetworkError } from './net-errors';
import { isHttpLike, isValidUrlLike, originOfUrl, urlHasCredentials } from './origin';
import { get, str } from './read';
import { describeMaxAge, effectiveMaxAge, type PreflightCacheInfo } from './preflight-cache';
import { corsFailureToCheck, preflightChecks, type PreflightCheckResult } from './preflight-check';
import { realCauseHints, type Hint, type HintContext } from './real-cause';
import {
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedMethod,
  normalizeMethod,
  preflightReasons,
  SPEC_SAFELISTED_NAMES,
  type PreflightReason,
} from './safelist';
import { corsWarnings, type Warning, type WarningContext } from './warnings';

export type { Check } from './check';
export type { Hint } from './real-cause';
export type { Warning } from './warnings';
export type { PreflightCacheInfo } from './preflight-cache';
export type { PreflightReason } from './safelist';

export type Verdict = 'blocked' | 'allowed' | 'network-error' | 'unexplained';

export interface Diagnosis {
  verdict: Verdict;
  /**
   * Every failing check in the inspected browser's evaluation order (Chromium's, or Firefox's when
   * exchange.browser is 'firefox'): checks[0] is what its console prints.
   */
  checks: Check[];
  /**
   * The inspected browser's first console line for this request, reconstructed: Chromium 156's
   * "Access to fetch at …", or Firefox's "Cross-Origin Request Blocked: …" (absent when nothing was
   * reported; for Chromium, absent for network errors too).
   */
  browserMessage?: string;
  /** Every console line the inspected browser prints for this request, in order (Firefox prints up to three). */
  browserMessages?: string[];
  /** Where the other browser (Firefox for a Chromium exchange, Chromium for a Firefox one) would report or decide differently. */
  browserDifferences?: string[];
  /** What made the request non-simple; [] = simple; null = unknown (request headers not seen). */
  whyPreflight: PreflightReason[] | null;
  /** Whether Chromium sends a preflight for this request; null when unknown. */
  preflightNeeded: boolean | null;
  realCause: Hint[];
  /** Conclusions reached by elimination, each said as such. */
  inferred: string[];
  cache: PreflightCacheInfo;
  warnings: Warning[];
  /** Response headers page JavaScript cannot read (neither safelisted nor exposed). */
  unreadableResponseHeaders: string[];
  /** One plain-English sentence. */
  summary: string;
  /** Where it failed; null when nothing failed. */
  stage: 'preflight' | 'response' | null;
  credentials: { mode: 'include' | 'omit'; assumed: boolean };
  origin: { page: string | null; sent: string | null; tainted: boolean };
  /** False for same-origin requests (CORS does not apply); null when unknown. */
  crossOrigin: boolean | null;
  /** Where Chromium departs from the Fetch standard's text in a way that mattered here (Chromium was followed). */
  chromiumDeviations: string[];
}

// ---------------------------------------------------------------------------------------------
// Input coercion: every field may be missing, malformed, or hostile.

interface NormPreflightObserved {
  kind: 'observed';
  requestHeaders?: HeaderList;
  status: number;
  headers: HeaderList;
  redirectTo?: string;
  body?: string;
}
type NormPreflight = NormPreflightObserved | { kind: 'network-error'; requestHeaders?: HeaderList; error: string } | { kind: 'not-observed' };
interface NormResponse {
  status: number;
  headers: HeaderList;
  redirectTo?: string;
  body?: string;
}
interface Norm {
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

function normalize(x: unknown): Norm {
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
    const rt = str(pfF['redirectTo']);
    if (rt !== undefined) p.redirectTo = rt;
    const body = str(pfF['body']);
    if (body !== undefined) p.body = body;
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
    const rt = str(rsF['redirectTo']);
    if (rt !== undefined) response.redirectTo = rt;
    const body = str(rsF['body']);
    if (body !== undefined) response.body = body;
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

// ---------------------------------------------------------------------------------------------

function parseAcrh(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const comma = value.indexOf(',', start);
    const item = lowerAscii(trimLws(comma < 0 ? value.slice(start) : value.slice(start, comma)));
    if (item !== '') out.push(item);
    if (comma < 0) return out;
    start = comma + 1;
  }
}

/** `s` with the first `find` replaced (String#replace without its pattern machinery). */
function replaceFirst(s: string, find: string, by: string): string {
  const i = s.indexOf(find);
  return i < 0 ? s : s.slice(0, i) + by + s.slice(i + find.length);
}

// Client-hint headers Chromium safelists and the Fetch standard does not.
const CHROMIUM_ONLY_SAFELISTED = new Set(['intervention', 'device-memory', 'dpr', 'downlink', 'width', 'viewport-width', 'rtt', 'ect', 'save-data']);

// Added below the CORS layer (network stack, Chrome itself), so never part of Chromium's decision.
const BROWSER_ADDED = new Set(['priority', 'x-client-data']);

const SHORT: Record<string, string> = {
  PreflightMissingAllowOriginHeader: 'the preflight response has no Access-Control-Allow-Origin header',
  PreflightAllowOriginMismatch: 'the preflight response allows a different origin',
  PreflightMultipleAllowOriginValues: 'the preflight response has more than one Access-Control-Allow-Origin value',
  PreflightInvalidAllowOriginValue: 'the preflight response has an invalid Access-Control-Allow-Origin value',
  PreflightWildcardOriginNotAllowed: "the preflight response allows origin '*', which never works with credentials",
  PreflightInvalidAllowCredentials: 'the preflight response lacks Access-Control-Allow-Credentials: true for a credentialed request',
  PreflightInvalidStatus: 'the preflight (OPTIONS) did not get a 2xx status',
  PreflightDisallowedRedirect: 'the preflight was redirected, and preflights never follow redirects',
  InvalidAllowMethodsPreflightResponse: 'the preflight response has an unparsable Access-Control-Allow-Methods',
  InvalidAllowHeadersPreflightResponse: 'the preflight response has an unparsable Access-Control-Allow-Headers',
  MethodDisallowedByPreflightResponse: 'the preflight response does not allow the method',
  HeaderDisallowedByPreflightResponse: 'the preflight response does not allow a request header',
  MissingAllowOriginHeader: 'the response has no Access-Control-Allow-Origin header',
  AllowOriginMismatch: 'the response allows a different origin',
  MultipleAllowOriginValues: 'the response has more than one Access-Control-Allow-Origin value',
  InvalidAllowOriginValue: 'the response has an invalid Access-Control-Allow-Origin value',
  WildcardOriginNotAllowed: "the response allows origin '*', which never works with credentials",
  InvalidAllowCredentials: 'the response lacks Access-Control-Allow-Credentials: true for a credentialed request',
  RedirectContainsCredentials: 'the redirect location contains a username or password',
};

function shortFor(c: Check, n: Norm): string {
  let s = SHORT[c.code] ?? c.code;
  if (c.code === 'MethodDisallowedByPreflightResponse') s = `the preflight response does not allow the method ${c.failedParameter ?? n.method}`;
  if (c.code === 'HeaderDisallowedByPreflightResponse') s = `the preflight response does not allow the request header ${c.failedParameter}`;
  if (c.code === 'PreflightInvalidStatus') s = `the preflight (OPTIONS) got HTTP ${c.actual}, not a 2xx status`;
  if (c.stage === 'preflight' && n.preflight.kind === 'observed' && c.code.startsWith('Preflight') && c.code !== 'PreflightInvalidStatus' && c.code !== 'PreflightDisallowedRedirect')
    s = replaceFirst(s, 'the preflight response', `the preflight response (HTTP ${n.preflight.status})`);
  if (c.stage === 'response' && n.response && !c.code.startsWith('Redirect'))
    s = replaceFirst(s, 'the response', `the response (HTTP ${n.response.status})`);
  return s;
}

interface Evaluation {
  checks: Check[];
  stage: 'preflight' | 'response' | null;
  preflight?: PreflightCheckResult;
}

function evaluate(
  n: Norm,
  credentials: boolean,
  sentOrigin: string,
  method: string,
  unsafeHeaders: string[] | undefined,
): Evaluation {
  const httpLike = n.url === '' ? true : isHttpLike(n.url);
  if (n.preflight.kind === 'observed') {
    const pf = n.preflight;
    const input: Parameters<typeof preflightChecks>[0] = {
      status: pf.status,
      headers: pf.headers,
      method,
      unsafeHeaders,
      credentials,
      origin: sentOrigin,
      httpLike,
    };
    if (pf.redirectTo !== undefined) input.redirectTo = pf.redirectTo;
    const pr = preflightChecks(input);
    if (pr.checks.length > 0) return { checks: pr.checks, stage: 'preflight', preflight: pr };
    const ev = evaluateResponse(n, credentials, sentOrigin, httpLike);
    ev.preflight = pr;
    return ev;
  }
  return evaluateResponse(n, credentials, sentOrigin, httpLike);
}

function evaluateResponse(n: Norm, credentials: boolean, sentOrigin: string, httpLike: boolean): Evaluation {
  const rs = n.response;
  if (!rs) return { checks: [], stage: null };
  const checks: Check[] = [];
  // cors_url_loader.cc OnReceiveRedirect: the CORS check runs on the redirect response first,
  // then the location is checked for credentials.
  for (const f of corsCheck({
    allowOrigin: combinedHeader(rs.headers, 'access-control-allow-origin'),
    allowCredentials: combinedHeader(rs.headers, 'access-control-allow-credentials'),
    credentials,
    origin: sentOrigin,
    httpLike,
  })) {
    checks.push(corsFailureToCheck(f, 'response', sentOrigin));
  }
  if (rs.redirectTo !== undefined && urlHasCredentials(rs.redirectTo)) {
    checks.push({
      code: 'RedirectContainsCredentials',
      stage: 'response',
      header: 'Location',
      expected: 'a redirect URL without user:password@',
      actual: rs.redirectTo,
      explanation: 'The server redirected a cross-origin request to a URL that contains a username or password; CORS requests refuse to follow such redirects. Redirect to a URL without credentials.',
      failedParameter: rs.redirectTo,
    });
  }
  return { checks, stage: checks.length > 0 ? 'response' : null };
}

// Firefox's necko error names for the usual "server not reached" cases -> Chromium's net error.
const NET_ERROR_IN_CHROMIUM: Record<string, string> = {
  NS_ERROR_CONNECTION_REFUSED: 'net::ERR_CONNECTION_REFUSED',
  NS_ERROR_UNKNOWN_HOST: 'net::ERR_NAME_NOT_RESOLVED',
  NS_ERROR_NET_TIMEOUT: 'net::ERR_TIMED_OUT',
  NS_ERROR_NET_RESET: 'net::ERR_CONNECTION_RESET',
  NS_ERROR_NET_INTERRUPT: 'net::ERR_CONNECTION_CLOSED',
  NS_ERROR_OFFLINE: 'net::ERR_INTERNET_DISCONNECTED',
};
function chromiumNetError(err: string): string {
  if (err.startsWith('net::')) return err;
  return Object.prototype.hasOwnProperty.call(NET_ERROR_IN_CHROMIUM, err) ? (NET_ERROR_IN_CHROMIUM[err] as string) : 'a net::ERR_… error';
}

const UNEXPLAINED_CAUSES_FIREFOX = [
  'The response Firefox evaluated may differ from the one observed (a service worker answered, or the request was retried).',
  'Another check may have blocked it: Cross-Origin-Resource-Policy / COEP, mixed content, or a Content Security Policy on the page.',
  'The credentials mode may differ from what was assumed (fetch credentials: "include" or XHR withCredentials).',
];

const UNEXPLAINED_CAUSES = [
  'The preflight may not have been visible: Chromium shows preflights to extensions only when a webRequest listener asks for extraHeaders.',
  'The response the browser evaluated may differ from the one observed (a service worker answered, or the request was retried).',
  'Another check may have blocked it: Cross-Origin-Resource-Policy / COEP (net::ERR_BLOCKED_BY_RESPONSE), Local Network Access, mixed content, or a Content Security Policy on the page.',
  'The credentials mode may differ from what was assumed (fetch credentials: "include" or XHR withCredentials).',
];

export function diagnose(exchange: Exchange): Diagnosis {
  try {
    return diagnoseNormalized(normalize(exchange));
  } catch (e) {
    // Never throw: an engine bug degrades to an honest "unexplained".
    return {
      verdict: 'unexplained',
      checks: [],
      whyPreflight: null,
      preflightNeeded: null,
      realCause: [],
      inferred: [`The diagnosis engine failed on this input (${e instanceof Error ? e.message.slice(0, 200) : 'unknown error'}).`],
      cache: { effectiveSeconds: null, source: null, servedFromCache: false, explanation: 'Unknown.' },
      warnings: [],
      unreadableResponseHeaders: [],
      summary: 'The exchange could not be diagnosed.',
      stage: null,
      credentials: { mode: 'omit', assumed: true },
      origin: { page: null, sent: null, tainted: false },
      crossOrigin: null,
      chromiumDeviations: [],
    };
  }
}

function diagnoseNormalized(n: Norm): Diagnosis {
  const inferred: string[] = [];
  const deviations: string[] = [];
  const pfRequestHeaders = n.preflight.kind !== 'not-observed' ? n.preflight.requestHeaders : undefined;

  // --- origins -------------------------------------------------------------------------------
  const originHeaderSeen = (pfRequestHeaders && combinedHeader(pfRequestHeaders, 'origin')) ?? (n.headers && combinedHeader(n.headers, 'origin'));
  let pageOrigin: string | null = n.origin ?? null;
  let tainted = n.taintedOrigin ?? false;
  if (n.taintedOrigin === undefined && n.initialUrl !== undefined && pageOrigin !== null) {
    const o1 = originOfUrl(n.initialUrl);
    const o2 = originOfUrl(n.url);
    tainted = o1 !== undefined && o2 !== undefined && o1 !== o2 && o1 !== pageOrigin;
  }
  if (n.taintedOrigin === undefined && !tainted && pageOrigin !== null && pageOrigin !== 'null' && originHeaderSeen === 'null') {
    tainted = true;
    inferred.push('The request carried `Origin: null` although the page origin is not null, so an earlier cross-origin redirect tainted it.');
  }
  if (pageOrigin === null && originHeaderSeen !== undefined) {
    pageOrigin = originHeaderSeen;
    inferred.push(`The page origin was not given; taken from the request's Origin header (${originHeaderSeen}).`);
  }
  let sentOrigin: string;
  if (tainted) sentOrigin = 'null';
  else if (pageOrigin !== null) sentOrigin = pageOrigin;
  else {
    // Unknown origin: assume the server's single valid ACAO names it, so only other checks decide.
    const acao =
      (n.preflight.kind === 'observed' ? combinedHeader(n.preflight.headers, 'access-control-allow-origin') : undefined) ??
      (n.response ? combinedHeader(n.response.headers, 'access-control-allow-origin') : undefined);
    sentOrigin = acao !== undefined && acao !== '*' && !/[ ,]/.test(acao) && (acao === 'null' || isValidUrlLike(acao)) ? acao : 'null';
    inferred.push('The page origin is unknown; origin checks assume the allowed origin is the page\'s own.');
  }
  const targetOrigin = originOfUrl(n.url);
  const crossOrigin = pageOrigin === null || targetOrigin === undefined ? null : tainted || targetOrigin !== pageOrigin;

  // --- credentials ---------------------------------------------------------------------------
  let credKnown = n.credentials !== 'unknown';
  let credentials = n.credentials === 'include';
  if (!credKnown && n.headers && hasHeader(n.headers, 'cookie')) {
    credKnown = true;
    credentials = true;
    inferred.push('A Cookie header was sent on this cross-origin request, so its credentials mode is "include".');
  }

  // --- method and CORS-unsafe header names -----------------------------------------------------
  const acrm = pfRequestHeaders ? combinedHeader(pfRequestHeaders, 'access-control-request-method') : undefined;
  const method = acrm !== undefined && acrm !== '' ? acrm : n.method;
  const acrhRaw = pfRequestHeaders ? combinedHeader(pfRequestHeaders, 'access-control-request-headers') : undefined;
  const acrh = acrhRaw !== undefined ? parseAcrh(acrhRaw) : pfRequestHeaders && acrm !== undefined ? [] : undefined;
  const reqHeaders = n.headers ? n.headers.filter(([name]) => !BROWSER_ADDED.has(lowerAscii(name))) : undefined;
  // Chromium checks the request's own header order; Blink's fetch header list is sorted by name,
  // so sorted order (the Access-Control-Request-Headers order) is what we report.
  const unsafeHeaders: string[] | undefined =
    acrh ?? (reqHeaders ? [...new Set(corsUnsafeRequestHeaderNames(reqHeaders))].sort() : undefined);

  // --- why a preflight -----------------------------------------------------------------------
  let whyPreflight: PreflightReason[] | null;
  if (reqHeaders) {
    whyPreflight = preflightReasons(method, reqHeaders);
    if (acrh) {
      const names = new Set(acrh);
      whyPreflight = whyPreflight.filter((r) => r.header === undefined || names.has(r.header));
      for (const name of acrh)
        if (!whyPreflight.some((r) => r.header === name))
          whyPreflight.push({ kind: 'from-preflight', header: name, explanation: `The browser listed \`${name}\` in Access-Control-Request-Headers: it is not CORS-safelisted as sent.` });
    }
  } else if (acrh) {
    whyPreflight = preflightReasons(method, []);
    for (const name of acrh)
      whyPreflight.push({ kind: 'from-preflight', header: name, explanation: `The request sends \`${name}\` (listed in Access-Control-Request-Headers), which is not CORS-safelisted with its value.` });
  } else if (!isCorsSafelistedMethod(method)) {
    whyPreflight = preflightReasons(method, []);
  } else whyPreflight = null;
  if (reqHeaders) {
    for (const [name, value] of reqHeaders) {
      const lower = lowerAscii(name);
      if (CHROMIUM_ONLY_SAFELISTED.has(lower) && !SPEC_SAFELISTED_NAMES.includes(lower) && !unsafeHeaders?.includes(lower)) {
        deviations.push(`\`${name}: ${value}\` needs no preflight in Chromium (it safelists this client-hint header), although the Fetch standard does not list it.`);
      }
    }
  }
  const preflightObserved = n.preflight.kind === 'observed';
  const preflightNeeded: boolean | null =
    n.preflight.kind !== 'not-observed' ? true : whyPreflight === null ? null : whyPreflight.length > 0;

  // --- network errors --------------------------------------------------------------------------
  const errClass = classifyError(n.error);
  const base = {
    whyPreflight,
    preflightNeeded,
    origin: { page: pageOrigin, sent: sentOrigin, tainted },
    crossOrigin,
    credentials: { mode: credentials ? ('include' as const) : ('omit' as const), assumed: !credKnown },
  };

  if (n.preflight.kind === 'network-error' || (!preflightObserved && !n.response && errClass === 'network')) {
    const err =
      errClass === 'network' ? (n.error as string) : n.preflight.kind === 'network-error' ? n.preflight.error : (n.error as string);
    const hints = realCauseHints({ url: n.url, origin: sentOrigin, method, tainted, checks: [], whyPreflight, networkError: err });
    const netDiag: Diagnosis = {
      ...base,
      verdict: 'network-error',
      checks: [],
      realCause: hints,
      inferred: [...inferred, describeNetworkError(err)],
      cache: { effectiveSeconds: null, source: null, servedFromCache: false, explanation: 'No preflight response was received.' },
      warnings: [],
      unreadableResponseHeaders: [],
      summary: `Not a CORS problem: the server was not reached (${err}).`,
      stage: null,
      chromiumDeviations: deviations,
    };
    const ffNet = firefoxView({
      url: n.url,
      origin: sentOrigin,
      credentials,
      chromiumChecks: [],
      stage: null,
      networkError: n.preflight.kind === 'network-error' ? 'preflight' : 'request',
      headersMerged: n.browser === 'firefox',
      authorizationViaWildcard: false,
    });
    const firstFf = ffNet.lines[0] as string;
    if (n.browser === 'firefox') {
      netDiag.browserMessage = firstFf;
      netDiag.browserMessages = ffNet.lines;
      netDiag.browserDifferences = [
        `Firefox words this "CORS request did not succeed" (Status code: (null)), which is no CORS verdict: no response arrived. Chromium 156 reports the network error itself (${chromiumNetError(err)}) and no CORS message.`,
      ];
    } else {
      netDiag.browserDifferences = [
        `Firefox 153 would print "${firstFf}"${ffNet.lines.length > 1 ? ` (${ffNet.lines.length} times: once for the preflight, once for the request)` : ''}: despite the wording, no CORS check ran, the server was not reached.`,
      ];
    }
    return netDiag;
  }

  if (crossOrigin === false) {
    return {
      ...base,
      verdict: errClass === 'network' ? 'network-error' : 'allowed',
      checks: [],
      realCause: [],
      inferred: [...inferred, `The request is same-origin (${pageOrigin}), so CORS does not apply.`],
      cache: { effectiveSeconds: null, source: null, servedFromCache: false, explanation: 'Same-origin requests are never preflighted.' },
      warnings: [],
      unreadableResponseHeaders: [],
      summary: `Not a CORS request: ${n.url} is same-origin with the page.`,
      stage: null,
      chromiumDeviations: deviations,
    };
  }

  if (preflightObserved && whyPreflight !== null && whyPreflight.length === 0)
    inferred.push('A preflight was sent although the method and headers are CORS-safelisted: an XMLHttpRequest with upload progress listeners always preflights, and so does a request to a more private address space (Local Network Access).');
  if (!credKnown) inferred.push('The credentials mode was not observed; evaluated as "omit", the default for fetch() and XMLHttpRequest across origins.');
  if (unsafeHeaders === undefined && preflightObserved)
    inferred.push('The request headers were not observed, so Access-Control-Allow-Headers could not be checked against them.');

  // --- the checks ------------------------------------------------------------------------------
  let ev = evaluate(n, credentials, sentOrigin, method, unsafeHeaders);
  if (ev.checks.length === 0 && !credKnown && errClass === 'cors') {
    const withCreds = evaluate(n, true, sentOrigin, method, unsafeHeaders);
    if (withCreds.checks.length > 0) {
      for (const c of withCreds.checks) c.inferred = true;
      ev = withCreds;
      credentials = true;
      base.credentials = { mode: 'include', assumed: true };
      inferred.push(`Every check passes without credentials, yet ${n.browser === 'firefox' ? 'Firefox' : 'Chromium'} blocked the request: it must have been sent with credentials (fetch credentials: "include" or XHR withCredentials), and these checks fail with them.`);
    }
  }

  // --- the other engine's view -------------------------------------------------------------------
  const authorizationViaWildcard = ev.preflight?.authorizationViaWildcard ?? false;
  // Optional fields assigned, not spread in: conditional object spread was the engine's top cost.
  const ffInput: FirefoxViewInput = {
    url: n.url,
    origin: sentOrigin,
    credentials,
    chromiumChecks: ev.checks,
    stage: ev.stage,
    headersMerged: n.browser === 'firefox',
    authorizationViaWildcard,
  };
  if (n.preflight.kind === 'observed') ffInput.preflight = n.preflight;
  if (n.response) ffInput.response = n.response;
  // Console wording differs between Firefox versions: only a Firefox exchange's own version applies.
  if (n.browser === 'firefox' && n.browserVersion !== undefined) ffInput.firefoxVersion = n.browserVersion;
  const ff = firefoxView(ffInput);
  const firefox = n.browser === 'firefox';
  const checks = firefox ? ff.checks : ev.checks;
  if (!firefox) {
    // Firefox's reason for each check, read from the headers (its ACAO "multiple" rule is not Chromium's).
    for (const c of checks) {
      const headers = c.stage === 'preflight' ? (n.preflight.kind === 'observed' ? n.preflight.headers : undefined) : n.response?.headers;
      const code = firefoxCodeForCheck(c, headers, false);
      if (code) c.firefoxCode = code;
    }
  } else if (ff.acaoLinesGuessed) {
    inferred.push(
      "Firefox's webRequest hands over duplicate Access-Control-Allow-Origin lines already merged into one comma-joined value, and Firefox's own verdict depends on the lines' letter case (it counts only lines spelled exactly `Access-Control-Allow-Origin` as duplicates, and otherwise compares the merged value): which of the two reasons Firefox printed is inferred from the values.",
    );
  }

  // --- cache -----------------------------------------------------------------------------------
  let cache: PreflightCacheInfo;
  const maxAgeHeader = n.preflight.kind === 'observed' ? combinedHeader(n.preflight.headers, 'access-control-max-age') : undefined;
  if (n.preflight.kind === 'observed') {
    cache = describeMaxAge(maxAgeHeader, ev.stage === 'preflight');
    if (firefox) {
      // nsCORSPreflightListener::AddResultToCache: other defaults and cap than Chromium's.
      const fx = firefoxMaxAge(maxAgeHeader);
      cache.effectiveSeconds = fx.seconds;
      cache.source = firefoxMaxAgeSource(maxAgeHeader);
      cache.explanation = fx.explanation + (ev.stage === 'preflight' ? ' This preflight failed, and failed preflights are never cached: the next request sends a new one.' : '');
    }
  } else if (preflightNeeded === true && n.response) {
    cache = {
      effectiveSeconds: null,
      source: null,
      servedFromCache: true,
      explanation:
        `This request needs a preflight, but none was observed and the request was still sent: ${firefox ? 'Firefox' : 'Chromium'} reused a cached preflight (Access-Control-Max-Age, or its 5-second default), or the preflight was invisible to the observer.`,
    };
    inferred.push('No preflight was observed for a request that needs one: it was served from the preflight cache (or not visible).');
  } else {
    cache = { effectiveSeconds: null, source: null, servedFromCache: false, explanation: preflightNeeded === null ? 'No preflight was observed; whether one was needed is unknown (the request headers were not seen).' : preflightNeeded ? 'No preflight response was observed.' : 'No preflight is needed for this request.' };
  }

  // --- verdict ---------------------------------------------------------------------------------
  let verdict: Verdict;
  if (checks.length > 0) verdict = 'blocked';
  else if (errClass === 'network') verdict = 'network-error';
  else if (errClass === 'cors') verdict = 'unexplained';
  else verdict = 'allowed';

  if (verdict === 'unexplained') {
    if (preflightNeeded && !preflightObserved && !n.response)
      inferred.push('The request needed a preflight, but neither the preflight nor a response was observed: the preflight most likely failed out of sight (webRequest hides preflights unless a listener asks for extraHeaders).');
    inferred.push(...(n.browser === 'firefox' ? UNEXPLAINED_CAUSES_FIREFOX : UNEXPLAINED_CAUSES));
  }
  if (verdict === 'network-error' && n.error) inferred.push(describeNetworkError(n.error));
  if (errClass === 'aborted' && verdict === 'allowed') inferred.push(`The page itself aborted the request (${n.error}); CORS did not block it.`);
  if (n.response?.redirectTo !== undefined && verdict === 'allowed')
    inferred.push(`The response redirects to ${n.response.redirectTo}; the CORS checks shown cover this hop only. ${preflightNeeded ? 'The redirected request gets a fresh preflight at the new URL. ' : ''}After a cross-origin redirect the next request carries \`Origin: null\`.`);

  // --- explanations beyond the checks ------------------------------------------------------------
  const hintCtx: HintContext = { url: n.url, origin: sentOrigin, method, tainted, checks, whyPreflight };
  if (n.preflight.kind === 'observed') hintCtx.preflight = n.preflight;
  if (n.response) hintCtx.response = n.response;
  if (errClass === 'network' && n.error) hintCtx.networkError = n.error;
  const realCause = verdict === 'allowed' ? [] : realCauseHints(hintCtx);

  if (authorizationViaWildcard)
    deviations.push('`Access-Control-Allow-Headers: *` let `Authorization` through. The Fetch standard says `*` never covers Authorization; Chromium 156 (and Firefox 153) allow it, and this diagnosis follows Chromium.');

  const warningCtx: WarningContext = { origin: sentOrigin, credentials, authorizationViaWildcard, maxAgeSource: cache.source };
  if (n.headers) warningCtx.requestHeaders = n.headers;
  if (unsafeHeaders) warningCtx.unsafeHeaders = unsafeHeaders;
  if (n.preflight.kind === 'observed') warningCtx.preflightHeaders = n.preflight.headers;
  if (n.response && ev.stage !== 'preflight') warningCtx.responseHeaders = n.response.headers;
  if (firefox) {
    warningCtx.browser = 'firefox';
    if (ff.warnings[0] !== undefined) warningCtx.consoleWarning = ff.warnings[0];
  }
  const warnings = corsWarnings(warningCtx);

  const unreadable =
    n.response && verdict !== 'blocked' && n.response.redirectTo === undefined ? unreadableResponseHeaders(n.response.headers, credentials) : [];

  // --- the console line --------------------------------------------------------------------------
  let browserMessage: string | undefined;
  const first = checks[0];
  const chromiumFirst = ev.checks[0];
  let chromiumLine: string | undefined;
  if (chromiumFirst) {
    const ctx: ConsoleMessageContext = { url: n.url, origin: pageOrigin ?? sentOrigin };
    if (n.initialUrl !== undefined) ctx.initialUrl = n.initialUrl;
    if (n.initiatorType !== undefined) ctx.initiatorType = n.initiatorType;
    chromiumLine = chromiumConsoleMessage(chromiumFirst.code, chromiumFirst.failedParameter ?? '', ctx);
  }
  if (!firefox) browserMessage = chromiumLine;
  else if (verdict === 'blocked') browserMessage = ff.lines[0];
  for (const c of checks) if (!c.firefoxCode) {
    const code = firefoxCodeFor(c.code);
    if (code) c.firefoxCode = code;
  }
  const differences = browserDifferences({
    firefox,
    verdict,
    chromiumChecks: ev.checks,
    chromiumLine,
    ff,
    maxAgeHeader,
    preflightPassed: n.preflight.kind === 'observed' && ev.stage !== 'preflight',
  });

  // --- summary -----------------------------------------------------------------------------------
  let summary: string;
  if (verdict === 'blocked' && first) {
    const cause = realCause[0];
    summary = `Blocked${first.inferred ? ' (inferred)' : ''}: ${shortFor(first, n)}${checks.length > 1 ? ` (${checks.length} checks fail)` : ''}${cause && cause.fixOn !== 'client' ? `; likely cause: ${cause.title.charAt(0).toLowerCase() + cause.title.slice(1)}` : ''}.`;
  } else if (verdict === 'network-error') summary = `Not a CORS problem: the request failed at the network level (${n.error}).`;
  else if (verdict === 'unexplained') summary = `${n.browser === 'firefox' ? 'Firefox' : 'Chromium'} blocked this request, yet every CORS check passes on what was observed; see the possible causes.`;
  else summary = `Allowed: the server's CORS headers permit this request from ${sentOrigin}${warnings.length > 0 ? `, with ${warnings.length} warning${warnings.length > 1 ? 's' : ''}` : ''}.`;

  // Explicit properties, not `...base`: object spread here dominated the benchmark.
  const d: Diagnosis = {
    verdict,
    checks,
    whyPreflight: base.whyPreflight,
    preflightNeeded: base.preflightNeeded,
    realCause,
    inferred,
    cache,
    warnings,
    unreadableResponseHeaders: unreadable,
    summary,
    stage: verdict === 'blocked' ? ev.stage : null,
    credentials: base.credentials,
    origin: base.origin,
    crossOrigin: base.crossOrigin,
    chromiumDeviations: deviations,
  };
  if (browserMessage !== undefined) d.browserMessage = browserMessage;
  if (firefox && verdict === 'blocked' && ff.lines.length > 0) d.browserMessages = ff.lines;
  else if (!firefox && browserMessage !== undefined) d.browserMessages = [browserMessage];
  d.browserDifferences = differences;
  return d;
}

function firefoxMaxAgeSource(header: string | undefined): PreflightCacheInfo['source'] {
  if (header === undefined || header === '') return 'default';
  if (/^-[0-9]+$/.test(header)) return 'negative';
  if (!/^[0-9]+$/.test(header)) return 'unparsable';
  return firefoxMaxAge(header).seconds === 86400 && header.replace(/^0+/, '') !== '86400' ? 'capped' : 'header';
}

interface DifferenceInput {
  firefox: boolean;
  verdict: Verdict;
  chromiumChecks: readonly Check[];
  chromiumLine: string | undefined;
  ff: FirefoxView;
  maxAgeHeader: string | undefined;
  preflightPassed: boolean;
}

/** Where the other engine would report or decide differently, said in its own terms. */
function browserDifferences(p: DifferenceInput): string[] {
  const out: string[] = [];
  const cFirst = p.chromiumChecks[0];
  const fFirst = p.ff.checks[0];
  if (p.verdict === 'blocked' && cFirst && fFirst) {
    if (p.firefox) {
      if (p.chromiumLine) out.push(`Chromium 156 would print: "${p.chromiumLine}"`);
      if (p.ff.lines.length > 1)
        out.push(
          `Firefox prints ${p.ff.lines.length} lines for this one failure: the later "CORS request did not succeed" line${p.ff.lines.length > 2 ? 's are' : ' is'} the ${p.ff.lines.length > 2 ? 'preflight and the request' : 'request'} being cancelled because of the first, not another problem. Chromium prints one line.`,
        );
    } else {
      const [line, ...more] = p.ff.lines;
      if (line)
        out.push(
          `Firefox 153 would print: "${line}"${more.length > 0 ? `, followed by ${more.length} "CORS request did not succeed" line${more.length > 1 ? 's' : ''} for the cancelled ${more.length > 1 ? 'preflight and request' : 'request'}` : ''}.`,
        );
    }
    if (cFirst.code !== fFirst.code) {
      if (cFirst.code === 'InvalidAllowHeadersPreflightResponse' && fFirst.code === 'MethodDisallowedByPreflightResponse')
        out.push('Chromium parses Access-Control-Allow-Headers before it checks the method, so it reports the unparsable Access-Control-Allow-Headers first; Firefox checks Access-Control-Allow-Methods completely first, so it reports the method.');
      else if (cFirst.code === 'PreflightDisallowedRedirect')
        out.push(`Firefox runs the CORS check on the redirect response before it refuses the redirect, so it reports ${fFirst.firefoxCode ?? fFirst.code} first; Chromium refuses the redirected preflight without looking at its CORS headers.`);
      else out.push(`Chromium reports ${cFirst.code} first; Firefox's order reports ${fFirst.firefoxCode ?? fFirst.code} (${fFirst.code}) first.`);
    }
  }
  for (const c of p.ff.checks) {
    if (!/MultipleAllowOriginValues$/.test(c.code) || c.firefoxCode !== 'CORSAllowOriginNotMatchingOrigin') continue;
    out.push(
      `Chromium reads any comma or space in Access-Control-Allow-Origin as several values (\`${c.actual ?? ''}\`: "contains multiple values"); Firefox counts as duplicates only header lines spelled exactly \`Access-Control-Allow-Origin\`, and otherwise compares the merged value with the origin ("does not match").`,
    );
    break;
  }
  if (p.ff.warnings[0] !== undefined)
    out.push(
      p.firefox
        ? 'Chromium 156 also lets `Authorization` through `Access-Control-Allow-Headers: *`, but silently: it logs no warning.'
        : `Firefox 153 also lets \`Authorization\` through \`Access-Control-Allow-Headers: *\`, but logs a deprecation warning: "${p.ff.warnings[0]}"`,
    );
  if (p.preflightPassed && p.maxAgeHeader !== undefined) {
    const chromium = effectiveMaxAge(p.maxAgeHeader).seconds;
    const firefoxSeconds = firefoxMaxAge(p.maxAgeHeader).seconds;
    if (chromium !== firefoxSeconds)
      out.push(
        p.firefox
          ? `Chromium would keep this preflight for ${chromium} seconds (it caps Access-Control-Max-Age at 7200 and falls back to 5 seconds when the value is not an integer).`
          : `Firefox would keep this preflight for ${firefoxSeconds} seconds (it caps Access-Control-Max-Age at 86400 and does not cache at all when the value is not all digits).`,
      );
  }
  return out;
}
