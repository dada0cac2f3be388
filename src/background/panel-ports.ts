import {
  PANEL_PORT_NAME,
  PROTOCOL_VERSION,
  parsePanelMessage,
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
      if (msg.type === 'hello') {
        if (tabId !== undefined) this.byTab.get(tabId)?.delete(port);
        tabId = msg.tabId;
        let set = this.byTab.get(tabId);
        if (!set) this.byTab.set(tabId, (set = new Set()));
        set.add(port);
        void this.deps.snapshot(tabId).then((snapshot) => safePost(port, snapshotMessage(snapshot)));
      } else if (msg.type === 'clear') {
        void this.deps.clear(msg.tabId);
      }
    });
  }

  /** Pushes a tab's new state to every panel inspecting it. */
  publish(snapshot: TabSnapshot): void {
    const ports = this.byTab.get(snapshot.tabId);
    if (!ports) return;
    for (const port of ports) safePost(port, snapshotMessage(snapshot));
  }
}

function snapshotMessage(snapshot: TabSnapshot): WorkerMessage {
  return { type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot };
}

function safePost(port: PortLike, message: WorkerMessage): void {
  try {
    port.postMessage(message);
  } catch {
    // The panel closed between the event and the post: nothing to deliver.
  }
}
