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
  /** Who opened the port (Chromium and Firefox fill this in). */
  sender?: { id?: string; url?: string };
  postMessage(message: WorkerMessage): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export interface PanelPortsDeps {
  /** runtime.id: only the extension's own pages may talk to the worker. */
  extensionId: string;
  /** One log line per ignored connection or message. */
  log(message: string): void;
  snapshot(tabId: number): Promise<TabSnapshot>;
  clear(tabId: number): Promise<void>;
  setPreserveLog(tabId: number, value: boolean): Promise<void>;
}

export class PanelPorts {
  private readonly byTab = new Map<number, Set<PortLike>>();

  constructor(private readonly deps: PanelPortsDeps) {}

  connect(port: PortLike): void {
    if (port.name !== PANEL_PORT_NAME) return;
    // No externally_connectable in the manifest, so only our own pages can
    // reach onConnect; checked anyway, since a port's messages drive the store.
    if (port.sender?.id !== this.deps.extensionId || !isOwnPage(port.sender.url, this.deps.extensionId)) {
      this.deps.log(`ignored a port from ${port.sender?.url ?? 'an unknown sender'}`);
      return;
    }
    let tabId: number | undefined;
    port.onDisconnect.addListener(() => {
      if (tabId !== undefined) this.byTab.get(tabId)?.delete(port);
    });
    port.onMessage.addListener((raw) => {
      const parsed = parsePanelMessage(raw);
      if (!parsed.ok) {
        if (parsed.reason === 'version') {
          safePost(port, { type: 'versionMismatch', protocolVersion: PROTOCOL_VERSION, expected: PROTOCOL_VERSION });
        } else {
          this.deps.log(`ignored a malformed panel message: ${describe(raw)}`);
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
  publishAdded(failure: CapturedFailure, dropped: number, kept?: number): void {
    this.post(failure.tabId, { type: 'added', protocolVersion: PROTOCOL_VERSION, tabId: failure.tabId, failure, dropped, ...(kept !== undefined ? { kept } : {}) });
  }

  private post(tabId: number, message: WorkerMessage): void {
    const ports = this.byTab.get(tabId);
    if (!ports) return;
    for (const port of ports) safePost(port, message);
  }
}

function isOwnPage(url: string | undefined, id: string): boolean {
  return typeof url === 'string' && (url.startsWith(`chrome-extension://${id}/`) || url.startsWith('moz-extension://'));
}

function describe(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = Object.prototype.toString.call(raw);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function safePost(port: PortLike, message: WorkerMessage): void {
  try {
    port.postMessage(message);
  } catch {
    // The panel closed between the event and the post: nothing to deliver.
  }
}
