import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { DEFAULT_SUGGESTED_MAX_AGE, fixContext } from '../../src/core/fixes/fix-context';

// Two of fixContext's steps decide something the per-stack fix tests only see through snippets:
// which Max-Age the fix keeps, and the casing header names are written in.
const PAGE = 'http://page.test';
function preflighted(sent: HeaderList, pfHeaders: HeaderList): Exchange {
  const names = sent.map(([n]) => n.toLowerCase()).join(',');
  return {
    request: { url: 'http://api.test/v1/items', method: 'PUT', origin: PAGE, headers: [['Origin', PAGE], ...sent], credentials: 'unknown', initiatorType: 'fetch', error: 'net::ERR_FAILED' },
    preflight: { kind: 'observed', status: 204, headers: pfHeaders, requestHeaders: [['Origin', PAGE], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', names]] },
    browser: 'chromium',
  };
}
const allowOrigin: HeaderList = [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']];

describe('fixContext: max-age', () => {
  it.each<{ name: string; maxAge?: string; want: { maxAge: number; maxAgeFromServer: boolean }; source: string }>([
    { name: 'the server sent none', want: { maxAge: DEFAULT_SUGGESTED_MAX_AGE, maxAgeFromServer: false }, source: 'our default' },
    { name: 'the server sent 120', maxAge: '120', want: { maxAge: 120, maxAgeFromServer: true }, source: 'Fetch "CORS-preflight fetch": Access-Control-Max-Age' },
    { name: 'the server sent 86400', maxAge: '86400', want: { maxAge: 7200, maxAgeFromServer: true }, source: 'Chromium preflight_result.cc caps at 7200' },
    { name: 'the server sent 0 (no caching)', maxAge: '0', want: { maxAge: DEFAULT_SUGGESTED_MAX_AGE, maxAgeFromServer: false }, source: 'a zero max-age is not worth keeping in a fix' },
  ])('$name: $want.maxAge ($source)', ({ maxAge, want }) => {
    const ex = preflighted([['X-Custom', '1']], [...allowOrigin, ...(maxAge !== undefined ? ([['Access-Control-Max-Age', maxAge]] as const) : [])]);
    const ctx = fixContext(diagnose(ex), ex);
    expect({ maxAge: ctx.maxAge, maxAgeFromServer: ctx.maxAgeFromServer }).toEqual(want);
  });
});

describe('fixContext: header casing', () => {
  it.each<{ name: string; sent: string; want: string }>([
    { name: 'the casing the page sent', sent: 'X-API-Key', want: 'X-API-Key' },
    { name: 'config-file casing for a name sent in lower case', sent: 'x-request-id', want: 'X-Request-Id' },
  ])('$name: $sent -> $want', ({ sent, want }) => {
    const ex = preflighted([[sent, '1']], allowOrigin);
    const ctx = fixContext(diagnose(ex), ex);
    expect(ctx.requestHeaders).toEqual([want]);
    expect(ctx.missingHeaders).toEqual([want]);
    expect(ctx.headers).toEqual([want]);
  });
});
