import { describe, expect, it } from 'vitest';
import { PanelPorts, type PortLike } from '../../src/background/panel-ports';
import { PANEL_PORT_NAME, PROTOCOL_VERSION, type TabSnapshot, type WorkerMessage } from '../../src/shared/messages';

function fakePort(name = PANEL_PORT_NAME) {
  const sent: WorkerMessage[] = [];
  let onMessage: (m: unknown) => void = () => {};
  let onDisconnect: () => void = () => {};
  const port: PortLike = {
    name,
    postMessage: (m) => void sent.push(m),
    onMessage: { addListener: (cb) => void (onMessage = cb) },
    onDisconnect: { addListener: (cb) => void (onDisconnect = cb) },
  };
  return { port, sent, receive: (m: unknown) => onMessage(m), disconnect: () => onDisconnect() };
}

const snap = (tabId: number, n = 0): TabSnapshot => ({ tabId, failures: Array(n).fill({ requestId: 'r', url: 'u', method: 'GET', error: 'e', timeStamp: 0 }), eventCount: 0, dropped: 0 });

describe('PanelPorts', () => {
  it('answers hello with the tab snapshot and pushes later changes to that tab only', async () => {
    const ports = new PanelPorts({ snapshot: async (t) => snap(t, 2), clear: async () => {} });
    const a = fakePort();
    ports.connect(a.port);
    a.receive({ type: 'hello', protocolVersion: PROTOCOL_VERSION, tabId: 5 });
    await Promise.resolve();
    await Promise.resolve();
    expect(a.sent[0]).toMatchObject({ type: 'snapshot', snapshot: { tabId: 5 } });
    ports.publish(snap(6, 1));
    ports.publish(snap(5, 3));
    expect(a.sent.map((m) => m.type === 'snapshot' && m.snapshot.tabId)).toEqual([5, 5]);
    a.disconnect();
    ports.publish(snap(5, 4));
    expect(a.sent).toHaveLength(2);
  });

  it.each([PROTOCOL_VERSION + 1, undefined])('tells a panel of protocol version %s to reload instead of going blank', (version) => {
    const ports = new PanelPorts({ snapshot: async (t) => snap(t), clear: async () => {} });
    const a = fakePort();
    ports.connect(a.port);
    a.receive({ type: 'hello', protocolVersion: version, tabId: 5 });
    expect(a.sent).toEqual([{ type: 'versionMismatch', protocolVersion: PROTOCOL_VERSION, expected: PROTOCOL_VERSION }]);
  });

  it.each([null, 'hello', 42, { type: 'hello', protocolVersion: PROTOCOL_VERSION, tabId: -1 }, { type: 'nope', protocolVersion: PROTOCOL_VERSION }])(
    'ignores malformed message %j',
    (m) => {
      const ports = new PanelPorts({ snapshot: async (t) => snap(t), clear: async () => {} });
      const a = fakePort();
      ports.connect(a.port);
      expect(() => a.receive(m)).not.toThrow();
      expect(a.sent).toEqual([]);
    },
  );
});
