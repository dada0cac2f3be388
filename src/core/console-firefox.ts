// Firefox's console lines for a CORS failure, reconstructed from the en-US catalog
// dom/locales/en-US/chrome/security/security.properties (mozilla/gecko-dev, "# CORS" section),
// filled in the way netwerk/protocol/http/nsCORSListenerProxy.cpp LogBlockedRequest does:
// %1$S is the channel's URI spec, %2$S the one extra parameter, or "(null)" when the call site
// passes none (nsContentUtils::FormatLocalizedString with a one-element parameter list), which is
// why a failed request ends in "Status code: (null)." (observed in Firefox ESR 153).
import type { FirefoxReasonCode } from './cors-error-code';

/** security.properties keys for CORS, exactly as Firefox ESR 153 ships them (note the version suffixes). */
export type FirefoxMessageKey =
  | 'CORSDisabled'
  | 'CORSDidNotSucceed2'
  | 'CORSOriginHeaderNotAdded'
  | 'CORSExternalRedirectNotAllowed'
  | 'CORSRequestNotHttp'
  | 'CORSMissingAllowOrigin2'
  | 'CORSMultipleAllowOriginNotAllowed'
  | 'CORSAllowOriginNotMatchingOrigin'
  | 'CORSNotSupportingCredentials'
  | 'CORSMethodNotFound'
  | 'CORSMissingAllowCredentials'
  | 'CORSPreflightDidNotSucceed3'
  | 'CORSInvalidAllowMethod'
  | 'CORSInvalidAllowHeader'
  | 'CORSMissingAllowHeaderFromPreflight2'
  | 'CORSAllowHeaderFromPreflightDeprecation';

const BLOCKED = 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at';

// The catalog, verbatim (curly quotes ‘’ included; the deprecation warning really uses backticks).
export const FIREFOX_CORS_MESSAGES: Readonly<Record<FirefoxMessageKey, string>> = {
  CORSDisabled: `${BLOCKED} %1$S. (Reason: CORS disabled).`,
  CORSDidNotSucceed2: `${BLOCKED} %1$S. (Reason: CORS request did not succeed). Status code: %2$S.`,
  CORSOriginHeaderNotAdded: `${BLOCKED} %1$S. (Reason: CORS header ‘Origin’ cannot be added).`,
  CORSExternalRedirectNotAllowed: `${BLOCKED} %1$S. (Reason: CORS request external redirect not allowed).`,
  CORSRequestNotHttp: `${BLOCKED} %1$S. (Reason: CORS request not http).`,
  CORSMissingAllowOrigin2: `${BLOCKED} %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: %2$S.`,
  CORSMultipleAllowOriginNotAllowed: `${BLOCKED} %1$S. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`,
  CORSAllowOriginNotMatchingOrigin: `${BLOCKED} %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘%2$S’).`,
  // The only line that quotes the URL.
  CORSNotSupportingCredentials: `${BLOCKED} ‘%1$S’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).`,
  CORSMethodNotFound: `${BLOCKED} %1$S. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).`,
  CORSMissingAllowCredentials: `${BLOCKED} %1$S. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`,
  CORSPreflightDidNotSucceed3: `${BLOCKED} %1$S. (Reason: CORS preflight response did not succeed). Status code: %2$S.`,
  CORSInvalidAllowMethod: `${BLOCKED} %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Methods’).`,
  CORSInvalidAllowHeader: `${BLOCKED} %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’).`,
  CORSMissingAllowHeaderFromPreflight2: `${BLOCKED} %1$S. (Reason: header ‘%2$S’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).`,
  CORSAllowHeaderFromPreflightDeprecation:
    'Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at %1$S soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`).',
};

// Firefox's reason codes as its console's "Learn more" links name them
// (devtools/server/actors/errordocs.js CorsErrorDocs, the MDN "CORS errors" page slugs).
// CORSMIssingAllowCredentials keeps MDN's historical slug spelling, which the rest of CORS Doctor uses.
const KEY_FOR_CODE: Readonly<Record<FirefoxReasonCode, FirefoxMessageKey>> = {
  CORSDisabled: 'CORSDisabled',
  CORSDidNotSucceed: 'CORSDidNotSucceed2',
  CORSOriginHeaderNotAdded: 'CORSOriginHeaderNotAdded',
  CORSExternalRedirectNotAllowed: 'CORSExternalRedirectNotAllowed',
  CORSRequestNotHttp: 'CORSRequestNotHttp',
  CORSMissingAllowOrigin: 'CORSMissingAllowOrigin2',
  CORSMultipleAllowOriginNotAllowed: 'CORSMultipleAllowOriginNotAllowed',
  CORSAllowOriginNotMatchingOrigin: 'CORSAllowOriginNotMatchingOrigin',
  CORSNotSupportingCredentials: 'CORSNotSupportingCredentials',
  CORSMethodNotFound: 'CORSMethodNotFound',
  CORSMIssingAllowCredentials: 'CORSMissingAllowCredentials',
  CORSMissingAllowCredentials: 'CORSMissingAllowCredentials',
  CORSPreflightDidNotSucceed: 'CORSPreflightDidNotSucceed3',
  CORSInvalidAllowMethod: 'CORSInvalidAllowMethod',
  CORSInvalidAllowHeader: 'CORSInvalidAllowHeader',
  CORSMissingAllowHeaderFromPreflight: 'CORSMissingAllowHeaderFromPreflight2',
};

export function firefoxMessageKey(firefoxCode: string): FirefoxMessageKey | undefined {
  return Object.prototype.hasOwnProperty.call(KEY_FOR_CODE, firefoxCode) ? KEY_FOR_CODE[firefoxCode as FirefoxReasonCode] : undefined;
}

/** Each template split at its %1$S / %2$S slots: text, slot number, text, slot number, …, text. */
const TEMPLATE_PARTS = Object.fromEntries(
  Object.entries(FIREFOX_CORS_MESSAGES).map(([key, template]) => [
    key,
    template.split(/%([12])\$S/).map((part, i) => (i % 2 === 1 ? Number(part) : part)),
  ]),
) as unknown as Record<FirefoxMessageKey, ReadonlyArray<string | number>>;

/** FormatLocalizedString: %1$S = the URL, %2$S = the parameter, "(null)" when none was passed. */
export function formatFirefoxMessage(key: FirefoxMessageKey, url: string, param?: string | null): string {
  const p = param === undefined || param === null ? '(null)' : param;
  // Concatenated from the pre-split template: `$` in a URL or header value stays literal.
  const parts = TEMPLATE_PARTS[key];
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) out += (parts[i] === 1 ? url : p) + (parts[i + 1] as string);
  return out;
}


/**
 * Firefox's console line for one reason code; undefined for codes Firefox has no line for.
 * `param` is the status code (CORSMissingAllowOrigin, CORSPreflightDidNotSucceed, CORSDidNotSucceed),
 * the ACAO value (CORSAllowOriginNotMatchingOrigin), the bad token (CORSInvalidAllow*), or the header name.
 */
export function firefoxConsoleLine(firefoxCode: string, url: string, param?: string | null): string | undefined {
  const key = firefoxMessageKey(firefoxCode);
  return key === undefined ? undefined : formatFirefoxMessage(key, url, param);
}

/** GetStatusCodeAsString: the decimal status, or nothing when the channel has none. */
export function firefoxStatusParam(status: number | undefined): string {
  return status !== undefined && status > 0 ? String(status) : '';
}

/** "CORS request did not succeed). Status code: (null)." — the line every request that failed without a CORS verdict gets. */
export function firefoxDidNotSucceed(url: string): string {
  return formatFirefoxMessage('CORSDidNotSucceed2', url, null);
}

/** The console warning Firefox logs when only `Access-Control-Allow-Headers: *` lets Authorization through. */
export function firefoxAuthorizationWildcardWarning(url: string): string {
  return formatFirefoxMessage('CORSAllowHeaderFromPreflightDeprecation', url);
}

// Reason text -> reason code, for reading Firefox's own console lines (test oracle, pasted logs).
const REASONS: ReadonlyArray<readonly [RegExp, FirefoxReasonCode]> = [
  [/\(Reason: CORS disabled\)/, 'CORSDisabled'],
  [/\(Reason: CORS request did not succeed\)/, 'CORSDidNotSucceed'],
  [/\(Reason: CORS header ‘Origin’ cannot be added\)/, 'CORSOriginHeaderNotAdded'],
  [/\(Reason: CORS request external redirect not allowed\)/, 'CORSExternalRedirectNotAllowed'],
  [/\(Reason: CORS request not http\)/, 'CORSRequestNotHttp'],
  [/\(Reason: CORS header ‘Access-Control-Allow-Origin’ missing\)/, 'CORSMissingAllowOrigin'],
  [/\(Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed\)/, 'CORSMultipleAllowOriginNotAllowed'],
  [/\(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘/, 'CORSAllowOriginNotMatchingOrigin'],
  [/\(Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘\*’\)/, 'CORSNotSupportingCredentials'],
  [/\(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’\)/, 'CORSMethodNotFound'],
  [/\(Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’\)/, 'CORSMIssingAllowCredentials'],
  [/\(Reason: CORS preflight response did not succeed\)/, 'CORSPreflightDidNotSucceed'],
  [/\(Reason: invalid token ‘.*’ in CORS header ‘Access-Control-Allow-Methods’\)/, 'CORSInvalidAllowMethod'],
  [/\(Reason: invalid token ‘.*’ in CORS header ‘Access-Control-Allow-Headers’\)/, 'CORSInvalidAllowHeader'],
  [/\(Reason: header ‘.*’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response\)/, 'CORSMissingAllowHeaderFromPreflight'],
];

/** The reason code of one of Firefox's "Cross-Origin Request Blocked" lines, or undefined. */
export function firefoxReasonOf(line: string): FirefoxReasonCode | undefined {
  for (const [re, code] of REASONS) if (re.test(line)) return code;
  return undefined;
}
