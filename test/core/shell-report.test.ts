// The commands as a report carries them (the panel's Reproduce section and Copy buttons, the
// Markdown `sh` blocks, `--json`): after redaction they are still inert in dash, bash and zsh.
// Redaction masks values before they are quoted; masking the quoted text instead let a secret
// that spans a closing quote (a `token=` parameter decoding to `foo' \<newline>  -H `, or an API
// key `xaP'\'` matching the `'\''` of a URL) leave the rest of the line to the shell.
import { Script } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { buildReport, type Report } from '../../src/core/report';
import { CANARY, type Expected, expectRuns, INJECTIONS, value } from './shell-harness';

const SEED = Number(process.env.FUZZ_SEED ?? 20261214);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const TIMEOUT = Math.max(120_000, RUNS * 2_000);
const ENV = { generatedAt: '2026-12-07T00:00:00.000Z', tool: { name: 'cli' as const, version: '0' }, browser: null };

function report(xs: Exchange[]): Report {
  return buildReport(xs.map((x, i) => ({ id: String(i), exchange: x, diagnosis: diagnose(x) })), ENV);
}

/** Every shell command in the report, each run once in every shell, and every fetch() parsed. */
function expectInert(r: Report): string[][] {
  const cases: Expected[] = [];
  r.failures.forEach((f, i) => {
    const once = (command: string, label: string): Expected => ({ command, intended: command.startsWith('#') ? null : 'once', label });
    if (f.reproduce.preflightCurl !== null) cases.push(once(f.reproduce.preflightCurl, `preflight ${i}`));
    cases.push(once(f.reproduce.requestCurl, `request ${i}`));
    if (f.fix.fix) cases.push(once(f.fix.fix.verify, `verify ${i}`));
    expect(() => new Script(f.reproduce.fetch), `fetch ${i}`).not.toThrow();
  });
  return expectRuns(cases);
}

describe('report commands after redaction', () => {
  it('a token parameter that decodes to a closing quote does not open the request command', () => {
    const x: Exchange = {
      request: {
        url: 'https://api.test/x?token=foo%27%20%5C%0A%20%20-H%20',
        method: 'GET',
        origin: 'https://page.test',
        headers: [['Origin', 'https://page.test'], ['X-A', 'foo'], ['X-B', `;touch ${CANARY};#`]],
      },
      preflight: { kind: 'not-observed' },
      response: { status: 200, headers: [] },
      browser: 'chromium',
    };
    const calls = expectInert(report([x]));
    expect(calls.flat()).toContain(`X-B: ;touch ${CANARY};#`);
  });

  it("an API key matching the URL's quoted quote does not open the Verify line", () => {
    const x: Exchange = {
      request: {
        url: `https://api.test/xaP'Q;touch$IFS${CANARY};#`,
        method: 'PUT',
        origin: 'https://page.test',
        headers: [['Origin', 'https://page.test'], ['X-Api-Key', "xaP'\\'"]],
      },
      preflight: {
        kind: 'observed',
        status: 404,
        headers: [],
        requestHeaders: [['Origin', 'https://page.test'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'x-api-key']],
      },
      browser: 'chromium',
    };
    expectInert(report([x]));
  });

  it('secrets of any shape next to hostile values: every command stays inert', { timeout: TIMEOUT }, () => {
    // Secrets built from the same pieces as the hostile values, so they can match across quotes.
    const secret = fc.oneof(value, fc.constantFrom(...INJECTIONS), fc.constantFrom("xaP'\\'", "' \\\n  -H ", "'\\''", "' -H '"));
    const hostileExchange = fc
      .record({
        path: value,
        token: secret,
        key: secret.map((s) => s.replace(/[\u0000\r\n]/g, '')),
        other: fc.array(fc.tuple(fc.constantFrom('X-A', 'X-B', 'X-Trace'), value), { maxLength: 3 }),
        method: fc.constantFrom('GET', 'PUT', 'patch'),
        preflight: fc.boolean(),
      })
      .map(
        (r): Exchange => ({
          request: {
            url: `https://api.test/${r.path}?token=${encodeURIComponent(r.token)}`,
            method: r.method,
            origin: 'https://page.test',
            headers: [['Origin', 'https://page.test'], ['X-Api-Key', r.key], ...r.other],
          },
          preflight: r.preflight
            ? { kind: 'observed', status: 404, headers: [], requestHeaders: [['Origin', 'https://page.test'], ['Access-Control-Request-Method', r.method], ['Access-Control-Request-Headers', 'x-api-key']] }
            : { kind: 'not-observed' },
          ...(r.preflight ? {} : { response: { status: 200, headers: [] } }),
          browser: 'chromium',
        }),
      );
    fc.assert(
      fc.property(fc.array(hostileExchange, { minLength: 1, maxLength: 4 }), (xs) => {
        expectInert(report(xs));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
