import { describe, expect, it } from 'vitest';
import { PanelPorts, type PortLike } from '../../src/background/panel-ports';
import { PANEL_PORT_NAME, PROTOCOL_VERSION, type TabSnapshot, type WorkerMessage } from '../../src/shared/messages';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
function fakePort(name = PANEL_PORT_NAME, sender: PortLike['sender'] = { id: ID, url: `chrome-extension://${ID}/src/panel/panel.html` }) {
  const sent: WorkerMessage[] = [];
  let onMessage: (m: unknown) => void = () => {};
  let onDisconnect: () => void = () => {};
  const port: PortLike = {
    name,
    sender,
    postMessage: (m) => void sent.push(m),
    onMessage: { addListener: (cb) => void (onMessage = cb) },
    onDisconnect: { addListener: (cb) => void (onDisconnect = cb) },
  };
  return { port, sent, receive: (m: unknown) => onMessage(m), disconnect: () => onDisconnect() };
}

const snap = (tabId: number): TabSnapshot => ({ tabId, failures: [], dropped: 0, preserveLog: false });

function deps() {
  const calls: string[] = [];
  return {
    calls,
    deps: {
      extensionId: ID,
      log: (m: string) => void calls.push(`log ${m}`),
      snapshot: async (t: number) => snap(t),
      clear: async (t: number) => void calls.push(`clear ${t}`),
      setPreserveLog: async (t: number, v: boolean) => void calls.push(`preserve ${t} ${v}`),
    },
  };
}

describe('PanelPorts', () => {
  it('answers hello with the tab snapshot and pushes later changes to that tab only', async () => {
    const ports = new PanelPorts(deps().deps);
    const a = fakePort();
    ports.connect(a.port);
    a.receive({ type: 'hello', protocolVersion: PROTOCOL_VERSION, tabId: 5 });
    await new Promise((r) => setTimeout(r, 0));
    expect(a.sent[0]).toMatchObject({ type: 'snapshot', snapshot: { tabId: 5 } });
    ports.publishSnapshot(snap(6));
    ports.publishSnapshot(snap(5));
    expect(a.sent.map((m) => m.type === 'snapshot' && m.snapshot.tabId)).toEqual([5, 5]);
    a.disconnect();
    ports.publishSnapshot(snap(5));
    expect(a.sent).toHaveLength(2);
  });

  it('forwards clear and preserve-log for the tab', () => {
    const d = deps();
    const ports = new PanelPorts(d.deps);
    const a = fakePort();
    ports.connect(a.port);
    a.receive({ type: 'clear', protocolVersion: PROTOCOL_VERSION, tabId: 5 });
    a.receive({ type: 'setPreserveLog', protocolVersion: PROTOCOL_VERSION, tabId: 5, value: true });
    a.receive({ type: 'setPreserveLog', protocolVersion: PROTOCOL_VERSION, tabId: 5, value: 'yes' });
    expect(d.calls).toEqual(['clear 5', 'preserve 5 true', `log ignored a malformed panel message: {"type":"setPreserveLog","protocolVersion":${PROTOCOL_VERSION},"tabId":5,"value":"yes"}`]);
  });

  it.each([PROTOCOL_VERSION + 1, PROTOCOL_VERSION - 1, undefined])('tells a panel of protocol version %s to reload instead of going blank', (version) => {
    const ports = new PanelPorts(deps().deps);
    const a = fakePort();
    ports.connect(a.port);
    a.receive({ type: 'hello', protocolVersion: version, tabId: 5 });
    expect(a.sent).toEqual([{ type: 'versionMismatch', protocolVersion: PROTOCOL_VERSION, expected: PROTOCOL_VERSION }]);
  });

  it.each([null, 'hello', 42, { type: 'hello', protocolVersion: PROTOCOL_VERSION, tabId: -1 }, { type: 'nope', protocolVersion: PROTOCOL_VERSION, tabId: 1 }])(
    'ignores malformed message %j',
    (m) => {
      const ports = new PanelPorts(deps().deps);
      const a = fakePort();
      ports.connect(a.port);
      expect(() => a.receive(m)).not.toThrow();
      expect(a.sent).toEqual([]);
    },
  );

  it.each<[string, PortLike['sender']]>([
    ['another extension', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/x.html' }],
    ['a web page', { id: ID, url: 'https://evil.example/' }],
    ['a sender without id or url', {}],
  ])('refuses a panel port from %s, with one log line', (_what, sender) => {
    const d = deps();
    const ports = new PanelPorts(d.deps);
    const a = fakePort(PANEL_PORT_NAME, sender);
    ports.connect(a.port);
    a.receive({ type: 'hello', protocolVersion: PROTOCOL_VERSION, tabId: 5 });
    expect(a.sent).toEqual([]);
    expect(d.calls.filter((c) => c.startsWith('log '))).toHaveLength(1);
  });

  it('ignores ports that are not the panel', () => {
    const ports = new PanelPorts(deps().deps);
    const other = fakePort('something-else');
    ports.connect(other.port);
    other.receive({ type: 'hello', protocolVersion: PROTOCOL_VERSION, tabId: 5 });
    expect(other.sent).toEqual([]);
  });
});

import { requestFilter } from '../../src/background/request-filter';
describe('requestFilter', () => {
  it('subscribes only to types that can fail CORS, as the engine names them', () => {
    const chromium = { MAIN_FRAME: 'main_frame', SUB_FRAME: 'sub_frame', XMLHTTPREQUEST: 'xmlhttprequest', FONT: 'font', SCRIPT: 'script', STYLESHEET: 'stylesheet', IMAGE: 'image', MEDIA: 'media', PING: 'ping', OTHER: 'other', WEBSOCKET: 'websocket', CSP_REPORT: 'csp_report' };
    expect(requestFilter(chromium).types).toEqual(['main_frame', 'xmlhttprequest', 'font', 'script', 'stylesheet', 'image', 'media', 'ping', 'other']);
    expect(requestFilter({ ...chromium, BEACON: 'beacon' }).types).toContain('beacon');
    expect(requestFilter(undefined)).toEqual({ urls: ['<all_urls>'] });
  });
});
