// CORS-safelisted methods and request headers, and why a request needs a preflight.
// Mirrors Chromium's services/network/public/cpp/cors/cors.cc (IsCorsSafelistedHeader),
// services/network/cors/cors_util.cc (CorsUnsafeNotForbiddenRequestHeaderNames) and
// net/http/http_util.cc (IsSafeHeader); where Chromium departs from the Fetch standard
// (extra client-hint names, `Intervention`), Chromium wins because it decides the preflight.
import type { HeaderList } from './exchange';
import { isLws, isToken, lowerAscii, trimLws, upperAscii, utf8ByteLength } from './headers';

export type PreflightReasonKind =
  | 'method' // non-safelisted method
  | 'header-name' // header whose name is never safelisted
  | 'header-value' // safelisted name, value fails its rule
  | 'header-value-too-long' // safelisted name, value > 128 bytes
  | 'total-too-long' // safelisted values add up to > 1024 bytes
  | 'from-preflight'; // only known from the observed Access-Control-Request-Headers

export interface PreflightReason {
  kind: PreflightReasonKind;
  /** Lower-cased header name, for header reasons. */
  header?: string;
  /** The method or header value that made the request non-simple. */
  value?: string;
  /** Plain English: what made it non-simple, and what would make it simple. */
  explanation: string;
}

/** Fetch: a method is normalized by byte-upper-casing only when it matches one of these. */
const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

/** Fetch "normalize a method": `patch` stays `patch` on the wire. */
export function normalizeMethod(m: string): string {
  const up = upperAscii(m);
  return NORMALIZED_METHODS.includes(up) ? up : m;
}

/** Chromium's IsCorsSafelistedMethod upper-cases first (cors.cc); fetch has already normalized. */
export function isCorsSafelistedMethod(m: string): boolean {
  const up = upperAscii(typeof m === 'string' ? m : '');
  return up === 'GET' || up === 'HEAD' || up === 'POST';
}

const FORBIDDEN_NAMES = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive',
  'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'via',
]);
const METHOD_OVERRIDE_NAMES = new Set(['x-http-method', 'x-http-method-override', 'x-method-override']);
const FORBIDDEN_METHODS = new Set(['connect', 'trace', 'track']);

/**
 * net::HttpUtil::IsSafeHeader negated: headers the user agent owns. They never appear in
 * Access-Control-Request-Headers and never count toward the 1024-byte budget.
 */
export function isForbiddenRequestHeader(name: string, value = ''): boolean {
  const lower = lowerAscii(name);
  if (lower.startsWith('proxy-') || lower.startsWith('sec-')) return true;
  if (FORBIDDEN_NAMES.has(lower)) return true;
  if (METHOD_OVERRIDE_NAMES.has(lower)) {
    for (const m of value.split(',')) if (FORBIDDEN_METHODS.has(lowerAscii(trimLws(m)))) return true;
  }
  return false;
}

/** Fetch "CORS-unsafe request-header byte". */
export function isCorsUnsafeRequestHeaderByte(c: number): boolean {
  return (
    (c < 0x20 && c !== 0x09) || c === 0x22 || c === 0x28 || c === 0x29 || c === 0x3a || c === 0x3c ||
    c === 0x3e || c === 0x3f || c === 0x40 || c === 0x5b || c === 0x5c || c === 0x5d || c === 0x7b ||
    c === 0x7d || c === 0x7f
  );
}

function hasUnsafeByte(v: string): boolean {
  for (let i = 0; i < v.length; i++) if (isCorsUnsafeRequestHeaderByte(v.charCodeAt(i))) return true;
  return false;
}

function isLanguageChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
    c === 0x20 || c === 0x2a || c === 0x2c || c === 0x2d || c === 0x2e || c === 0x3b || c === 0x3d
  );
}

function isHttpWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Essence of a MIME type per Fetch/MIME Sniffing "parse a MIME type", or undefined on failure. */
export function mimeEssence(value: string): string | undefined {
  let a = 0;
  let b = value.length;
  while (a < b && isHttpWhitespace(value.charCodeAt(a))) a++;
  while (b > a && isHttpWhitespace(value.charCodeAt(b - 1))) b--;
  const s = value.slice(a, b);
  const slash = s.indexOf('/');
  if (slash <= 0) return undefined;
  const type = s.slice(0, slash);
  if (!isToken(type)) return undefined;
  let rest = s.slice(slash + 1);
  const semi = rest.indexOf(';');
  if (semi >= 0) rest = rest.slice(0, semi);
  let e = rest.length;
  while (e > 0 && isHttpWhitespace(rest.charCodeAt(e - 1))) e--;
  const subtype = rest.slice(0, e);
  if (!isToken(subtype)) return undefined;
  return lowerAscii(type + '/' + subtype);
}

const SAFE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

const INT64_MAX = 9223372036854775807n;
function isInt64Digits(s: string): boolean {
  return /^[0-9]+$/.test(s) && BigInt(s) <= INT64_MAX;
}

/**
 * Fetch "simple range header value", as Chromium applies it: no LWS or comma at all, then
 * net::HttpUtil::ParseRangeHeader must yield exactly one non-suffix range with first <= last.
 * Chromium lower-cases the value first, so `Bytes=0-1` is simple there.
 */
export function isSimpleRangeValue(value: string): boolean {
  const v = lowerAscii(value);
  for (let i = 0; i < v.length; i++) if (isLws(v.charCodeAt(i)) || v[i] === ',') return false;
  if (!v.startsWith('bytes=')) return false;
  const spec = v.slice(6);
  const dash = spec.indexOf('-');
  if (dash <= 0) return false; // no dash, or a suffix range `bytes=-N`
  const first = spec.slice(0, dash);
  const last = spec.slice(dash + 1);
  if (!isInt64Digits(first)) return false;
  if (last === '') return true;
  if (!isInt64Digits(last)) return false;
  return BigInt(first) <= BigInt(last);
}

function isSimilarToDouble(v: string): boolean {
  return /^[0-9]+(\.[0-9]+)?$/.test(v);
}

const ECT_VALUES = ['Unknown', 'Offline', 'slow-2g', '2g', '3g', '4g'];

type ValueRule = (value: string) => boolean;
// cors.cc safe_names. `sec-ch-*` names are listed there too but are forbidden (`sec-` prefix) first.
const SAFE_HEADER_RULES: ReadonlyMap<string, ValueRule> = new Map<string, ValueRule>([
  ['accept', (v) => !hasUnsafeByte(v)],
  ['accept-language', (v) => [...v].every((ch) => isLanguageChar(ch.charCodeAt(0)))],
  ['content-language', (v) => [...v].every((ch) => isLanguageChar(ch.charCodeAt(0)))],
  ['content-type', (v) => {
    const lower = lowerAscii(v);
    if (hasUnsafeByte(lower)) return false;
    const essence = mimeEssence(lower);
    return essence !== undefined && SAFE_CONTENT_TYPES.includes(essence);
  }],
  ['range', isSimpleRangeValue],
  ['intervention', () => true],
  ['device-memory', isSimilarToDouble],
  ['dpr', isSimilarToDouble],
  ['downlink', isSimilarToDouble],
  ['width', (v) => /^[0-9]+$/.test(v)],
  ['viewport-width', (v) => /^[0-9]+$/.test(v)],
  ['rtt', (v) => /^[0-9]+$/.test(v)],
  ['ect', (v) => ECT_VALUES.includes(v)],
  ['save-data', (v) => lowerAscii(v) === 'on'],
]);

/** Names the Fetch standard itself safelists (the rest of Chromium's list is Chromium-only). */
export const SPEC_SAFELISTED_NAMES = ['accept', 'accept-language', 'content-language', 'content-type', 'range'];

const VALUE_LIMIT = 128;
const TOTAL_LIMIT = 1024;

/** Chromium's IsCorsSafelistedHeader (cors.cc): name on the list, value <= 128 bytes, value rule holds. */
export function isCorsSafelistedRequestHeader(name: string, value: string): boolean {
  if (typeof name !== 'string' || typeof value !== 'string') return false;
  const rule = SAFE_HEADER_RULES.get(lowerAscii(name));
  if (!rule) return false;
  if (utf8ByteLength(value) > VALUE_LIMIT) return false;
  return rule(value);
}

/** Combine duplicate request header names the way a Headers object does (`a, b`), first position kept. */
function combineRequestHeaders(headers: HeaderList): Array<[string, string]> {
  const order: string[] = [];
  const values = new Map<string, string>();
  for (const [n, v] of headers) {
    const lower = lowerAscii(n);
    const prev = values.get(lower);
    if (prev === undefined) {
      order.push(lower);
      values.set(lower, v);
    } else values.set(lower, prev + ', ' + v);
  }
  return order.map((n) => [n, values.get(n) as string]);
}

function reasonFor(name: string, value: string): PreflightReason | undefined {
  const rule = SAFE_HEADER_RULES.get(name);
  if (!rule) {
    return {
      kind: 'header-name',
      header: name,
      value,
      explanation: `The request sets \`${name}\`, which is not a CORS-safelisted request header, so the browser must ask the server first. Drop the header (or move it into the URL/body) to avoid the preflight, or allow it in Access-Control-Allow-Headers.`,
    };
  }
  const bytes = utf8ByteLength(value);
  if (bytes > VALUE_LIMIT) {
    return {
      kind: 'header-value-too-long',
      header: name,
      value,
      explanation: `\`${name}\` is safelisted only when its value is at most 128 bytes; this one is ${bytes} bytes.`,
    };
  }
  if (rule(value)) return undefined;
  let why: string;
  switch (name) {
    case 'content-type': {
      const essence = mimeEssence(lowerAscii(value));
      why = hasUnsafeByte(lowerAscii(value))
        ? `Content-Type \`${value}\` contains a byte the Fetch standard calls CORS-unsafe (control characters, or one of "():<>?@[\\]{}).`
        : essence === undefined
          ? `Content-Type \`${value}\` does not parse as a MIME type.`
          : `Content-Type \`${essence}\` is not one of application/x-www-form-urlencoded, multipart/form-data or text/plain, so it needs a preflight (a JSON body with \`application/json\` always does).`;
      break;
    }
    case 'accept':
      why = `Accept \`${value}\` contains a CORS-unsafe byte (control characters, or one of "():<>?@[\\]{}).`;
      break;
    case 'accept-language':
    case 'content-language':
      why = `\`${name}\` may only contain 0-9 A-Z a-z space * , - . ; =; \`${value}\` has other characters.`;
      break;
    case 'range':
      why = `Range \`${value}\` is not a simple range (exactly \`bytes=N-\` or \`bytes=N-M\` with N <= M, no spaces, one range).`;
      break;
    default:
      why = `\`${name}: ${value}\` does not satisfy the value rule Chromium applies to this header.`;
  }
  return { kind: 'header-value', header: name, value, explanation: why };
}

/**
 * Names Chromium puts in Access-Control-Request-Headers, in request order (cors_util.cc
 * CorsUnsafeNotForbiddenRequestHeaderNames): forbidden headers skipped; safelisted ones become
 * unsafe too when their values add up to more than 1024 bytes.
 */
export function corsUnsafeRequestHeaderNames(headers: HeaderList): string[] {
  const names: string[] = [];
  const safe: string[] = [];
  let total = 0;
  for (const [name, value] of combineRequestHeaders(headers)) {
    if (isForbiddenRequestHeader(name, value)) continue;
    if (isCorsSafelistedRequestHeader(name, value)) {
      safe.push(name);
      total += utf8ByteLength(value);
    } else names.push(name);
  }
  if (total > TOTAL_LIMIT) names.push(...safe);
  return names;
}

/** Why this method + header list needs a CORS preflight; empty = a simple request. */
export function preflightReasons(method: string, headers: HeaderList): PreflightReason[] {
  const reasons: PreflightReason[] = [];
  const m = normalizeMethod(typeof method === 'string' ? method : '');
  if (!isCorsSafelistedMethod(m)) {
    const lowerNote =
      m !== upperAscii(m) && !NORMALIZED_METHODS.includes(upperAscii(m))
        ? ` Note that fetch sends \`${m}\` exactly as written (only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased), and Access-Control-Allow-Methods is matched case-sensitively.`
        : '';
    reasons.push({
      kind: 'method',
      value: m,
      explanation: `The method ${m} is not GET, HEAD or POST, so the browser must send a preflight.${lowerNote}`,
    });
  }
  const combined = combineRequestHeaders(headers);
  let total = 0;
  const safe: Array<[string, string]> = [];
  for (const [name, value] of combined) {
    if (isForbiddenRequestHeader(name, value)) continue;
    const r = reasonFor(name, value);
    if (r) reasons.push(r);
    else {
      safe.push([name, value]);
      total += utf8ByteLength(value);
    }
  }
  if (total > TOTAL_LIMIT) {
    for (const [name, value] of safe) {
      reasons.push({
        kind: 'total-too-long',
        header: name,
        value,
        explanation: `The safelisted headers' values add up to ${total} bytes, over the 1024-byte limit, so even \`${name}\` needs the preflight.`,
      });
    }
  }
  return reasons;
}

/** Sorted, de-duplicated, lower-cased, comma-joined without spaces (preflight_controller.cc). */
export function accessControlRequestHeadersValue(headers: HeaderList): string {
  return [...new Set(corsUnsafeRequestHeaderNames(headers))].sort().join(',');
}

/**
 * Exactly the CORS headers Chromium puts on the preflight for this request:
 * Access-Control-Request-Method (the normalized method), then Access-Control-Request-Headers
 * when non-empty, then Origin when given.
 */
export function chromiumPreflightRequestHeaders(
  method: string,
  headers: HeaderList,
  opts: { origin?: string } = {},
): HeaderList {
  const out: Array<readonly [string, string]> = [['Access-Control-Request-Method', normalizeMethod(method)]];
  const acrh = accessControlRequestHeadersValue(headers);
  if (acrh !== '') out.push(['Access-Control-Request-Headers', acrh]);
  if (opts.origin !== undefined) out.push(['Origin', opts.origin]);
  return out;
}

/** Fetch "CORS-safelisted response-header name" (without Access-Control-Expose-Headers). */
export const SAFELISTED_RESPONSE_HEADERS = [
  'cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma',
];
