import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vi } from 'vitest';

// `npm run fuzz` raises FUZZ_RUNS to 100,000: give each property the time it needs (no timing is asserted).
vi.setConfig({ testTimeout: Math.max(5_000, Number(process.env.FUZZ_RUNS ?? 0) * 10) });
import { diagnose, type Diagnosis } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { chromiumPreflightRequestHeaders, preflightReasons } from '../../src/core/safelist';

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    '*',
    'null',
    ' ',
    '\r\n',
    'a\r\nSet-Cookie: x=y',
    '"quoted, value"',
    "<script>alert('x')</script>",
    'https://app.example.com',
    'https://app.example.com, *',
    '\u0000',
    '\uD800',
    'héllo wörld ✓ 日本',
    'x'.repeat(65536),
    'GET, PUT,, *',
    'true',
  ),
);
const headerName = fc.oneof(
  fc.constantFrom(
    'Access-Control-Allow-Origin',
    'access-control-allow-credentials',
    'ACCESS-CONTROL-ALLOW-METHODS',
    'Access-Control-Allow-Headers',
    'Access-Control-Max-Age',
    'Access-Control-Expose-Headers',
    'Access-Control-Request-Method',
    'Access-Control-Request-Headers',
    'Location',
    'Vary',
    'Origin',
    'Cookie',
    'Content-Type',
    'Range',
    'Authorization',
  ),
  hostileString,
);
const headerList = fc.array(fc.tuple(headerName, hostileString), { maxLength: 12 });
const junk = fc.anything({ maxDepth: 2 });

const exchange = fc.record(
  {
    request: fc.record(
      {
        url: fc.oneof(fc.webUrl(), hostileString),
        method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'patch', 'DELETE', 'OPTIONS', '*'), hostileString),
        origin: fc.oneof(fc.constantFrom('https://app.example.com', 'null'), fc.webUrl(), hostileString),
        initiatorType: fc.oneof(fc.constantFrom('fetch', 'xmlhttprequest', 'font', 'script'), hostileString),
        headers: fc.oneof(headerList, junk),
        credentials: fc.oneof(fc.constantFrom('include', 'omit', 'unknown'), junk),
        error: fc.oneof(fc.constantFrom('net::ERR_FAILED', 'net::ERR_CONNECTION_REFUSED', 'net::ERR_ABORTED'), hostileString),
        initialUrl: fc.oneof(fc.webUrl(), hostileString),
        taintedOrigin: fc.oneof(fc.boolean(), junk),
      },
      { requiredKeys: [] },
    ),
    preflight: fc.oneof(
      fc.record({
        kind: fc.constant('observed'),
        status: fc.oneof(fc.integer({ min: -5, max: 1000 }), junk),
        headers: fc.oneof(headerList, junk),
        requestHeaders: fc.oneof(headerList, junk),
        redirectTo: fc.oneof(fc.webUrl(), hostileString),
        body: hostileString,
      }, { requiredKeys: ['kind'] }),
      fc.record({ kind: fc.constant('network-error'), error: fc.oneof(hostileString, junk) }),
      fc.constant({ kind: 'not-observed' }),
      junk,
    ),
    response: fc.oneof(
      fc.record({ status: fc.oneof(fc.integer({ min: 0, max: 999 }), junk), headers: fc.oneof(headerList, junk), redirectTo: hostileString }, { requiredKeys: [] }),
      junk,
    ),
    browser: fc.oneof(fc.constantFrom('chromium', 'firefox'), junk),
  },
  { requiredKeys: [] },
);

const VERDICTS = ['blocked', 'allowed', 'network-error', 'unexplained'];

function wellFormed(d: Diagnosis): void {
  expect(VERDICTS).toContain(d.verdict);
  expect(Array.isArray(d.checks)).toBe(true);
  for (const c of d.checks) {
    expect(typeof c.code).toBe('string');
    expect(['preflight', 'response']).toContain(c.stage);
    expect(typeof c.expected).toBe('string');
    expect(typeof c.explanation).toBe('string');
  }
  expect(d.verdict === 'blocked').toBe(d.checks.length > 0);
  // Chromium's "Access to …" line, or Firefox's "Cross-Origin Request Blocked: …" for a Firefox exchange.
  if (d.browserMessage !== undefined) expect(/^(Access to |Cross-Origin Request Blocked: )/.test(d.browserMessage)).toBe(true);
  if (d.browserMessages !== undefined) expect(d.browserMessages[0]).toBe(d.browserMessage);
  expect(d.browserDifferences === undefined || d.browserDifferences.every((s) => typeof s === 'string')).toBe(true);
  expect(d.whyPreflight === null || Array.isArray(d.whyPreflight)).toBe(true);
  expect(Array.isArray(d.realCause)).toBe(true);
  expect(Array.isArray(d.inferred)).toBe(true);
  expect(Array.isArray(d.warnings)).toBe(true);
  expect(Array.isArray(d.unreadableResponseHeaders)).toBe(true);
  expect(typeof d.summary).toBe('string');
  expect(d.summary.length).toBeGreaterThan(0);
  expect(typeof d.cache.explanation).toBe('string');
  expect(() => JSON.stringify(d)).not.toThrow();
}

describe('diagnose never throws (property, fast-check)', () => {
  it('returns a well-formed Diagnosis for arbitrary hostile exchanges', () => {
    fc.assert(
      fc.property(exchange, (x) => {
        wellFormed(diagnose(x as unknown as Exchange));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 600), seed: Number(process.env.FUZZ_SEED ?? 424242) },
    );
  });

  it('returns a well-formed Diagnosis for values of the wrong type altogether', () => {
    fc.assert(
      fc.property(junk, (x) => {
        wellFormed(diagnose(x as unknown as Exchange));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 424242) },
    );
  });

  it('survives getters that throw', () => {
    const evil = new Proxy({}, { get() { throw new Error('boom'); } });
    wellFormed(diagnose(evil as unknown as Exchange));
    wellFormed(diagnose({ request: evil, preflight: evil, response: evil } as unknown as Exchange));
  });

  it('safelist helpers never throw on hostile header lists', () => {
    fc.assert(
      fc.property(hostileString, headerList, (m, h) => {
        expect(Array.isArray(preflightReasons(m, h))).toBe(true);
        const out = chromiumPreflightRequestHeaders(m, h);
        expect(out[0]?.[0]).toBe('Access-Control-Request-Method');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 424242) },
    );
  });
});
