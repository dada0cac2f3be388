// Every shell command the project prints (Copy as cURL for the preflight and the request, the fix's
// Verify line) run by the real dash, bash and zsh with `curl` replaced by a recorder: whatever the
// URL, method, header names and values hold, the shell runs nothing else (a canary file is never
// created) and curl receives exactly the intended arguments, byte for byte, or the command is a
// refusal comment that names the reason and runs nothing.
// Issue 14, item 2: `$'…'` quoting let `dash -c` run a header value's `touch`.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { diagnose } from '../../src/core/diagnose';
import { fixContext, fixesFor } from '../../src/core/fixes';
import type { FixContext } from '../../src/core/fixes';
import { verifyCommand } from '../../src/core/fixes/verify-command';
import { combinedHeader, headerValues, lowerAscii } from '../../src/core/headers';
import { preflightCurl, requestCurl } from '../../src/core/report';
import { accessControlRequestHeadersValue, normalizeMethod } from '../../src/core/safelist';

// A fixed seeded budget runs in `npm test`; FUZZ_RUNS / FUZZ_SEED raise or replay it.
const SEED = Number(process.env.FUZZ_SEED ?? 20261214);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const TIMEOUT = Math.max(120_000, RUNS * 1_000);

// --- the shells -----------------------------------------------------------------------------------

function findShell(name: string, paths: string[]): string {
  const found = paths.find((p) => existsSync(p));
  // A missing shell fails the test: skipping would let the quoting go unchecked on that shell.
  if (!found) throw new Error(`${name} is not installed (looked in ${paths.join(', ')}): this test needs the real ${name}`);
  return found;
}

interface Shell {
  name: string;
  argv: string[];
}

const SHELLS: Shell[] = [
  { name: 'dash', argv: [findShell('dash', ['/usr/bin/dash', '/bin/dash'])] },
  { name: 'bash', argv: [findShell('bash', ['/bin/bash', '/usr/bin/bash'])] },
  { name: 'zsh', argv: [findShell('zsh', ['/usr/bin/zsh', '/bin/zsh'])] },
  // RC_QUOTES makes '' inside single quotes a quote: the quoting must never put two quotes together.
  { name: 'zsh -o rcquotes', argv: [findShell('zsh', ['/usr/bin/zsh', '/bin/zsh']), '-o', 'rcquotes'] },
];

const dir = mkdtempSync(join(tmpdir(), 'cors-doctor-shell-'));
const bin = join(dir, 'bin');
const home = join(dir, 'home');
const record = join(dir, 'argv');
const CANARY = join(dir, 'canary');
mkdirSync(bin);
mkdirSync(home);
// The recorder is an executable found first in PATH (a shell function would miss `command curl`):
// it appends its argument count and arguments, each NUL-terminated.
writeFileSync(join(bin, 'curl'), `#!${SHELLS[0]!.argv[0]}\nprintf '%s\\0' "$#" "$@" >> "$CURL_RECORD"\n`);
chmodSync(join(bin, 'curl'), 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ran {
  status: number | null;
  stderr: string;
  /** One entry per curl invocation: its arguments as raw bytes. */
  calls: Buffer[][];
}

function run(shell: Shell, command: string): Ran {
  rmSync(record, { force: true });
  rmSync(CANARY, { force: true });
  const r = spawnSync(shell.argv[0]!, [...shell.argv.slice(1), '-c', command], {
    cwd: dir,
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: home, CURL_RECORD: record, LC_ALL: 'C.UTF-8' },
    timeout: 10_000,
  });
  const calls: Buffer[][] = [];
  if (existsSync(record)) {
    const raw = readFileSync(record);
    let at = 0;
    const next = (): Buffer => {
      const end = raw.indexOf(0, at);
      if (end < 0) throw new Error('recorder output cut short');
      const b = raw.subarray(at, end);
      at = end + 1;
      return b;
    };
    while (at < raw.length) {
      const n = Number(next().toString());
      calls.push(Array.from({ length: n }, next));
    }
  }
  return { status: r.status, stderr: r.stderr.toString(), calls };
}

// --- what each command must do ------------------------------------------------------------------

const REFUSAL = '# cannot be copied as a shell command: ';

/** NUL, CR, LF and unpaired surrogates: what no shell word passes on as the browser sent it. */
function uncarriable(s: string): boolean {
  return /[\u0000\r\n]|\p{Cs}/u.test(s);
}

interface Expected {
  command: string;
  /** curl's argv, or null when the command must be a refusal comment. */
  intended: string[] | null;
  label: string;
}

/**
 * Runs the commands, one per line, in every shell (one process per shell: spawning is the cost):
 * nothing else runs, each command that is not a refusal calls curl once with exactly its argv.
 */
function expectRuns(cases: Expected[]): void {
  for (const { command, intended, label } of cases) {
    if (intended === null) {
      expect(command.startsWith(REFUSAL), `${label}: refused with a reason`).toBe(true);
      expect(command, `${label}: one comment line`).not.toMatch(/[\r\n]/);
    } else {
      // Nothing raw a terminal or line editor would act on, nothing that displays differently.
      expect(command.replace(/ \\\n {2}/g, ' '), `${label}: visible characters only`).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
    }
  }
  const script = cases.map((c) => c.command).join('\n');
  const wanted = cases.filter((c) => c.intended !== null);
  const labels = wanted.map((c) => c.label).join(', ');
  for (const shell of SHELLS) {
    const ran = run(shell, script);
    expect(existsSync(CANARY), `${shell.name} ran something else than curl:\n${script}`).toBe(false);
    expect({ status: ran.status, stderr: ran.stderr }, `${shell.name}:\n${script}`).toEqual({ status: 0, stderr: '' });
    expect(
      ran.calls.map((call) => call.map((b) => b.toString('utf8'))),
      `${shell.name}, curl once per command that is not refused (${labels}):\n${script}`,
    ).toEqual(wanted.map((c) => c.intended));
    // Byte-identical, not just equal after decoding.
    ran.calls.forEach((call, i) => {
      const bytes = Buffer.concat(call.map((b) => Buffer.concat([b, Buffer.from([0])])));
      expect(bytes.equals(Buffer.from((wanted[i]!.intended as string[]).map((a) => `${a}\0`).join(''), 'utf8'))).toBe(true);
    });
  }
}

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

// --- generated values -----------------------------------------------------------------------------

const INJECTIONS = [
  `"\u0001' ; touch ${CANARY} ; echo INJECTED #`, // the reported one
  `'; touch ${CANARY}; '`, `$(touch ${CANARY})`, `\`touch ${CANARY}\``, `\\'; touch ${CANARY} #`, `"; touch ${CANARY}; "`,
  `$'\\''; touch ${CANARY} #'`, `\u0015; touch ${CANARY}`, `'\u001b[201~; touch ${CANARY}`, `\t'$(touch ${CANARY})'`,
  `\n touch ${CANARY}\n`, `\r\ntouch ${CANARY}`, `=touch`, `!!`, `!-1`, `~root`, '*', '{a,b}', '$HOME', '${IFS}', '%1', `''`, `'\\''`, '\\', '"', '$',
];
const oddChars = fc.constantFrom(
  '\u0000', '\t', '\n', '\r', '\u000b', '\u001b', '\u007f', '\u0085', '\u009b', '\u00a0', '\u00ad', '\u200b', '\u200e', '\u202e', '\u2066',
  '\u2028', '\u2029', '\u3000', '\ufeff', '\ud800', '\udc00', '😀', '\u{e0041}', 'é', '€', "'", '"', '\\', '`', '$', '#', ';', '&', '|', '<', '>', '(', ')', ' ',
);
const codePoint = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x80, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  oddChars,
);
const hostile = fc
  .array(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...INJECTIONS) }, { weight: 3, arbitrary: fc.string({ unit: codePoint, maxLength: 8 }) }, fc.string({ maxLength: 8 })), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join(''));
/** Mostly printable: exercises the commands that are written rather than refused. */
const printable = hostile.map((s) => s.replace(/[\u0000\r\n]|\p{Cs}/gu, ''));
const value = fc.oneof(hostile, printable, printable);

const headerName = fc.oneof(
  fc.constantFrom('X-Trace', 'Authorization', 'Content-Type', 'Origin', 'origin', 'Host', 'Accept-Encoding', 'Content-Length', '__proto__', 'X-Custom'),
  value,
);
const headers: fc.Arbitrary<HeaderList> = fc.array(fc.tuple(headerName, value), { maxLength: 4 });
const url = fc.oneof(value.map((p) => `http://127.0.0.1:9/${p}`), value, fc.constant('http://127.0.0.1:9/x'));
const method = fc.oneof(fc.constantFrom('GET', 'HEAD', 'PUT', 'patch', 'POST', 'OPTIONS', 'delete'), value);

const exchange: fc.Arbitrary<Exchange> = fc
  .record({
    url,
    method,
    origin: fc.option(value, { nil: undefined }),
    requestHeaders: fc.option(headers, { nil: undefined }),
    preflight: fc.option(
      fc.record({ origin: fc.option(value, { nil: undefined }), acrm: fc.option(value, { nil: undefined }), acrh: fc.option(value, { nil: undefined }) }),
      { nil: undefined },
    ),
  })
  .map((r): Exchange => {
    const sent: Array<[string, string]> = [];
    if (r.preflight?.origin !== undefined) sent.push(['Origin', r.preflight.origin]);
    if (r.preflight?.acrm !== undefined) sent.push(['Access-Control-Request-Method', r.preflight.acrm]);
    if (r.preflight?.acrh !== undefined) sent.push(['Access-Control-Request-Headers', r.preflight.acrh]);
    return {
      request: { url: r.url, method: r.method, ...(r.origin !== undefined ? { origin: r.origin } : {}), ...(r.requestHeaders ? { headers: r.requestHeaders } : {}) },
      preflight: r.preflight ? { kind: 'observed', status: 204, headers: [], requestHeaders: sent } : { kind: 'not-observed' },
      browser: 'chromium',
    };
  });

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
