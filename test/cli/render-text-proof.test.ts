// Issue 15: the CLI's text output says how the chosen stack's fix is proven, as the panel and the
// reports do (the line comes from src/core/fixes/proof.ts).
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { provenBy } from '../../src/core/fixes/proof';
import { buildReport } from '../../src/core/report';
import { createStyle, renderFailureText } from '../../src/cli/render-text';
import { ENV } from '../helpers/report-inputs';

describe('renderFailureText: the fix says how it is proven', () => {
  const x: Exchange = {
    request: { url: 'http://api.test/x', method: 'PUT', origin: 'http://page.test', credentials: 'unknown', headers: [['X-Custom', '1']], error: 'net::ERR_FAILED' },
    preflight: { kind: 'observed', status: 405, statusText: 'Method Not Allowed', requestHeaders: [], headers: [] },
    browser: 'chromium',
  };
  it.each(['apache', 'iis'] as const)('%s', (stack) => {
    const failure = buildReport([{ id: 'p', exchange: x, diagnosis: diagnose(x) }], ENV, { stack }).failures[0]!;
    const text = renderFailureText(failure, { style: createStyle(false) });
    expect(text).toContain(`  Proven: ${provenBy(stack).summary}\n`);
    expect(provenBy(stack).summary).toMatch(stack === 'apache' ? /^run in Apache/ : /^syntax checked only/);
  });
});
