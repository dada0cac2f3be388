import { describe, expect, it } from 'vitest';
import { CHECKED_CODES, FIREFOX_REASON_CODES, firefoxCodeFor, PREFLIGHT_PREFIXED_CODES } from '../../src/core/cors-error-code';
import { chromiumReason } from '../../src/core/console-chromium';
import { firefoxMessageKey } from '../../src/core/console-firefox';

describe('CorsErrorCode: Chromium names, Firefox reasons beside them', () => {
  it.each([...FIREFOX_REASON_CODES])('Firefox reason %s has a console line (console-firefox.ts)', (code) => {
    expect(firefoxMessageKey(code)).toBeDefined();
  });

  // The checks the engine itself reports (cors-check.ts, preflight-check.ts, the redirect location):
  // each has Chromium's console wording and a Firefox reason.
  it.each([...CHECKED_CODES])('%s: Chromium prints a reason, Firefox has one', (code) => {
    expect(chromiumReason(code, 'x', 'fetch')).not.toBe('');
    expect(FIREFOX_REASON_CODES).toContain(firefoxCodeFor(code));
  });

  it('Chromium prefixes the kPreflight* reasons, and only those (cors_error_string.cc)', () => {
    expect([...PREFLIGHT_PREFIXED_CODES].sort()).toEqual([
      'PreflightAllowOriginMismatch',
      'PreflightDisallowedRedirect',
      'PreflightInvalidAllowCredentials',
      'PreflightInvalidAllowExternal',
      'PreflightInvalidAllowOriginValue',
      'PreflightInvalidAllowPrivateNetwork',
      'PreflightInvalidStatus',
      'PreflightMissingAllowExternal',
      'PreflightMissingAllowOriginHeader',
      'PreflightMissingAllowPrivateNetwork',
      'PreflightMultipleAllowOriginValues',
      'PreflightWildcardOriginNotAllowed',
    ]);
    expect(chromiumReason('PreflightInvalidStatus', '', 'fetch')).toMatch(/^Response to preflight request doesn't pass access control check: /);
    expect(chromiumReason('InvalidAllowMethodsPreflightResponse', '', 'fetch')).not.toMatch(/^Response to preflight/);
  });
});
