import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { buildReport, renderMarkdown } from '../../src/core/report';
import { mdCellCode, mdCode, mdFence, mdText } from '../../src/core/report/markdown-escape';
import { proseSegments } from '../../src/core/report/prose';
import { ENV, stableFailures } from '../helpers/report-inputs';

describe('code spans (GFM 6.1)', () => {
  it.each([
    ['plain', '`plain`'],
    ['a`b', '``a`b``'],
    ['``x', '``` ``x ```'],
    ['x`', '`` x` ``'],
    [' both ', '`  both  `'],
    ['', '` `'],
    ['line1\nline2', '`line1⏎line2`'],
  ])('mdCode(%j)', (input, out) => expect(mdCode(input)).toBe(out));

  it('a pipe inside a table cell code span is escaped (GFM 4.10)', () => {
    expect(mdCellCode('a|b')).toBe('`a\\|b`');
  });
});

describe('fenced blocks (GFM 4.5)', () => {
  it.each([
    ['x', '```sh\nx\n```'],
    ['```\nrm -rf /\n```', '````sh\n```\nrm -rf /\n```\n````'],
    ['a ````` b', '``````sh\na ````` b\n``````'],
  ])('mdFence(%j)', (input, out) => expect(mdFence(input, 'sh')).toBe(out));
});

describe('text', () => {
  it.each([
    ['*bold* _it_ [link](http://x) <b>', '\\*bold\\* \\_it\\_ \\[link\\](http://x) \\<b\\>'],
    ['a | b', 'a \\| b'],
    ['@team #12 &amp;', '\\@team \\#12 \\&amp;'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['0.1.0', '0.1.0'],
    ['===', '\\==='],
    ['two\nlines', 'two⏎lines'],
  ])('mdText(%j)', (input, out) => expect(mdText(input)).toBe(out));
});

describe('engine prose keeps its code marks', () => {
  it.each([
    ['sends `x-custom`, not allowed', [{ code: false, text: 'sends ' }, { code: true, text: 'x-custom' }, { code: false, text: ', not allowed' }]],
    ['odd ` count', [{ code: false, text: 'odd ` count' }]],
    ['`a` and `b` and ` tail', [{ code: true, text: 'a' }, { code: false, text: ' and ' }, { code: true, text: 'b' }, { code: false, text: ' and ` tail' }]],
  ])('%j', (input, segs) => expect(proseSegments(input)).toEqual(segs));
});

/** A GFM table row's cell count: pipes not escaped by a backslash. */
function cells(row: string): number {
  return row.replace(/\\./g, '').split('|').length - 2;
}

describe('rendered Markdown', () => {
  it('shows the summary table, the console message, each check, why it preflighted, a fix, commands and the environment', async () => {
    const md = renderMarkdown(buildReport(await stableFailures(['header-not-allowed']), ENV, { stack: 'nginx' }));
    expect(md).toContain('| # | Verdict | Request | Chromium error | Summary |');
    expect(md).toContain("```text\nAccess to fetch at 'http://api.test/s/header-not-allowed?n=NONCE' from origin 'http://page.test' has been blocked by CORS policy:");
    expect(md).toContain('| `HeaderDisallowedByPreflightResponse` | `Access-Control-Allow-Headers` |');
    expect(md).toContain('#### Why the browser sent a preflight');
    expect(md).toContain('#### Server fix: ');
    expect(md).toContain('Fixes are also available for: `express`');
    expect(md).toContain('curl -i -X OPTIONS');
    expect(md).toContain('- Browser: Chromium 156.0.7523.0');
    expect(md).toContain('- Generated: 2026-05-01T12:34:56.000Z');
  });

  it.each(['a|b', '`|`', '```', 'x\ny|z', '\\|', '<!-- |'])('hostile value %j never breaks a table row or a fence', (v) => {
    const x: Exchange = {
      request: { url: `http://api.test/p?x=${v}`, method: 'PUT', origin: 'http://page.test', error: 'net::ERR_FAILED' },
      preflight: {
        kind: 'observed',
        status: 200,
        headers: [['Access-Control-Allow-Origin', v], ['Access-Control-Allow-Headers', v], [v, v]],
        requestHeaders: [['Origin', 'http://page.test'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'x-custom']],
      },
    };
    const md = renderMarkdown(buildReport([{ id: 'h', exchange: x, diagnosis: diagnose(x) }], ENV));
    const lines = md.split('\n');
    // Tables: every row of a table has as many cells as its header.
    let width = -1;
    let inFence: string | null = null;
    for (const line of lines) {
      const fence = /^(`{3,})/.exec(line)?.[1];
      if (inFence === null && fence) inFence = fence;
      else if (inFence !== null && line === inFence) inFence = null;
      else if (inFence !== null && fence && fence.length >= inFence.length) throw new Error(`fence closed early by ${line}`);
      if (inFence !== null) continue;
      if (line.startsWith('|')) {
        if (width < 0) width = cells(line);
        expect(cells(line), line).toBe(width);
      } else width = -1;
    }
    expect(inFence).toBeNull();
  });
});
