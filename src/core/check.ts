// One failing CORS check: the DevTools protocol's Network.CorsError name, what was expected,
// what the server sent, and the Firefox console reason for the same failure.
import type { CorsErrorCode, FirefoxReasonCode } from './cors-error-code';

export type { CorsErrorCode, FirefoxReasonCode } from './cors-error-code';
export { firefoxCodeFor, PREFLIGHT_PREFIXED_CODES } from './cors-error-code';

export interface Check {
  /** CDP Network.CorsError name exactly (PreflightMissingAllowOriginHeader, …). */
  code: CorsErrorCode;
  stage: 'preflight' | 'response';
  header?: string;
  expected: string;
  /** The raw value the server sent, or absent when the header was missing. */
  actual?: string;
  explanation: string;
  /** Firefox's console reason code (CORSMissingAllowOrigin, …) where one maps. */
  firefoxCode?: FirefoxReasonCode;
  /** Concluded by elimination (e.g. credentials mode unknown), not read from the exchange. */
  inferred?: boolean;
  /** CorsErrorStatus::failed_parameter: what Chromium quotes in its console message. */
  failedParameter?: string;
}
