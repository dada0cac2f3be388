import { describe, expect, it } from 'vitest';
import { CORS_ERROR_CODES, FIREFOX_REASON_CODES, firefoxCodeFor, PREFLIGHT_PREFIXED_CODES, type CorsErrorCode } from '../../src/core/cors-error-code';
import { chromiumReason } from '../../src/core/messages-chromium';
import { firefoxMessageKey } from '../../src/core/messages-firefox';

describe('CorsErrorCode: Chromium names, Firefox reasons beside them', () => {
  it.each([...FIREFOX_REASON_CODES])('Firefox reason %s has a console line (messages-firefox.ts)', (code) => {
    expect(firefoxMessageKey(code)).toBeDefined();
  });

  // The checks the engine itself reports (cors-check.ts, preflight-check.ts, the redirect location):
  // each has Chromium's console wording and a Firefox reason.
  it.each<CorsErrorCode>([
    'WildcardOriginNotAllowed',
    'MissingAllowOriginHeader',
    'MultipleAllowOriginValues',
    'InvalidAllowOriginValue',
    'AllowOriginMismatch',
    'InvalidAllowCredentials',
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
    'RedirectContainsCredentials',
  ])('%s: Chromium prints a reason, Firefox has one', (code) => {
    expect(chromiumReason(code, 'x', 'fetch')).not.toBe('');
    expect(FIREFOX_REASON_CODES).toContain(firefoxCodeFor(code));
  });

  it('the preflight-prefixed codes are Chromium names', () => {
    for (const c of PREFLIGHT_PREFIXED_CODES) expect(CORS_ERROR_CODES).toContain(c);
  });
});
