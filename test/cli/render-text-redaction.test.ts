// Issue 14 item 3: the "On the wire" lines of `check` are masked like every other line of the
// output, even when the command hands them over unmasked.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { buildReport } from '../../src/core/report';
import { createStyle, renderFailureText } from '../../src/cli/render-text';
import { ENV } from '../helpers/report-inputs';

describe('renderFailureText: the transcript', () => {
  const x: Exchange = {
    request: { url: 'http://api.test/x', method: 'GET', origin: 'http://page.test', credentials: 'unknown', headers: [], error: 'net::ERR_FAILED' },
    preflight: { kind: 'not-observed' },
    response: { status: 200, headers: [] },
    browser: 'chromium',
  };
  const failure = buildReport([{ id: 'w', exchange: x, diagnosis: diagnose(x) }], ENV).failures[0]!;
  it.each([
    ['the request URL', '> GET http://u:hunter2@api.test/x;token=mx1?accessToken=at1&pw=pw1', ['hunter2', 'mx1', 'at1', 'pw1']],
    ['an Authorization-like header', '>   X-Authorization: Bearer xa1-secret', ['xa1-secret']],
    ['a cookie', '>   Cookie: sid=ck1-secret', ['ck1-secret']],
    ['a Location URL, coloured', '\u001b[2m<   Location: https://idp.test/cb?code=cd1&state=1\u001b[22m', ['cd1']],
  ])('%s', (_name, line, secrets) => {
    for (const color of [false, true]) {
      const text = renderFailureText(failure, { style: createStyle(color), transcript: [line] });
      const wire = text.slice(text.indexOf('On the wire:'));
      for (const s of secrets) expect(wire).not.toContain(s);
      expect(wire).toContain('••••(');
    }
  });
  it('keeps a colour code after a URL intact', () => {
    const text = renderFailureText(failure, { style: createStyle(true), transcript: ['\u001b[36m> GET http://api.test/x?token=t1\u001b[39m'] });
    expect(text).toContain('?token=••••(2 chars)\u001b[39m');
  });
});
