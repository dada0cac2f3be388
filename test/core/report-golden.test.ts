// Golden files for each format on representative diagnoses. A change shows up as a diff to review;
// regenerate with UPDATE_GOLDEN=1 npx vitest run --project core test/core/report-golden.test.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, renderHtml, renderJson, renderMarkdown, type Report, type ReportEnvironment } from '../../src/core/report';
import { ENV, failuresWithSecrets, firefox140Failures, stableFailures } from '../helpers/report-inputs';

const DIR = resolve(import.meta.dirname, '__golden__/report');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const file = resolve(DIR, name);
  if (UPDATE) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden file ${name}: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual, `${name} differs from its golden file (UPDATE_GOLDEN=1 to accept)`).toBe(readFileSync(file, 'utf8'));
}

const CLI_ENV: ReportEnvironment = { generatedAt: '2026-05-01T12:34:56Z', tool: { name: 'cli', version: '0.1.0' }, browser: null };

// Each case names what it represents.
const CASES: Array<{ name: string; build: () => Promise<Report> }> = [
  { name: 'preflight-404', build: async () => buildReport(await stableFailures(['preflight-404']), ENV) },
  { name: 'header-not-allowed-nginx', build: async () => buildReport(await stableFailures(['header-not-allowed']), ENV, { stack: 'nginx' }) },
  { name: 'response-wildcard-credentials', build: async () => buildReport(await stableFailures(['response-wildcard-credentials']), ENV) },
  { name: 'dead-port-preflight-cli', build: async () => buildReport(await stableFailures(['dead-port-preflight']), CLI_ENV) },
  {
    name: 'tab',
    build: async () => buildReport(await stableFailures(['preflight-301-redirect', 'duplicate-acao', 'patch-lowercase', 'simple-missing-acao']), ENV),
  },
  { name: 'secrets-redacted', build: async () => buildReport(await failuresWithSecrets(), ENV, { stack: 'express' }) },
  // Captured by the extension in Firefox ESR 140: the version on each failure, Firefox's console lines.
  { name: 'firefox-140', build: async () => buildReport(await firefox140Failures(['preflight-301-redirect', 'response-missing-acao']), { ...ENV, browser: { name: 'Firefox', version: '140.12.0' } }) },
];

describe('golden reports', () => {
  it.each(CASES)('$name', async ({ name, build }) => {
    const report = await build();
    golden(`${name}.json`, renderJson(report));
    golden(`${name}.md`, renderMarkdown(report));
    golden(`${name}.html`, renderHtml(report));
  });
});
