// Issue 14 item 3: bidi controls in header values are shown escaped in the panel.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import type { CapturedFailure } from '../../src/shared/messages';
import { fakeEnvironment, renderPanel, rows } from './panel-harness';

afterEach(cleanup);

describe('panel: bidi controls', () => {
  it('are shown as escapes in the headers, the checks and the explanations', async () => {
    const x: Exchange = {
      request: { url: 'http://api.test/x', method: 'GET', origin: 'http://page.test', credentials: 'unknown', headers: [['X-Note', 'a\u2067b']], error: 'net::ERR_FAILED' },
      preflight: { kind: 'not-observed' },
      response: { status: 200, headers: [['Access-Control-Allow-Origin', 'http://\u202etset.live\u202c.page.test'], ['X-Trace', 'id\u2066x']] },
      browser: 'chromium',
    };
    const failure: CapturedFailure = { id: '1-0-b', tabId: 1, seq: 0, capturedAt: 0, exchange: x, diagnosis: diagnose(x), preflightFailure: false, preflightOnly: false };
    renderPanel({ failures: [failure], env: fakeEnvironment() });
    await screen.findByText('1 CORS failure');
    fireEvent.click(rows()[0]!);
    const detail = await screen.findByTestId('detail', {}, { timeout: 5000 });
    const text = detail.textContent ?? '';
    expect(text).toMatch(/Access-Control-Allow-Origin/);
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('http://\\u202etset.live\\u202c.page.test');
    expect(text).toContain('id\\u2066x');
  });
});
