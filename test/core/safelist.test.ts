import { describe, expect, it } from 'vitest';
import type { HeaderList } from '../../src/core/exchange';
import {
  accessControlRequestHeadersValue,
  chromiumPreflightRequestHeaders,
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedMethod,
  isCorsSafelistedRequestHeader,
  isForbiddenRequestHeader,
  mimeEssence,
  normalizeMethod,
  preflightReasons,
} from '../../src/core/safelist';

interface HeaderCase {
  name: string;
  value: string;
  safelisted: boolean;
  source: string;
}

const NOT_SAFELISTED_JSON = 'WPT fetch/api/cors/resources/not-cors-safelisted.json';
const SAFELISTED_ANY = 'WPT cors/cors-safelisted-request-header.any.js';
const CORS_CC = 'Chromium services/network/public/cpp/cors/cors.cc IsCorsSafelistedHeader';

const d128 = '012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678';

describe('isCorsSafelistedRequestHeader', () => {
  it.each<HeaderCase>([
    // not-cors-safelisted.json: every pair needs a preflight.
    { name: 'accept', value: '"', safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'accept', value: d128, safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'accept-language', value: '\u0001', safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'accept-language', value: '@', safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'authorization', value: 'basics', safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'content-language', value: '\u0001', safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'content-language', value: '@', safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'content-type', value: 'text/html', safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'content-type', value: 'text/plain; long=' + d128.slice(0, 112), safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'last-event-id', value: '"', safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'last-event-id', value: d128, safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'range', value: 'bytes 0-', safelisted: false, source: NOT_SAFELISTED_JSON },
    { name: 'test', value: 'hi', safelisted: false, source: NOT_SAFELISTED_JSON },
    // cors-safelisted-request-header.any.js, Content-Type table
    { name: 'content-type', value: 'text /plain', safelisted: false, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'text\t/\tplain', safelisted: false, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'text/plain;', safelisted: true, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'text/plain;garbage', safelisted: true, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'text/plain;garbage\u0001\u0002', safelisted: false, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'text/plain,', safelisted: false, source: SAFELISTED_ANY },
    { name: 'content-type', value: ',text/plain', safelisted: false, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'text/plain,text/plain', safelisted: false, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'text/plain,x/x', safelisted: false, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'text/plain\u000B', safelisted: false, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'text/plain\u000C', safelisted: false, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'application/www-form-urlencoded', safelisted: false, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'application/x-www-form-urlencoded;\u007F', safelisted: false, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'multipart/form-data', safelisted: true, source: SAFELISTED_ANY },
    { name: 'content-type', value: 'multipart/form-data;"', safelisted: false, source: SAFELISTED_ANY },
    // Range table
    { name: 'range', value: '100-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'MB=100-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=100-200', safelisted: true, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes =100-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes\t=100-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=  100-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=\t\t100-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes= \t100-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=100 -200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=100\t-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=100- 200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=100-\t200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=100-200hello', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=abc-def', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=100-200,300-400', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=200-', safelisted: true, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=200-100', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: `bytes=1${'0'.repeat(60)}-2${'0'.repeat(60)}`, safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes 100-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes = 100-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: ',bytes=100-200', safelisted: false, source: SAFELISTED_ANY },
    { name: 'range', value: 'bytes=,100-200', safelisted: false, source: SAFELISTED_ANY },
    // Last-Event-ID: the stored WPT table expects "abc123" to be safelisted (whatwg/fetch#1788, still open);
    // Chromium's cors.cc does not list it, so Chromium preflights every value.
    { name: 'last-event-id', value: 'abc123', safelisted: false, source: `${CORS_CC} (differs from ${SAFELISTED_ANY}, whatwg/fetch#1788 unmerged)` },
    { name: 'last-event-id', value: '"', safelisted: false, source: SAFELISTED_ANY },
    { name: 'last-event-id', value: 'e5p3n<3k0k0s', safelisted: false, source: SAFELISTED_ANY },
    // Fetch standard value rules and Chromium extras
    { name: 'Accept', value: '*/*', safelisted: true, source: 'Fetch #cors-safelisted-request-header' },
    { name: 'Accept', value: 'application/json, text/plain, */*', safelisted: true, source: 'Fetch #cors-safelisted-request-header' },
    { name: 'accept', value: 'text/html;q=0.9', safelisted: true, source: 'Fetch #cors-safelisted-request-header' },
    { name: 'accept', value: 'a'.repeat(128), safelisted: true, source: 'Fetch #cors-safelisted-request-header (128-byte limit)' },
    { name: 'accept', value: 'a'.repeat(129), safelisted: false, source: 'Fetch #cors-safelisted-request-header (128-byte limit)' },
    { name: 'accept', value: 'é'.repeat(65), safelisted: false, source: 'Fetch #cors-safelisted-request-header (value length in bytes)' },
    { name: 'accept-language', value: 'en-US,en;q=0.9', safelisted: true, source: 'Fetch #cors-safelisted-request-header' },
    { name: 'accept-language', value: 'de-CH', safelisted: true, source: 'Fetch #cors-safelisted-request-header' },
    { name: 'content-language', value: 'fr ; q=1', safelisted: true, source: 'Fetch #cors-safelisted-request-header' },
    { name: 'content-language', value: 'zh_Hant', safelisted: false, source: 'Fetch #cors-safelisted-request-header' },
    { name: 'content-type', value: 'application/json', safelisted: false, source: 'Fetch #cors-safelisted-request-header' },
    { name: 'Content-Type', value: 'TEXT/PLAIN; charset=UTF-8', safelisted: true, source: 'Fetch #cors-safelisted-request-header (essence is ASCII-lowercase)' },
    { name: 'content-type', value: 'application/x-www-form-urlencoded', safelisted: true, source: 'Fetch #cors-safelisted-request-header' },
    { name: 'content-type', value: 'multipart/form-data; boundary=----abc', safelisted: true, source: 'Fetch #cors-safelisted-request-header' },
    { name: 'content-type', value: 'text/plain; charset="utf-8"', safelisted: false, source: 'Fetch #cors-unsafe-request-header-byte (")' },
    { name: 'range', value: 'Bytes=0-1', safelisted: true, source: `${CORS_CC} (lower-cases the value before ParseRangeHeader)` },
    { name: 'range', value: 'bytes=0-0', safelisted: true, source: CORS_CC },
    { name: 'intervention', value: '<https://example/>; level="warning"', safelisted: true, source: CORS_CC },
    { name: 'dpr', value: '2.0', safelisted: true, source: CORS_CC },
    { name: 'dpr', value: '2.', safelisted: false, source: CORS_CC },
    { name: 'device-memory', value: '8', safelisted: true, source: CORS_CC },
    { name: 'width', value: '1024', safelisted: true, source: CORS_CC },
    { name: 'viewport-width', value: '10.5', safelisted: false, source: CORS_CC },
    { name: 'save-data', value: 'On', safelisted: true, source: CORS_CC },
    { name: 'save-data', value: 'off', safelisted: false, source: CORS_CC },
    { name: 'ect', value: '4g', safelisted: true, source: CORS_CC },
    { name: 'ect', value: '5g', safelisted: false, source: CORS_CC },
    { name: 'x-requested-with', value: 'XMLHttpRequest', safelisted: false, source: 'Fetch #cors-safelisted-request-header' },
  ])('$name: $value -> safelisted=$safelisted ($source)', ({ name, value, safelisted }) => {
    expect(isCorsSafelistedRequestHeader(name, value)).toBe(safelisted);
  });
});

interface MethodCase {
  method: string;
  safelisted: boolean;
  normalized: string;
  source: string;
}
describe('methods', () => {
  it.each<MethodCase>([
    { method: 'GET', safelisted: true, normalized: 'GET', source: 'Fetch #cors-safelisted-method' },
    { method: 'HEAD', safelisted: true, normalized: 'HEAD', source: 'Fetch #cors-safelisted-method' },
    { method: 'POST', safelisted: true, normalized: 'POST', source: 'Fetch #cors-safelisted-method' },
    { method: 'post', safelisted: true, normalized: 'POST', source: 'Fetch #concept-method-normalize' },
    { method: 'PUT', safelisted: false, normalized: 'PUT', source: 'Fetch #cors-safelisted-method' },
    { method: 'delete', safelisted: false, normalized: 'DELETE', source: 'Fetch #concept-method-normalize' },
    { method: 'options', safelisted: false, normalized: 'OPTIONS', source: 'Fetch #concept-method-normalize' },
    { method: 'patch', safelisted: false, normalized: 'patch', source: 'observed in Chromium 156 (patch stays lower-case)' },
    { method: 'PATCH', safelisted: false, normalized: 'PATCH', source: 'Fetch #cors-safelisted-method' },
    { method: 'SUPER', safelisted: false, normalized: 'SUPER', source: 'WPT fetch/api/cors/cors-preflight-star.any.js' },
    { method: 'Get', safelisted: true, normalized: 'GET', source: 'Fetch #concept-method-normalize' },
  ])('$method ($source)', ({ method, safelisted, normalized }) => {
    expect(isCorsSafelistedMethod(method)).toBe(safelisted);
    expect(normalizeMethod(method)).toBe(normalized);
  });
});

interface ForbiddenCase {
  name: string;
  value?: string;
  forbidden: boolean;
  source: string;
}
describe('isForbiddenRequestHeader', () => {
  it.each<ForbiddenCase>([
    { name: 'Cookie', forbidden: true, source: 'net/http/http_util.cc kForbiddenHeaderFields' },
    { name: 'Origin', forbidden: true, source: 'net/http/http_util.cc kForbiddenHeaderFields' },
    { name: 'User-Agent', forbidden: true, source: 'net/http/http_util.cc kForbiddenHeaderFields' },
    { name: 'Sec-Fetch-Mode', forbidden: true, source: 'net/http/http_util.cc IsSafeHeader (sec- prefix)' },
    { name: 'Proxy-Authorization', forbidden: true, source: 'net/http/http_util.cc IsSafeHeader (proxy- prefix)' },
    { name: 'X-HTTP-Method-Override', value: 'TRACE', forbidden: true, source: 'net/http/http_util.cc kForbiddenHeaderFieldsWithForbiddenMethod' },
    { name: 'X-HTTP-Method-Override', value: 'PATCH', forbidden: false, source: 'net/http/http_util.cc kForbiddenHeaderFieldsWithForbiddenMethod' },
    { name: 'Authorization', forbidden: false, source: 'Fetch #forbidden-request-header' },
    { name: 'X-Api-Key', forbidden: false, source: 'Fetch #forbidden-request-header' },
  ])('$name ($source)', ({ name, value, forbidden }) => {
    expect(isForbiddenRequestHeader(name, value)).toBe(forbidden);
  });
});

interface AcrhCase {
  method: string;
  headers: HeaderList;
  expected: HeaderList;
  source: string;
}
const PC = 'Chromium services/network/cors/preflight_controller.cc CreateAccessControlRequestHeadersHeader';
describe('chromiumPreflightRequestHeaders', () => {
  it.each<AcrhCase>([
    { method: 'PUT', headers: [], expected: [['Access-Control-Request-Method', 'PUT']], source: PC },
    { method: 'put', headers: [], expected: [['Access-Control-Request-Method', 'PUT']], source: 'Fetch #concept-method-normalize' },
    { method: 'patch', headers: [], expected: [['Access-Control-Request-Method', 'patch']], source: 'observed in Chromium 156' },
    {
      method: 'POST',
      headers: [['X-Zeta', '1'], ['Content-Type', 'application/json'], ['Authorization', 'Bearer x']],
      expected: [['Access-Control-Request-Method', 'POST'], ['Access-Control-Request-Headers', 'authorization,content-type,x-zeta']],
      source: PC,
    },
    {
      method: 'GET',
      headers: [['Accept', '*/*'], ['X-A', '1'], ['x-a', '2'], ['Cookie', 'a=b'], ['User-Agent', 'x']],
      expected: [['Access-Control-Request-Method', 'GET'], ['Access-Control-Request-Headers', 'x-a']],
      source: `${PC} (forbidden names excluded, duplicates once)`,
    },
    {
      method: 'GET',
      headers: [['Content-Type', 'text/plain'], ['Accept', 'a'.repeat(128)], ['Accept-Language', 'b'.repeat(128)], ...Array.from({ length: 7 }, (_, i) => [`x${i}`, ''] as const)],
      expected: [['Access-Control-Request-Method', 'GET'], ['Access-Control-Request-Headers', 'x0,x1,x2,x3,x4,x5,x6']],
      source: PC,
    },
    {
      method: 'GET',
      headers: [['Accept', 'a'.repeat(128)], ['Accept-Language', 'b'.repeat(128)], ['Content-Language', 'c'.repeat(128)], ['Content-Type', 'text/plain;' + 'd'.repeat(117)], ['Range', 'bytes=0-1']],
      expected: [['Access-Control-Request-Method', 'GET']],
      source: 'Fetch #cors-unsafe-request-header-names (total under 1024)',
    },
    {
      method: 'DELETE',
      headers: [],
      expected: [['Access-Control-Request-Method', 'DELETE'], ['Origin', 'https://a.example']],
      source: PC,
    },
  ])('$method $headers ($source)', ({ method, headers, expected }) => {
    const origin = expected.find(([n]) => n === 'Origin')?.[1];
    expect(chromiumPreflightRequestHeaders(method, headers, origin !== undefined ? { origin } : {})).toEqual(expected);
  });

  it('1024-byte total makes every safelisted header unsafe (Fetch #cors-unsafe-request-header-names)', () => {
    const headers: HeaderList = [
      ['Accept', 'a'.repeat(128)],
      ['Accept-Language', 'b'.repeat(128)],
      ['Content-Language', 'c'.repeat(128)],
      ['Dpr', '2'],
      ['Content-Type', 'text/plain;' + 'x'.repeat(117)],
      ['Device-Memory', '1'.repeat(128)],
      ['Width', '2'.repeat(128)],
      ['Viewport-Width', '3'.repeat(128)],
      ['Downlink', '4'.repeat(128)],
    ];
    expect(corsUnsafeRequestHeaderNames(headers).sort()).toEqual(
      ['accept', 'accept-language', 'content-language', 'content-type', 'device-memory', 'downlink', 'dpr', 'viewport-width', 'width'].sort(),
    );
    expect(accessControlRequestHeadersValue(headers)).toBe('accept,accept-language,content-language,content-type,device-memory,downlink,dpr,viewport-width,width');
  });
});

interface ReasonCase {
  method: string;
  headers: HeaderList;
  kinds: string[];
  source: string;
}
describe('preflightReasons', () => {
  it.each<ReasonCase>([
    { method: 'GET', headers: [], kinds: [], source: 'Fetch #cors-preflight-fetch' },
    { method: 'POST', headers: [['Content-Type', 'text/plain']], kinds: [], source: 'Fetch #cors-safelisted-request-header' },
    { method: 'POST', headers: [['Content-Type', 'application/json']], kinds: ['header-value'], source: 'Fetch #cors-safelisted-request-header' },
    { method: 'PUT', headers: [], kinds: ['method'], source: 'Fetch #cors-safelisted-method' },
    { method: 'GET', headers: [['Authorization', 'Bearer t']], kinds: ['header-name'], source: 'Fetch #cors-safelisted-request-header' },
    { method: 'GET', headers: [['Accept', 'x'.repeat(200)]], kinds: ['header-value-too-long'], source: 'Fetch #cors-safelisted-request-header (128 bytes)' },
    { method: 'DELETE', headers: [['X-CSRF', '1'], ['Range', 'bytes=-5']], kinds: ['method', 'header-name', 'header-value'], source: 'Fetch #cors-safelisted-request-header' },
    { method: 'GET', headers: [['Cookie', 'a=b'], ['Origin', 'https://x']], kinds: [], source: 'net/http/http_util.cc IsSafeHeader (forbidden headers skipped)' },
    {
      method: 'GET',
      headers: Array.from({ length: 9 }, (_, i) => ['accept' + (i ? '-language' : ''), 'a'.repeat(120)] as const).slice(0, 2).concat([['content-language', 'b'.repeat(120)], ['content-type', 'text/plain;' + 'c'.repeat(110)], ['dpr', '1'.repeat(120)], ['width', '2'.repeat(120)], ['viewport-width', '3'.repeat(120)], ['device-memory', '4'.repeat(120)], ['downlink', '5'.repeat(120)]]),
      kinds: Array(9).fill('total-too-long'),
      source: 'Fetch #cors-unsafe-request-header-names (1024-byte total)',
    },
  ])('$method $kinds ($source)', ({ method, headers, kinds }) => {
    expect(preflightReasons(method, headers).map((r) => r.kind)).toEqual(kinds);
  });

  it.each<{ value: string; essence: string | undefined; source: string }>([
    { value: 'text/plain', essence: 'text/plain', source: 'MIME Sniffing #parse-a-mime-type' },
    { value: ' Text/Plain ;charset=x', essence: 'text/plain', source: 'MIME Sniffing #parse-a-mime-type' },
    { value: 'text', essence: undefined, source: 'MIME Sniffing #parse-a-mime-type' },
    { value: '/plain', essence: undefined, source: 'MIME Sniffing #parse-a-mime-type' },
    { value: 'text/', essence: undefined, source: 'MIME Sniffing #parse-a-mime-type' },
  ])('mimeEssence($value) ($source)', ({ value, essence }) => {
    expect(mimeEssence(value)).toBe(essence);
  });
});
