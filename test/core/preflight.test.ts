import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { CredentialsMode, HeaderList } from '../../src/core/exchange';
import { effectiveMaxAge } from '../../src/core/preflight-cache';
import { chromiumPreflightRequestHeaders } from '../../src/core/safelist';

const ORIGIN = 'http://web-platform.test:8000';
const URL = 'http://www1.web-platform.test:8000/fetch/api/resources/preflight.py';

function preflighted(opts: {
  method: string;
  reqHeaders?: HeaderList;
  credentials?: CredentialsMode;
  status?: number;
  pfHeaders: HeaderList;
  responseHeaders?: HeaderList;
  initiatorType?: string;
}) {
  const reqHeaders = opts.reqHeaders ?? [];
  return diagnose({
    request: {
      url: URL,
      method: opts.method,
      origin: ORIGIN,
      initiatorType: opts.initiatorType ?? 'fetch',
      credentials: opts.credentials ?? 'omit',
      error: 'net::ERR_FAILED',
    },
    preflight: {
      kind: 'observed',
      status: opts.status ?? 200,
      headers: opts.pfHeaders,
      requestHeaders: chromiumPreflightRequestHeaders(opts.method, reqHeaders, { origin: ORIGIN }),
    },
    ...(opts.responseHeaders ? { response: { status: 200, headers: opts.responseHeaders } } : {}),
  });
}

interface StarCase {
  succeeds: boolean;
  credentials: boolean;
  allowMethod: string;
  allowHeader: string;
  method: string;
  header: HeaderList;
  code?: string;
  source: string;
}
const STAR = 'WPT fetch/api/cors/cors-preflight-star.any.js';
describe('Access-Control-Allow-Methods/-Headers with "*"', () => {
  it.each<StarCase>([
    { succeeds: true, credentials: false, allowMethod: 'get', allowHeader: 'x-test', method: 'GET', header: [['X-Test', '1']], source: STAR },
    { succeeds: true, credentials: false, allowMethod: '*', allowHeader: 'x-test', method: 'SUPER', header: [['X-Test', '1']], source: STAR },
    { succeeds: true, credentials: false, allowMethod: '*', allowHeader: '*', method: 'OK', header: [['X-Test', '1']], source: STAR },
    { succeeds: false, credentials: true, allowMethod: '*', allowHeader: '*', method: 'OK', header: [['X-Test', '1']], code: 'MethodDisallowedByPreflightResponse', source: STAR },
    { succeeds: false, credentials: true, allowMethod: '*', allowHeader: '', method: 'PUT', header: [], code: 'MethodDisallowedByPreflightResponse', source: STAR },
    { succeeds: true, credentials: true, allowMethod: 'PUT', allowHeader: '*', method: 'PUT', header: [], source: STAR },
    { succeeds: false, credentials: true, allowMethod: 'get', allowHeader: '*', method: 'GET', header: [['X-Test', '1']], code: 'HeaderDisallowedByPreflightResponse', source: STAR },
    { succeeds: false, credentials: true, allowMethod: '*', allowHeader: '*', method: 'GET', header: [['X-Test', '1']], code: 'HeaderDisallowedByPreflightResponse', source: STAR },
    { succeeds: true, credentials: true, allowMethod: '*', allowHeader: '*', method: '*', header: [['*', '1']], source: STAR },
    { succeeds: false, credentials: true, allowMethod: 'put', allowHeader: '*', method: 'PUT', header: [], code: 'MethodDisallowedByPreflightResponse', source: STAR },
    // Chromium 156 specifics (STYLE.md)
    { succeeds: true, credentials: false, allowMethod: 'GET', allowHeader: '*', method: 'GET', header: [['Authorization', 'Bearer t']], source: 'observed in Chromium 156 (* covers Authorization, against Fetch)' },
    { succeeds: false, credentials: true, allowMethod: 'GET', allowHeader: '*', method: 'GET', header: [['Authorization', 'Bearer t']], code: 'HeaderDisallowedByPreflightResponse', source: 'observed in Chromium 156' },
    { succeeds: false, credentials: false, allowMethod: 'PATCH', allowHeader: '', method: 'patch', header: [], code: 'MethodDisallowedByPreflightResponse', source: 'observed in Chromium 156 (patch stays lower-case)' },
    { succeeds: true, credentials: false, allowMethod: 'patch', allowHeader: '', method: 'patch', header: [], source: 'preflight_result.cc (exact match)' },
    { succeeds: true, credentials: false, allowMethod: 'PATCH', allowHeader: '', method: 'PATCH', header: [], source: 'preflight_result.cc' },
    { succeeds: false, credentials: false, allowMethod: 'put', allowHeader: '', method: 'put', header: [], code: 'MethodDisallowedByPreflightResponse', source: 'Fetch #concept-method-normalize (put is sent as PUT; `put` does not allow it)' },
    { succeeds: true, credentials: false, allowMethod: 'GET, PUT , DELETE', allowHeader: 'X-Test , content-type', method: 'DELETE', header: [['x-test', '1'], ['Content-Type', 'application/json']], source: 'preflight_result.cc (LWS trimmed, names case-insensitive)' },
    { succeeds: true, credentials: false, allowMethod: 'PUT,,', allowHeader: ',x-a,', method: 'PUT', header: [['X-A', '1']], source: 'net::HttpUtil::ValuesIterator (empty items skipped)' },
  ])('$method with $header, allow $allowMethod / $allowHeader, credentials=$credentials ($source)', (c) => {
    const pfHeaders: Array<[string, string]> = [['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Methods', c.allowMethod], ['Access-Control-Allow-Headers', c.allowHeader]];
    if (c.credentials) pfHeaders.push(['Access-Control-Allow-Credentials', 'true']);
    const respHeaders: Array<[string, string]> = [['Access-Control-Allow-Origin', ORIGIN]];
    if (c.credentials) respHeaders.push(['Access-Control-Allow-Credentials', 'true']);
    const d = preflighted({ method: c.method, reqHeaders: c.header, credentials: c.credentials ? 'include' : 'omit', pfHeaders, responseHeaders: respHeaders });
    if (c.succeeds) {
      expect(d.checks).toEqual([]);
    } else {
      expect(d.verdict).toBe('blocked');
      expect(d.checks[0]?.code).toBe(c.code);
      expect(d.stage).toBe('preflight');
    }
  });

  it('Authorization through "*" is allowed but warned about (observed in Chromium 156; Fetch #cors-non-wildcard-request-header-name)', () => {
    const d = preflighted({
      method: 'GET',
      reqHeaders: [['Authorization', 'Bearer t']],
      pfHeaders: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', '*']],
      responseHeaders: [['Access-Control-Allow-Origin', '*']],
    });
    expect(d.checks).toEqual([]);
    expect(d.warnings.map((w) => w.code)).toContain('authorization-via-wildcard');
    expect(d.chromiumDeviations.length).toBe(1);
  });
});

const STATUS = 'WPT fetch/api/cors/cors-preflight-status.any.js';
describe('preflight status', () => {
  it.each<{ status: number; ok: boolean; source: string }>(
    [200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 305, 306, 307, 308, 400, 401, 402, 403, 404, 405, 501, 502, 503, 504, 505].map((status) => ({
      status,
      ok: status >= 200 && status <= 299,
      source: STATUS,
    })),
  )('preflight answered with $status ($source)', ({ status, ok }) => {
    const d = preflighted({
      method: 'GET',
      reqHeaders: [['x-force-preflight', '']],
      status,
      pfHeaders: [['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Headers', 'x-force-preflight'], ['Access-Control-Max-Age', '0']],
      responseHeaders: [['Access-Control-Allow-Origin', ORIGIN]],
    });
    if (ok) expect(d.checks).toEqual([]);
    else expect(d.checks.map((c) => c.code)).toEqual(['PreflightInvalidStatus']);
  });
});

const VALIDATION = 'WPT fetch/api/cors/cors-preflight-response-validation.any.js';
const PRC = 'Chromium services/network/cors/preflight_controller.cc + preflight_result.cc';
interface OrderCase {
  name: string;
  method: string;
  reqHeaders?: HeaderList;
  credentials?: CredentialsMode;
  status?: number;
  pfHeaders: HeaderList;
  codes: string[];
  source: string;
}
describe('which check Chromium reports first', () => {
  it.each<OrderCase>([
    { name: 'bad Allow-Headers', method: 'GET', reqHeaders: [['x-force-preflight', '']], pfHeaders: [['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Headers', 'x-force-preflight,header name with space']], codes: ['InvalidAllowHeadersPreflightResponse'], source: VALIDATION },
    { name: 'bad Allow-Methods', method: 'GET', reqHeaders: [['x-force-preflight', '']], pfHeaders: [['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Headers', 'x-force-preflight'], ['Access-Control-Allow-Methods', 'Bad method name']], codes: ['InvalidAllowMethodsPreflightResponse'], source: VALIDATION },
    { name: '404 without ACAO', method: 'PUT', status: 404, pfHeaders: [], codes: ['PreflightMissingAllowOriginHeader', 'PreflightInvalidStatus', 'MethodDisallowedByPreflightResponse'], source: 'observed in Chromium 156; preflight_controller.cc CheckPreflightAccess' },
    { name: '404 with ACAO', method: 'PUT', status: 404, pfHeaders: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']], codes: ['PreflightInvalidStatus'], source: 'observed in Chromium 156' },
    { name: '500 with wrong ACAO', method: 'PUT', status: 500, pfHeaders: [['Access-Control-Allow-Origin', 'https://x.example'], ['Access-Control-Allow-Methods', 'PUT']], codes: ['PreflightAllowOriginMismatch', 'PreflightInvalidStatus'], source: PRC },
    { name: '401 from auth', method: 'DELETE', status: 401, pfHeaders: [['WWW-Authenticate', 'Bearer']], codes: ['PreflightMissingAllowOriginHeader', 'PreflightInvalidStatus', 'MethodDisallowedByPreflightResponse'], source: PRC },
    { name: 'redirect without ACAO', method: 'PUT', status: 301, pfHeaders: [['Location', URL + '/']], codes: ['PreflightDisallowedRedirect'], source: 'preflight_controller.cc HandleRedirect; observed in Chromium 156' },
    { name: '307 redirect with ACAO', method: 'PUT', status: 307, pfHeaders: [['Location', 'https://www1.web-platform.test/x'], ['Access-Control-Allow-Origin', '*']], codes: ['PreflightDisallowedRedirect'], source: PRC },
    { name: '302 without Location is a bad status', method: 'PUT', status: 302, pfHeaders: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']], codes: ['PreflightInvalidStatus'], source: 'net::HttpResponseHeaders::IsRedirect needs Location' },
    { name: 'both lists unparsable', method: 'PUT', pfHeaders: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT DELETE'], ['Access-Control-Allow-Headers', 'a b']], codes: ['InvalidAllowMethodsPreflightResponse', 'InvalidAllowHeadersPreflightResponse'], source: PRC },
    { name: 'unparsable Allow-Headers before method check', method: 'PUT', pfHeaders: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', 'x/y']], codes: ['InvalidAllowHeadersPreflightResponse', 'MethodDisallowedByPreflightResponse'], source: PRC },
    { name: 'unparsable Allow-Headers, no header needed', method: 'PUT', pfHeaders: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', '"x-a"']], codes: ['InvalidAllowHeadersPreflightResponse'], source: 'observed in Chromium 156' },
    { name: 'method before headers', method: 'PUT', reqHeaders: [['X-B', '1'], ['X-A', '1']], pfHeaders: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'GET']], codes: ['MethodDisallowedByPreflightResponse', 'HeaderDisallowedByPreflightResponse', 'HeaderDisallowedByPreflightResponse'], source: PRC },
    { name: 'credentials with * origin and no ACAC', method: 'PUT', credentials: 'include', pfHeaders: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']], codes: ['PreflightWildcardOriginNotAllowed', 'PreflightInvalidAllowCredentials'], source: 'cors.cc CheckAccess' },
    { name: 'credentials, ACAC missing', method: 'PUT', credentials: 'include', pfHeaders: [['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Methods', 'PUT']], codes: ['PreflightInvalidAllowCredentials'], source: 'cors.cc CheckAccess' },
    { name: 'two ACAO lines on the preflight', method: 'PUT', pfHeaders: [['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Methods', 'PUT']], codes: ['PreflightMultipleAllowOriginValues'], source: 'WPT cors-multiple-origins; cors.cc' },
    { name: 'invalid ACAO on the preflight', method: 'PUT', pfHeaders: [['Access-Control-Allow-Origin', 'web-platform'], ['Access-Control-Allow-Methods', 'PUT']], codes: ['PreflightInvalidAllowOriginValue'], source: 'cors.cc' },
    { name: 'no Allow-Methods', method: 'PUT', pfHeaders: [['Access-Control-Allow-Origin', ORIGIN]], codes: ['MethodDisallowedByPreflightResponse'], source: 'Fetch #cors-preflight-fetch' },
    { name: 'content-type not allowed', method: 'POST', reqHeaders: [['Content-Type', 'application/json']], pfHeaders: [['Access-Control-Allow-Origin', ORIGIN]], codes: ['HeaderDisallowedByPreflightResponse'], source: 'Fetch #cors-preflight-fetch' },
    { name: 'everything allowed', method: 'POST', reqHeaders: [['Content-Type', 'application/json']], pfHeaders: [['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Headers', 'Content-Type']], codes: [], source: 'Fetch #cors-preflight-fetch' },
  ])('$name -> $codes ($source)', (c) => {
    const d = preflighted({ method: c.method, reqHeaders: c.reqHeaders ?? [], credentials: c.credentials ?? 'omit', status: c.status ?? 200, pfHeaders: c.pfHeaders, responseHeaders: [['Access-Control-Allow-Origin', ORIGIN]] });
    expect(d.checks.map((x) => x.code)).toEqual(c.codes);
    if (c.codes.length > 0) expect(d.stage).toBe('preflight');
  });

  it('reports disallowed headers in Access-Control-Request-Headers order (sorted)', () => {
    const d = preflighted({ method: 'GET', reqHeaders: [['X-B', '1'], ['X-A', '1']], pfHeaders: [['Access-Control-Allow-Origin', '*']] });
    expect(d.checks.map((c) => c.failedParameter)).toEqual(['x-a', 'x-b']);
  });
});

const MAXAGE = 'Chromium services/network/cors/preflight_result.cc ParseAccessControlMaxAge';
describe('Access-Control-Max-Age', () => {
  it.each<{ header: string | undefined; seconds: number; source: string }>([
    { header: undefined, seconds: 5, source: MAXAGE },
    { header: '600', seconds: 600, source: MAXAGE },
    { header: '0', seconds: 0, source: MAXAGE },
    { header: '-1', seconds: 0, source: MAXAGE },
    { header: '7200', seconds: 7200, source: MAXAGE },
    { header: '86400', seconds: 7200, source: MAXAGE },
    { header: 'abc', seconds: 5, source: MAXAGE },
    { header: '1.5', seconds: 5, source: MAXAGE },
    { header: '', seconds: 5, source: MAXAGE },
    { header: '99999999999999999999', seconds: 5, source: `${MAXAGE} (StringToInt64 overflow fails)` },
    { header: '+10', seconds: 10, source: `${MAXAGE} (base::StringToInt64 accepts a sign)` },
  ])('$header -> $seconds s ($source)', ({ header, seconds }) => {
    expect(effectiveMaxAge(header).seconds).toBe(seconds);
  });
});
