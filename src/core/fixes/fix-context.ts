// Diagnosis + Exchange -> the values every stack's fix is filled in with: the exact origin,
// the methods and request headers to allow (already allowed + missing), credentials,
// max-age, and which failure the fix must address. Computed once, so all stacks agree.
import type { Check } from '../check';
import type { Diagnosis } from '../diagnose';
import type { Exchange, HeaderList } from '../exchange';
import { coerceHeaderList, combinedHeader, headerValues, lowerAscii, trimLws } from '../headers';
import { get, str } from '../read';

const NOT_WORTH_EXPOSING = /^(vary|date|server|connection|keep-alive|transfer-encoding|set-cookie2?|x-powered-by|access-control-.*)$/i;

/** What went wrong, as far as the server-side fix is concerned (not the CDP code: a 404 preflight
 * is reported by Chromium as a missing ACAO, but the fix is an OPTIONS route). */
export type FailureKind =
  | 'missing-origin'
  | 'response-missing-origin'
  | 'origin-mismatch'
  | 'multiple-origins'
  | 'wildcard-credentials'
  | 'missing-credentials'
  | 'method-not-allowed'
  | 'method-case'
  | 'header-not-allowed'
  | 'invalid-allow-methods'
  | 'invalid-allow-headers'
  | 'preflight-auth'
  | 'preflight-no-route'
  | 'preflight-redirect'
  | 'error-response'
  | 'allowed'
  | 'network'
  | 'unexplained';

export interface FixContext {
  /** The page origin to allow, serialized (scheme://host[:port], never a trailing slash). */
  origin: string;
  /** False when the origin had to be replaced by a placeholder (unknown, `null`, or malformed). */
  originKnown: boolean;
  url: string;
  /** Path of the request URL, for "where" texts and the curl check. */
  path: string;
  /** The method the request uses, as the server should list it (upper-cased). */
  method: string;
  /** Methods to allow: those the server already allowed, then the missing ones. */
  methods: string[];
  missingMethods: string[];
  /** Request headers to allow (display casing): already allowed, then the missing ones. */
  headers: string[];
  missingHeaders: string[];
  /** The request headers this request actually sends that need Access-Control-Allow-Headers. */
  requestHeaders: string[];
  /** Response headers page JavaScript should be able to read (Access-Control-Expose-Headers). */
  exposeHeaders: string[];
  credentials: boolean;
  /** Whether the request is preflighted (so OPTIONS handling and max-age matter). */
  preflight: boolean;
  maxAge: number;
  /** True when maxAge is the server's own Access-Control-Max-Age, kept. */
  maxAgeFromServer: boolean;
  kind: FailureKind;
  check?: Check;
  preflightStatus?: number;
  responseStatus?: number;
  redirect?: { to: string; why: 'trailing-slash' | 'https' | 'other' };
  /** Two layers both add Access-Control-Allow-Origin (proxy and app, CDN and origin). */
  duplicateLayers: boolean;
  /** Parts of the fix that belong in the client, not the server. */
  clientNotes: string[];
}

/** Max-age suggested when the server sent none: long enough to spare most preflights, short enough
 * that a config change takes effect soon; Chromium caps any value at 7200 (preflight_result.cc). */
export const DEFAULT_SUGGESTED_MAX_AGE = 600;
export const PLACEHOLDER_ORIGIN = 'https://app.example.com';

// A serialized origin (HTML "serialization of an origin"): scheme, host, optional port, nothing else.
const ORIGIN_RE = /^[a-z][a-z0-9+.-]*:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;
// Header names that can be embedded in every snippet language without escaping
// (a subset of the RFC 9110 token that real header names use).
const SAFE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SAFE_METHOD_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** X-Custom, Content-Type: the casing people write in config files. */
export function displayHeaderName(lower: string): string {
  return lower.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

function pathOf(url: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(url);
  return m && m[1] ? m[1] : '/';
}

function splitList(value: string | undefined): string[] {
  if (value === undefined) return [];
  // Salvage the names from an unparsable list too (`GET; PUT`): the fix rewrites it correctly.
  return value
    .split(/[,;\s]+/)
    .map(trimLws)
    .filter((s) => s !== '');
}

function uniqueCaseInsensitive(names: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) {
    const k = lowerAscii(n);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(n);
  }
  return out;
}

function classify(d: Diagnosis, pf: { status: number; headers: HeaderList; redirectTo?: string } | undefined, rs: { status: number; headers: HeaderList } | undefined): FailureKind {
  if (d.verdict === 'allowed') return 'allowed';
  if (d.verdict === 'network-error') return 'network';
  const first = d.checks[0];
  if (!first) return 'unexplained';
  if (first.stage === 'preflight' && pf) {
    if (pf.redirectTo !== undefined || (pf.status >= 300 && pf.status < 400)) return 'preflight-redirect';
    if (pf.status === 401 || pf.status === 403 || pf.status === 407) {
      // A CORS library that rejects (Spring's 403 "Invalid CORS request") is not an auth layer.
      if (!d.realCause.some((h) => h.code === 'spring-invalid-cors-request')) return 'preflight-auth';
    }
    if (pf.status !== 0 && (pf.status < 200 || pf.status > 299) && !d.realCause.some((h) => h.code === 'spring-invalid-cors-request' || h.code === 'starlette-disallowed'))
      return 'preflight-no-route';
  }
  if (first.stage === 'response' && rs && rs.status >= 400 && combinedHeader(rs.headers, 'access-control-allow-origin') === undefined) return 'error-response';
  switch (first.code) {
    case 'PreflightMissingAllowOriginHeader':
      return 'missing-origin';
    case 'MissingAllowOriginHeader':
      return pf && pf.status >= 200 && pf.status < 300 ? 'response-missing-origin' : 'missing-origin';
    case 'PreflightAllowOriginMismatch':
    case 'AllowOriginMismatch':
    case 'PreflightInvalidAllowOriginValue':
    case 'InvalidAllowOriginValue':
      return 'origin-mismatch';
    case 'PreflightMultipleAllowOriginValues':
    case 'MultipleAllowOriginValues':
      return 'multiple-origins';
    case 'PreflightWildcardOriginNotAllowed':
    case 'WildcardOriginNotAllowed':
      return 'wildcard-credentials';
    case 'PreflightInvalidAllowCredentials':
    case 'InvalidAllowCredentials':
      return 'missing-credentials';
    case 'MethodDisallowedByPreflightResponse':
      // `patch` sent in lower case: the server's list is right, the client is not.
      return d.realCause.some((h) => h.code === 'method-case') ? 'method-case' : 'method-not-allowed';
    case 'HeaderDisallowedByPreflightResponse':
      return 'header-not-allowed';
    case 'InvalidAllowMethodsPreflightResponse':
      return 'invalid-allow-methods';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'invalid-allow-headers';
    case 'PreflightInvalidStatus':
      return 'preflight-no-route';
    case 'PreflightDisallowedRedirect':
      return 'preflight-redirect';
    default:
      return 'unexplained';
  }
}

function preflightNeededFor(d: Diagnosis, preflightObserved: boolean): boolean {
  return preflightObserved || d.preflightNeeded === true;
}

/** The observed preflight and response, as far as the fix reads them (absent parts default). */
interface Observed {
  preflight?: { status: number; headers: HeaderList; requestHeaders: HeaderList; redirectTo?: string };
  response?: { status: number; headers: HeaderList };
}

function readObserved(exchange: Exchange): Observed {
  const pfRaw = get(exchange, 'preflight');
  const rsRaw = get(exchange, 'response');
  const out: Observed = {};
  if (get(pfRaw, 'kind') === 'observed') {
    out.preflight = {
      status: typeof get(pfRaw, 'status') === 'number' ? (get(pfRaw, 'status') as number) : 0,
      headers: coerceHeaderList(get(pfRaw, 'headers')),
      requestHeaders: coerceHeaderList(get(pfRaw, 'requestHeaders')),
      ...(str(get(pfRaw, 'redirectTo')) !== undefined ? { redirectTo: str(get(pfRaw, 'redirectTo')) as string } : {}),
    };
  }
  if (rsRaw !== null && typeof rsRaw === 'object') {
    out.response = { status: typeof get(rsRaw, 'status') === 'number' ? (get(rsRaw, 'status') as number) : 0, headers: coerceHeaderList(get(rsRaw, 'headers')) };
  }
  return out;
}

/** The origin to allow (a placeholder when it is unknown, `null` or malformed), with the client-side notes about it. */
function originToAllow(d: Diagnosis, req: unknown, clientNotes: string[]): { origin: string; originKnown: boolean } {
  const origin = (d.origin.page ?? d.origin.sent ?? str(get(req, 'origin')) ?? '').replace(/\/+$/, '');
  const originKnown = ORIGIN_RE.test(origin);
  if (origin === 'null') {
    clientNotes.push(
      'The page origin is `null` (a sandboxed iframe, a file: or data: URL). Do not allow `null` on the server: any site can produce it. Serve the page from a real origin and allow that one.',
    );
  }
  if (d.origin.tainted)
    clientNotes.push(
      'An earlier cross-origin redirect made the browser send `Origin: null`. Call the final URL directly instead of allowing `null` on the server.',
    );
  // The preflight never carries cookies, and it failed before the request that would have:
  // whether the page sends credentials could not be seen (the fix assumes it does not).
  if (d.credentials.assumed && d.credentials.mode === 'omit' && d.stage === 'preflight')
    clientNotes.push(
      "Whether this request is sent with credentials could not be observed: the preflight failed before the request itself (which would carry the cookies) was sent, so this fix assumes none. If the page sends cookies or HTTP authentication (fetch `credentials: 'include'`, XHR `withCredentials = true`), the response must also carry `Access-Control-Allow-Credentials: true`, with the exact origin, never `*`.",
    );
  return { origin: originKnown ? origin : PLACEHOLDER_ORIGIN, originKnown };
}

/** The method to allow (upper-cased), the methods already allowed plus it, and the missing one. */
function methodsToAllow(d: Diagnosis, wireMethod: string, pf: Observed['preflight'], clientNotes: string[]): Pick<FixContext, 'method' | 'methods' | 'missingMethods'> {
  const acrm = pf ? combinedHeader(pf.requestHeaders, 'access-control-request-method') : undefined;
  const rawMethod = acrm !== undefined && acrm !== '' ? acrm : wireMethod;
  const method = SAFE_METHOD_RE.test(rawMethod) ? rawMethod.toUpperCase() : 'GET';
  if (rawMethod !== rawMethod.toUpperCase() && SAFE_METHOD_RE.test(rawMethod))
    clientNotes.push(
      `The page sends \`${rawMethod}\` in lower case: fetch() upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT, and method names match case-sensitively. Write \`method: '${method}'\` in the client; the server config lists \`${method}\`.`,
    );
  const allowedMethods = pf
    ? splitList(combinedHeader(pf.headers, 'access-control-allow-methods'))
        .filter((m) => m !== '*' && SAFE_METHOD_RE.test(m))
        .map((m) => m.toUpperCase())
    : [];
  const methods = uniqueCaseInsensitive([...allowedMethods, method]);
  // Safelisted methods pass whatever Allow-Methods says (Fetch "CORS-preflight fetch" step 7).
  const missingMethods = !preflightNeededFor(d, pf !== undefined) || allowedMethods.includes(method) || ['GET', 'HEAD', 'POST'].includes(method) ? [] : [method];
  return { method, methods, missingMethods };
}

/** Header names in the casing the page sent them, else the casing people write in config files. */
function headerDisplay(reqHeaders: HeaderList): (name: string) => string {
  const casing = new Map<string, string>();
  for (const [n] of reqHeaders) if (!casing.has(lowerAscii(n))) casing.set(lowerAscii(n), n);
  return (n: string): string => {
    const known = casing.get(lowerAscii(n));
    return known !== undefined && known !== lowerAscii(known) ? known : displayHeaderName(lowerAscii(n));
  };
}

/** The request headers that need allowing, those already allowed plus them, and the missing ones. */
function headersToAllow(d: Diagnosis, pf: Observed['preflight'], display: (name: string) => string): Pick<FixContext, 'headers' | 'missingHeaders' | 'requestHeaders'> {
  const needed: string[] = [];
  const acrh = pf ? combinedHeader(pf.requestHeaders, 'access-control-request-headers') : undefined;
  for (const n of splitList(acrh)) needed.push(n);
  for (const r of d.whyPreflight ?? []) if (r.header !== undefined) needed.push(r.header);
  for (const c of d.checks) if (c.code === 'HeaderDisallowedByPreflightResponse' && c.failedParameter) needed.push(c.failedParameter);
  const requestHeaders = uniqueCaseInsensitive(needed.filter((n) => SAFE_NAME_RE.test(n)).map(display));
  const allowedHeaders = pf
    ? headerValues(pf.headers, 'access-control-allow-headers')
        .flatMap((v) => splitList(v))
        .filter((n) => n !== '*' && SAFE_NAME_RE.test(n))
        .map(display)
    : [];
  const headers = uniqueCaseInsensitive([...allowedHeaders, ...requestHeaders]);
  const allowedLower = new Set(allowedHeaders.map(lowerAscii));
  const missingHeaders = requestHeaders.filter((n) => !allowedLower.has(lowerAscii(n)));
  return { headers, missingHeaders, requestHeaders };
}

/** The server's own positive Access-Control-Max-Age (as the cache used it), else the suggested default. */
function maxAgeToSend(d: Diagnosis): Pick<FixContext, 'maxAge' | 'maxAgeFromServer'> {
  if (d.cache.effectiveSeconds !== null && d.cache.effectiveSeconds > 0 && (d.cache.source === 'header' || d.cache.source === 'capped')) {
    return { maxAge: d.cache.effectiveSeconds, maxAgeFromServer: true };
  }
  return { maxAge: DEFAULT_SUGGESTED_MAX_AGE, maxAgeFromServer: false };
}

/** Where a redirected preflight went, and why as far as the hints tell (undefined: not redirected). */
function preflightRedirect(d: Diagnosis, pf: Observed['preflight']): FixContext['redirect'] {
  if (!pf || (pf.redirectTo === undefined && (pf.status < 300 || pf.status >= 400))) return undefined;
  const to = pf.redirectTo ?? combinedHeader(pf.headers, 'location') ?? '';
  const hint = d.realCause.find((h) => h.code.startsWith('redirect'));
  return {
    to,
    why: hint?.code === 'redirect-trailing-slash' ? 'trailing-slash' : hint?.code === 'redirect-http-to-https' ? 'https' : 'other',
  };
}

export function fixContext(d: Diagnosis, exchange: Exchange): FixContext {
  const req = get(exchange, 'request');
  const url = str(get(req, 'url')) ?? '';
  const { preflight: pf, response: rs } = readObserved(exchange);
  const display = headerDisplay(coerceHeaderList(get(req, 'headers')));
  const clientNotes: string[] = [];
  const ctx: FixContext = {
    ...originToAllow(d, req, clientNotes),
    url,
    path: pathOf(url),
    ...methodsToAllow(d, str(get(req, 'method')) ?? 'GET', pf, clientNotes),
    ...headersToAllow(d, pf, display),
    // Only headers a page could want to read: not the ones about the connection, caching or CORS
    // itself (Set-Cookie can never be exposed: Fetch "forbidden response-header name").
    exposeHeaders: uniqueCaseInsensitive(d.unreadableResponseHeaders.filter((n) => SAFE_NAME_RE.test(n) && !NOT_WORTH_EXPOSING.test(n)).map(display)),
    credentials: d.credentials.mode === 'include',
    preflight: preflightNeededFor(d, pf !== undefined),
    ...maxAgeToSend(d),
    kind: classify(d, pf, rs),
    duplicateLayers: d.realCause.some((h) => h.code === 'duplicate-allow-origin'),
    clientNotes,
  };
  const first = d.checks[0];
  if (first) ctx.check = first;
  if (pf) ctx.preflightStatus = pf.status;
  if (rs) ctx.responseStatus = rs.status;
  const redirect = preflightRedirect(d, pf);
  if (redirect) ctx.redirect = redirect;
  return ctx;
}
