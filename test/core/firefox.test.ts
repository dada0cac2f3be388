import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { majorVersion } from '../../src/core/firefox-view';

// The engine speaking Firefox. Every lab scenario as real Firefox recorded it, through the worker's
// edge translation: test/background/recorded-webrequest.test.ts.

// Hand-made exchanges for what the lab does not cover. Expected lines observed in Firefox ESR 153
// (a two-port loopback server with raw header lines, page errors read over WebDriver BiDi).
const PAGE = 'http://127.0.0.1:18571';
const API = 'http://127.0.0.1:18572/c/x';
const B = `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${API}.`;
const NULL_LINE = `${B} (Reason: CORS request did not succeed). Status code: (null).`;
const OBSERVED = 'observed in Firefox ESR 153';

interface ObservedCase {
  name: string;
  exchange: Omit<Exchange, 'browser'>;
  lines: string[];
  code: string;
  firefoxCode: string;
  source: string;
}

const simple = (status: number, headers: HeaderList, extra: Partial<Exchange['request']> = {}): Omit<Exchange, 'browser'> => ({
  request: { url: API, method: 'GET', origin: PAGE, credentials: 'omit', headers: [['Origin', PAGE]], ...extra },
  response: { status, headers },
});
const preflighted = (method: string, status: number, headers: HeaderList, extra: { acrh?: string; credentials?: 'include' | 'omit'; redirectTo?: string } = {}): Omit<Exchange, 'browser'> => ({
  request: { url: API, method, origin: PAGE, credentials: extra.credentials ?? 'omit', error: 'NS_ERROR_DOM_BAD_URI' },
  preflight: {
    kind: 'observed',
    status,
    headers,
    requestHeaders: [['Origin', PAGE], ['Access-Control-Request-Method', method], ...(extra.acrh ? [['Access-Control-Request-Headers', extra.acrh] as const] : [])],
    ...(extra.redirectTo ? { redirectTo: extra.redirectTo } : {}),
  },
});

describe('Firefox semantics the lab does not exercise (observed in real Firefox ESR 153)', () => {
  it.each<ObservedCase>([
    {
      name: 'two ACAO lines spelled the same, different values: "Multiple"',
      exchange: simple(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Origin', '*']]),
      lines: [`${B} (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`],
      code: 'MultipleAllowOriginValues',
      firefoxCode: 'CORSMultipleAllowOriginNotAllowed',
      source: `${OBSERVED}; nsCORSListenerProxy.cpp CheckOriginHeader`,
    },
    {
      name: 'two ACAO lines spelled differently, same value: merged, then "does not match"',
      exchange: simple(200, [['Access-Control-Allow-Origin', PAGE], ['access-control-allow-origin', PAGE]]),
      lines: [`${B} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘${PAGE}, ${PAGE}’).`],
      code: 'MultipleAllowOriginValues',
      firefoxCode: 'CORSAllowOriginNotMatchingOrigin',
      source: `${OBSERVED}; CheckOriginHeader compares the name case-sensitively`,
    },
    {
      name: 'one ACAO line holding a list',
      exchange: simple(200, [['Access-Control-Allow-Origin', `${PAGE}, https://b.example`]]),
      lines: [`${B} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘${PAGE}, https://b.example’).`],
      code: 'MultipleAllowOriginValues',
      firefoxCode: 'CORSAllowOriginNotMatchingOrigin',
      source: OBSERVED,
    },
    {
      name: 'empty ACAO',
      exchange: simple(200, [['Access-Control-Allow-Origin', '']]),
      lines: [`${B} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘’).`],
      code: 'InvalidAllowOriginValue',
      firefoxCode: 'CORSAllowOriginNotMatchingOrigin',
      source: OBSERVED,
    },
    {
      name: 'ACAC True with credentials',
      exchange: simple(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'True']], { credentials: 'include' }),
      lines: [`${B} (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`],
      code: 'InvalidAllowCredentials',
      firefoxCode: 'CORSMIssingAllowCredentials',
      source: OBSERVED,
    },
    {
      name: 'a 302 without ACAO: the redirect is refused, then the request "did not succeed"',
      exchange: { request: { url: API, method: 'GET', origin: PAGE, credentials: 'omit' }, response: { status: 302, headers: [['Location', `${API}/next`]], redirectTo: `${API}/next` } },
      lines: [`${B} (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 302.`, NULL_LINE],
      code: 'MissingAllowOriginHeader',
      firefoxCode: 'CORSMissingAllowOrigin',
      source: OBSERVED,
    },
    {
      name: 'preflight: two same-spelled ACAO lines',
      exchange: preflighted('PUT', 204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']]),
      lines: [`${B} (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`, NULL_LINE],
      code: 'PreflightMultipleAllowOriginValues',
      firefoxCode: 'CORSMultipleAllowOriginNotAllowed',
      source: OBSERVED,
    },
    {
      name: 'preflight 301 without ACAO: the CORS check on the 3xx comes before the redirect refusal',
      exchange: preflighted('PUT', 301, [['Location', '/x/other']], { redirectTo: 'http://127.0.0.1:18572/x/other' }),
      lines: [`${B} (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 301.`, NULL_LINE, NULL_LINE],
      code: 'PreflightMissingAllowOriginHeader',
      firefoxCode: 'CORSMissingAllowOrigin',
      source: `${OBSERVED}; nsCORSListenerProxy::AsyncOnChannelRedirect runs CheckRequestApproved first`,
    },
    {
      name: 'method not allowed and Allow-Headers unparsable: Firefox reports the method (Chromium the header)',
      exchange: preflighted('DELETE', 204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET'], ['Access-Control-Allow-Headers', 'a b']]),
      lines: [`${B} (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).`, NULL_LINE],
      code: 'MethodDisallowedByPreflightResponse',
      firefoxCode: 'CORSMethodNotFound',
      source: `${OBSERVED}; nsCORSPreflightListener::CheckPreflightRequestApproved`,
    },
    {
      name: 'preflight 404 with a wrong ACAO: the origin is reported, not the status',
      exchange: preflighted('PUT', 404, [['Access-Control-Allow-Origin', 'http://x.example']]),
      lines: [`${B} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://x.example’).`, NULL_LINE],
      code: 'PreflightAllowOriginMismatch',
      firefoxCode: 'CORSAllowOriginNotMatchingOrigin',
      source: OBSERVED,
    },
    {
      name: 'preflight 404 with the right ACAO: the status',
      exchange: preflighted('PUT', 404, [['Access-Control-Allow-Origin', PAGE]]),
      lines: [`${B} (Reason: CORS preflight response did not succeed). Status code: 404.`, NULL_LINE],
      code: 'PreflightInvalidStatus',
      firefoxCode: 'CORSPreflightDidNotSucceed',
      source: OBSERVED,
    },
    {
      name: 'several headers not allowed: the first in Access-Control-Request-Headers order',
      exchange: preflighted('GET', 204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Headers', 'x-b']], { acrh: 'x-a,x-b,x-c' }),
      lines: [`${B} (Reason: header ‘x-a’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).`, NULL_LINE],
      code: 'HeaderDisallowedByPreflightResponse',
      firefoxCode: 'CORSMissingAllowHeaderFromPreflight',
      source: OBSERVED,
    },
    {
      name: 'Allow-Methods with an empty item and a bad one: the first non-token, trimmed',
      exchange: preflighted('PUT', 204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET, , PU T, "x"']]),
      lines: [`${B} (Reason: invalid token ‘PU T’ in CORS header ‘Access-Control-Allow-Methods’).`, NULL_LINE],
      code: 'InvalidAllowMethodsPreflightResponse',
      firefoxCode: 'CORSInvalidAllowMethod',
      source: OBSERVED,
    },
    {
      name: 'a redirect to a user:password@ URL: only "did not succeed"',
      exchange: { request: { url: API, method: 'GET', origin: PAGE, credentials: 'omit' }, response: { status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', 'http://u:p@127.0.0.1:18572/c/next']], redirectTo: 'http://u:p@127.0.0.1:18572/c/next' } },
      lines: [NULL_LINE],
      code: 'RedirectContainsCredentials',
      firefoxCode: 'CORSDidNotSucceed',
      source: `${OBSERVED}; nsCORSListenerProxy::UpdateChannel refuses userinfo without a reason`,
    },
    {
      name: 'Allow-Headers * with credentials does not cover Authorization',
      exchange: preflighted('GET', 204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Headers', '*']], { acrh: 'authorization', credentials: 'include' }),
      lines: [`${B} (Reason: header ‘authorization’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).`, NULL_LINE],
      code: 'HeaderDisallowedByPreflightResponse',
      firefoxCode: 'CORSMissingAllowHeaderFromPreflight',
      source: OBSERVED,
    },
  ])('$name ($source)', ({ exchange, lines, code, firefoxCode }) => {
    const d = diagnose({ ...exchange, browser: 'firefox' } as Exchange);
    expect(d.verdict).toBe('blocked');
    expect(d.browserMessages).toEqual(lines);
    expect(d.browserMessage).toBe(lines[0]);
    expect(d.checks[0]?.code).toBe(code);
    expect(d.checks[0]?.firefoxCode).toBe(firefoxCode);
    // The same exchange seen by Chromium keeps Chromium's order and its own line.
    const c = diagnose(exchange as Exchange);
    expect(c.browserMessage?.startsWith('Access to fetch at ')).toBe(true);
    expect(c.browserDifferences?.[0]).toContain(lines[0]!);
  });

  it('says where Chromium differs: the order of the method and Allow-Headers checks', () => {
    const d = diagnose({ ...preflighted('DELETE', 204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET'], ['Access-Control-Allow-Headers', 'a b']]), browser: 'firefox' });
    expect(d.checks.map((c) => c.code)).toEqual(['MethodDisallowedByPreflightResponse', 'InvalidAllowHeadersPreflightResponse']);
    expect(d.browserDifferences?.[0]).toMatch(/^Chromium 156 would print: "Access to fetch at .*Cannot parse Access-Control-Allow-Headers/);
    expect(d.browserDifferences?.join('\n')).toContain('Chromium parses Access-Control-Allow-Headers before it checks the method');
  });

  it('merged ACAO lines from Firefox’s webRequest: equal values read as "Multiple", different ones as a mismatch, said as inferred', () => {
    const same = diagnose({ ...simple(200, [['Access-Control-Allow-Origin', `${PAGE}, ${PAGE}`]]), browser: 'firefox' });
    expect(same.checks[0]?.firefoxCode).toBe('CORSMultipleAllowOriginNotAllowed');
    expect(same.inferred.join(' ')).toMatch(/merged/);
    const diff = diagnose({ ...simple(200, [['Access-Control-Allow-Origin', `${PAGE}, *`]]), browser: 'firefox' });
    expect(diff.checks[0]?.firefoxCode).toBe('CORSAllowOriginNotMatchingOrigin');
    expect(diff.browserMessage).toBe(`${B} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘${PAGE}, *’).`);
  });

  it('Firefox’s preflight cache: 24 h cap, not cached when Max-Age is not all digits', () => {
    const ok = (maxAge: string) =>
      diagnose({
        browser: 'firefox',
        request: { url: API, method: 'PUT', origin: PAGE, credentials: 'omit' },
        preflight: { kind: 'observed', status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', maxAge]] },
        response: { status: 200, headers: [['Access-Control-Allow-Origin', PAGE]] },
      });
    expect(ok('100000').cache.effectiveSeconds).toBe(86400);
    expect(ok('100000').browserDifferences).toContain('Chromium would keep this preflight for 7200 seconds (it caps Access-Control-Max-Age at 7200 and falls back to 5 seconds when the value is not an integer).');
    expect(ok('+5').cache.effectiveSeconds).toBe(0);
    expect(ok('600').cache.effectiveSeconds).toBe(600);
    expect(ok('600').browserDifferences).toEqual([]);
  });
});

// Console lines that differ between Firefox versions, keyed on the version the exchange recorded.
// Lines observed on 2026-12-07 in Firefox ESR 140.12.0 and ESR 153.8.0 (the same loopback lab
// exchange in both, page errors read over WebDriver BiDi), quoted in issue 14 item 10.
describe('Firefox versions: console lines keyed on the captured version (ESR 140 vs 153)', () => {
  const REDIRECT = 'http://127.0.0.1:18572/x/other';
  const redirected = (status: number, headers: HeaderList) => preflighted('PUT', status, [['Location', '/x/other'], ...headers], { acrh: 'x-custom', redirectTo: REDIRECT });
  const good: HeaderList = [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'X-Custom']];
  const missing = (status: number) => `${B} (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: ${status}.`;
  const mismatch = `${B} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://x.test’).`;
  const external = `${B} (Reason: CORS request external redirect not allowed).`;
  const preflightStatus = (status: number) => `${B} (Reason: CORS preflight response did not succeed). Status code: ${status}.`;

  interface VersionCase {
    name: string;
    version: string | undefined;
    exchange: Omit<Exchange, 'browser'>;
    lines: string[];
    source: string;
  }
  it.each<VersionCase>([
    { name: '302 preflight without ACAO', version: '140.12.0', exchange: redirected(302, []), lines: [missing(302), NULL_LINE], source: 'observed in Firefox ESR 140.12.0' },
    { name: '302 preflight without ACAO', version: '153.8.0', exchange: redirected(302, []), lines: [missing(302), NULL_LINE, NULL_LINE], source: 'observed in Firefox ESR 153.8.0' },
    { name: '301 preflight with another origin in ACAO', version: '140.12.0', exchange: redirected(301, [['Access-Control-Allow-Origin', 'http://x.test']]), lines: [mismatch, NULL_LINE], source: 'observed in Firefox ESR 140.12.0' },
    { name: '301 preflight with another origin in ACAO', version: '153.8.0', exchange: redirected(301, [['Access-Control-Allow-Origin', 'http://x.test']]), lines: [mismatch, NULL_LINE, NULL_LINE], source: 'observed in Firefox ESR 153.8.0' },
    { name: '301 preflight whose CORS headers pass', version: '140.12.0', exchange: redirected(301, good), lines: [external, preflightStatus(301), NULL_LINE], source: 'observed in Firefox ESR 140.12.0' },
    { name: '302 preflight whose CORS headers pass', version: '153.8.0', exchange: redirected(302, good), lines: [external, preflightStatus(302), NULL_LINE], source: 'observed in Firefox ESR 153.8.0' },
    // The boundary as the evidence allows (firefox-view.ts FIREFOX_REDIRECT_TWICE_FROM): nothing between 140 and 153 was observed.
    { name: '302 preflight without ACAO', version: '152.0', exchange: redirected(302, []), lines: [missing(302), NULL_LINE], source: 'rule: below 153 is treated as ESR 140' },
    { name: '302 preflight without ACAO', version: '160.0.1', exchange: redirected(302, []), lines: [missing(302), NULL_LINE, NULL_LINE], source: 'rule: 153 and later as ESR 153' },
    { name: '302 preflight without ACAO', version: undefined, exchange: redirected(302, []), lines: [missing(302), NULL_LINE, NULL_LINE], source: 'rule: an unknown version as the newest observed (ESR 153)' },
    { name: '302 preflight without ACAO', version: 'not a version', exchange: redirected(302, []), lines: [missing(302), NULL_LINE, NULL_LINE], source: 'rule: an unreadable version as unknown' },
  ])('$name, Firefox $version ($source)', ({ version, exchange, lines }) => {
    const x: Exchange = { ...exchange, browser: 'firefox' };
    if (version !== undefined) x.browserVersion = version;
    const d = diagnose(x);
    expect(d.verdict).toBe('blocked');
    expect(d.browserMessages).toEqual(lines);
    expect(d.browserMessage).toBe(lines[0]);
  });

  it('a Chromium exchange’s version never changes its prediction of Firefox', () => {
    const x = { ...redirected(302, []), browser: 'chromium' as const, browserVersion: '140.0.0.0' };
    expect(diagnose(x).browserDifferences?.[0]).toBe(diagnose({ ...x, browserVersion: undefined }).browserDifferences?.[0]);
  });

  it.each([
    ['140.12.0', 140],
    ['153.0esr', 153],
    ['firefox/153.8.0', 153],
    ['153', 153],
    [' 140.0 ', 140],
    ['', undefined],
    ['esr', undefined],
    ['1400000.0', undefined],
  ] as const)('majorVersion(%j) = %s', (v, major) => {
    expect(majorVersion(v)).toBe(major);
  });
});
