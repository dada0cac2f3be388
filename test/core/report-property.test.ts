// Property tests (fast-check, seeded so a failure replays): hostile values never make the HTML
// report active, and secrets never leave in any format while redaction is on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vi } from 'vitest';

// `npm run fuzz` raises FUZZ_RUNS to 100,000: give each property the time it needs (no timing is asserted).
vi.setConfig({ testTimeout: Math.max(5_000, Number(process.env.FUZZ_RUNS ?? 0) * 10) });
import { diagnose } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { buildReport, renderHtml, renderJson, renderMarkdown } from '../../src/core/report';
import { escapeHtml } from '../../src/core/report/html-escape';
import { htmlProblems } from './report-html-inert';
import { ENV } from '../helpers/report-inputs';

// A fixed seeded budget runs in `npm test`; `npm run fuzz` sets FUZZ_RUNS (and may set FUZZ_SEED).
const SEED = Number(process.env.FUZZ_SEED ?? 20260501);
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
// Rendering and parsing a few hundred reports takes seconds on a loaded 2-core machine;
// the larger `npm run fuzz` budget scales the time allowed with the number of runs.
const TIMEOUT = Math.max(60_000, RUNS * 200);

const fragment = fc.oneof(
  fc.constantFrom(
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '" onmouseover="alert(1)', "' onload='x", '</style>', '</pre>',
    '<svg onload=alert(1)>', 'javascript:alert(1)', '<link rel=stylesheet href=//evil.test/x.css>', '@import url(//evil.test)',
    '<iframe src=//evil.test>', '<base href=//evil.test/>', '<meta http-equiv=refresh content=0;url=//evil.test>', '&amp;', '&#x3c;',
    '`', '```', '|', '\\', '\n', '\r\n', '\u0000', '\u2028', '<!--', '-->', '$(id)', "'", '"', '<', '>', 'Bearer ', '=', ';', ',', '*',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const hostile = fc.array(fragment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
const headerList = fc.array(fc.tuple(fc.oneof(hostile, fc.constantFrom('Access-Control-Allow-Origin', 'Access-Control-Allow-Headers', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Credentials', 'Server')), hostile), { maxLength: 5 });

const hostileExchange: fc.Arbitrary<Exchange> = fc.record({
  path: hostile,
  method: fc.oneof(fc.constantFrom('GET', 'PUT', 'patch', 'DELETE'), hostile),
  reqHeaders: fc.option(headerList, { nil: undefined }),
  pfHeaders: headerList,
  pfStatus: fc.constantFrom(200, 204, 301, 404, 500),
  body: fc.option(hostile, { nil: undefined }),
  rsHeaders: fc.option(headerList, { nil: undefined }),
  credentials: fc.constantFrom('include', 'omit', 'unknown') as fc.Arbitrary<'include' | 'omit' | 'unknown'>,
}).map((r): Exchange => ({
  request: {
    url: `http://api.test/${r.path}`,
    method: r.method,
    origin: 'http://page.test',
    initiatorType: 'fetch',
    credentials: r.credentials,
    error: 'net::ERR_FAILED',
    ...(r.reqHeaders ? { headers: r.reqHeaders } : {}),
  },
  preflight: {
    kind: 'observed',
    status: r.pfStatus,
    headers: r.pfHeaders,
    requestHeaders: [['Origin', 'http://page.test'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'x-custom']],
    ...(r.body !== undefined ? { body: r.body, statusText: r.body } : {}),
  },
  ...(r.rsHeaders ? { response: { status: 200, headers: r.rsHeaders } } : {}),
  browser: 'chromium',
}));

describe('HTML stays inert whatever the server sends', () => {
  it('no script, no event handler, no external resource', () => {
    fc.assert(
      fc.property(hostileExchange, (x) => {
        const html = renderHtml(buildReport([{ id: 'p', exchange: x, diagnosis: diagnose(x) }], ENV, { includeSecrets: true }));
        expect(htmlProblems(html)).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, TIMEOUT);
});

// Secrets in their real alphabets: token68 (RFC 9110 §11.2), cookie-octet (RFC 6265 §4.1.1),
// URL-safe query values. At least 12 characters, so no constant text can contain one by chance.
const token68 = fc.stringMatching(/^[A-Za-z0-9._~+/-]{12,60}=*$/);
const cookieOctets = fc.stringMatching(/^[A-Za-z0-9!#$%&'()*+\-./:<=>?@[\]^_`{|}~]{12,40}$/);
const urlSafe = fc.stringMatching(/^[A-Za-z0-9._~-]{12,40}$/);

describe('no secret leaves with redaction on', () => {
  it('Authorization, Cookie, API-key headers, URL credentials and query tokens, in JSON, Markdown and HTML', () => {
    fc.assert(
      fc.property(
        fc.record({
          bearer: token68,
          cookie: cookieOctets,
          apiKey: urlSafe,
          password: urlSafe,
          queryToken: urlSafe,
          setCookie: cookieOctets,
          keyHeader: fc.constantFrom('X-Api-Key', 'X-Auth-Token', 'X-Client-Secret', 'Private-Token', 'X-Goog-Api-Key'),
          queryName: fc.constantFrom('token', 'access_token', 'key', 'sig', 'api_key', 'X-Amz-Signature'),
          scheme: fc.constantFrom('Bearer', 'Basic', 'Token', 'Digest'),
          pfStatus: fc.constantFrom(204, 401, 404),
        }),
        (s) => {
          const headers: HeaderList = [
            ['Authorization', `${s.scheme} ${s.bearer}`],
            ['Cookie', `sid=${s.cookie}; theme=dark`],
            [s.keyHeader, s.apiKey],
            ['X-Custom', 'lab'],
          ];
          const x: Exchange = {
            request: {
              url: `https://bot:${s.password}@api.test/v1/items?${s.queryName}=${s.queryToken}&page=2`,
              method: 'PUT',
              origin: 'http://page.test',
              credentials: 'include',
              headers,
              error: 'net::ERR_FAILED',
            },
            preflight: {
              kind: 'observed',
              status: s.pfStatus,
              headers: [['Access-Control-Allow-Origin', 'http://page.test'], ['Access-Control-Allow-Methods', 'PUT']],
              requestHeaders: [['Origin', 'http://page.test'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'authorization,x-custom']],
            },
            response: { status: 200, headers: [['Set-Cookie', `sid=${s.setCookie}; Path=/; HttpOnly`]] },
          };
          const report = buildReport([{ id: 's', exchange: x, diagnosis: diagnose(x) }], ENV);
          const outputs = [renderJson(report), renderMarkdown(report), renderHtml(report)];
          for (const secret of [s.bearer, s.cookie, s.apiKey, s.password, s.queryToken, s.setCookie]) {
            const forms = [secret, escapeHtml(secret), JSON.stringify(secret).slice(1, -1), secret.replace(/'/g, `'\\''`), encodeURIComponent(secret)];
            for (const out of outputs) for (const f of forms) if (out.includes(f)) throw new Error(`leaked ${JSON.stringify(secret)} as ${JSON.stringify(f)}`);
          }
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  }, TIMEOUT);
});
