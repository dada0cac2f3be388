// The harness for tests that run printed shell commands: the real dash, bash and zsh, a `curl`
// that records its argv, a canary file any injected command would create, and hostile values.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect } from 'vitest';
import type { Exchange, HeaderList } from '../../src/core/exchange';

// --- the shells -----------------------------------------------------------------------------------

function findShell(name: string, paths: string[]): string {
  const found = paths.find((p) => existsSync(p));
  // A missing shell fails the test: skipping would let the quoting go unchecked on that shell.
  if (!found) throw new Error(`${name} is not installed (looked in ${paths.join(', ')}): this test needs the real ${name}`);
  return found;
}

export interface Shell {
  name: string;
  argv: string[];
}

export const SHELLS: Shell[] = [
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
export const CANARY = join(dir, 'canary');
mkdirSync(bin);
mkdirSync(home);
// The recorder is an executable found first in PATH (a shell function would miss `command curl`):
// it appends its argument count and arguments, each NUL-terminated.
writeFileSync(join(bin, 'curl'), `#!${SHELLS[0]!.argv[0]}\nprintf '%s\\0' "$#" "$@" >> "$CURL_RECORD"\n`);
chmodSync(join(bin, 'curl'), 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

export interface Ran {
  status: number | null;
  stderr: string;
  /** One entry per curl invocation: its arguments as raw bytes. */
  calls: Buffer[][];
}

export function run(shell: Shell, command: string): Ran {
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

export const REFUSAL = '# cannot be copied as a shell command: ';

/** NUL, CR, LF and unpaired surrogates: what no shell word passes on as the browser sent it. */
export function uncarriable(s: string): boolean {
  return /[\u0000\r\n]|\p{Cs}/u.test(s);
}

export interface Expected {
  command: string;
  /** curl's argv, or null when the command must be a refusal comment, or 'once' for any argv. */
  intended: string[] | null | 'once';
  label: string;
}

/**
 * Runs the commands, one per line, in every shell (one process per shell: spawning is the cost):
 * nothing else runs, each command that is not a refusal calls curl once with exactly its argv
 * (any argv for 'once', the same in every shell). Returns what curl received.
 */
export function expectRuns(cases: Expected[]): string[][] {
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
  let first: string[][] | undefined;
  for (const shell of SHELLS) {
    const ran = run(shell, script);
    expect(existsSync(CANARY), `${shell.name} ran something else than curl:\n${script}`).toBe(false);
    expect({ status: ran.status, stderr: ran.stderr }, `${shell.name}:\n${script}`).toEqual({ status: 0, stderr: '' });
    const got = ran.calls.map((call) => call.map((b) => b.toString('utf8')));
    const context = `${shell.name}, curl once per command that is not refused (${labels}):\n${script}`;
    expect(got.length, context).toBe(wanted.length);
    if (first === undefined) first = got;
    else expect(got, `${shell.name} agrees with ${SHELLS[0]!.name}`).toEqual(first);
    ran.calls.forEach((call, i) => {
      const want = wanted[i]!.intended;
      if (want === 'once' || want === null) return;
      expect(got[i], context).toEqual(want);
      // Byte-identical, not just equal after decoding.
      const bytes = Buffer.concat(call.map((b) => Buffer.concat([b, Buffer.from([0])])));
      expect(bytes.equals(Buffer.from(want.map((a) => `${a}\0`).join(''), 'utf8'))).toBe(true);
    });
  }
  return first ?? [];
}

// --- hostile values --------------------------------------------------------------------------------

export const INJECTIONS = [
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
export const value = fc.oneof(hostile, printable, printable);

const headerName = fc.oneof(
  fc.constantFrom('X-Trace', 'Authorization', 'Content-Type', 'Origin', 'origin', 'Host', 'Accept-Encoding', 'Content-Length', '__proto__', 'X-Custom'),
  value,
);
export const headers: fc.Arbitrary<HeaderList> = fc.array(fc.tuple(headerName, value), { maxLength: 4 });
export const url = fc.oneof(value.map((p) => `http://127.0.0.1:9/${p}`), value, fc.constant('http://127.0.0.1:9/x'));
export const method = fc.oneof(fc.constantFrom('GET', 'HEAD', 'PUT', 'patch', 'POST', 'OPTIONS', 'delete'), value);

export const exchange: fc.Arbitrary<Exchange> = fc
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

