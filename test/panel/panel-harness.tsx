// The panel with a store built in the test: a fake worker on the other end of the port and a
// fake environment (clipboard, remembered stack). Proves the panel's translation of data into
// UI, not that the extension works (e2e does that).
import { render, screen } from '@testing-library/preact';
import { App } from '../../src/panel/App';
import type { PanelEnvironment } from '../../src/panel/environment';
import { EnvironmentContext } from '../../src/panel/environment';
import { createPortStore, type PanelPort } from '../../src/panel/store';
import { StoreContext } from '../../src/panel/store-context';
import type { StackId } from '../../src/core/fixes/index';
import { PROTOCOL_VERSION, type CapturedFailure, type PanelMessage, type TabSnapshot } from '../../src/shared/messages';

export function fakeWorker() {
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

export interface FakeEnvironment extends PanelEnvironment {
  copied: string[];
  saved: StackId[];
  downloads: Array<{ fileName: string; mimeType: string; content: string }>;
}

export function fakeEnvironment(over: Partial<PanelEnvironment> & { remembered?: StackId | null } = {}): FakeEnvironment {
  const copied: string[] = [];
  const saved: StackId[] = [];
  const downloads: FakeEnvironment['downloads'] = [];
  return {
    copied,
    saved,
    downloads,
    copyText: async (t) => void copied.push(t),
    download: (fileName, mimeType, content) => void downloads.push({ fileName, mimeType, content }),
    loadStack: async () => over.remembered ?? null,
    saveStack: (s) => void saved.push(s),
    popOutUrl: null,
    inDevTools: false,
    browser: () => ({ name: 'Chromium', version: '156.0.7523.0' }),
    extensionVersion: '0.1.0',
    now: () => new Date(2026, 4, 1, 12, 34, 56),
    ...over,
  };
}

export const snapshot = (tabId: number, failures: CapturedFailure[], dropped = 0, preserveLog = false): TabSnapshot => ({ tabId, failures, dropped, preserveLog });

export function renderPanel({ tabId = 42, failures, env = fakeEnvironment() }: { tabId?: number; failures?: CapturedFailure[]; env?: FakeEnvironment } = {}) {
  const worker = fakeWorker();
  const store = createPortStore({ tabId, connect: worker.connect, schedule: worker.schedule });
  const view = render(
    <EnvironmentContext.Provider value={env}>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </EnvironmentContext.Provider>,
  );
  if (failures) worker.ports[0]!.push({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: snapshot(tabId, failures) });
  return { worker, store, env, view };
}

/** The list's data rows (without the header row). */
export const rows = () => screen.queryAllByRole('row').filter((r) => r.classList.contains('failure'));
export const grid = () => screen.getByRole('grid', { name: 'CORS failures' });
