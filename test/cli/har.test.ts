// `har`: HARs recorded from real Chromium 156 over every lab scenario
// (test/fixtures/record-har.ts, CDP Network events written as DevTools' HAR exporter writes
// them) are diagnosed with the scenario's chromiumError, which is Chromium's own verdict; and
// malformed, hostile or huge files end in a clear message with exit 2, never a crash.
import { mkdtempSync, openSync, closeSync, ftruncateSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../lab/scenarios';
import { readHar } from '../../src/cli/har';
import { diagnose } from '../../src/core/diagnose';
import { ensureBuilt, runCli } from './run-cli';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/har/chromium');
const tmp = mkdtempSync(join(tmpdir(), 'cors-doctor-har-'));
beforeAll(() => ensureBuilt(), 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface ReportShape {
  schema: string;
  environment: { browser: { name: string; version: string } | null };
  failures: Array<{ browserVersion: string | null; request: { method: string }; preflight: { kind: string }; diagnosis: { verdict: string; checks: Array<{ code: string }> } }>;
}

describe('HARs recorded from Chromium: the same first check as Chromium', () => {
  it.each(scenarios.map((s) => [s.id, s] as const))('%s', async (id, s) => {
    const r = await runCli(['har', join(FIXTURES, `${id}.har`), '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as ReportShape;
    expect(report.schema).toBe('cors-doctor/report@2');
    if (s.expect === 'allowed') {
      expect(report.failures).toEqual([]);
      expect(r.code).toBe(0);
      return;
    }
    expect(report.failures).toHaveLength(1);
    const f = report.failures[0]!;
    expect(f.diagnosis.verdict).toBe(s.expect);
    expect(f.diagnosis.checks[0]?.code).toBe(s.chromiumError);
    if (s.preflight) expect(f.preflight.kind).not.toBe('not-observed');
    // The version the HAR names in log.browser (record-har.ts writes the recording Chromium's).
    const named = (JSON.parse(readFileSync(join(FIXTURES, `${id}.har`), 'utf8')) as { log: { browser: { version: string } } }).log.browser.version;
    expect(named).toMatch(/^156\./);
    expect(f.browserVersion).toBe(named);
    expect(report.environment.browser).toEqual({ name: 'Chromium', version: named });
    expect(r.code).toBe(1);
  });
});

describe('pairing', () => {
  it('pairs each failure with its own preflight when several requests to one URL interleave (FIFO on URL + method)', () => {
    const a = JSON.parse(readFileSync(join(FIXTURES, 'method-not-allowed.har'), 'utf8'));
    const b = JSON.parse(readFileSync(join(FIXTURES, 'control-ok.har'), 'utf8'));
    // Same URL for both: a DELETE whose preflight fails, and a PUT whose preflight passes.
    const url = 'http://api.test/s/shared';
    const retarget = (e: { request: { url: string; headers: Array<{ name: string; value: string }> }; _initiator: { url?: string } }) => {
      e.request.url = url;
      if (e._initiator.url) e._initiator.url = url;
      return e;
    };
    const entries = [...a.log.entries.slice(1), ...b.log.entries.slice(1)].map(retarget).reverse();
    const reading = readHar({ log: { ...a.log, entries } });
    const verdicts = reading.exchanges.map((x) => [x.exchange.request.method, diagnose(x.exchange).checks[0]?.code ?? 'allowed']);
    expect(verdicts.sort()).toEqual([['DELETE', 'MethodDisallowedByPreflightResponse'], ['PUT', 'allowed']]);
  });

  it('text output: one diagnosis per failure and a summary', async () => {
    const r = await runCli(['har', join(FIXTURES, 'preflight-405.har')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('PreflightInvalidStatus');
    expect(r.stdout).toContain('Summary');
    expect(r.stdout).toMatch(/1 × PreflightInvalidStatus/);
  });
});

describe('malformed, hostile and huge files', () => {
  const write = (name: string, content: string) => {
    const p = join(tmp, name);
    writeFileSync(p, content);
    return p;
  };
  it.each([
    ['missing file', () => join(tmp, 'nope.har'), /no such file/],
    ['not JSON', () => write('a.har', '{"log": {"entries": [ }'), /not valid JSON/],
    ['JSON but no log', () => write('b.har', '[1,2,3]'), /no top-level "log"/],
    ['entries not an array', () => write('c.har', '{"log":{"entries":{"0":{}}}}'), /"log.entries" is not an array/],
    ['nesting bomb', () => write('d.har', '['.repeat(200_000) + ']'.repeat(200_000)), /nests too deeply|no top-level "log"/],
    ['a directory', () => tmp, /is not a file/],
  ])('%s: exit 2, one line, no stack trace', async (_n, make, message) => {
    const r = await runCli(['har', make()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('hostile entries (wrong types, __proto__, junk headers) are skipped, the rest diagnosed', async () => {
    const good = JSON.parse(readFileSync(join(FIXTURES, 'simple-missing-acao.har'), 'utf8'));
    good.log.entries.push(
      null, 7, 'x', { request: 5 }, { request: { url: 1, method: [] } },
      JSON.parse('{"__proto__": {"polluted": true}, "request": {"url": "http://api.test/y", "method": "GET", "headers": [null, {"name": 3}, {"name": "Origin", "value": "http://page.test"}]}, "response": {"status": "200", "headers": "nope"}}'),
    );
    const r = await runCli(['har', write('hostile.har', JSON.stringify(good)), '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as ReportShape;
    // The junk entry with an Origin but no usable response is read, and is no failure.
    expect(report.failures.map((f) => f.diagnosis.checks[0]?.code)).toEqual(['MissingAllowOriginHeader']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a 100 MB HAR is diagnosed (bodies are never kept beyond 4 KB)', async () => {
    const p = join(tmp, 'big.har');
    const base = JSON.parse(readFileSync(join(FIXTURES, 'duplicate-acao.har'), 'utf8'));
    const filler = 'x'.repeat(1024 * 1024);
    const stream = createWriteStream(p);
    stream.write(`{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[`);
    for (let i = 0; i < 100; i++) {
      const e = structuredClone(base.log.entries[1]);
      e.response.content = { size: filler.length, mimeType: 'text/plain', text: filler };
      stream.write((i ? ',' : '') + JSON.stringify(e));
    }
    stream.write(']}}');
    await new Promise<void>((r) => stream.end(r));
    const r = await runCli(['har', p, '--json'], { timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as ReportShape;
    expect(report.failures).toHaveLength(100);
  }, 90_000);

  it('a file over --max-size is refused before it is read', async () => {
    const p = join(tmp, 'huge.har');
    const fd = openSync(p, 'w');
    ftruncateSync(fd, 700 * 1024 * 1024); // sparse: no disk used
    closeSync(fd);
    const r = await runCli(['har', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/700 MB, over the 512 MB limit/);
  });
});
