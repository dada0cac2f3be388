import { describe, expect, it } from 'vitest';
import type { HeaderList } from '../../src/core/exchange';
import { coerceHeaderList, combinedHeader, isToken, parseTokenList, utf8ByteLength } from '../../src/core/headers';
import { isValidUrlLike, originOfUrl } from '../../src/core/origin';

describe('headers', () => {
  it.each<{ s: string; bytes: number; source: string }>([
    { s: '', bytes: 0, source: 'RFC 3629' },
    { s: 'abc', bytes: 3, source: 'RFC 3629' },
    { s: 'é', bytes: 2, source: 'RFC 3629' },
    { s: '日本', bytes: 6, source: 'RFC 3629' },
    { s: '😀', bytes: 4, source: 'RFC 3629 (surrogate pair)' },
    { s: '\uD800x', bytes: 4, source: 'WHATWG Encoding (lone surrogate -> U+FFFD)' },
  ])('utf8ByteLength($s) = $bytes ($source)', ({ s, bytes }) => {
    expect(utf8ByteLength(s)).toBe(bytes);
  });

  it.each<{ list: HeaderList; name: string; value: string | undefined; source: string }>([
    { list: [], name: 'a', value: undefined, source: 'net::HttpResponseHeaders::GetNormalizedHeader' },
    { list: [['A', ' x \t']], name: 'a', value: 'x', source: 'net::HttpResponseHeaders (values trimmed)' },
    { list: [['A', 'x'], ['b', 'y'], ['a', 'z']], name: 'A', value: 'x, z', source: 'net::HttpResponseHeaders::GetNormalizedHeader (joined with ", ")' },
    { list: [['A', '']], name: 'a', value: '', source: 'net::HttpResponseHeaders (empty value kept)' },
  ])('combinedHeader $name in $list ($source)', ({ list, name, value }) => {
    expect(combinedHeader(list, name)).toBe(value);
  });

  it.each<{ value: string; items: string[]; invalid: string[]; source: string }>([
    { value: 'GET, PUT', items: ['GET', 'PUT'], invalid: [], source: 'Fetch #http-new-header-syntax' },
    { value: ' ,GET,, ', items: ['GET'], invalid: [], source: 'net::HttpUtil::ValuesIterator' },
    { value: 'Bad method name', items: ['Bad method name'], invalid: ['Bad method name'], source: 'WPT fetch/api/cors/cors-preflight-response-validation.any.js' },
    { value: 'x-a, "x-b"', items: ['x-a', '"x-b"'], invalid: ['"x-b"'], source: 'RFC 9110 token' },
    { value: '', items: [], invalid: [], source: 'Fetch #http-new-header-syntax (empty list)' },
  ])('parseTokenList($value) ($source)', ({ value, items, invalid }) => {
    expect(parseTokenList(value)).toEqual({ items, invalid });
  });

  it.each<{ s: string; token: boolean; source: string }>([
    { s: 'x-api-key', token: true, source: 'RFC 9110 tchar' },
    { s: '*', token: true, source: 'RFC 9110 tchar' },
    { s: 'a b', token: false, source: 'RFC 9110 tchar' },
    { s: 'é', token: false, source: 'RFC 9110 tchar' },
  ])('isToken($s) ($source)', ({ s, token }) => {
    expect(isToken(s)).toBe(token);
  });

  it('coerceHeaderList drops junk and accepts a plain object map', () => {
    expect(coerceHeaderList([['a', 'b'], ['c'], [1, 2], null, 'x', [{}, 'y']])).toEqual([['a', 'b'], ['1', '2']]);
    expect(coerceHeaderList({ A: 'b', C: 3, D: {} })).toEqual([['A', 'b'], ['C', '3']]);
    expect(coerceHeaderList('nope')).toEqual([]);
  });
});

describe('origins', () => {
  it.each<{ url: string; origin: string | undefined; source: string }>([
    { url: 'https://Example.COM:443/a?b#c', origin: 'https://example.com', source: 'URL Standard #origin (default port dropped, host lower-cased)' },
    { url: 'http://example.com:8080/', origin: 'http://example.com:8080', source: 'URL Standard #origin' },
    { url: 'http://[::1]:3000/x', origin: 'http://[::1]:3000', source: 'URL Standard #origin' },
    { url: 'data:text/plain,hi', origin: 'null', source: 'URL Standard #origin (opaque)' },
    { url: 'not a url', origin: undefined, source: 'URL Standard' },
  ])('originOfUrl($url) ($source)', ({ url, origin }) => {
    expect(originOfUrl(url)).toBe(origin);
  });
  it.each<{ v: string; valid: boolean; source: string }>([
    { v: 'https://a.example', valid: true, source: 'url/gurl.cc' },
    { v: 'a.example', valid: false, source: 'url/gurl.cc (no scheme)' },
    { v: 'localhost:3000', valid: true, source: 'url/gurl.cc (localhost: parses as a scheme)' },
    { v: 'https://', valid: false, source: 'url/gurl.cc (empty host)' },
    { v: 'https://a.example:99999', valid: false, source: 'url/gurl.cc (port out of range)' },
  ])('isValidUrlLike($v) ($source)', ({ v, valid }) => {
    expect(isValidUrlLike(v)).toBe(valid);
  });
});
