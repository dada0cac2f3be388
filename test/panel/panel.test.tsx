import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { App } from '../../src/panel/App';
import { createPortStore, type PanelPort } from '../../src/panel/store';
import { StoreContext } from '../../src/panel/store-context';
import { PROTOCOL_VERSION, type CapturedFailure, type PanelMessage, type TabSnapshot } from '../../src/shared/messages';
import { capturedFailures } from '../helpers/captured';

// A fake worker on the other end of the port: proves the panel's translation
// of messages into UI, not that the extension works (e2e does that).
function fakeWorker() {
  const ports: Array<{ sent: PanelMessage[]; push(m: unknown): void; drop(): void }> = [];
  const pending: Array<() => void> = [];
  const connect = (): PanelPort => {
    let onMessage: (m: unknown) => void = () => {};
    let onDisconnect: () => void = () => {};
    const record = { sent: [] as PanelMessage[], push: (m: unknown) => onMessage(m), drop: () => onDisconnect() };
    ports.push(record);
    return {
      postMessage: (m) => void record.sent.push(m),
      onMessage: { addListener: (cb) => void (onMessage = cb) },
      onDisconnect: { addListener: (cb) => void (onDisconnect = cb) },
      disconnect() {},
    };
  };
  return { ports, connect, schedule: (fn: () => void) => void pending.push(fn), runPending: () => pending.splice(0).forEach((f) => f()) };
}

let real: CapturedFailure[] = [];
beforeAll(async () => {
  real = await capturedFailures(['preflight-404', 'method-not-allowed', 'response-missing-acao']);
});

const snapshot = (tabId: number, failures: CapturedFailure[], dropped = 0): TabSnapshot => ({ tabId, failures, dropped, preserveLog: false });

function renderPanel(tabId = 42) {
  const worker = fakeWorker();
  const store = createPortStore({ tabId, connect: worker.connect, schedule: worker.schedule });
  render(
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>,
  );
  return { worker, store };
}

afterEach(cleanup);

describe('CORS panel', () => {
  it('says hello with its tab id and shows the tab failures the worker sends', async () => {
    const { worker } = renderPanel(42);
    expect(worker.ports[0]!.sent[0]).toEqual({ type: 'hello', protocolVersion: PROTOCOL_VERSION, tabId: 42 });
    worker.ports[0]!.push({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: snapshot(42, [real[0]!]) });
    expect(await screen.findByText('1 CORS failure')).toBeTruthy();
    expect(screen.getByTestId('tab-id').textContent).toBe('Tab 42');
    expect(screen.getByText('/s/preflight-404?n=NONCE')).toBeTruthy();
    expect(screen.getByText('404')).toBeTruthy();
    expect(screen.getByText('PreflightMissingAllowOriginHeader')).toBeTruthy();
  });

  it('appends each new failure as it is added, newest last', async () => {
    const { worker } = renderPanel(42);
    worker.ports[0]!.push({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: snapshot(42, [real[0]!]) });
    await screen.findByText('1 CORS failure');
    worker.ports[0]!.push({ type: 'added', protocolVersion: PROTOCOL_VERSION, tabId: 42, failure: real[1]!, dropped: 0 });
    worker.ports[0]!.push({ type: 'added', protocolVersion: PROTOCOL_VERSION, tabId: 42, failure: real[1]!, dropped: 0 }); // duplicate: ignored
    worker.ports[0]!.push({ type: 'added', protocolVersion: PROTOCOL_VERSION, tabId: 42, failure: real[2]!, dropped: 0 });
    expect(await screen.findByText('3 CORS failures')).toBeTruthy();
    const codes = [...document.querySelectorAll('tr.failure td.code')].map((td) => td.textContent);
    expect(codes).toEqual(['PreflightMissingAllowOriginHeader', 'MethodDisallowedByPreflightResponse', 'MissingAllowOriginHeader']);
  });

  it('ignores a snapshot for another tab', async () => {
    const { worker } = renderPanel(42);
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
    const { worker } = renderPanel(42);
    worker.ports[0]!.push({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: snapshot(42, [real[0]!, real[1]!]) });
    await screen.findByText('2 CORS failures');
    worker.ports[0]!.drop();
    expect(await screen.findByText('Reconnecting to the extension…')).toBeTruthy();
    expect(screen.getByText('2 CORS failures')).toBeTruthy();
    worker.runPending();
    expect(worker.ports).toHaveLength(2);
    expect(worker.ports[1]!.sent[0]).toMatchObject({ type: 'hello', tabId: 42 });
  });

  it('asks the worker to clear the tab', async () => {
    const { worker } = renderPanel(42);
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(worker.ports[0]!.sent[1]).toEqual({ type: 'clear', protocolVersion: PROTOCOL_VERSION, tabId: 42 });
  });

  it('shows how many older exchanges were dropped', async () => {
    const { worker } = renderPanel(42);
    worker.ports[0]!.push({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: snapshot(42, [], 17) });
    expect(await screen.findByText('17 older exchanges dropped')).toBeTruthy();
  });

  it('toggles preserve log through the worker', async () => {
    const { worker } = renderPanel(42);
    worker.ports[0]!.push({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: snapshot(42, []) });
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Preserve log' }));
    expect(worker.ports[0]!.sent.at(-1)).toEqual({ type: 'setPreserveLog', protocolVersion: PROTOCOL_VERSION, tabId: 42, value: true });
  });
});
