import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { STACKS } from '../../src/core/fixes';
import { buildReport, exportReport, REPORT_SCHEMA, renderHtml, renderJson, renderMarkdown, type ReportInput } from '../../src/core/report';
import type { CapturedFailure } from '../../src/shared/messages';
import { ENV, failuresWithSecrets, firefox140Failures, stableFailures } from '../helpers/report-inputs';

const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../docs/report-schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);
const ALL_SCENARIOS = readdirSync(resolve(import.meta.dirname, '../fixtures/webrequest/chromium'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

function expectValid(json: string): void {
  const value = JSON.parse(json);
  const ok = validate(value);
  expect(ok, ajv.errorsText(validate.errors, { separator: '\n' })).toBe(true);
}

describe('every JSON export validates against docs/report-schema.json', () => {
  it('the schema is draft 2020-12 and names report@2', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(REPORT_SCHEMA).toBe('cors-doctor/report@2');
    expect(schema.properties.schema.const).toBe(REPORT_SCHEMA);
    expect(schema.$id).toBe('urn:cors-doctor:schema:report@2');
  });

  it('failures captured in Firefox ESR 140, with their version', async () => {
    const report = buildReport(await firefox140Failures(['preflight-301-redirect', 'response-missing-acao']), ENV);
    expectValid(renderJson(report));
    expect(report.failures.map((f) => [f.browser, f.browserVersion])).toEqual([
      ['firefox', '140.12.0'],
      ['firefox', '140.12.0'],
    ]);
  });

  it.each(ALL_SCENARIOS)('lab scenario %s (recorded in Chromium 156)', async (scenario) => {
    const failures = await stableFailures([scenario]);
    const file = exportReport('json', failures, ENV);
    expectValid(file.content);
    expectValid(exportReport('json', failures, ENV, { includeSecrets: true }).content);
  });

  it('a whole tab in one report', async () => {
    const failures = await stableFailures(ALL_SCENARIOS);
    const report = buildReport(failures, ENV);
    expectValid(renderJson(report));
    expect(report.summary.failures).toBe(failures.length);
    expect(Object.values(report.summary.byVerdict).reduce((a, b) => a + b, 0)).toBe(failures.length);
  });

  it.each(STACKS.map((s) => s.id))('with the %s fix selected', async (stack) => {
    const failures = await stableFailures(['preflight-404', 'response-missing-acao']);
    const report = buildReport(failures, ENV, { stack });
    expectValid(renderJson(report));
    for (const f of report.failures) {
      expect(f.fix.source).toBe('selected');
      expect(f.fix.fix?.stack).toBe(stack);
    }
  });

  it('the CLI environment (no browser) and an empty report', () => {
    const cli = { generatedAt: '2026-05-01T12:00:00Z', tool: { name: 'cli' as const, version: '0.1.0' }, browser: null };
    expectValid(renderJson(buildReport([], cli)));
  });

  it('failures carrying secrets', async () => {
    expectValid(renderJson(buildReport(await failuresWithSecrets(), ENV)));
  });

  it.each<[string, (r: Record<string, unknown>) => void]>([
    ['the old schema id', (r) => (r.schema = 'cors-doctor/report@1')],
    ['a failure without browserVersion (a report@1 failure)', (r) => delete (r.failures as Array<Record<string, unknown>>)[0]!.browserVersion],
    ['a numeric browserVersion', (r) => ((r.failures as Array<Record<string, unknown>>)[0]!.browserVersion = 140)],
    ['a missing environment', (r) => delete r.environment],
    ['an undocumented field', (r) => (r.extra = 1)],
    ['a bad verdict', (r) => (((r.failures as Array<{ diagnosis: { verdict: string } }>)[0] as { diagnosis: { verdict: string } }).diagnosis.verdict = 'maybe')],
  ])('the schema rejects %s', async (_name, mutate) => {
    const value = JSON.parse(renderJson(buildReport(await stableFailures(['preflight-404']), ENV)));
    mutate(value);
    expect(validate(value)).toBe(false);
  });
});

describe('the report object', () => {
  it('takes the worker\'s CapturedFailure as it is stored', async () => {
    const stored: CapturedFailure[] = await stableFailures(['preflight-404']);
    const inputs: readonly ReportInput[] = stored;
    const [f] = buildReport(inputs, ENV).failures;
    expect(f).toMatchObject({ id: 'failure-1', capturedAt: '2026-05-01T12:30:00.000Z', preflightFailure: true, preflightOnly: false });
  });

  it('is pure: the same inputs give the same bytes, and the inputs are not modified', async () => {
    const inputs = await failuresWithSecrets();
    const before = JSON.stringify(inputs);
    expect(renderJson(buildReport(inputs, ENV))).toBe(renderJson(buildReport(inputs, ENV)));
    expect(JSON.stringify(inputs)).toBe(before);
  });

  it('carries the diagnosis the engine computed, field for field', async () => {
    const [captured] = await stableFailures(['header-not-allowed']);
    const [f] = buildReport([captured!], ENV).failures;
    const d = captured!.diagnosis;
    expect(f!.diagnosis.checks).toEqual(d.checks);
    expect(f!.diagnosis.browserMessage).toBe(d.browserMessage);
    expect(f!.diagnosis.summary).toBe(d.summary);
    expect(f!.diagnosis.whyPreflight).toEqual(d.whyPreflight);
  });

  it('shows the detected stack first and lists the others', async () => {
    // error-page-without-cors is answered by a framework whose headers the detector knows, if any.
    const [captured] = await stableFailures(['preflight-404']);
    const [f] = buildReport([captured!], ENV).failures;
    expect(f!.fix.available).toEqual(STACKS.map((s) => s.id));
    expect(['detected', 'default']).toContain(f!.fix.source);
    expect(f!.fix.fix).not.toBeNull();
  });

  it('exportReport names the file after the host and the time', async () => {
    const failures = await stableFailures(['preflight-404']);
    expect(exportReport('md', failures, ENV).fileName).toBe('cors-doctor-api.test-20260501-123456.md');
    expect(exportReport('json', failures, ENV).mimeType).toBe('application/json;charset=utf-8');
    expect(exportReport('html', failures, ENV).fileName).toMatch(/\.html$/);
  });
});

describe('the browser version each failure was captured in (report@2)', () => {
  it('shows in JSON, Markdown and HTML, and names the console message’s browser', async () => {
    const report = buildReport(await firefox140Failures(['preflight-301-redirect']), ENV);
    const md = renderMarkdown(report);
    const html = renderHtml(report);
    expect(JSON.parse(renderJson(report)).failures[0].browserVersion).toBe('140.12.0');
    expect(md).toContain('- Browser: Firefox 140.12.0\n');
    expect(md).toContain('Console message (Firefox 140.12.0):');
    expect(html).toContain('<dt>Browser</dt><dd>Firefox 140.12.0</dd>');
    expect(html).toContain('<h3>Console message (Firefox 140.12.0)</h3>');
  });

  it.each<[unknown, string | null]>([
    ['156.0.8078.129', '156.0.8078.129'],
    ['153.0esr', '153.0esr'],
    [undefined, null],
    ['', null],
    [140, null],
    ['140.0 <img src=x onerror=alert(1)>', null],
    ['1'.repeat(41), null],
  ])('keeps a version-shaped value only (a HAR’s log.browser.version is anyone’s text): %j -> %j', async (version, shown) => {
    const [f] = await stableFailures(['preflight-404']);
    const report = buildReport([{ ...f!, exchange: { ...f!.exchange, browserVersion: version as string } }], ENV);
    expect(report.failures[0]!.browserVersion).toBe(shown);
    expectValid(renderJson(report));
    if (shown === null) expect(renderMarkdown(report)).toContain('- Browser: Chromium (version not recorded)');
  });
});
