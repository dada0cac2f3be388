// Console text -> CORS failures: the wordings of Chromium (cors_error_string.cc, and the pre-2019
// "Failed to load …" / "Response for preflight …" forms), Firefox (dom/locales security.properties
// CORS* strings, old and new) and Safari/WebKit (CrossOriginAccessControl.cpp,
// CrossOriginPreflightResultCache.cpp). Each finding carries the CDP Network.CorsError code(s) the
// text is consistent with, most likely first, and what the text cannot tell.

import type { CorsErrorCode } from '../core/cors-error-code';
import { chromiumLine, chromiumOldLine, firefoxLine, Line, netLine, safariCannotLoad, safariCannotLoadReason, safariFailedResource, type Work } from './console-scan';

export type ConsoleBrowser = 'chromium' | 'firefox' | 'safari';

/**
 * What a console line names: one of Chromium's CorsError names, or a name for a reason no current
 * CorsError has (an older Chromium's redirect scheme check, Firefox's "CORS disabled" and "Origin
 * cannot be added"), or Unknown when the reason was not recognised.
 */
export type ConsoleCode = CorsErrorCode | 'RedirectDisallowedScheme' | 'CorsDisabled' | 'CorsOriginHeaderNotAdded' | 'Unknown';

export interface ConsoleFinding {
  browser: ConsoleBrowser;
  /** The line as found (escapes decoded). */
  line: string;
  /** CDP CorsError names the text is consistent with, most likely first; [] = not a CORS check (network failure). */
  codes: ConsoleCode[];
  stage: 'preflight' | 'response' | 'unknown';
  url?: string;
  redirectedFrom?: string;
  origin?: string;
  /** `fetch`, `XMLHttpRequest`, `font`, … (Chromium's resource kind word). */
  resourceKind?: string;
  /** The method named by the text (Chromium's "Method X", Safari's, or the `PUT url net::ERR_FAILED` line). */
  method?: string;
  /** The header, origin value or token the message quotes. */
  parameter?: string;
  status?: number;
  /** Firefox's reason key (CORSMissingAllowOrigin, …), when Firefox wrote it. */
  firefoxReason?: string;
  /** Set for lines that say CORS failed without saying why (Firefox "did not succeed", Safari "access control checks"). */
  note?: string;
}

const Q = `['‘’"\`]`; // Firefox changed its quotes over the years; pasted text may straighten them.
const NQ = `[^'‘’"\`]*`;

/**
 * Chromium's EncodeHint writes each non-printable byte as \uXXXX (one escape per UTF-8 byte), and
 * text copied from JSON carries \uXXXX for code units: decode runs of byte escapes as UTF-8,
 * anything else as UTF-16 code units. One forward scan (what `/(?:\\u[0-9a-fA-F]{4})+/g` matched);
 * a run of any length decodes without spreading it into one call's arguments (1.8 MB of escapes
 * overflowed the stack).
 */
export function decodeEscapes(s: string, work: Work = { steps: 0 }): string {
  const parts: string[] = [];
  let done = 0;
  let i = s.indexOf('\\u');
  while (i !== -1) {
    let j = i;
    while (isEscapeAt(s, j)) j += 6;
    if (j === i) {
      work.steps += 1;
      i = s.indexOf('\\u', i + 1);
      continue;
    }
    work.steps += j - done;
    parts.push(s.slice(done, i), decodeRun(s, i, j));
    done = j;
    i = s.indexOf('\\u', j);
  }
  work.steps += s.length - done;
  if (done === 0) return s;
  parts.push(s.slice(done));
  return parts.join('');
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isEscapeAt(s: string, i: number): boolean {
  return (
    i + 6 <= s.length &&
    s.charCodeAt(i) === 0x5c &&
    s.charCodeAt(i + 1) === 0x75 &&
    isHex(s.charCodeAt(i + 2)) &&
    isHex(s.charCodeAt(i + 3)) &&
    isHex(s.charCodeAt(i + 4)) &&
    isHex(s.charCodeAt(i + 5))
  );
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Would a fatal UTF-8 decoder accept these bytes? (WHATWG Encoding, "UTF-8 decoder": no overlong forms, surrogates or code points past U+10FFFF.) */
function isUtf8(b: Uint16Array): boolean {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c <= 0x7f) need = 0;
    else if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return false;
    for (let k = 1; k <= need; k++) {
      const t = b[i + k];
      if (t === undefined || t < (k === 1 ? lo : 0x80) || t > (k === 1 ? hi : 0xbf)) return false;
    }
    i += need + 1;
  }
  return true;
}

/** The escapes in s[from, to), six characters each. */
function decodeRun(s: string, from: number, to: number): string {
  // One escape alone is one code unit: a single byte >= 0x80 is never UTF-8.
  if (to - from === 6) return String.fromCharCode(hexAt(s, from + 2));
  const units = new Uint16Array((to - from) / 6);
  let bytes = true;
  let high = false;
  for (let k = 0; k < units.length; k++) {
    const u = hexAt(s, from + k * 6 + 2);
    units[k] = u;
    if (u > 0xff) bytes = false;
    else if (u >= 0x80) high = true;
  }
  // Checked first: a thrown decoding error per escape cost ~0.1 ms each (1 MB of lone \u00C3 took
  // seconds). The catch stays as the authority should the check ever disagree with the decoder.
  if (bytes && high && isUtf8(units)) {
    try {
      return UTF8.decode(Uint8Array.from(units));
    } catch {
      // Not UTF-8: fall through to code units.
    }
  }
  const chunks: string[] = [];
  for (let k = 0; k < units.length; k += 8192) chunks.push(String.fromCharCode(...units.subarray(k, k + 8192)));
  return chunks.join('');
}

/** The four hex digits at i (already checked by isEscapeAt). */
function hexAt(s: string, i: number): number {
  let u = 0;
  for (let k = i; k < i + 4; k++) {
    const c = s.charCodeAt(k);
    u = u * 16 + (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
  }
  return u;
}

interface ReasonRule {
  re: RegExp;
  codes: (preflight: boolean) => ConsoleCode[];
  stage?: 'preflight' | 'response';
  /** Index of the capture group holding the quoted parameter. */
  param?: number;
  method?: boolean;
  status?: number;
}

const pick = (p: ConsoleCode, r: ConsoleCode) => (preflight: boolean) => [preflight ? p : r];

// Chromium: the text after "has been blocked by CORS policy: " (and the preflight prefix).
const CHROMIUM_REASONS: ReasonRule[] = [
  { re: /^No 'Access-Control-Allow-Origin' header is present on the requested resource/, codes: pick('PreflightMissingAllowOriginHeader', 'MissingAllowOriginHeader') },
  { re: /^The 'Access-Control-Allow-Origin' header has a value '(.*?)' that is not equal to the supplied origin/, codes: pick('PreflightAllowOriginMismatch', 'AllowOriginMismatch'), param: 1 },
  { re: /^The 'Access-Control-Allow-Origin' header contains multiple values '(.*?)', but only one is allowed/, codes: pick('PreflightMultipleAllowOriginValues', 'MultipleAllowOriginValues'), param: 1 },
  { re: /^The 'Access-Control-Allow-Origin' header contains the invalid value '(.*?)'/, codes: pick('PreflightInvalidAllowOriginValue', 'InvalidAllowOriginValue'), param: 1 },
  { re: /^The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '\*'/, codes: pick('PreflightWildcardOriginNotAllowed', 'WildcardOriginNotAllowed') },
  { re: /^The value of the 'Access-Control-Allow-Credentials' header in the response is '(.*?)' which must be 'true'/, codes: pick('PreflightInvalidAllowCredentials', 'InvalidAllowCredentials'), param: 1 },
  { re: /^It does not have HTTP ok status/, codes: () => ['PreflightInvalidStatus'], stage: 'preflight' },
  { re: /^Redirect is not allowed for a preflight request/, codes: () => ['PreflightDisallowedRedirect'], stage: 'preflight' },
  { re: /^Method (\S+) is not allowed by Access-Control-Allow-Methods in preflight response/, codes: () => ['MethodDisallowedByPreflightResponse'], stage: 'preflight', param: 1, method: true },
  { re: /^Request header field (\S+) is not allowed by Access-Control-Allow-Headers in preflight response/, codes: () => ['HeaderDisallowedByPreflightResponse'], stage: 'preflight', param: 1 },
  { re: /^Cannot parse Access-Control-Allow-Methods response header field in preflight response/, codes: () => ['InvalidAllowMethodsPreflightResponse'], stage: 'preflight' },
  { re: /^Cannot parse Access-Control-Allow-Headers response header field in preflight response/, codes: () => ['InvalidAllowHeadersPreflightResponse'], stage: 'preflight' },
  { re: /^Redirect location '(.*?)' contains a username and password/, codes: () => ['RedirectContainsCredentials'], stage: 'response', param: 1 },
  { re: /^Redirect location '(.*?)' has a disallowed scheme/, codes: () => ['RedirectDisallowedScheme'], stage: 'response', param: 1 },
  { re: /^Cross origin requests are only supported for protocol schemes/, codes: () => ['CorsDisabledScheme'] },
  { re: /^Cross origin requests are not allowed by request mode/, codes: () => ['DisallowedByMode'] },
  { re: /^Permission was denied for this request to access the `(\w+)` address space/, codes: () => ['LocalNetworkAccessPermissionDenied'], param: 1 },
  { re: /^The request client is not a secure context and the resource is in more-private address space `(\w+)`/, codes: () => ['InsecurePrivateNetwork'], param: 1 },
  { re: /^No 'Access-Control-Allow-Private-Network' header was present in the preflight response/, codes: () => ['PreflightMissingAllowPrivateNetwork'], stage: 'preflight' },
  // Chromium before 2018 (out-of-Blink CORS): "Response for preflight has invalid HTTP status code 404".
  { re: /^Response for preflight has invalid HTTP status code (\d+)/, codes: () => ['PreflightInvalidStatus'], stage: 'preflight', param: 1 },
  { re: /^Response for preflight is invalid \(redirect\)/, codes: () => ['PreflightDisallowedRedirect'], stage: 'preflight' },
  { re: /^Response to preflight request doesn't pass access control check/, codes: () => ['PreflightMissingAllowOriginHeader'], stage: 'preflight' },
];

const FIREFOX_REASONS: Array<ReasonRule & { key: string }> = [
  { key: 'CORSMissingAllowOrigin', re: new RegExp(`^CORS header ${Q}Access-Control-Allow-Origin${Q} missing`), codes: () => ['MissingAllowOriginHeader', 'PreflightMissingAllowOriginHeader'] },
  { key: 'CORSMultipleAllowOriginNotAllowed', re: new RegExp(`^Multiple CORS header ${Q}Access-Control-Allow-Origin${Q} not allowed`), codes: () => ['MultipleAllowOriginValues', 'PreflightMultipleAllowOriginValues'] },
  { key: 'CORSAllowOriginNotMatchingOrigin', re: new RegExp(`^CORS header ${Q}Access-Control-Allow-Origin${Q} does not match ${Q}(${NQ})${Q}`), codes: () => ['AllowOriginMismatch', 'PreflightAllowOriginMismatch'], param: 1 },
  { key: 'CORSNotSupportingCredentials', re: new RegExp(`^Credential is not supported if the CORS header ${Q}Access-Control-Allow-Origin${Q} is ${Q}\\*${Q}`), codes: () => ['WildcardOriginNotAllowed', 'PreflightWildcardOriginNotAllowed'] },
  { key: 'CORSMethodNotFound', re: new RegExp(`^Did not find method in CORS header ${Q}Access-Control-Allow-Methods${Q}`), codes: () => ['MethodDisallowedByPreflightResponse'], stage: 'preflight' },
  { key: 'CORSMIssingAllowCredentials', re: new RegExp(`^expected ${Q}true${Q} in CORS header ${Q}Access-Control-Allow-Credentials${Q}`), codes: () => ['InvalidAllowCredentials', 'PreflightInvalidAllowCredentials'] },
  { key: 'CORSPreflightDidNotSucceed', re: /^CORS preflight (?:response|channel) did not succeed/, codes: () => ['PreflightInvalidStatus'], stage: 'preflight' },
  { key: 'CORSInvalidAllowMethod', re: new RegExp(`^invalid token ${Q}(${NQ})${Q} in CORS header ${Q}Access-Control-Allow-Methods${Q}`), codes: () => ['InvalidAllowMethodsPreflightResponse'], stage: 'preflight', param: 1 },
  { key: 'CORSInvalidAllowHeader', re: new RegExp(`^invalid token ${Q}(${NQ})${Q} in CORS header ${Q}Access-Control-Allow-Headers${Q}`), codes: () => ['InvalidAllowHeadersPreflightResponse'], stage: 'preflight', param: 1 },
  { key: 'CORSMissingAllowHeaderFromPreflight', re: new RegExp(`^(?:header ${Q}(${NQ})${Q} is not allowed according to header ${Q}Access-Control-Allow-Headers${Q}|missing token ${Q}(${NQ})${Q} in CORS header ${Q}Access-Control-Allow-Headers${Q})`), codes: () => ['HeaderDisallowedByPreflightResponse'], stage: 'preflight', param: 1 },
  { key: 'CORSExternalRedirectNotAllowed', re: /^CORS request external redirect not allowed/, codes: () => ['PreflightDisallowedRedirect'], stage: 'preflight' },
  { key: 'CORSRequestNotHttp', re: /^CORS request not (?:http|HTTP)/, codes: () => ['CorsDisabledScheme'] },
  { key: 'CORSDisabled', re: /^CORS disabled/, codes: () => ['CorsDisabled'] },
  { key: 'CORSOriginHeaderNotAdded', re: new RegExp(`^CORS header ${Q}Origin${Q} cannot be added`), codes: () => ['CorsOriginHeaderNotAdded'] },
  { key: 'CORSDidNotSucceed', re: /^CORS request did not succeed/, codes: () => [] },
];

const SAFARI_REASONS: ReasonRule[] = [
  { re: /^Origin (\S+) is not allowed by Access-Control-Allow-Origin\.?(?: Status code: (\d+))?/, codes: () => ['MissingAllowOriginHeader', 'AllowOriginMismatch', 'PreflightMissingAllowOriginHeader', 'PreflightAllowOriginMismatch'] },
  { re: /^Preflight response is not successful\.?(?: Status code: (\d+))?/, codes: () => ['PreflightInvalidStatus'], stage: 'preflight', status: 1 },
  { re: /^Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true/, codes: () => ['WildcardOriginNotAllowed', 'PreflightWildcardOriginNotAllowed'] },
  { re: /^Access-Control-Allow-Origin cannot contain more than one origin/, codes: () => ['MultipleAllowOriginValues', 'PreflightMultipleAllowOriginValues'] },
  { re: /^Credentials flag is true, but Access-Control-Allow-Credentials is not "true"/, codes: () => ['InvalidAllowCredentials', 'PreflightInvalidAllowCredentials'] },
  { re: /^Method (\S+) is not allowed by Access-Control-Allow-Methods/, codes: () => ['MethodDisallowedByPreflightResponse'], stage: 'preflight', param: 1, method: true },
  { re: /^Request header field (\S+) is not allowed by Access-Control-Allow-Headers/, codes: () => ['HeaderDisallowedByPreflightResponse'], stage: 'preflight', param: 1 },
  { re: /^Header Access-Control-Allow-Methods has an invalid value: ?(.*)/, codes: () => ['InvalidAllowMethodsPreflightResponse'], stage: 'preflight', param: 1 },
  { re: /^Header Access-Control-Allow-Headers has an invalid value: ?(.*)/, codes: () => ['InvalidAllowHeadersPreflightResponse'], stage: 'preflight', param: 1 },
  { re: /^redirection URL (\S+) has credentials/, codes: () => ['RedirectContainsCredentials'], stage: 'response', param: 1 },
  { re: /^not allowed to follow a cross-origin CORS redirection with non CORS scheme/, codes: () => ['CorsDisabledScheme'] },
];

function matchReason(rules: ReasonRule[], text: string): { rule: ReasonRule; m: RegExpExecArray } | undefined {
  for (const rule of rules) {
    const m = rule.re.exec(text);
    if (m) return { rule, m };
  }
  return undefined;
}

function chromiumFinding(line: string, kind: string | undefined, url: string, from: string | undefined, origin: string | undefined, reasonText: string): ConsoleFinding {
  const PREFIX = "Response to preflight request doesn't pass access control check: ";
  const preflight = reasonText.startsWith(PREFIX);
  const reason = preflight ? reasonText.slice(PREFIX.length) : reasonText;
  const hit = matchReason(CHROMIUM_REASONS, reason);
  const f: ConsoleFinding = { browser: 'chromium', line, codes: hit ? hit.rule.codes(preflight) : ['Unknown'], stage: hit?.rule.stage ?? (preflight ? 'preflight' : 'response'), url };
  if (from !== undefined) f.redirectedFrom = from;
  if (origin !== undefined) f.origin = origin;
  if (kind !== undefined) f.resourceKind = kind;
  if (hit && hit.rule.param !== undefined && hit.m[hit.rule.param] !== undefined) f.parameter = hit.m[hit.rule.param] as string;
  if (hit?.rule.method && f.parameter !== undefined) f.method = f.parameter;
  if (hit?.rule.re.source.startsWith('^Response for preflight has invalid HTTP status code') && f.parameter) f.status = Number(f.parameter);
  if (!hit) f.note = `Chromium's reason was not recognised: ${reason}`;
  return f;
}

function firefoxFinding(line: string, url: string, reasonText: string, status: string | undefined): ConsoleFinding {
  const hit = FIREFOX_REASONS.find((r) => r.re.test(reasonText));
  const m = hit?.re.exec(reasonText);
  const f: ConsoleFinding = { browser: 'firefox', line, codes: hit ? hit.codes(false) : ['Unknown'], stage: hit?.stage ?? 'unknown', url };
  if (hit) f.firefoxReason = hit.key;
  const param = m && (m[1] ?? m[2]);
  if (param) f.parameter = param;
  if (status !== undefined && /^\d{3}$/.test(status)) f.status = Number(status);
  if (hit?.key === 'CORSDidNotSucceed')
    f.note = 'Firefox says only that the request did not complete: the server was unreachable (refused, DNS, TLS), or a preflight failed and this is its follow-up line. Look for another "Reason:" line for the same URL.';
  if (!line.includes('Cross-Origin Request Blocked')) f.note = 'A Firefox warning, not a failure: it names behaviour Firefox will change.';
  if (!hit) f.note = `Firefox's reason was not recognised: ${reasonText}`;
  return f;
}

function safariFinding(line: string, reasonText: string, url?: string): ConsoleFinding | undefined {
  const hit = matchReason(SAFARI_REASONS, reasonText);
  if (!hit) return undefined;
  const f: ConsoleFinding = { browser: 'safari', line, codes: hit.rule.codes(false), stage: hit.rule.stage ?? 'unknown' };
  if (url !== undefined) f.url = url;
  if (hit.rule.param !== undefined && hit.m[hit.rule.param] !== undefined) f.parameter = hit.m[hit.rule.param] as string;
  if (hit.rule.method && f.parameter) f.method = f.parameter;
  const statusGroup = hit.rule.status ?? (hit.rule.re.source.startsWith('^Origin') ? 2 : undefined);
  if (statusGroup !== undefined && hit.m[statusGroup]) f.status = Number(hit.m[statusGroup]);
  if (f.codes[0] === 'PreflightInvalidStatus' && f.status !== undefined && f.status >= 300 && f.status < 400) f.codes = ['PreflightDisallowedRedirect', 'PreflightInvalidStatus'];
  if (hit.rule.re.source.startsWith('^Origin'))
    f.note = 'Safari uses one wording for a missing Access-Control-Allow-Origin and for one naming another origin, on the preflight or the response alike.';
  if (hit.rule.re.source.startsWith('^Origin') && f.parameter !== undefined) {
    f.origin = f.parameter;
    delete f.parameter;
  }
  return f;
}

/** Strip what DevTools and consoles put around a message: "[Error]", "index.html:1", timestamps. */
function clean(line: string): string {
  return line.replace(/^\s*(?:\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\s+)?(?:\[(?:Error|Warning|Log)\]\s*)?/, '').trim();
}

/**
 * Every CORS failure in pasted console text, in order; Safari's follow-up lines merged into the
 * reason they repeat. Linear in the length of the text (src/cli/console-scan.ts); `work` counts
 * the characters examined, for the tests that hold it to that.
 */
export function explainConsoleText(text: string, work: Work = { steps: 0 }): ConsoleFinding[] {
  const findings: ConsoleFinding[] = [];
  const methods = new Map<string, { method: string; status?: number }>();
  const lines = decodeEscapes(text.replace(/\r\n?/g, '\n'), work).split('\n');
  for (const raw of lines) {
    const line = clean(raw);
    if (line === '') continue;
    const l = new Line(line, work);
    const net = netLine(l);
    if (net) {
      methods.set(net.url, { method: net.method, ...(net.status ? { status: Number(net.status) } : {}) });
      continue;
    }
    const chromium = chromiumLine(l);
    if (chromium) {
      findings.push(chromiumFinding(line, chromium.kind, chromium.url, chromium.redirectedFrom, chromium.origin, chromium.reason.trim()));
      continue;
    }
    const firefox = firefoxLine(l);
    if (firefox) {
      findings.push(firefoxFinding(line, firefox.url, firefox.reason, firefox.status));
      continue;
    }
    const cannotLoad = safariCannotLoad(l);
    if (cannotLoad !== undefined) {
      // Attach the URL to the reason line Safari printed just before.
      const prev = findings[findings.length - 1];
      if (prev && prev.browser === 'safari' && prev.url === undefined) prev.url = cannotLoad;
      else findings.push({ browser: 'safari', line, codes: ['Unknown'], stage: 'unknown', url: cannotLoad, note: 'Safari says only that "access control checks" failed; the line before it in the console names the reason.' });
      continue;
    }
    const cannotLoadReason = safariCannotLoadReason(l);
    if (cannotLoadReason) {
      const f = safariFinding(line, cannotLoadReason.reason, cannotLoadReason.url);
      if (f) findings.push(f);
      continue;
    }
    const failedResource = safariFailedResource(l);
    if (failedResource !== undefined) {
      const prev = findings[findings.length - 1];
      const f = safariFinding(line, failedResource);
      // "Failed to load resource: <reason>" repeats the reason Safari already printed.
      if (f && !(prev && prev.browser === 'safari' && prev.codes[0] === f.codes[0] && prev.parameter === f.parameter)) findings.push(f);
      continue;
    }
    const old = chromiumOldLine(l);
    if (old && /Access-Control|preflight/.test(old.reason)) {
      findings.push(chromiumFinding(line, undefined, old.url, undefined, old.origin, old.reason.trim()));
      continue;
    }
    const f = safariFinding(line, line);
    if (f) findings.push(f);
  }
  for (const f of findings) {
    const seen = f.url !== undefined ? methods.get(f.url) : undefined;
    if (seen) {
      f.method ??= seen.method;
      if (seen.status !== undefined && f.stage !== 'preflight') f.status ??= seen.status;
    }
  }
  return findings;
}
