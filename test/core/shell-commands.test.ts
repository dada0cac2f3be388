// Every shell command the project prints (Copy as cURL for the preflight and the request, the fix's
// Verify line) run by the real dash, bash and zsh with `curl` replaced by a recorder: whatever the
// URL, method, header names and values hold, the shell runs nothing else (a canary file is never
// created) and curl receives exactly the intended arguments, byte for byte, or the command is a
// refusal comment that names the reason and runs nothing.
// Issue 14, item 2: `$'…'` quoting let `dash -c` run a header value's `touch`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/core/exchange';
import { diagnose } from '../../src/core/diagnose';
import { fixContext, fixesFor } from '../../src/core/fixes';
import type { FixContext } from '../../src/core/fixes';
import { verifyCommand } from '../../src/core/fixes/verify-command';
import { combinedHeader, headerValues, lowerAscii } from '../../src/core/headers';
import { preflightCurl, requestCurl } from '../../src/core/report';
import { accessControlRequestHeadersValue, normalizeMethod } from '../../src/core/safelist';
import { CANARY, exchange, type Expected, expectRuns, method, uncarriable, url, value } from './shell-harness';

// A fixed seeded budget runs in `npm test`; FUZZ_RUNS / FUZZ_SEED raise or replay it.
const SEED = Number(process.env.FUZZ_SEED ?? 20261214);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const TIMEOUT = Math.max(120_000, RUNS * 1_000);

function orRefused(argv: string[], captured: string[]): string[] | null {
  return captured.some(uncarriable) ? null : argv;
}

// The argv curl.ts promises, written out from its documentation rather than from its code.
const CURL_OWNED = ['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'accept-encoding'];

function sentOrigin(x: Exchange): string | undefined {
  const pf = x.preflight;
  const fromPreflight = pf && pf.kind !== 'not-observed' ? headerValues(pf.requestHeaders ?? [], 'origin')[0] : undefined;
  return fromPreflight ?? headerValues(x.request.headers ?? [], 'origin')[0] ?? x.request.origin ?? undefined;
}

function intendedRequest(x: Exchange): string[] | null {
  const method = normalizeMethod(x.request.method);
  const argv = ['-i'];
  const captured = [x.request.url];
  if (method === 'HEAD') argv.push('--head');
  else if (method !== 'GET') argv.push('-X', method), captured.push(method);
  argv.push(x.request.url);
  const origin = sentOrigin(x);
  if (x.request.headers) {
    for (const [n, v] of x.request.headers) {
      if (CURL_OWNED.includes(lowerAscii(n))) continue;
      argv.push('-H', `${n}: ${v}`);
      captured.push(`${n}: ${v}`);
    }
    if (!x.request.headers.some(([n]) => lowerAscii(n) === 'origin') && origin !== undefined) argv.push('-H', `Origin: ${origin}`), captured.push(origin);
    if (x.request.headers.some(([n]) => lowerAscii(n) === 'accept-encoding')) argv.push('--compressed');
  } else if (origin !== undefined) argv.push('-H', `Origin: ${origin}`), captured.push(origin);
  return orRefused(argv, captured);
}

function intendedPreflight(x: Exchange): string[] | null {
  const pf = x.preflight;
  const sent = pf && pf.kind !== 'not-observed' ? pf.requestHeaders : undefined;
  const method = (sent && combinedHeader(sent, 'access-control-request-method')) ?? normalizeMethod(x.request.method);
  const acrh = sent ? combinedHeader(sent, 'access-control-request-headers') : x.request.headers ? accessControlRequestHeadersValue(x.request.headers) : undefined;
  const origin = sentOrigin(x);
  const argv = ['-i', '-X', 'OPTIONS', x.request.url];
  if (origin !== undefined) argv.push('-H', `Origin: ${origin}`);
  argv.push('-H', `Access-Control-Request-Method: ${method}`);
  if (acrh) argv.push('-H', `Access-Control-Request-Headers: ${acrh}`);
  return orRefused(argv, [x.request.url, origin ?? '', method, acrh ?? '']);
}

function context(over: Partial<FixContext>): FixContext {
  return {
    origin: 'https://app.example.com', originKnown: true, url: 'http://127.0.0.1:9/x', path: '/x', method: 'GET', methods: [], missingMethods: [],
    headers: [], missingHeaders: [], requestHeaders: [], exposeHeaders: [], credentials: false, preflight: true, maxAge: 600,
    maxAgeFromServer: false, kind: 'header-not-allowed', duplicateLayers: false, clientNotes: [], ...over,
  };
}

function intendedVerify(ctx: FixContext): string[] | null {
  const url = ctx.url === '' ? 'https://api.example.com/' : ctx.url;
  const responseStage = ctx.kind === 'response-missing-origin' || ctx.kind === 'error-response' || (!ctx.preflight && ctx.kind !== 'allowed');
  if (ctx.preflight && !responseStage) {
    const argv = ['-i', '-X', 'OPTIONS', url, '-H', `Origin: ${ctx.origin}`, '-H', `Access-Control-Request-Method: ${ctx.method}`];
    const names = [...new Set(ctx.requestHeaders.map((h) => h.toLowerCase()))].sort();
    if (names.length > 0) argv.push('-H', `Access-Control-Request-Headers: ${names.join(',')}`);
    return orRefused(argv, [url, ctx.origin, ctx.method, names.join(',')]);
  }
  const argv = ['-i', ...(ctx.method !== 'GET' ? ['-X', ctx.method] : []), url, '-H', `Origin: ${ctx.origin}`];
  return orRefused(argv, [url, ctx.origin, ctx.method]);
}

// --- the tests ------------------------------------------------------------------------------------

describe('shell commands run by dash, bash and zsh', () => {
  it('the reported header value: dash passes it to curl as one argument and runs nothing else', () => {
    const v = `"\u0001' ; touch ${CANARY} ; echo INJECTED #`;
    const x: Exchange = { request: { url: 'http://127.0.0.1:9/x', method: 'GET', headers: [['X-Trace', v]] } };
    const { command, refused } = requestCurl(x);
    expect(refused).toBeUndefined();
    expectRuns([{ command, intended: ['-i', 'http://127.0.0.1:9/x', '-H', `X-Trace: ${v}`], label: 'request' }]);
  });

  it('a header value with a line break is refused, and the comment names the header and the character', () => {
    const x: Exchange = { request: { url: 'http://127.0.0.1:9/x', method: 'GET', headers: [['X-A', 'ok'], ['X-\u202eTrace\n', `a\nb; touch ${CANARY}`]] } };
    const { command, refused } = requestCurl(x);
    expect(command).toBe(
      '# cannot be copied as a shell command: header X-<U+202E>Trace<U+000A> holds a line break (U+000A), which no browser sends there (the capture is damaged) and curl would send as a header line of its own.',
    );
    expect(refused).toMatch(/^header X-<U\+202E>Trace<U\+000A> holds a line break/);
    expectRuns([{ command, intended: null, label: 'request' }]);
  });

  // Each property run checks a batch of exchanges, so a shell starts once per batch.
  const BATCH = 8;

  it('Copy as cURL, preflight and request: exact argv or a refusal, never anything else', { timeout: TIMEOUT }, () => {
    const seen = { run: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(exchange, { minLength: 1, maxLength: BATCH }), (xs) => {
        const cases: Expected[] = [];
        xs.forEach((x, i) => {
          const rc = requestCurl(x);
          const want = intendedRequest(x);
          expect(rc.refused === undefined, 'refused exactly when a value holds NUL, CR, LF or a lone surrogate').toBe(want !== null);
          cases.push({ command: rc.command, intended: want, label: `request ${i}` });
          const pc = preflightCurl(x, { origin: { page: null, sent: null, tainted: false }, preflightNeeded: true });
          const wantPf = intendedPreflight(x);
          expect(pc?.refused === undefined).toBe(wantPf !== null);
          cases.push({ command: pc!.command, intended: wantPf, label: `preflight ${i}` });
        });
        for (const c of cases) seen[c.intended === null ? 'refused' : 'run']++;
        expectRuns(cases);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The generated values exercise both paths, mostly the commands that are written and run.
    expect(seen.run).toBeGreaterThan(seen.refused);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it('Verify: exact argv or a refusal for any URL, origin, method and header names', { timeout: TIMEOUT }, () => {
    const ctx = fc
      .record({
        url: fc.oneof(url, fc.constant('')),
        origin: value,
        method: method,
        requestHeaders: fc.array(value, { maxLength: 3 }),
        preflight: fc.boolean(),
        kind: fc.constantFrom('header-not-allowed', 'response-missing-origin', 'error-response', 'allowed', 'missing-origin') as fc.Arbitrary<FixContext['kind']>,
      })
      .map(context);
    fc.assert(
      fc.property(fc.array(ctx, { minLength: 1, maxLength: BATCH }), (cs) => {
        expectRuns(cs.map((c, i) => ({ command: verifyCommand(c), intended: intendedVerify(c), label: `verify ${i}` })));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('Verify as a fix carries it: the URL reaches curl exactly, from any captured exchange', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.array(exchange, { minLength: 1, maxLength: BATCH }), (xs) => {
        const cases: Expected[] = [];
        xs.forEach((x, i) => {
          const [fix] = fixesFor(diagnose(x), x, { only: ['express'] });
          const target = x.request.url === '' ? 'https://api.example.com/' : x.request.url;
          // The method, origin and names come from fixContext, which keeps only token-like ones.
          const ctx = fixContext(diagnose(x), x);
          expect(ctx.url).toBe(x.request.url);
          const intended = intendedVerify(ctx);
          expect(intended === null).toBe(uncarriable(target));
          if (intended !== null) expect(intended).toContain(target);
          cases.push({ command: fix!.verify, intended, label: `verify ${i}` });
        });
        expectRuns(cases);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
