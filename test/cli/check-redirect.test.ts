// The redirect rules of `check` (src/cli/check-redirect.ts) that the lab tests do not reach: which
// redirects end the fetch, which turn the request into a GET, and where the `-H Cookie` goes.
import { describe, expect, it } from 'vitest';
import { cookieGoesTo, followRedirect, MAX_REDIRECTS, redirectsToGet, redirectTarget, type PageRequest } from '../../src/cli/check-redirect';

describe('redirectTarget', () => {
  interface Case {
    source: string;
    location: string | undefined;
    redirects: number;
    want: { url: string } | { error: string };
  }
  it.each<Case>([
    { source: 'Fetch "HTTP-redirect fetch" step 3: a Location that does not parse', location: undefined, redirects: 0, want: { error: 'net::ERR_INVALID_REDIRECT' } },
    { source: 'Fetch step 5: not an HTTP(S) scheme (Chromium: ERR_UNSAFE_REDIRECT)', location: 'ftp://files.example/x', redirects: 0, want: { error: 'net::ERR_UNSAFE_REDIRECT' } },
    { source: 'Fetch step 5: data: URL', location: 'data:text/plain,x', redirects: 3, want: { error: 'net::ERR_UNSAFE_REDIRECT' } },
    { source: 'Fetch step 6: the 20th redirect is followed', location: 'https://b.example/', redirects: MAX_REDIRECTS - 1, want: { url: 'https://b.example/' } },
    { source: 'Fetch step 6: the 21st is not', location: 'https://b.example/', redirects: MAX_REDIRECTS, want: { error: 'net::ERR_TOO_MANY_REDIRECTS' } },
  ])('$source', ({ location, redirects, want }) => {
    const got = redirectTarget(location === undefined ? undefined : new URL(location), redirects);
    expect('url' in got ? { url: got.url.href } : got).toEqual(want);
  });
});

describe('redirectsToGet (Fetch "HTTP-redirect fetch" step 12)', () => {
  it.each<[number, string, boolean]>([
    [301, 'POST', true],
    [302, 'POST', true],
    [301, 'PUT', false],
    [302, 'DELETE', false],
    [303, 'PUT', true],
    [303, 'POST', true],
    [303, 'GET', false],
    [303, 'HEAD', false],
    [307, 'POST', false],
    [308, 'POST', false],
  ])('%i after %s: %s', (status, method, want) => {
    expect(redirectsToGet(status, method)).toBe(want);
  });
});

describe('cookieGoesTo (RFC 6265 §5.4 host-only; Secure cookies never over http)', () => {
  const first = new URL('https://api.example/login');
  it.each<[string, boolean]>([
    ['https://api.example:8443/other', true],
    ['https://other.example/', false],
    ['https://www.api.example/', false],
    ['http://api.example/', false],
  ])('%s: %s', (url, want) => {
    expect(cookieGoesTo(new URL(url), first)).toBe(want);
  });
});

describe('followRedirect', () => {
  const request = (over: Partial<PageRequest> = {}): PageRequest => ({
    url: new URL('https://api.example/upload'),
    method: 'POST',
    headers: [
      ['Content-Type', 'application/json'],
      ['Content-Language', 'en'],
      ['X-Custom', '1'],
    ],
    body: '{}',
    tainted: false,
    ...over,
  });

  it('a 303 after a POST drops the body and the request-body headers, keeps the others', () => {
    const { request: next } = followRedirect(request(), 303, new URL('https://api.example/done'), { pageOrigin: 'https://app.example', noted: [] });
    expect(next).toMatchObject({ method: 'GET', body: undefined, headers: [['X-Custom', '1']], initialUrl: 'https://api.example/upload', tainted: false });
  });

  it('a 307 keeps the method, the body and every header', () => {
    const { request: next } = followRedirect(request(), 307, new URL('https://api.example/v2'), { pageOrigin: 'https://app.example', noted: [] });
    expect(next).toMatchObject({ method: 'POST', body: '{}', headers: request().headers });
  });

  it('https to http on the same host withholds the Cookie, and says why, once', () => {
    const req = request({ method: 'GET', body: undefined, headers: [['Cookie', 'a=1']] });
    const ctx = { pageOrigin: 'https://app.example', cookieFor: req.url, noted: [] };
    const out = followRedirect(req, 302, new URL('http://api.example/plain'), ctx);
    expect(out.dropped).toEqual([{ name: 'Cookie', why: 'not sent: http://api.example is plain http and the cookie may be Secure' }]);
    expect(out.notes.map((n) => n.code)).toEqual(['redirect-withheld-cookie']);
    const again = followRedirect(req, 302, new URL('http://api.example/plain'), { ...ctx, noted: out.notes });
    expect(again.notes).toEqual([]);
  });

  it('the origin is tainted only by a cross-origin hop away from a URL that is not the page origin', () => {
    const page = 'https://app.example';
    expect(followRedirect(request({ url: new URL('https://app.example/a') }), 307, new URL('https://api.example/'), { pageOrigin: page, noted: [] }).request.tainted).toBe(false);
    expect(followRedirect(request(), 307, new URL('https://cdn.example/'), { pageOrigin: page, noted: [] }).request.tainted).toBe(true);
    expect(followRedirect(request(), 307, new URL('https://api.example/b'), { pageOrigin: page, noted: [] }).request.tainted).toBe(false);
  });
});
