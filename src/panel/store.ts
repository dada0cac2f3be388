import {
  PANEL_PORT_NAME,
  PROTOCOL_VERSION,
  parseWorkerMessage,
  type PanelMessage,
  type TabSnapshot,
  type WorkerMessage,
} from '../shared/messages';

// The panel's store. It never touches chrome.*: main.tsx injects a port
// factory, tests inject a fake one (preact-devtools' store-through-context).

export interface PanelPort {
  postMessage(message: PanelMessage): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
  disconnect(): void;
}

export type ConnectionStatus = 'connecting' | 'ready' | 'reconnecting' | 'version-mismatch';

export interface PanelState {
  tabId: number;
  status: ConnectionStatus;
  snapshot: TabSnapshot | null;
  /** The worker's protocol version when it differs from ours. */
  workerVersion?: number;
}

export interface PanelStore {
  getState(): PanelState;
  subscribe(listener: (state: PanelState) => void): () => void;
  clear(): void;
  setPreserveLog(value: boolean): void;
  dispose(): void;
}

/** The panel keeps at most this many failures (the worker bounds its own store too). */
export const PANEL_MAX_FAILURES = 10_000;

export interface PortStoreOptions {
  tabId: number;
  connect(name: string): PanelPort;
  /** Delay before reconnecting after the worker went away (ms). */
  schedule?(fn: () => void, ms: number): void;
}

/** What a valid worker message changes in the panel's state, or null when it is not for this tab (or nothing new). */
function applyWorkerMessage(state: PanelState, msg: WorkerMessage): Partial<PanelState> | null {
  if (msg.type === 'snapshot' && msg.snapshot.tabId === state.tabId) {
    return { status: 'ready', snapshot: msg.snapshot };
  }
  if (msg.type === 'added' && msg.tabId === state.tabId && state.snapshot) {
    const prev = state.snapshot;
    if (prev.failures.some((f) => f.id === msg.failure.id)) return null;
    const all = [...prev.failures, msg.failure];
    const failures = all.length > PANEL_MAX_FAILURES ? all.slice(all.length - PANEL_MAX_FAILURES) : all;
    // The tab has had dropped + kept failures in all (the worker's counts); the panel may
    // still show some the worker has dropped, so "older dropped" is what the panel lacks.
    const total = msg.kept !== undefined ? msg.dropped + msg.kept : prev.dropped + all.length;
    return { snapshot: { ...prev, failures, dropped: Math.max(0, total - failures.length) } };
  }
  return null;
}

export function createPortStore(options: PortStoreOptions): PanelStore {
  const schedule = options.schedule ?? ((fn, ms) => void setTimeout(fn, ms));
  let state: PanelState = { tabId: options.tabId, status: 'connecting', snapshot: null };
  const listeners = new Set<(state: PanelState) => void>();
  let port: PanelPort | null = null;
  let disposed = false;
  let attempts = 0;

  function set(next: Partial<PanelState>): void {
    state = { ...state, ...next };
    for (const l of listeners) l(state);
  }

  function open(): void {
    if (disposed) return;
    let p: PanelPort;
    try {
      p = options.connect(PANEL_PORT_NAME);
    } catch {
      retry();
      return;
    }
    port = p;
    p.onMessage.addListener((raw) => {
      const parsed = parseWorkerMessage(raw);
      if (parsed.ok) {
        attempts = 0;
        const next = applyWorkerMessage(state, parsed.message);
        if (next) set(next);
      } else if (parsed.reason === 'version') {
        set({ status: 'version-mismatch', workerVersion: parsed.version });
      }
    });
    p.onDisconnect.addListener(() => {
      if (port !== p) return;
      port = null;
      if (state.status !== 'version-mismatch') retry();
    });
    // The first message carries the tab id; it is re-sent on every reconnect.
    p.postMessage({ type: 'hello', protocolVersion: PROTOCOL_VERSION, tabId: state.tabId });
  }

  function retry(): void {
    if (disposed) return;
    set({ status: 'reconnecting' });
    attempts++;
    schedule(open, Math.min(2000, 50 * 2 ** Math.min(attempts, 6)));
  }

  open();

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      port?.postMessage({ type: 'clear', protocolVersion: PROTOCOL_VERSION, tabId: state.tabId });
    },
    setPreserveLog(value) {
      port?.postMessage({ type: 'setPreserveLog', protocolVersion: PROTOCOL_VERSION, tabId: state.tabId, value });
    },
    dispose() {
      disposed = true;
      port?.disconnect();
      port = null;
    },
  };
}
