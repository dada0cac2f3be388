// `har` on big files (issue 14, item 4): the work grows with the file, not with its square, and
// the file is read entry by entry. Work and memory are counted here, never timed (the timings
// are in `npm run bench -- --only har` and docs/PERFORMANCE.md).
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failuresIn, harText } from '../../bench/har-file';
import { parseHarText, readHar } from '../../src/cli/har';
import { HarStreamReader } from '../../src/cli/har-stream';
import { diagnose } from '../../src/core/diagnose';
import { buildReport, renderJson, type ReportInput } from '../../src/core/report';
import { ensureBuilt, runCli } from './run-cli';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/har/chromium');
const tmp = mkdtempSync(join(tmpdir(), 'cors-doctor-har-scale-'));
beforeAll(() => ensureBuilt(), 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function streamed(bytes: Buffer, chunk: number): ReturnType<HarStreamReader['end']> & { peak: number } {
  const r = new HarStreamReader();
  for (let i = 0; i < bytes.length; i += chunk) r.push(bytes.subarray(i, i + chunk));
  return { ...r.end(), peak: r.peakHeldBytes };
}

describe('pairing visits each preflight a bounded number of times', () => {
  it.each([1000, 4000])('%i entries, one preflighted failure with its own token per four: visits <= 2 per request', (n) => {
    const reading = readHar(JSON.parse(harText(n)));
    const failures = failuresIn(n);
    // Every failure found its own preflight (the one listed right after it)...
    const paired = reading.exchanges.filter((x) => x.preflightIndex !== undefined);
    expect(paired).toHaveLength(failures);
    for (const x of paired) expect(x.preflightIndex).toBe(x.index + 1);
    // ...and the pairing looked at no more than two queued preflights per request (it scanned all of them per request before).
    expect(reading.pairingVisits).toBeLessThanOrEqual(2 * reading.exchanges.length);
    expect(reading.pairingVisits).toBeLessThanOrEqual(n);
  });
});

describe('the streamed reader reads what JSON.parse + readHar read', () => {
  const files = [...readdirSync(FIXTURES).map((f) => join(FIXTURES, f))];
  it.each(files.map((f) => [f.split('/').at(-1) as string, f]))('%s, in chunks of 1, 7, 4096 and 1 MB bytes', (_name, file) => {
    const bytes = readFileSync(file);
    const expected = readHar(parseHarText(bytes.toString('utf8')));
    for (const chunk of [1, 7, 4096, 1 << 20]) {
      const { peak, ...got } = streamed(bytes, chunk);
      expect(got).toEqual(expected);
      expect(peak).toBeLessThan(bytes.length);
    }
  });

  it('a generated HAR of 2,000 entries: the same reading, and never more than one entry held between chunks', () => {
    const bytes = Buffer.from(harText(2000));
    const largestEntry = Math.max(...(JSON.parse(bytes.toString()).log.entries as unknown[]).map((e) => JSON.stringify(e).length));
    const { peak, ...got } = streamed(bytes, 4096);
    expect(got).toEqual(readHar(JSON.parse(bytes.toString())));
    expect(peak).toBeLessThanOrEqual(largestEntry);
  });

  it.each<[string, string, RegExp | 'same']>([
    ['a byte order mark', '\uFEFF{"log":{"entries":[]}}', 'same'],
    ['escaped member names (JSON.parse reads "\\u006cog" as "log")', '{"\\u006cog":{"\\u0065ntries":[{"request":{"url":"http://a.test/","method":"GET","headers":[{"name":"Origin","value":"http://b.test"}]}}]}}', 'same'],
    ['a second "log" replaces the first', '{"log":{"entries":[{"request":{"url":"http://a.test/","method":"GET","headers":[{"name":"Origin","value":"http://b.test"}]}}]},"log":{"entries":[]}}', 'same'],
    ['entries, then pages and creator after them', '{"log":{"entries":[{"pageref":"p","request":{"url":"http://a.test/x","method":"GET"},"response":{"status":0,"_error":"net::ERR_FAILED"}}],"pages":[{"id":"p","title":"http://page.test/"}],"creator":{"name":"Firefox"}}}', 'same'],
    ['strings with escaped quotes and brackets', '{"log":{"entries":[{"x":"]}\\"[{","request":{"url":"http://a.test/\\"]","method":"GET","headers":[{"name":"Origin","value":"http://b.test"}]}}]}}', 'same'],
    ['primitives and junk among entries', '{"log":{"entries":[1, true, null, "x", [], {}]}}', 'same'],
    ['not JSON', '{"log": {"entries": [ }', /^not valid JSON \(at byte 22\)/],
    ['a truncated file', '{"log":{"entries":[{"a":1}', /^not valid JSON \(at byte \d+\): Unexpected end of JSON input/],
    ['a bad literal in an entry', '{"log":{"entries":[tru]}}', /^not valid JSON/],
    ['text after the JSON', '{"log":{"entries":[]}} x', /^not valid JSON \(at byte 23\)/],
    ['a missing comma', '{"log":{"entries":[] "x":1}}', /^not valid JSON \(at byte 21\)/],
    ['JSON but no log', '[1,2,3]', /no top-level "log" object/],
    ['log is not an object', '{"log":5}', /no top-level "log" object/],
    ['entries not an array', '{"log":{"entries":{"0":{}}}}', /"log.entries" is not an array/],
    ['an empty file', '', /Unexpected end of JSON input/],
  ])('%s', (_name, text, expected) => {
    const bytes = Buffer.from(text);
    const run = (chunk: number) => {
      try {
        const { peak: _peak, ...reading } = streamed(bytes, chunk);
        return reading;
      } catch (err) {
        return (err as Error).message;
      }
    };
    for (const chunk of [1, 3, 1 << 20]) {
      const got = run(chunk);
      if (expected === 'same') expect(got).toEqual(readHar(parseHarText(text)));
      else expect(got).toMatch(expected);
    }
  });
});

describe('the CLI output is the report, written in pieces', () => {
  it('--json prints exactly renderJson of the report built from the same reading', async () => {
    const text = harText(400);
    const p = join(tmp, 'g400.har');
    writeFileSync(p, text);
    const r = await runCli(['har', p, '--json']);
    expect(r.code).toBe(1);
    const generatedAt = (JSON.parse(r.stdout) as { environment: { generatedAt: string } }).environment.generatedAt;
    const reading = readHar(JSON.parse(text));
    const inputs: ReportInput[] = [];
    for (const h of reading.exchanges) {
      const d = diagnose(h.exchange);
      if (d.verdict === 'allowed') continue;
      inputs.push({
        id: `entry-${h.index}`,
        exchange: h.exchange,
        diagnosis: d,
        ...(h.startedDateTime !== undefined ? { capturedAt: Date.parse(h.startedDateTime) } : {}),
        ...(h.exchange.preflight?.kind === 'observed' && d.stage === 'preflight' ? { preflightFailure: true } : {}),
      });
    }
    expect(inputs).toHaveLength(failuresIn(400));
    const report = buildReport(inputs, { generatedAt, tool: { name: 'cli', version: '0.1.0' }, browser: { name: 'Chromium', version: reading.browserVersion ?? '' } });
    expect(r.stdout).toBe(renderJson(report));
    // No token of any failure is left in the output.
    expect(r.stdout).not.toMatch(/Bearer tok/);
  });
});
