// `explain` against input built to make a parser slow or crash (issue 14, item 5): a 58 kB line of
// repeated "(redirected from …) from origin …" took 25 s, and 1.8 MB of \u0041 escapes overflowed
// the stack (exit 70). Each shape is fed at 10 kB and at 1 MB; the parse must finish with a sane
// answer and examine at most STEPS_PER_CHAR characters per input character, counted by the
// scanner itself (src/cli/console-scan.ts). No time is asserted: `npm run bench -- --only explain`
// times the slowest of these shapes.
//
// What the count covers: the line scanners and the \u decoder, where the backtracking was. What it
// does not: the per-line cleanup and the reason wordings, which stay regular expressions anchored
// at ^ whose quantifiers cannot both match one character (linear by construction); the 1 MB shapes
// aimed at them would not finish here if they were not.
import { beforeAll, describe, expect, it } from 'vitest';
import { explainConsoleText, type ConsoleFinding } from '../../src/cli/explain';
import { ADVERSARIAL, STEPS_PER_CHAR } from './explain-adversarial-shapes';
import { ensureBuilt, runCli } from './run-cli';

describe('adversarial console text: the parse is linear and the answer sane', () => {
  it.each(ADVERSARIAL.map((s) => [s.name, s] as const))('%s', (_name, shape) => {
    for (const size of [10_000, 1_000_000]) {
      const text = shape.build(size);
      expect(text.length).toBeGreaterThanOrEqual(size * 0.9);
      const work = { steps: 0 };
      const findings: ConsoleFinding[] = explainConsoleText(text, work);
      expect(work.steps).toBeGreaterThanOrEqual(text.length); // every character was read, and counted
      expect(work.steps).toBeLessThanOrEqual(STEPS_PER_CHAR * text.length);
      shape.expect(findings, size);
    }
  });
});

describe('explain as a command, on the issue\'s reproductions', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('1 MB of "x\' (redirected from \'y\') from origin \'z" (58 kB took 25 s): no CORS error, exit 0', async () => {
    const stdin = "Access to fetch at '" + "x' (redirected from 'y') from origin 'z".repeat(26_000);
    const r = await runCli(['explain'], { stdin, timeoutMs: 50_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No CORS error found');
  });

  it('1.8 MB of \\u0041 escapes, then a real line: no crash, the line explained', async () => {
    const stdin = '\\u0041'.repeat(300_000) + "\nAccess to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been blocked by CORS policy: It does not have HTTP ok status.";
    const r = await runCli(['explain', '--json'], { stdin, timeoutMs: 50_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: Array<{ finding: { codes: string[]; url: string } }> };
    expect(out.findings.map((f) => [f.finding.codes[0], f.finding.url])).toEqual([['PreflightInvalidStatus', 'https://api.example.com/x']]);
  });

  it('a 1 MB header name in a real line: explained and quoted; no fix built from it (a 16 MB one took 33 s and 2.9 GB)', async () => {
    const name = 'x-'.repeat(500_000) + 'y';
    const stdin = `Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been blocked by CORS policy: Request header field ${name} is not allowed by Access-Control-Allow-Headers in preflight response.`;
    const r = await runCli(['explain'], { stdin, timeoutMs: 50_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('HeaderDisallowedByPreflightResponse');
    expect(r.stdout).toContain('No fix: a quoted value is over 64 kB');
    expect(r.stdout).not.toContain('Fix for');
    expect(r.stdout).toContain(`Quoted: ${name}`);
    expect(r.stdout).toContain(`Find out: cors-doctor check https://api.example.com/x --origin https://app.example.com -H '${name}: …'`);
  });

  it('a 60 kB header name still gets its fix', async () => {
    const name = 'x-'.repeat(30_000) + 'y';
    const stdin = `Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been blocked by CORS policy: Request header field ${name} is not allowed by Access-Control-Allow-Headers in preflight response.`;
    const r = await runCli(['explain'], { stdin, timeoutMs: 50_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Fix for express');
  });
});
