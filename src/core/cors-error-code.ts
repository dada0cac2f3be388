// The names of CORS failures: Chromium's (services/network/public/mojom/cors.mojom CorsError, as
// the DevTools protocol's Network.CorsError spells them), and Firefox's console reason codes
// mapped beside them. Every code the engine reports or compares is one of these.

/** The CorsError names CORS Doctor's own checks decide (cors-check.ts, preflight-check.ts, the redirect location). */
export const CHECKED_CODES = [
  // The CORS check on a response (cors.cc CheckAccess).
  'WildcardOriginNotAllowed',
  'MissingAllowOriginHeader',
  'MultipleAllowOriginValues',
  'InvalidAllowOriginValue',
  'AllowOriginMismatch',
  'InvalidAllowCredentials',
  // The same check on a preflight response (CheckPreflightAccess), and the preflight's own checks.
  'PreflightWildcardOriginNotAllowed',
  'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightInvalidAllowCredentials',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'InvalidAllowMethodsPreflightResponse',
  'InvalidAllowHeadersPreflightResponse',
  'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse',
  // The redirect location (cors_url_loader.cc CheckRedirectLocation).
  'RedirectContainsCredentials',
] as const;

/** CorsError names CORS Doctor only prints or reads back from a pasted console: no check of its own decides them. */
const CONSOLE_ONLY_CODES = [
  'CorsDisabledScheme',
  'DisallowedByMode',
  'InvalidResponse',
  // Private / Local Network Access (the console prefixes the preflight ones like the others).
  'PreflightMissingAllowExternal',
  'PreflightInvalidAllowExternal',
  'PreflightMissingAllowPrivateNetwork',
  'PreflightInvalidAllowPrivateNetwork',
  'InsecurePrivateNetwork',
  'LocalNetworkAccessPermissionDenied',
] as const;

/** Chromium's CorsError names (cors.mojom) that CORS Doctor reports, prints or reads. */
export const CORS_ERROR_CODES = [...CHECKED_CODES, ...CONSOLE_ONLY_CODES] as const;

export type CorsErrorCode = (typeof CORS_ERROR_CODES)[number];

/**
 * Firefox's console reason codes (the MDN "CORS errors" slugs its console links to). Both spellings
 * of the credentials one: MDN's historical CORSMIssingAllowCredentials, which CORS Doctor speaks,
 * and security.properties' CORSMissingAllowCredentials.
 */
export const FIREFOX_REASON_CODES = [
  'CORSDisabled',
  'CORSDidNotSucceed',
  'CORSOriginHeaderNotAdded',
  'CORSExternalRedirectNotAllowed',
  'CORSRequestNotHttp',
  'CORSMissingAllowOrigin',
  'CORSMultipleAllowOriginNotAllowed',
  'CORSAllowOriginNotMatchingOrigin',
  'CORSNotSupportingCredentials',
  'CORSMethodNotFound',
  'CORSMIssingAllowCredentials',
  'CORSMissingAllowCredentials',
  'CORSPreflightDidNotSucceed',
  'CORSInvalidAllowMethod',
  'CORSInvalidAllowHeader',
  'CORSMissingAllowHeaderFromPreflight',
] as const;

export type FirefoxReasonCode = (typeof FIREFOX_REASON_CODES)[number];

// Firefox's reason codes as its console's "Learn more" links name them (devtools/server/actors/
// errordocs.js CorsErrorDocs: the MDN "CORS errors" page per security.properties key, version
// suffix dropped). Credentials keep MDN's historical slug CORSMIssingAllowCredentials (capital I),
// which CORS Doctor's CLI and tests already speak; console-firefox.ts accepts both spellings.
// This is the default mapping; firefox-view.ts refines it where Firefox's rule differs
// (ACAO duplicates are counted by line and spelling, not by comma).
const FIREFOX_CODES: Partial<Record<CorsErrorCode, FirefoxReasonCode>> = {
  MissingAllowOriginHeader: 'CORSMissingAllowOrigin',
  PreflightMissingAllowOriginHeader: 'CORSMissingAllowOrigin',
  MultipleAllowOriginValues: 'CORSMultipleAllowOriginNotAllowed',
  PreflightMultipleAllowOriginValues: 'CORSMultipleAllowOriginNotAllowed',
  AllowOriginMismatch: 'CORSAllowOriginNotMatchingOrigin',
  PreflightAllowOriginMismatch: 'CORSAllowOriginNotMatchingOrigin',
  InvalidAllowOriginValue: 'CORSAllowOriginNotMatchingOrigin',
  PreflightInvalidAllowOriginValue: 'CORSAllowOriginNotMatchingOrigin',
  WildcardOriginNotAllowed: 'CORSNotSupportingCredentials',
  PreflightWildcardOriginNotAllowed: 'CORSNotSupportingCredentials',
  InvalidAllowCredentials: 'CORSMIssingAllowCredentials',
  PreflightInvalidAllowCredentials: 'CORSMIssingAllowCredentials',
  PreflightInvalidStatus: 'CORSPreflightDidNotSucceed',
  PreflightDisallowedRedirect: 'CORSExternalRedirectNotAllowed',
  InvalidAllowMethodsPreflightResponse: 'CORSInvalidAllowMethod',
  InvalidAllowHeadersPreflightResponse: 'CORSInvalidAllowHeader',
  MethodDisallowedByPreflightResponse: 'CORSMethodNotFound',
  HeaderDisallowedByPreflightResponse: 'CORSMissingAllowHeaderFromPreflight',
  CorsDisabledScheme: 'CORSRequestNotHttp',
  // nsCORSListenerProxy::UpdateChannel refuses a user:password@ redirect without a reason of its
  // own; the cancelled request then logs "CORS request did not succeed".
  RedirectContainsCredentials: 'CORSDidNotSucceed',
};

const FIREFOX_CODE_MAP: ReadonlyMap<string, FirefoxReasonCode> = new Map(Object.entries(FIREFOX_CODES));

export function firefoxCodeFor(code: CorsErrorCode): FirefoxReasonCode | undefined {
  return FIREFOX_CODE_MAP.get(code);
}

/**
 * CorsError codes that Chromium prefixes with "Response to preflight request doesn't pass access
 * control check: " (cors_error_string.cc): exactly the kPreflight* ones.
 */
export const PREFLIGHT_PREFIXED_CODES: ReadonlySet<CorsErrorCode> = new Set(CORS_ERROR_CODES.filter((c) => c.startsWith('Preflight')));
