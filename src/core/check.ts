// One failing CORS check: the DevTools protocol's Network.CorsError name, what was expected,
// what the server sent, and the Firefox console reason for the same failure.

export interface Check {
  /** CDP Network.CorsError name exactly (PreflightMissingAllowOriginHeader, …). */
  code: string;
  stage: 'preflight' | 'response';
  header?: string;
  expected: string;
  /** The raw value the server sent, or absent when the header was missing. */
  actual?: string;
  explanation: string;
  /** Firefox's console reason code (CORSMissingAllowOrigin, …) where one maps. */
  firefoxCode?: string;
  /** Concluded by elimination (e.g. credentials mode unknown), not read from the exchange. */
  inferred?: boolean;
  /** CorsErrorStatus::failed_parameter: what Chromium quotes in its console message. */
  failedParameter?: string;
}

// Firefox's reason codes as its console's "Learn more" links name them (devtools/server/actors/
// errordocs.js CorsErrorDocs: the MDN "CORS errors" page per security.properties key, version
// suffix dropped). Credentials keep MDN's historical slug CORSMIssingAllowCredentials (capital I),
// which CORS Doctor's CLI and tests already speak; messages-firefox.ts accepts both spellings.
// This is the default mapping; firefox-view.ts refines it where Firefox's rule differs
// (ACAO duplicates are counted by line and spelling, not by comma).
const FIREFOX_CODES: Record<string, string> = {
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

const FIREFOX_CODE_MAP: ReadonlyMap<string, string> = new Map(Object.entries(FIREFOX_CODES));

export function firefoxCodeFor(code: string): string | undefined {
  return FIREFOX_CODE_MAP.get(code);
}

/** CorsError codes that Chromium prefixes with "Response to preflight request doesn't pass access control check: ". */
export const PREFLIGHT_PREFIXED_CODES: ReadonlySet<string> = new Set([
  'PreflightWildcardOriginNotAllowed',
  'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightInvalidAllowCredentials',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'PreflightMissingAllowExternal',
  'PreflightInvalidAllowExternal',
  'PreflightMissingAllowPrivateNetwork',
  'PreflightInvalidAllowPrivateNetwork',
]);
