import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { PROTOCOL_VERSION, type CapturedFailure } from '../../src/shared/messages';
import { capturedFailures } from '../helpers/captured';
import { renderPanel, rows, snapshot } from './panel-harness';

let real: CapturedFailure[] = [];
beforeAll(async () => {
  real = await capturedFailures(['preflight-404', 'method-not-allowed', 'response-missing-acao']);
});

afterEach(cleanup);

describe('CORS panel: connection to the worker', () => {
  it('says hello with its tab id and shows the tab failures the worker sends', async () => {
    const { worker } = renderPanel({ tabId: 42 });
    expect(worker.ports[0]!.sent[0]).toEqual({ type: 'hello', protocolVersion: PROTOCOL_VERSION, tabId: 42 });
    worker.ports[0]!.push({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: snapshot(42, [real[0]!]) });
    expect(await screen.findByText('1 CORS failure')).toBeTruthy();
    expect(screen.getByTestId('tab-id').textContent).toBe('Tab 42');
    expect(screen.getByText('/s/preflight-404?n=NONCE')).toBeTruthy();
    const row = rows()[0]!;
    expect(row.querySelector('.preflight')!.textContent).toBe('404');
    expect(row.querySelector('.code')!.textContent).toBe('Preflight: no Allow-Origin');
    expect(row.querySelector('.method')!.textContent).toBe('PUT');
  });

  it('appends each new failure as it is added, newest last', async () => {
    const { worker } = renderPanel({ tabId: 42, failures: [real[0]!] });
    await screen.findByText('1 CORS failure');
    worker.ports[0]!.push({ type: 'added', protocolVersion: PROTOCOL_VERSION, tabId: 42, failure: real[1]!, dropped: 0 });
    worker.ports[0]!.push({ type: 'added', protocolVersion: PROTOCOL_VERSION, tabId: 42, failure: real[1]!, dropped: 0 }); // duplicate: ignored
    worker.ports[0]!.push({ type: 'added', protocolVersion: PROTOCOL_VERSION, tabId: 42, failure: real[2]!, dropped: 0 });
    expect(await screen.findByText('3 CORS failures')).toBeTruthy();
    expect(rows().map((r) => r.querySelector('.code')!.textContent)).toEqual(['Preflight: no Allow-Origin', 'Method DELETE not allowed', 'No Allow-Origin']);
  });

  it('ignores a snapshot for another tab', async () => {
    const { worker } = renderPanel({ tabId: 42 });
    worker.ports[0]!.push({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: snapshot(43, [real[0]!]) });
    await Promise.resolve();
    expect(screen.getByText('Connecting…')).toBeTruthy();
  });

  it('shows "Reload DevTools" on a protocol version mismatch, not a blank panel', async () => {
    const { worker } = renderPanel();
    worker.ports[0]!.push({ type: 'versionMismatch', protocolVersion: 99, expected: 99 });
    expect((await screen.findByRole('alert')).textContent).toMatch(/Reload DevTools/);
  });

  it('reconnects and re-sends hello when the worker goes away, keeping what it showed', async () => {
    const { worker } = renderPanel({ tabId: 42, failures: [real[0]!, real[1]!] });
    await screen.findByText('2 CORS failures');
    fireEvent.click(rows()[1]!);
    worker.ports[0]!.drop();
    expect(await screen.findByText('Reconnecting to the extension…')).toBeTruthy();
    expect(screen.getByText('2 CORS failures')).toBeTruthy();
    expect(await screen.findByTestId('detail')).toBeTruthy(); // the open detail stays
    worker.runPending();
    expect(worker.ports).toHaveLength(2);
    expect(worker.ports[1]!.sent[0]).toMatchObject({ type: 'hello', tabId: 42 });
  });

  it('asks the worker to clear the tab, and closes the detail when the cleared snapshot comes', async () => {
    const { worker } = renderPanel({ tabId: 42, failures: [real[0]!] });
    await screen.findByText('1 CORS failure');
    fireEvent.click(rows()[0]!);
    expect(await screen.findByTestId('detail')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(worker.ports[0]!.sent[1]).toEqual({ type: 'clear', protocolVersion: PROTOCOL_VERSION, tabId: 42 });
    worker.ports[0]!.push({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: snapshot(42, []) });
    expect(await screen.findByTestId('empty-state')).toBeTruthy();
    expect(screen.queryByTestId('detail')).toBeNull();
  });

  it('counts as dropped only what it no longer shows, when the worker keeps fewer than the panel', async () => {
    const { worker } = renderPanel({ tabId: 42 });
    worker.ports[0]!.push({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: snapshot(42, [real[0]!, real[1]!]) });
    await screen.findByText('2 CORS failures', { exact: false });
    // The worker has seen 12 in all and keeps 2; the panel shows 3 of them: 9 are missing here.
    worker.ports[0]!.push({ type: 'added', protocolVersion: PROTOCOL_VERSION, tabId: 42, failure: real[2]!, dropped: 10, kept: 2 });
    expect(await screen.findByText('9 older exchanges dropped')).toBeTruthy();
  });

  it('shows how many older exchanges were dropped', async () => {
    const { worker } = renderPanel({ tabId: 42 });
    worker.ports[0]!.push({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: snapshot(42, [], 17) });
    expect(await screen.findByText('17 older exchanges dropped')).toBeTruthy();
  });

  it('toggles preserve log through the worker', async () => {
    const { worker } = renderPanel({ tabId: 42, failures: [] });
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Preserve log' }));
    expect(worker.ports[0]!.sent.at(-1)).toEqual({ type: 'setPreserveLog', protocolVersion: PROTOCOL_VERSION, tabId: 42, value: true });
  });

  it('counts what the badge counts: failures blocked by a failed preflight', async () => {
    renderPanel({ tabId: 42, failures: real });
    expect((await screen.findByTestId('preflight-count')).textContent).toBe('2 blocked by a failed preflight');
  });
});

describe('CORS panel: empty state', () => {
  it('says what the panel watches and how to trigger the bundled demo', async () => {
    renderPanel({ tabId: 7, failures: [] });
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('No CORS failures in this tab yet');
    expect(empty.textContent).toContain('tab 7');
    expect(empty.textContent).toMatch(/fetch.*XMLHttpRequest/);
    expect(empty.textContent).toContain('OPTIONS');
    expect(empty.textContent).toContain('reload the page');
    expect(empty.textContent).toContain('npm run demo');
  });

  it('shows no empty state while connecting', () => {
    renderPanel({ tabId: 7 });
    expect(screen.queryByTestId('empty-state')).toBeNull();
  });
});

describe('CORS panel: pop out', () => {
  it('links to standalone mode when inside DevTools', async () => {
    const { fakeEnvironment } = await import('./panel-harness');
    renderPanel({ failures: [], env: fakeEnvironment({ popOutUrl: 'chrome-extension://abc/src/panel/panel.html?tabId=42', inDevTools: true }) });
    const link = screen.getByRole('link', { name: /Pop out/ });
    expect(link.getAttribute('href')).toBe('chrome-extension://abc/src/panel/panel.html?tabId=42');
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('has no pop-out link when already standalone', () => {
    renderPanel({ failures: [] });
    expect(screen.queryByRole('link', { name: /Pop out/ })).toBeNull();
  });
});
