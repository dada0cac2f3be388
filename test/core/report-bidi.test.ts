// Issue 14 item 3: bidi controls in header values are shown as escapes in Markdown and HTML
// ("Trojan Source", CVE-2021-42574): a server cannot make a value display in another order.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { buildReport, renderHtml, renderMarkdown } from '../../src/core/report';
import { ENV } from '../helpers/report-inputs';

const CONTROLS = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];

function exchangeWith(c: string): Exchange {
  // An Allow-Origin that reads "http://page.test" only because of the override: the check quotes it.
  const acao = `http://${c}tset.live${'\u202c'}.page.test`;
  return {
    request: { url: 'http://api.test/x', method: 'GET', origin: 'http://page.test', credentials: 'unknown', headers: [['X-Note', `a${c}b`]], error: 'net::ERR_FAILED' },
    preflight: { kind: 'not-observed' },
    response: { status: 200, headers: [['Access-Control-Allow-Origin', acao], ['X-Trace', `id${c}99`]] },
    browser: 'chromium',
  };
}

describe('bidi controls are escaped', () => {
  it.each(CONTROLS.map((c) => [`U+${c.charCodeAt(0).toString(16).toUpperCase()}`, c]))('%s in Markdown and HTML', (_name, c) => {
    const x = exchangeWith(c);
    const report = buildReport([{ id: 'b', exchange: x, diagnosis: diagnose(x) }], ENV);
    const escaped = `\\u${c.charCodeAt(0).toString(16)}`;
    for (const out of [renderMarkdown(report), renderHtml(report)]) {
      expect(out).not.toContain(c);
      expect(out).not.toContain('\u202c');
      expect(out).toContain(escaped);
    }
  });
});
