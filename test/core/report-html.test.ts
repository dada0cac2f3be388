import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { buildReport, renderHtml } from '../../src/core/report';
import { escapeHtml } from '../../src/core/report/html-escape';
import { htmlProblems } from './report-html-inert';
import { ENV, failuresWithSecrets, stableFailures } from '../helpers/report-inputs';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' autofocus onfocus='alert(1)",
  '</style><script>alert(2)</script>',
  '<svg/onload=alert(3)>',
  '<a href="javascript:alert(4)">x</a>',
  '<link rel=stylesheet href=https://evil.test/x.css>',
  '<meta http-equiv=refresh content="0;url=https://evil.test">',
  '<base href="https://evil.test/">',
  '<!--',
  '<![CDATA[',
  '`code` | pipe | ```fence```',
  '&lt;script&gt;',
];

function hostileExchange(v: string): Exchange {
  return {
    request: { url: `http://api.test/${encodeURI(v)}?q=${v}`, method: 'PUT', origin: 'http://page.test', initiatorType: 'fetch', error: 'net::ERR_FAILED' },
    preflight: {
      kind: 'observed',
      status: 200,
      statusText: v,
      headers: [
        ['Access-Control-Allow-Origin', v],
        ['Access-Control-Allow-Methods', v],
        ['Access-Control-Allow-Headers', v],
        ['Server', v],
        [v, v],
      ],
      requestHeaders: [['Origin', 'http://page.test'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', v]],
      body: v,
    },
    browser: 'chromium',
  };
}

describe('HTML report', () => {
  it('is self-contained and inert for every recorded lab failure', async () => {
    const html = renderHtml(buildReport(await stableFailures(['preflight-404', 'header-not-allowed', 'dead-port-preflight', 'response-wildcard-credentials']), ENV));
    expect(htmlProblems(html)).toEqual([]);
  });

  it.each(HOSTILE)('hostile server value %j stays text', (v) => {
    const x = hostileExchange(v);
    const report = buildReport([{ id: 'h', exchange: x, diagnosis: diagnose(x) }], ENV);
    const html = renderHtml(report);
    expect(htmlProblems(html)).toEqual([]);
    // The value is shown (escaped), not dropped.
    expect(html).toContain(escapeHtml(v));
  });

  it('the inertness check itself catches what it looks for', async () => {
    const html = renderHtml(buildReport(await stableFailures(['preflight-404']), ENV));
    for (const bad of ['<img src=x onerror=alert(1)>', '<script>1</script>', '<a href="https://evil.test">x</a>', '<p onclick="x">y</p>']) {
      expect(htmlProblems(html.replace('<main>', `<main>${bad}`)).length, bad).toBeGreaterThan(0);
    }
    expect(htmlProblems(html.replace('color-scheme: light dark;', 'background: url(https://evil.test/x.png);'))).toContain('external reference in CSS');
  });

  it('follows the color scheme and prints', async () => {
    const html = renderHtml(buildReport(await stableFailures(['preflight-404']), ENV));
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).toContain('@media print');
    expect(html).toContain('color-scheme: light dark');
  });

  it('warns when secrets are included', async () => {
    const inputs = await failuresWithSecrets();
    expect(renderHtml(buildReport(inputs, ENV, { includeSecrets: true }))).toContain('This report includes secrets');
    expect(renderHtml(buildReport(inputs, ENV))).toContain('Secrets are redacted');
  });

  it.each([
    ['<a href="x">&\'', '&lt;a href=&quot;x&quot;&gt;&amp;&#39;'],
    ['nul\u0000bell\u0007', 'nul\\x00bell\\x07'],
  ])('escapeHtml(%j)', (input, out) => expect(escapeHtml(input)).toBe(out));
});
