import {
  PANEL_PORT_NAME,
  PROTOCOL_VERSION,
  parsePanelMessage,
  type CapturedFailure,
  type TabSnapshot,
  type WorkerMessage,
} from '../shared/messages';

// The worker's side of the panel protocol. A port is a plain object here so
// the logic is testable without a browser.

export interface PortLike {
  name: string;
  postMessage(message: WorkerMessage): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export interface PanelPortsDeps {
  snapshot(tabId: number): Promise<TabSnapshot>;
  clear(tabId: number): Promise<void>;
  setPreserveLog(tabId: number, value: boolean): Promise<void>;
}

export class PanelPorts {
  private readonly byTab = new Map<number, Set<PortLike>>();

  constructor(private readonly deps: PanelPortsDeps) {}

  connect(port: PortLike): void {
    if (port.name !== PANEL_PORT_NAME) return;
    let tabId: number | undefined;
    port.onDisconnect.addListener(() => {
      if (tabId !== undefined) this.byTab.get(tabId)?.delete(port);
    });
    port.onMessage.addListener((raw) => {
      const parsed = parsePanelMessage(raw);
      if (!parsed.ok) {
        if (parsed.reason === 'version') {
          safePost(port, { type: 'versionMismatch', protocolVersion: PROTOCOL_VERSION, expected: PROTOCOL_VERSION });
        }
        return;
      }
      const msg = parsed.message;
      switch (msg.type) {
        case 'hello': {
          if (tabId !== undefined) this.byTab.get(tabId)?.delete(port);
          tabId = msg.tabId;
          let set = this.byTab.get(tabId);
          if (!set) this.byTab.set(tabId, (set = new Set()));
          set.add(port);
          void this.deps.snapshot(tabId).then((snapshot) => safePost(port, { type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot }));
          break;
        }
        case 'clear':
          void this.deps.clear(msg.tabId);
          break;
        case 'setPreserveLog':
          void this.deps.setPreserveLog(msg.tabId, msg.value);
          break;
      }
    });
  }

  /** The tab's whole state, to every panel inspecting it. */
  publishSnapshot(snapshot: TabSnapshot): void {
    this.post(snapshot.tabId, { type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot });
  }

  /** One new failure, to every panel inspecting its tab. */
  publishAdded(failure: CapturedFailure, dropped: number): void {
    this.post(failure.tabId, { type: 'added', protocolVersion: PROTOCOL_VERSION, tabId: failure.tabId, failure, dropped });
  }

  private post(tabId: number, message: WorkerMessage): void {
    const ports = this.byTab.get(tabId);
    if (!ports) return;
    for (const port of ports) safePost(port, message);
  }
}

function safePost(port: PortLike, message: WorkerMessage): void {
  try {
    port.postMessage(message);
  } catch {
    // The panel closed between the event and the post: nothing to deliver.
  }
}
