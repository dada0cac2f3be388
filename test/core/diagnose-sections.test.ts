// The engine's steps one by one (src/core/diagnose/*.ts), each on a normalized exchange: where
// the origins, the credentials mode, the method and headers, why a preflight, the checks, the
// other engine's view, the cache, the verdict, the explanations, the console line and the summary
// are decided. diagnose.test.ts proves them together.
import { describe, expect, it } from 'vitest';
import { preflightCache, firefoxMaxAgeSource } from '../../src/core/diagnose/cache';
import { preCheckNotes, runChecks } from '../../src/core/diagnose/checks';
import { consoleLines, fillFirefoxCodes } from '../../src/core/diagnose/console-line';
import { decideCredentials } from '../../src/core/diagnose/credentials';
import { explain, type ExplanationInput } from '../../src/core/diagnose/explanations';
import type { RequestFacts } from '../../src/core/diagnose/facts';
import { normalize } from '../../src/core/diagnose/normalize';
import { chromiumNetError, networkErrorDiagnosis, sameOriginDiagnosis, unreachedError } from '../../src/core/diagnose/not-cors';
import { decideOrigins } from '../../src/core/diagnose/origins';
import { browserDifferences, engineViews } from '../../src/core/diagnose/other-engine';
import { parseAcrh, requestShape } from '../../src/core/diagnose/request-shape';
import { shortFor, summarize } from '../../src/core/diagnose/summary';
import { decideVerdict, verdictNotes } from '../../src/core/diagnose/verdict';
import { decidePreflightNeed } from '../../src/core/diagnose/why-preflight';
import type { Check } from '../../src/core/check';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import type { ErrorClass } from '../../src/core/net-errors';
import { classifyError } from '../../src/core/net-errors';
import { diagnosisBase } from '../../src/core/diagnose/facts';

const U = 'https://api.example.com/v1/items';
const O = 'https://app.example.com';
const ACAO: HeaderList = [['Access-Control-Allow-Origin', O]];
const PUT_OK: HeaderList = [...ACAO, ['Access-Control-Allow-Methods', 'PUT']];

function factsOf(x: Exchange): RequestFacts {
  const n = normalize(x);
  const shape = requestShape(n);
  return { n, origins: decideOrigins(n), credentials: decideCredentials(n), shape, need: decidePreflightNeed(n, shape), errClass: classifyError(n.error) };
}

describe('origins: decideOrigins', () => {
  interface Case {
    name: string;
    exchange: Exchange;
    page: string | null;
    sent: string;
    tainted: boolean;
    crossOrigin: boolean | null;
    note?: RegExp;
    source: string;
  }
  it.each<Case>([
    { name: 'page origin given', exchange: { request: { url: U, method: 'GET', origin: O } }, page: O, sent: O, tainted: false, crossOrigin: true, source: 'Fetch #origin-header' },
    { name: 'same origin', exchange: { request: { url: `${O}/api`, method: 'GET', origin: O } }, page: O, sent: O, tainted: false, crossOrigin: false, source: 'Fetch #main-fetch' },
    { name: 'default port written out is the same origin', exchange: { request: { url: 'https://app.example.com:443/api', method: 'GET', origin: O } }, page: O, sent: O, tainted: false, crossOrigin: false, source: 'url::Origin::Serialize' },
    {
      name: 'a cross-origin redirect taints the origin',
      exchange: { request: { url: 'https://c.example/x', initialUrl: 'https://b.example/x', method: 'GET', origin: O } },
      page: O,
      sent: 'null',
      tainted: true,
      crossOrigin: true,
      source: 'Fetch #http-redirect-fetch (tainted origin)',
    },
    {
      name: 'Origin: null on the wire taints it',
      exchange: { request: { url: U, method: 'PUT', origin: O }, preflight: { kind: 'observed', status: 204, requestHeaders: [['Origin', 'null']], headers: [] } },
      page: O,
      sent: 'null',
      tainted: true,
      crossOrigin: true,
      note: /tainted it/,
      source: 'observed in Chromium 156',
    },
    {
      name: 'page origin read from the Origin header',
      exchange: { request: { url: U, method: 'GET', headers: [['Origin', O]] } },
      page: O,
      sent: O,
      tainted: false,
      crossOrigin: true,
      note: /taken from the request's Origin header/,
      source: 'Fetch #origin-header',
    },
    {
      name: 'unknown origin: the single valid ACAO is assumed',
      exchange: { request: { url: U, method: 'GET' }, response: { status: 200, headers: ACAO } },
      page: null,
      sent: O,
      tainted: false,
      crossOrigin: null,
      note: /origin is unknown/,
      source: 'CORS Doctor: only other checks decide',
    },
    {
      name: 'unknown origin and ACAO *: null is assumed',
      exchange: { request: { url: U, method: 'GET' }, response: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } },
      page: null,
      sent: 'null',
      tainted: false,
      crossOrigin: null,
      note: /origin is unknown/,
      source: 'CORS Doctor',
    },
  ])('$name ($source)', ({ exchange, page, sent, tainted, crossOrigin, note }) => {
    const o = decideOrigins(normalize(exchange));
    expect({ page: o.page, sent: o.sent, tainted: o.tainted, crossOrigin: o.crossOrigin }).toEqual({ page, sent, tainted, crossOrigin });
    if (note) expect(o.notes.join(' ')).toMatch(note);
    else expect(o.notes).toEqual([]);
  });
});

describe('credentials: decideCredentials', () => {
  it.each<[string, Exchange['request'], { include: boolean; known: boolean; notes: number }]>([
    ['include, as observed', { url: U, method: 'GET', credentials: 'include' }, { include: true, known: true, notes: 0 }],
    ['omit, as observed', { url: U, method: 'GET', credentials: 'omit' }, { include: false, known: true, notes: 0 }],
    ['unknown: omit is assumed', { url: U, method: 'GET' }, { include: false, known: false, notes: 0 }],
    ['unknown, but a Cookie was sent (STYLE.md)', { url: U, method: 'GET', headers: [['cookie', 'a=1']] }, { include: true, known: true, notes: 1 }],
    ['omit wins over a Cookie header', { url: U, method: 'GET', credentials: 'omit', headers: [['Cookie', 'a=1']] }, { include: false, known: true, notes: 0 }],
  ])('%s', (_name, request, expected) => {
    const c = decideCredentials(normalize({ request }));
    expect({ include: c.include, known: c.known, notes: c.notes.length }).toEqual(expected);
  });
});

describe('method and CORS-unsafe header names: requestShape', () => {
  interface Case {
    name: string;
    exchange: Exchange;
    method: string;
    unsafeHeaders: string[] | undefined;
    source: string;
  }
  it.each<Case>([
    { name: 'request headers only: sorted, deduplicated', exchange: { request: { url: U, method: 'PUT', headers: [['X-B', '1'], ['X-A', '1'], ['x-b', '2'], ['Accept', '*/*']] } }, method: 'PUT', unsafeHeaders: ['x-a', 'x-b'], source: 'Fetch #cors-unsafe-request-header-names' },
    { name: 'headers added below CORS are left out', exchange: { request: { url: U, method: 'GET', headers: [['Priority', 'u=1'], ['X-Client-Data', 'x']] } }, method: 'GET', unsafeHeaders: [], source: 'observed in Chromium 156' },
    {
      name: 'the preflight names the method and headers',
      exchange: { request: { url: U, method: 'PUT' }, preflight: { kind: 'observed', status: 204, headers: [], requestHeaders: [['Access-Control-Request-Method', 'DELETE'], ['Access-Control-Request-Headers', 'x-a, ,X-B']] } },
      method: 'DELETE',
      unsafeHeaders: ['x-a', 'x-b'],
      source: 'Fetch #cors-preflight-fetch',
    },
    {
      name: 'a preflight without Access-Control-Request-Headers asked for none',
      exchange: { request: { url: U, method: 'PUT' }, preflight: { kind: 'observed', status: 204, headers: [], requestHeaders: [['Access-Control-Request-Method', 'PUT']] } },
      method: 'PUT',
      unsafeHeaders: [],
      source: 'Fetch #cors-preflight-fetch',
    },
    { name: 'nothing seen: unknown', exchange: { request: { url: U, method: 'PUT' } }, method: 'PUT', unsafeHeaders: undefined, source: 'CORS Doctor' },
  ])('$name ($source)', ({ exchange, method, unsafeHeaders }) => {
    const s = requestShape(normalize(exchange));
    expect(s.method).toBe(method);
    expect(s.unsafeHeaders).toEqual(unsafeHeaders);
  });

  it.each<[string, string[]]>([
    ['', []],
    ['X-A', ['x-a']],
    [' x-a ,\tX-B,,', ['x-a', 'x-b']],
  ])('parseAcrh(%j)', (value, names) => {
    expect(parseAcrh(value)).toEqual(names);
  });
});

describe('why a preflight: decidePreflightNeed', () => {
  interface Case {
    name: string;
    exchange: Exchange;
    reasons: Array<string | undefined> | null;
    needed: boolean | null;
    deviations: number;
    source: string;
  }
  it.each<Case>([
    { name: 'simple GET', exchange: { request: { url: U, method: 'GET', headers: [['Accept', '*/*']] } }, reasons: [], needed: false, deviations: 0, source: 'Fetch #cors-safelisted-method' },
    { name: 'JSON POST', exchange: { request: { url: U, method: 'POST', headers: [['Content-Type', 'application/json']] } }, reasons: ['content-type'], needed: true, deviations: 0, source: 'Fetch #cors-safelisted-request-header' },
    { name: 'PUT, headers unseen', exchange: { request: { url: U, method: 'PUT' } }, reasons: [undefined], needed: true, deviations: 0, source: 'Fetch #cors-safelisted-method' },
    { name: 'GET, headers unseen: unknown', exchange: { request: { url: U, method: 'GET' } }, reasons: null, needed: null, deviations: 0, source: 'CORS Doctor' },
    {
      name: 'a header only the preflight listed',
      exchange: { request: { url: U, method: 'GET', headers: [] }, preflight: { kind: 'observed', status: 204, headers: [], requestHeaders: [['Access-Control-Request-Method', 'GET'], ['Access-Control-Request-Headers', 'x-trace']] } },
      reasons: ['x-trace'],
      needed: true,
      deviations: 0,
      source: 'Fetch #cors-preflight-fetch',
    },
    { name: 'a client hint Chromium safelists', exchange: { request: { url: U, method: 'GET', headers: [['DPR', '2']] } }, reasons: [], needed: false, deviations: 1, source: 'cors_util.cc IsCorsSafelistedHeader' },
    { name: 'an observed preflight means one was needed', exchange: { request: { url: U, method: 'GET' }, preflight: { kind: 'observed', status: 204, headers: [] } }, reasons: null, needed: true, deviations: 0, source: 'observed' },
  ])('$name ($source)', ({ exchange, reasons, needed, deviations }) => {
    const n = normalize(exchange);
    const need = decidePreflightNeed(n, requestShape(n));
    expect(need.whyPreflight === null ? null : need.whyPreflight.map((r) => r.header)).toEqual(reasons);
    expect(need.preflightNeeded).toBe(needed);
    expect(need.deviations).toHaveLength(deviations);
  });
});

describe('network errors and same-origin requests: not-cors', () => {
  it.each<[string, Exchange, string | undefined]>([
    ['connection refused, nothing seen', { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_CONNECTION_REFUSED' } }, 'net::ERR_CONNECTION_REFUSED'],
    ['the preflight failed; the request carries the network error', { request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_CONNECTION_REFUSED' }, preflight: { kind: 'network-error', error: 'net::ERR_FAILED' } }, 'net::ERR_CONNECTION_REFUSED'],
    ['the preflight failed; the request carries the CORS marker', { request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_FAILED' }, preflight: { kind: 'network-error', error: 'NS_ERROR_CONNECTION_REFUSED' } }, 'NS_ERROR_CONNECTION_REFUSED'],
    ['a response arrived: CORS can judge it', { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_CONNECTION_RESET' }, response: { status: 200, headers: [] } }, undefined],
    ['the CORS marker alone is no network error', { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_FAILED' } }, undefined],
  ])('unreachedError: %s', (_name, exchange, err) => {
    expect(unreachedError(factsOf(exchange))).toBe(err);
  });

  it.each<[string, string]>([
    ['net::ERR_TIMED_OUT', 'net::ERR_TIMED_OUT'],
    ['NS_ERROR_UNKNOWN_HOST', 'net::ERR_NAME_NOT_RESOLVED'],
    ['NS_ERROR_SOMETHING_ELSE', 'a net::ERR_… error'],
    ['toString', 'a net::ERR_… error'],
  ])('chromiumNetError(%s) = %s', (err, chromium) => {
    expect(chromiumNetError(err)).toBe(chromium);
  });

  it.each<['chromium' | 'firefox', RegExp]>([
    ['chromium', /^Firefox 153 would print/],
    ['firefox', /^Firefox words this "CORS request did not succeed"/],
  ])('networkErrorDiagnosis in %s', (browser, difference) => {
    const f = factsOf({ browser, request: { url: U, method: 'GET', origin: O, error: 'net::ERR_CONNECTION_REFUSED' } });
    const d = networkErrorDiagnosis(f, diagnosisBase(f), 'net::ERR_CONNECTION_REFUSED', ['earlier'], []);
    expect(d.verdict).toBe('network-error');
    expect(d.inferred[0]).toBe('earlier');
    expect(d.summary).toBe('Not a CORS problem: the server was not reached (net::ERR_CONNECTION_REFUSED).');
    expect(d.browserDifferences?.[0]).toMatch(difference);
    expect(d.browserMessage !== undefined).toBe(browser === 'firefox');
  });

  it.each<[string, ErrorClass, string]>([
    ['no error', 'none', 'allowed'],
    ['a network error', 'network', 'network-error'],
  ])('sameOriginDiagnosis with %s', (_name, errClass, verdict) => {
    const f = { ...factsOf({ request: { url: `${O}/x`, method: 'PUT', origin: O } }), errClass };
    const d = sameOriginDiagnosis(f, diagnosisBase(f), [], []);
    expect(d.verdict).toBe(verdict);
    expect(d.inferred).toEqual([`The request is same-origin (${O}), so CORS does not apply.`]);
  });
});

describe('the checks: runChecks and preCheckNotes', () => {
  interface Case {
    name: string;
    exchange: Exchange;
    codes: string[];
    stage: 'preflight' | 'response' | null;
    credentialsInferred: boolean;
    source: string;
  }
  it.each<Case>([
    { name: 'the preflight fails first', exchange: { request: { url: U, method: 'PUT', origin: O }, preflight: { kind: 'observed', status: 204, headers: [] }, response: { status: 200, headers: [] } }, codes: ['PreflightMissingAllowOriginHeader', 'MethodDisallowedByPreflightResponse'], stage: 'preflight', credentialsInferred: false, source: 'preflight_controller.cc' },
    { name: 'a good preflight, then the response', exchange: { request: { url: U, method: 'PUT', origin: O }, preflight: { kind: 'observed', status: 204, headers: PUT_OK }, response: { status: 200, headers: [] } }, codes: ['MissingAllowOriginHeader'], stage: 'response', credentialsInferred: false, source: 'cors_url_loader.cc' },
    {
      name: 'a redirect with ACAO to a URL with credentials',
      exchange: { request: { url: U, method: 'GET', origin: O }, response: { status: 302, headers: [['Access-Control-Allow-Origin', '*']], redirectTo: 'https://u:p@b.example/' } },
      codes: ['RedirectContainsCredentials'],
      stage: 'response',
      credentialsInferred: false,
      source: 'cors_url_loader.cc CheckRedirectLocation',
    },
    { name: 'everything passes', exchange: { request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers: ACAO } }, codes: [], stage: null, credentialsInferred: false, source: 'Fetch #cors-check' },
    {
      name: 'blocked, passes without credentials: they are concluded',
      exchange: { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_FAILED' }, response: { status: 200, headers: ACAO } },
      codes: ['InvalidAllowCredentials'],
      stage: 'response',
      credentialsInferred: true,
      source: 'CORS Doctor (by elimination)',
    },
    {
      name: 'blocked with credentials observed as omit: no retry',
      exchange: { request: { url: U, method: 'GET', origin: O, credentials: 'omit', error: 'net::ERR_FAILED' }, response: { status: 200, headers: ACAO } },
      codes: [],
      stage: null,
      credentialsInferred: false,
      source: 'CORS Doctor',
    },
  ])('$name ($source)', ({ exchange, codes, stage, credentialsInferred }) => {
    const out = runChecks(factsOf(exchange));
    expect(out.evaluation.checks.map((c) => c.code)).toEqual(codes);
    expect(out.evaluation.stage).toBe(stage);
    expect(out.credentialsInferred).toBe(credentialsInferred);
    expect(out.credentials).toBe(credentialsInferred);
    expect(out.notes).toHaveLength(credentialsInferred ? 1 : 0);
    if (credentialsInferred) expect(out.evaluation.checks.every((c) => c.inferred === true)).toBe(true);
  });

  it.each<[string, Exchange, RegExp[]]>([
    ['all known, nothing to say', { request: { url: U, method: 'GET', origin: O, credentials: 'omit', headers: [] }, response: { status: 200, headers: ACAO } }, []],
    ['credentials not observed', { request: { url: U, method: 'GET', origin: O, headers: [] } }, [/credentials mode was not observed/]],
    [
      'a preflight for a simple request, headers unseen on neither side',
      { request: { url: U, method: 'GET', origin: O, credentials: 'omit', headers: [] }, preflight: { kind: 'observed', status: 204, headers: [] } },
      [/upload progress listeners/],
    ],
    [
      'a preflight, request headers unseen',
      { request: { url: U, method: 'PUT', origin: O, credentials: 'omit' }, preflight: { kind: 'observed', status: 204, headers: [] } },
      [/request headers were not observed/],
    ],
  ])('preCheckNotes: %s', (_name, exchange, notes) => {
    const got = preCheckNotes(factsOf(exchange));
    expect(got).toHaveLength(notes.length);
    notes.forEach((re, i) => expect(got[i]).toMatch(re));
  });
});

describe("the other engine's view: engineViews and browserDifferences", () => {
  it.each<['chromium' | 'firefox', HeaderList, string, string | undefined]>([
    ['chromium', [['Access-Control-Allow-Origin', O], ['Access-Control-Allow-Origin', O]], 'MultipleAllowOriginValues', 'CORSMultipleAllowOriginNotAllowed'],
    // Firefox counts duplicate lines, not commas: one line with a list "does not match".
    ['chromium', [['Access-Control-Allow-Origin', `${O}, ${O}`]], 'MultipleAllowOriginValues', 'CORSAllowOriginNotMatchingOrigin'],
    ['chromium', [], 'MissingAllowOriginHeader', 'CORSMissingAllowOrigin'],
    ['firefox', [], 'MissingAllowOriginHeader', 'CORSMissingAllowOrigin'],
  ])('%s: %j -> %s, Firefox %s', (browser, headers, code, firefoxCode) => {
    const f = factsOf({ browser, request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers } });
    const out = runChecks(f);
    const v = engineViews(f.n, f.origins.sent, out.credentials, out.evaluation);
    expect(v.checks.map((c) => [c.code, c.firefoxCode])).toEqual([[code, firefoxCode]]);
    expect(v.ff.lines.length).toBeGreaterThan(0);
  });

  it('differences name the other engine and its different first check', () => {
    const f = factsOf({ request: { url: U, method: 'PUT', origin: O }, preflight: { kind: 'observed', status: 301, headers: [['Location', `${U}/`]] } });
    const out = runChecks(f);
    const v = engineViews(f.n, f.origins.sent, out.credentials, out.evaluation);
    const diffs = browserDifferences({ firefox: false, verdict: 'blocked', chromiumChecks: out.evaluation.checks, chromiumLine: 'x', ff: v.ff, maxAgeHeader: undefined, preflightPassed: false });
    expect(diffs[0]).toMatch(/^Firefox 153 would print: "/);
    expect(diffs[1]).toMatch(/Firefox runs the CORS check on the redirect response before it refuses the redirect/);
  });

  it.each<[boolean, string, RegExp | undefined]>([
    [false, '86400', /Firefox would keep this preflight for 86400 seconds/],
    [true, '86400', /Chromium would keep this preflight for 7200 seconds/],
    [false, '600', undefined],
  ])('Max-Age difference (firefox=%s, %s)', (firefox, maxAge, expected) => {
    const f = factsOf({ browser: firefox ? 'firefox' : 'chromium', request: { url: U, method: 'PUT', origin: O }, preflight: { kind: 'observed', status: 204, headers: PUT_OK }, response: { status: 200, headers: ACAO } });
    const out = runChecks(f);
    const v = engineViews(f.n, f.origins.sent, out.credentials, out.evaluation);
    const diffs = browserDifferences({ firefox, verdict: 'allowed', chromiumChecks: [], chromiumLine: undefined, ff: v.ff, maxAgeHeader: maxAge, preflightPassed: true });
    if (expected) expect(diffs).toEqual([expect.stringMatching(expected)]);
    else expect(diffs).toEqual([]);
  });
});

describe('cache: preflightCache', () => {
  interface Case {
    name: string;
    exchange: Exchange;
    failed: boolean;
    needed: boolean | null;
    seconds: number | null;
    source: string | null;
    servedFromCache: boolean;
    notes: number;
  }
  const withMaxAge = (browser: 'chromium' | 'firefox', maxAge?: string): Exchange => ({
    browser,
    request: { url: U, method: 'PUT', origin: O },
    preflight: { kind: 'observed', status: 204, headers: maxAge === undefined ? PUT_OK : [...PUT_OK, ['Access-Control-Max-Age', maxAge]] },
  });
  it.each<Case>([
    { name: 'Chromium default', exchange: withMaxAge('chromium'), failed: false, needed: true, seconds: 5, source: 'default', servedFromCache: false, notes: 0 },
    { name: 'Chromium caps at 7200', exchange: withMaxAge('chromium', '86400'), failed: false, needed: true, seconds: 7200, source: 'capped', servedFromCache: false, notes: 0 },
    { name: 'Firefox caps at 86400', exchange: withMaxAge('firefox', '90000'), failed: false, needed: true, seconds: 86400, source: 'capped', servedFromCache: false, notes: 0 },
    { name: 'Firefox: unparsable is not cached', exchange: withMaxAge('firefox', '1.5'), failed: false, needed: true, seconds: 0, source: 'unparsable', servedFromCache: false, notes: 0 },
    { name: 'needed, none seen, the request went out: cached', exchange: { request: { url: U, method: 'PUT', origin: O }, response: { status: 200, headers: ACAO } }, failed: false, needed: true, seconds: null, source: null, servedFromCache: true, notes: 1 },
    { name: 'not needed', exchange: { request: { url: U, method: 'GET', origin: O } }, failed: false, needed: false, seconds: null, source: null, servedFromCache: false, notes: 0 },
  ])('$name', ({ exchange, failed, needed, seconds, source, servedFromCache, notes }) => {
    const c = preflightCache(normalize(exchange), failed, needed);
    expect(c.cache.effectiveSeconds).toBe(seconds);
    expect(c.cache.source).toBe(source);
    expect(c.cache.servedFromCache).toBe(servedFromCache);
    expect(c.notes).toHaveLength(notes);
  });

  it('a failed preflight is never cached, in Firefox\'s words too', () => {
    expect(preflightCache(normalize(withMaxAge('firefox', '60')), true, true).cache.explanation).toMatch(/failed preflights are never cached/);
  });

  it.each<[string | undefined, string]>([
    [undefined, 'default'],
    ['', 'default'],
    ['-1', 'negative'],
    ['abc', 'unparsable'],
    ['600', 'header'],
    ['86400', 'header'],
    ['086400', 'header'],
    ['86401', 'capped'],
  ])('firefoxMaxAgeSource(%j) = %s', (header, source) => {
    expect(firefoxMaxAgeSource(header)).toBe(source);
  });
});

describe('verdict: decideVerdict and verdictNotes', () => {
  it.each<[number, ErrorClass, string]>([
    [1, 'none', 'blocked'],
    [1, 'network', 'blocked'],
    [0, 'network', 'network-error'],
    [0, 'cors', 'unexplained'],
    [0, 'aborted', 'allowed'],
    [0, 'none', 'allowed'],
  ])('%d failing checks, error class %s -> %s', (failing, errClass, verdict) => {
    expect(decideVerdict(failing, errClass)).toBe(verdict);
  });

  it.each<[string, Exchange, RegExp]>([
    ['unexplained, preflight needed and unseen', { request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_FAILED' } }, /failed out of sight/],
    ['a page abort', { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_ABORTED' } }, /The page itself aborted the request \(net::ERR_ABORTED\)/],
    ['an allowed redirect', { request: { url: U, method: 'GET', origin: O }, response: { status: 302, headers: ACAO, redirectTo: 'https://b.example/' } }, /cover this hop only/],
  ])('%s', (_name, exchange, note) => {
    const f = factsOf(exchange);
    const verdict = decideVerdict(0, f.errClass);
    expect(verdictNotes(f.n, verdict, f.errClass, f.need.preflightNeeded).join(' ')).toMatch(note);
  });
});

describe('explanations: explain', () => {
  function input(exchange: Exchange): ExplanationInput {
    const f = factsOf(exchange);
    const out = runChecks(f);
    const v = engineViews(f.n, f.origins.sent, out.credentials, out.evaluation);
    const verdict = decideVerdict(v.checks.length, f.errClass);
    return {
      n: f.n,
      sentOrigin: f.origins.sent,
      tainted: f.origins.tainted,
      method: f.shape.method,
      whyPreflight: f.need.whyPreflight,
      unsafeHeaders: f.shape.unsafeHeaders,
      credentials: out.credentials,
      checks: v.checks,
      stage: out.evaluation.stage,
      verdict,
      errClass: f.errClass,
      authorizationViaWildcard: v.authorizationViaWildcard,
      maxAgeSource: null,
      firefoxWarning: v.ff.warnings[0],
    };
  }
  it('an allowed request has no real cause, and lists what JavaScript cannot read', () => {
    const e = explain(input({ request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers: [...ACAO, ['X-Secret', '1']] } }));
    expect(e.realCause).toEqual([]);
    expect(e.unreadableResponseHeaders).toContain('x-secret');
  });
  it('a blocked 404 preflight names the missing OPTIONS route', () => {
    const e = explain(input({ request: { url: U, method: 'PUT', origin: O }, preflight: { kind: 'observed', status: 404, headers: [], body: 'Cannot OPTIONS /v1/items' } }));
    expect(e.realCause.map((h) => h.code)).toContain('no-options-route');
    expect(e.unreadableResponseHeaders).toEqual([]);
  });
  it('Authorization through Allow-Headers: * is a Chromium deviation', () => {
    const e = explain(
      input({
        request: { url: U, method: 'GET', origin: O, credentials: 'omit', headers: [['Authorization', 'Bearer x']] },
        preflight: { kind: 'observed', status: 204, headers: [...ACAO, ['Access-Control-Allow-Headers', '*']] },
        response: { status: 200, headers: ACAO },
      }),
    );
    expect(e.deviations).toEqual([expect.stringMatching(/Access-Control-Allow-Headers: \*` let `Authorization` through/)]);
  });
});

describe('the console line: consoleLines and fillFirefoxCodes', () => {
  const missing: Check = { code: 'MissingAllowOriginHeader', stage: 'response', expected: O, explanation: '', failedParameter: '' };
  it.each<['chromium' | 'firefox', 'blocked' | 'allowed', boolean]>([
    ['chromium', 'blocked', true],
    ['firefox', 'blocked', true],
    ['firefox', 'allowed', false],
  ])('%s, %s: a line is printed = %s', (browser, verdict, printed) => {
    const f = factsOf({ browser, request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers: [] } });
    const out = runChecks(f);
    const v = engineViews(f.n, f.origins.sent, out.credentials, out.evaluation);
    const lines = consoleLines(f.n, f.origins.page, f.origins.sent, out.evaluation.checks, verdict, v.ff);
    expect(lines.chromiumLine).toMatch(/^Access to fetch at '[^']+' from origin 'https:\/\/app\.example\.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource\./);
    expect(lines.browserMessage !== undefined).toBe(printed);
    expect(lines.browserMessages?.[0]).toBe(lines.browserMessage);
    if (browser === 'firefox' && printed) expect(lines.browserMessage).toMatch(/^Cross-Origin Request Blocked:/);
  });

  it('fills the default Firefox code only where none is set', () => {
    const checks: Check[] = [{ ...missing }, { ...missing, firefoxCode: 'CORSAllowOriginNotMatchingOrigin' }];
    fillFirefoxCodes(checks);
    expect(checks.map((c) => c.firefoxCode)).toEqual(['CORSMissingAllowOrigin', 'CORSAllowOriginNotMatchingOrigin']);
  });
});

describe('summary: summarize and shortFor', () => {
  const n = normalize({ request: { url: U, method: 'PUT', origin: O }, preflight: { kind: 'observed', status: 404, headers: [] }, response: { status: 500, headers: [] } });
  const check = (code: Check['code'], stage: Check['stage'], extra: Partial<Check> = {}): Check => ({ code, stage, expected: '', explanation: '', ...extra });
  it.each<[Check, string]>([
    [check('PreflightMissingAllowOriginHeader', 'preflight'), 'the preflight response (HTTP 404) has no Access-Control-Allow-Origin header'],
    [check('PreflightInvalidStatus', 'preflight', { actual: '404' }), 'the preflight (OPTIONS) got HTTP 404, not a 2xx status'],
    [check('MethodDisallowedByPreflightResponse', 'preflight'), 'the preflight response does not allow the method PUT'],
    [check('HeaderDisallowedByPreflightResponse', 'preflight', { failedParameter: 'x-a' }), 'the preflight response does not allow the request header x-a'],
    [check('MissingAllowOriginHeader', 'response'), 'the response (HTTP 500) has no Access-Control-Allow-Origin header'],
    [check('RedirectContainsCredentials', 'response'), 'the redirect location contains a username or password'],
    [check('CorsDisabledScheme', 'response'), 'CorsDisabledScheme'],
  ])('shortFor %s', (c, text) => {
    expect(shortFor(c, n)).toBe(text);
  });

  it.each<[string, Parameters<typeof summarize>[1], Check[], string]>([
    ['blocked, two checks', 'blocked', [check('PreflightInvalidStatus', 'preflight', { actual: '404' }), check('MissingAllowOriginHeader', 'response')], 'Blocked: the preflight (OPTIONS) got HTTP 404, not a 2xx status (2 checks fail).'],
    ['blocked, inferred', 'blocked', [check('MissingAllowOriginHeader', 'response', { inferred: true })], 'Blocked (inferred): the response (HTTP 500) has no Access-Control-Allow-Origin header.'],
    ['unexplained', 'unexplained', [], 'Chromium blocked this request, yet every CORS check passes on what was observed; see the possible causes.'],
    ['allowed', 'allowed', [], `Allowed: the server's CORS headers permit this request from ${O}.`],
  ])('summarize: %s', (_name, verdict, checks, text) => {
    expect(summarize(n, verdict, checks, [], [], O)).toBe(text);
  });
});
