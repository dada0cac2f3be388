import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { fixesFor, STACKS, type StackGuess } from '../../src/core/fixes/index';
import { preselectStack } from '../../src/panel/stack-choice';
import type { CapturedFailure } from '../../src/shared/messages';
import { capturedFailures } from '../helpers/captured';
import { fakeEnvironment, renderPanel, rows } from './panel-harness';

let pf405: CapturedFailure; // Server: nginx on the preflight
let noStack: CapturedFailure; // nothing recognizable
beforeAll(async () => {
  pf405 = (await capturedFailures(['preflight-405']))[0]!;
  noStack = (await capturedFailures(['header-not-allowed']))[0]!;
});
afterEach(cleanup);

async function openFix(failure: CapturedFailure, env = fakeEnvironment()) {
  renderPanel({ failures: [failure], env });
  await screen.findByText('1 CORS failure');
  fireEvent.click(rows()[0]!);
  await screen.findByTestId('detail');
  return env;
}
const picker = () => screen.getByRole('combobox', { name: 'Server stack' }) as HTMLSelectElement;

describe('the fix view', () => {
  it('preselects the detected stack and says from what evidence', async () => {
    await openFix(pf405);
    expect(picker().value).toBe('nginx');
    expect(screen.getByTestId('stack-evidence').textContent).toBe('Detected nginx (proxy) from Server: nginx/1.22.1 on the preflight response.');
    expect(screen.getByTestId('stack-evidence').querySelector('code')!.textContent).toBe('Server: nginx/1.22.1');
    const fix = fixesFor(pf405.diagnosis, pf405.exchange).find((f) => f.stack === 'nginx')!;
    expect(screen.getByTestId('fix-snippet').textContent).toBe(fix.snippet);
    expect(screen.getByTestId('fix-verify').textContent).toBe(fix.verify);
    expect(screen.getByText('Where:').parentElement!.textContent).toContain(fix.where.replace(/`/g, ''));
    expect(screen.getByText('Pitfall:').parentElement!.textContent).toContain(fix.pitfall.replace(/`/g, ''));
  });

  it('says in the fix header how the fix is proven: run in its server, or syntax checked only', async () => {
    await openFix(pf405);
    const proven = () => screen.getByTestId('fix-proven');
    expect(proven().dataset['kind']).toBe('run');
    expect(proven().querySelector('strong')!.textContent).toBe('run in nginx 1.22.1 (Debian)');
    expect(proven().textContent).toContain('the six journey cases');
    expect(proven().title).toBe('Proven by test/e2e/fixes-nginx.test.ts');
    fireEvent.change(picker(), { target: { value: 'apache' } });
    await waitFor(() => expect(proven().querySelector('strong')!.textContent).toBe('run in Apache 2.4.71 (Debian)'));
    expect(proven().textContent).toContain('the six journey cases');
    fireEvent.change(picker(), { target: { value: 'iis' } });
    await waitFor(() => expect(proven().dataset['kind']).toBe('syntax'));
    expect(proven().textContent).toMatch(/^Proven: syntax checked only \(IIS CORS Module XML schema\) · web\.config validated by xmllint .*; no IIS here to run it$/);
    expect(proven().title).toBe('');
  });

  it('offers every stack, detected ones marked', async () => {
    await openFix(pf405);
    const options = [...picker().options].map((o) => o.value);
    expect(options.sort()).toEqual(STACKS.map((s) => s.id).sort());
    expect(picker().options[0]!.textContent).toMatch(/\(detected\)$/);
  });

  it('switches the snippet when another stack is picked, and remembers the choice', async () => {
    const env = await openFix(pf405);
    fireEvent.change(picker(), { target: { value: 'django' } });
    const fix = fixesFor(pf405.diagnosis, pf405.exchange).find((f) => f.stack === 'django')!;
    await waitFor(() => expect(screen.getByTestId('fix-snippet').textContent).toBe(fix.snippet));
    expect(env.saved).toEqual(['django']);
  });

  it('opens on the remembered stack when nothing is detected', async () => {
    await openFix(noStack, fakeEnvironment({ remembered: 'flask' }));
    await waitFor(() => expect(picker().value).toBe('flask'));
    expect(screen.getByTestId('stack-evidence').textContent).toContain('your last choice');
  });

  it('Copy puts the snippet on the clipboard; the curl check is copyable too', async () => {
    const env = await openFix(pf405);
    fireEvent.click(screen.getByRole('button', { name: 'Copy snippet' }));
    await screen.findByText('Copied');
    fireEvent.click(screen.getByRole('button', { name: 'Copy curl command' }));
    const fix = fixesFor(pf405.diagnosis, pf405.exchange).find((f) => f.stack === 'nginx')!;
    await waitFor(() => expect(env.copied).toEqual([fix.snippet, fix.verify]));
  });

  it('says so when the clipboard refuses', async () => {
    await openFix(pf405, fakeEnvironment({ copyText: () => Promise.reject(new Error('denied')) }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy snippet' }));
    expect(await screen.findByText('Copy failed')).toBeTruthy();
  });
});

describe('preselectStack', () => {
  const all = STACKS.map((s) => s.id);
  const g = (stack: StackGuess['stack'], confidence: number, layer: StackGuess['layer'] = 'app'): StackGuess => ({ stack, confidence, evidence: [], layer });
  it.each([
    { name: 'nothing known: the first stack', guesses: [], remembered: null, want: { stack: all[0], why: 'default' } },
    { name: 'a confident detection', guesses: [g('nginx', 0.8, 'proxy')], remembered: null, want: { stack: 'nginx', why: 'detected' } },
    { name: 'the remembered stack among the detected', guesses: [g('django', 0.45), g('flask', 0.35)], remembered: 'flask', want: { stack: 'flask', why: 'detected' } },
    { name: 'a confidently detected app beats the remembered stack', guesses: [g('fastapi', 0.8)], remembered: 'express', want: { stack: 'fastapi', why: 'detected' } },
    { name: 'the remembered stack beats a detected proxy in front of it', guesses: [g('nginx', 0.8, 'proxy')], remembered: 'express', want: { stack: 'express', why: 'remembered' } },
    { name: 'the remembered stack beats weak detection', guesses: [g('django', 0.45)], remembered: 'express', want: { stack: 'express', why: 'remembered' } },
    { name: 'weak detection beats nothing', guesses: [g('django', 0.45)], remembered: null, want: { stack: 'django', why: 'detected' } },
  ] as const)('$name', ({ guesses, remembered, want }) => {
    expect(preselectStack(guesses, remembered, all)).toEqual(want);
  });
});
