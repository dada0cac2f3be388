import { describe, expect, it } from 'vitest';
import { diagnose, type Verdict } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';

const U = 'https://api.example.com/v1/items';
const O = 'https://app.example.com';
const ACAO: HeaderList = [['Access-Control-Allow-Origin', O]];

interface VerdictCase {
  name: string;
  exchange: Exchange;
  verdict: Verdict;
  first?: string;
  source: string;
}

describe('verdicts', () => {
  it.each<VerdictCase>([
    { name: 'simple GET allowed', exchange: { request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers: ACAO } }, verdict: 'allowed', source: 'Fetch #cors-check' },
    { name: 'simple GET without ACAO', exchange: { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_FAILED' }, response: { status: 200, headers: [] } }, verdict: 'blocked', first: 'MissingAllowOriginHeader', source: 'observed in Chromium 156' },
    { name: 'Firefox: blocked response looks like success', exchange: { browser: 'firefox', request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers: [] } }, verdict: 'blocked', first: 'MissingAllowOriginHeader', source: 'observed in Firefox 153 (STYLE.md)' },
    { name: '4xx with ACAO still passes CORS', exchange: { request: { url: U, method: 'GET', origin: O }, response: { status: 404, headers: ACAO } }, verdict: 'allowed', source: 'Fetch #cors-check (status irrelevant)' },
    { name: 'connection refused', exchange: { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_CONNECTION_REFUSED' } }, verdict: 'network-error', source: 'observed in Chromium 156' },
    { name: 'preflight network failure', exchange: { request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_CONNECTION_REFUSED' }, preflight: { kind: 'network-error', error: 'net::ERR_FAILED' } }, verdict: 'network-error', source: 'observed in Chromium 156 (STYLE.md)' },
    { name: 'LNA denial', exchange: { request: { url: 'http://192.168.1.2/x', method: 'GET', origin: O, error: 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS' } }, verdict: 'network-error', source: 'observed in Chromium 156 (STYLE.md)' },
    { name: 'DNS failure', exchange: { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_NAME_NOT_RESOLVED' } }, verdict: 'network-error', source: 'net error list' },
    { name: 'blocked yet all checks pass', exchange: { request: { url: U, method: 'GET', origin: O, credentials: 'omit', error: 'net::ERR_FAILED' }, response: { status: 200, headers: ACAO } }, verdict: 'unexplained', source: 'issue 3 (unexplained)' },
    { name: 'preflight needed, none seen, request failed', exchange: { request: { url: U, method: 'PUT', origin: O, credentials: 'omit', error: 'net::ERR_FAILED' }, preflight: { kind: 'not-observed' } }, verdict: 'unexplained', source: 'observed in Chromium 156 (preflights need extraHeaders)' },
    { name: 'same-origin request', exchange: { request: { url: 'https://app.example.com/api', method: 'PUT', origin: O }, response: { status: 200, headers: [] } }, verdict: 'allowed', source: 'Fetch #main-fetch (same origin: basic)' },
    { name: 'page aborted the request', exchange: { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_ABORTED' } }, verdict: 'allowed', source: 'net error list' },
    { name: 'good preflight, actual response without ACAO', exchange: { request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_FAILED' }, preflight: { kind: 'observed', status: 204, headers: [...ACAO, ['Access-Control-Allow-Methods', 'PUT']] }, response: { status: 200, headers: [] } }, verdict: 'blocked', first: 'MissingAllowOriginHeader', source: 'observed in Chromium 156' },
    { name: 'error page lacks CORS headers', exchange: { request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_FAILED' }, preflight: { kind: 'observed', status: 204, headers: [...ACAO, ['Access-Control-Allow-Methods', 'PUT']] }, response: { status: 500, headers: [] } }, verdict: 'blocked', first: 'MissingAllowOriginHeader', source: 'issue 3 realCause' },
    { name: 'redirect of the actual request without ACAO', exchange: { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_FAILED' }, response: { status: 301, headers: [['Location', U + '/']], redirectTo: U + '/' } }, verdict: 'blocked', first: 'MissingAllowOriginHeader', source: 'cors_url_loader.cc OnReceiveRedirect' },
    { name: 'redirect of the actual request with ACAO', exchange: { request: { url: U, method: 'GET', origin: O }, response: { status: 302, headers: [['Location', 'https://b.example/x'], ['Access-Control-Allow-Origin', '*']], redirectTo: 'https://b.example/x' } }, verdict: 'allowed', source: 'cors_url_loader.cc OnReceiveRedirect' },
    { name: 'redirect to a URL with credentials', exchange: { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_FAILED' }, response: { status: 302, headers: [['Access-Control-Allow-Origin', '*']], redirectTo: 'https://u:p@b.example/x' } }, verdict: 'blocked', first: 'RedirectContainsCredentials', source: 'cors_url_loader.cc CheckRedirectLocation' },
    { name: 'tainted origin: page origin no longer matches', exchange: { request: { url: 'https://c.example/x', initialUrl: 'https://b.example/x', method: 'GET', origin: O, error: 'net::ERR_FAILED' }, response: { status: 200, headers: ACAO } }, verdict: 'blocked', first: 'AllowOriginMismatch', source: 'Fetch #http-redirect-fetch (tainted origin)' },
    { name: 'tainted origin: ACAO null passes', exchange: { request: { url: 'https://c.example/x', initialUrl: 'https://b.example/x', method: 'GET', origin: O }, response: { status: 200, headers: [['Access-Control-Allow-Origin', 'null']] } }, verdict: 'allowed', source: 'observed in Chromium 156 (Origin: null after cross-origin redirect)' },
    { name: 'Origin: null seen on the wire', exchange: { request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_FAILED' }, preflight: { kind: 'observed', status: 200, requestHeaders: [['Access-Control-Request-Method', 'PUT'], ['Origin', 'null']], headers: [...ACAO, ['Access-Control-Allow-Methods', 'PUT']] } }, verdict: 'blocked', first: 'PreflightAllowOriginMismatch', source: 'preflight_controller.cc (tainted -> Origin: null)' },
    { name: 'preflight redirect', exchange: { request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_FAILED' }, preflight: { kind: 'observed', status: 301, headers: [['Location', 'https://api.example.com/v1/items/']] } }, verdict: 'blocked', first: 'PreflightDisallowedRedirect', source: 'observed in Chromium 156 (redirected preflight shows as completed 3xx)' },
  ])('$name -> $verdict ($source)', ({ exchange, verdict, first }) => {
    const d = diagnose(exchange);
    expect(d.verdict).toBe(verdict);
    if (first) expect(d.checks[0]?.code).toBe(first);
    expect(typeof d.summary).toBe('string');
    expect(d.summary.length).toBeGreaterThan(10);
  });
});

describe('credentials by elimination', () => {
  it('unknown credentials + blocked + passes without credentials -> inferred credential checks (issue 3 "inferred")', () => {
    const d = diagnose({
      request: { url: U, method: 'GET', origin: O, credentials: 'unknown', error: 'net::ERR_FAILED' },
      response: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] },
    });
    expect(d.verdict).toBe('blocked');
    expect(d.checks[0]?.code).toBe('WildcardOriginNotAllowed');
    expect(d.checks.every((c) => c.inferred)).toBe(true);
    expect(d.credentials).toEqual({ mode: 'include', assumed: true });
    expect(d.inferred.join(' ')).toMatch(/credentials/);
    expect(d.summary).toMatch(/inferred/);
  });

  it('a Cookie header shows credentials were included (STYLE.md)', () => {
    const d = diagnose({
      request: { url: U, method: 'GET', origin: O, credentials: 'unknown', headers: [['Cookie', 'sid=1']] },
      response: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] },
    });
    expect(d.verdict).toBe('blocked');
    expect(d.checks[0]?.code).toBe('WildcardOriginNotAllowed');
    expect(d.checks[0]?.inferred).toBeUndefined();
    expect(d.credentials.assumed).toBe(false);
  });

  it('unknown credentials, allowed, no error -> allowed with the assumption stated', () => {
    const d = diagnose({ request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } });
    expect(d.verdict).toBe('allowed');
    expect(d.credentials).toEqual({ mode: 'omit', assumed: true });
  });
});

interface HintCase {
  name: string;
  exchange: Exchange;
  hint: string;
  source: string;
}
const pf = (status: number, headers: HeaderList = [], body?: string): Exchange => ({
  request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_FAILED' },
  preflight: { kind: 'observed', status, headers, ...(body !== undefined ? { body } : {}) },
});
describe('realCause', () => {
  it.each<HintCase>([
    { name: 'Express 404', exchange: pf(404, [], 'Cannot OPTIONS /v1/items'), hint: 'no-options-route', source: 'issue 3 (Express "Cannot OPTIONS /path")' },
    { name: '405', exchange: pf(405, [['Allow', 'GET, PUT']]), hint: 'options-not-allowed', source: 'issue 3' },
    { name: '401 auth', exchange: pf(401, [['WWW-Authenticate', 'Bearer']]), hint: 'auth-blocks-preflight', source: 'issue 3' },
    { name: '403 auth', exchange: pf(403), hint: 'auth-blocks-preflight', source: 'issue 3' },
    { name: 'Spring 403', exchange: pf(403, [['Vary', 'Origin']], 'Invalid CORS request'), hint: 'spring-invalid-cors-request', source: 'issue 3 (Spring CorsProcessor)' },
    { name: 'Starlette 400', exchange: pf(400, [], 'Disallowed CORS origin'), hint: 'starlette-disallowed', source: 'issue 3 (Starlette CORSMiddleware)' },
    { name: 'rs/cors 204', exchange: pf(204, [['Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers']]), hint: 'cors-layer-rejected', source: 'issue 3 (rs/cors)' },
    { name: 'duplicate ACAO', exchange: pf(204, [['Access-Control-Allow-Origin', O], ['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']]), hint: 'duplicate-allow-origin', source: 'issue 3 (two layers)' },
    { name: 'trailing-slash redirect', exchange: pf(301, [['Location', U + '/']]), hint: 'redirect-trailing-slash', source: 'issue 3' },
    { name: 'http->https redirect', exchange: { request: { url: 'http://api.example.com/v1/items', method: 'PUT', origin: O, error: 'net::ERR_FAILED' }, preflight: { kind: 'observed', status: 308, headers: [['Location', 'https://api.example.com/v1/items']] } }, hint: 'redirect-http-to-https', source: 'issue 3' },
    { name: 'login redirect', exchange: pf(302, [['Location', 'https://sso.example.com/login?next=/v1/items']]), hint: 'redirect-to-login', source: 'issue 3' },
    { name: 'trailing slash in ACAO', exchange: pf(204, [['Access-Control-Allow-Origin', O + '/'], ['Access-Control-Allow-Methods', 'PUT']]), hint: 'origin-near-miss', source: 'Fetch #cors-check (byte-exact)' },
    { name: 'http vs https in ACAO', exchange: pf(204, [['Access-Control-Allow-Origin', 'http://app.example.com'], ['Access-Control-Allow-Methods', 'PUT']]), hint: 'origin-near-miss', source: 'Fetch #cors-check' },
    { name: 'fixed other origin', exchange: pf(204, [['Access-Control-Allow-Origin', 'https://admin.example.com'], ['Access-Control-Allow-Methods', 'PUT']]), hint: 'origin-not-reflected', source: 'Fetch #cors-check' },
    { name: 'patch in lower case', exchange: { request: { url: U, method: 'patch', origin: O, error: 'net::ERR_FAILED' }, preflight: { kind: 'observed', status: 204, headers: [...ACAO, ['Access-Control-Allow-Methods', 'GET, PATCH']] } }, hint: 'method-case', source: 'observed in Chromium 156' },
    { name: 'error response without CORS', exchange: { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_FAILED' }, response: { status: 502, headers: [] } }, hint: 'error-response-without-cors', source: 'issue 3' },
    { name: 'unparsable Allow-Headers, unneeded', exchange: { request: { url: U, method: 'PUT', origin: O, headers: [], error: 'net::ERR_FAILED' }, preflight: { kind: 'observed', status: 204, headers: [...ACAO, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'Content-Type; X-Foo']] } }, hint: 'unparsable-allow-headers-unneeded', source: 'observed in Chromium 156' },
    { name: 'JSON body causes the preflight', exchange: { request: { url: U, method: 'POST', origin: O, headers: [['Content-Type', 'application/json']], error: 'net::ERR_FAILED' }, preflight: { kind: 'observed', status: 404, headers: [] } }, hint: 'avoidable-preflight', source: 'Fetch #cors-safelisted-request-header' },
    { name: 'LNA', exchange: { request: { url: 'http://10.0.0.2/', method: 'GET', origin: O, error: 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS' } }, hint: 'local-network-access', source: 'observed in Chromium 156' },
  ])('$name -> $hint ($source)', ({ exchange, hint }) => {
    const d = diagnose(exchange);
    expect(d.realCause.map((h) => h.code)).toContain(hint);
  });
});

interface WarnCase {
  name: string;
  exchange: Exchange;
  warning: string;
  source: string;
}
describe('warnings on allowed exchanges', () => {
  it.each<WarnCase>([
    { name: 'reflected origin + credentials', exchange: { request: { url: U, method: 'GET', origin: O, credentials: 'include' }, response: { status: 200, headers: [...ACAO, ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin']] } }, warning: 'origin-reflected-with-credentials', source: 'issue 3 warnings' },
    { name: 'null allowed', exchange: { request: { url: U, method: 'GET', origin: 'null' }, response: { status: 200, headers: [['Access-Control-Allow-Origin', 'null']] } }, warning: 'null-origin-allowed', source: 'issue 3 warnings' },
    { name: '* with Authorization', exchange: { request: { url: U, method: 'GET', origin: O, headers: [['Authorization', 'Bearer x']] }, response: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } }, warning: 'wildcard-on-authenticated', source: 'issue 3 warnings' },
    { name: 'no Vary: Origin', exchange: { request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers: ACAO } }, warning: 'missing-vary-origin', source: 'Fetch #cors-protocol-and-http-caches' },
    { name: 'Max-Age capped', exchange: { request: { url: U, method: 'PUT', origin: O }, preflight: { kind: 'observed', status: 204, headers: [...ACAO, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '86400']] }, response: { status: 200, headers: ACAO } }, warning: 'max-age-capped', source: 'preflight_result.cc kMaxTimeout' },
  ])('$name -> $warning ($source)', ({ exchange, warning }) => {
    const d = diagnose(exchange);
    expect(d.verdict).toBe('allowed');
    expect(d.warnings.map((w) => w.code)).toContain(warning);
  });
});

interface ExposeCase {
  headers: HeaderList;
  credentials: 'omit' | 'include';
  unreadable: string[];
  source: string;
}
describe('unreadable response headers', () => {
  it.each<ExposeCase>([
    { headers: [['Access-Control-Allow-Origin', '*'], ['Content-Type', 'application/json'], ['X-Total-Count', '42']], credentials: 'omit', unreadable: ['x-total-count'], source: 'Fetch #cors-safelisted-response-header-name' },
    { headers: [['Access-Control-Allow-Origin', '*'], ['X-Total-Count', '42'], ['Access-Control-Expose-Headers', 'X-Total-Count']], credentials: 'omit', unreadable: [], source: 'Fetch #http-access-control-expose-headers' },
    { headers: [['Access-Control-Allow-Origin', '*'], ['X-Total-Count', '42'], ['ETag', '"1"'], ['Access-Control-Expose-Headers', '*']], credentials: 'omit', unreadable: [], source: 'Fetch #http-access-control-expose-headers (* without credentials)' },
    { headers: [['Access-Control-Allow-Origin', O], ['Access-Control-Allow-Credentials', 'true'], ['X-Total-Count', '42'], ['Access-Control-Expose-Headers', '*']], credentials: 'include', unreadable: ['x-total-count'], source: 'Fetch #http-access-control-expose-headers (* is literal with credentials)' },
    { headers: [['Access-Control-Allow-Origin', '*'], ['Content-Length', '3'], ['Cache-Control', 'no-store'], ['Set-Cookie', 'a=b'], ['Link', '<x>']], credentials: 'omit', unreadable: ['set-cookie', 'link'], source: 'Fetch #forbidden-response-header-name' },
  ])('$unreadable ($source)', ({ headers, credentials, unreadable }) => {
    const d = diagnose({ request: { url: U, method: 'GET', origin: O, credentials }, response: { status: 200, headers } });
    expect(d.verdict).toBe('allowed');
    expect(d.unreadableResponseHeaders).toEqual(unreadable);
  });
});

describe('cache', () => {
  it('no OPTIONS seen for a request that needs one, yet it was sent: served from the preflight cache (STYLE.md)', () => {
    const d = diagnose({ request: { url: U, method: 'PUT', origin: O, headers: [['Content-Type', 'application/json']] }, preflight: { kind: 'not-observed' }, response: { status: 200, headers: ACAO } });
    expect(d.cache.servedFromCache).toBe(true);
    expect(d.preflightNeeded).toBe(true);
  });
  it('effective Max-Age from an observed preflight (preflight_result.cc)', () => {
    const d = diagnose({ request: { url: U, method: 'PUT', origin: O }, preflight: { kind: 'observed', status: 204, headers: [...ACAO, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '-5']] } });
    expect(d.cache.effectiveSeconds).toBe(0);
    expect(d.cache.source).toBe('negative');
  });
});

describe('whyPreflight', () => {
  it('null when the request headers are unknown and the method is simple', () => {
    expect(diagnose({ request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers: ACAO } }).whyPreflight).toBeNull();
  });
  it('uses Access-Control-Request-Headers when the actual request was never seen (observed in Chromium 156)', () => {
    const d = diagnose({
      request: { url: U, method: 'GET', origin: O, error: 'net::ERR_FAILED' },
      preflight: { kind: 'observed', status: 204, requestHeaders: [['Access-Control-Request-Method', 'GET'], ['Access-Control-Request-Headers', 'authorization,x-trace']], headers: [...ACAO, ['Access-Control-Allow-Headers', 'authorization']] },
    });
    expect(d.whyPreflight?.map((r) => r.header)).toEqual(['authorization', 'x-trace']);
    expect(d.checks.map((c) => c.failedParameter)).toEqual(['x-trace']);
  });
  it('ignores headers the network stack adds (priority) when computing reasons', () => {
    const d = diagnose({ request: { url: U, method: 'GET', origin: O, headers: [['Accept', '*/*'], ['Priority', 'u=1, i']] }, response: { status: 200, headers: ACAO } });
    expect(d.whyPreflight).toEqual([]);
    expect(d.preflightNeeded).toBe(false);
  });
});
