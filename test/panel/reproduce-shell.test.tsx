// The Reproduce section's copies, pasted into real shells: each Copy button's text and the
// pasteable script (curlScript) run in dash, bash and zsh with a recording curl, for a captured
// request whose header holds the control byte and quote of issue 14 and one whose header holds a
// line break (refused, with the reason shown where the command would be).
import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { diagnose } from '../../src/core/diagnose';
import { buildReport } from '../../src/core/report/index';
import { curlScript } from '../../src/panel/ReproduceView';
import type { CapturedFailure } from '../../src/shared/messages';
import { capturedFailures } from '../helpers/captured';
import { CANARY, expectRuns, run, SHELLS } from '../core/shell-harness';
import { fakeEnvironment, renderPanel, rows } from './panel-harness';

let base: CapturedFailure; // response-missing-acao: a sent PUT with X-Custom, after a good preflight
beforeAll(async () => {
  base = (await capturedFailures(['response-missing-acao']))[0]!;
});
afterEach(cleanup);

const reportEnv = { generatedAt: '2026-05-01T12:34:56.000Z', tool: { name: 'extension' as const, version: '0.1.0' }, browser: { name: 'Chromium', version: '156.0.7523.0' } };

function withHeader(name: string, value: string): CapturedFailure {
  const headers = [...(base.exchange.request.headers ?? []), [name, value] as const];
  const exchange = { ...base.exchange, request: { ...base.exchange.request, headers } };
  return { ...base, exchange, diagnosis: diagnose(exchange) };
}

async function openReproduce(f: CapturedFailure) {
  const e = fakeEnvironment({ now: () => new Date(2026, 4, 1) });
  renderPanel({ failures: [f], env: e });
  await screen.findByText('1 CORS failure');
  fireEvent.click(rows()[0]!);
  await screen.findByTestId('detail');
  return { e, section: screen.getByRole('region', { name: 'Reproduce' }) };
}

describe('Reproduce copies in a real shell', () => {
  it('a header with a control byte and a quote: the copied command gives curl the exact header and runs nothing else', async () => {
    const value = `"\u0001' ; touch ${CANARY} ; echo INJECTED #`;
    const { e, section } = await openReproduce(withHeader('X-Trace', value));
    fireEvent.click(within(section).getByRole('button', { name: 'Copy request as cURL' }));
    await waitFor(() => expect(e.copied.length).toBe(1));
    const copied = e.copied[0] as string;
    expect(within(section).getByTestId('repro-request').textContent).toBe(copied);
    const [call] = expectRuns([{ command: copied, intended: 'once', label: 'copied request' }]);
    expect(call).toContain(`X-Trace: ${value}`);
  });

  it('the pasteable script of both commands runs curl twice and nothing else', () => {
    const value = `\u0001'$(touch ${CANARY})`;
    const reproduce = buildReport([withHeader('X-Trace', value)], reportEnv).failures[0]!.reproduce;
    const script = curlScript(reproduce);
    for (const shell of SHELLS) {
      const ran = run(shell, script);
      expect(existsSync(CANARY), `${shell.name}:\n${script}`).toBe(false);
      expect({ status: ran.status, stderr: ran.stderr }).toEqual({ status: 0, stderr: '' });
      const calls = ran.calls.map((c) => c.map((b) => b.toString('utf8')));
      expect(calls.map((c) => c.slice(0, 3))).toEqual([['-i', '-X', 'OPTIONS'], ['-i', '-X', 'PUT']]);
      expect(calls[1]).toContain(`X-Trace: ${value}`);
    }
  });

  it('a header with a line break: the panel shows the refusal and its reason instead of a command', async () => {
    const { section } = await openReproduce(withHeader('X-Trace', `a\nb ; touch ${CANARY}`));
    const shown = within(section).getByTestId('repro-request').textContent ?? '';
    expect(shown).toMatch(/^# cannot be copied as a shell command: header X-Trace holds a line break \(U\+000A\)/);
    expectRuns([{ command: shown, intended: null, label: 'refused request' }]);
  });
});
