import { describe, expect, it } from 'vitest';
import { toRecordedEvent, type WebRequestDetails } from '../../src/background/event-record';
import { applyEvent, badgeTextFor, emptyTabLog, MAX_EVENTS_PER_TAB, type TabLog } from '../../src/background/tab-log';
import { TabSessions, type SessionStorageLike } from '../../src/background/tab-sessions';
import type { RecordedEvent, TabSnapshot } from '../../src/shared/messages';

const PAGE = 'http://127.0.0.1:5170';
const API = 'http://127.0.0.1:5171/api/thing';

// Event sequence observed in Chromium 156 for a preflight answered 404
// (STYLE.md): the OPTIONS completes normally, the actual request only has
// onBeforeRequest then onErrorOccurred net::ERR_FAILED.
function preflight404(): Array<[RecordedEvent['event'], WebRequestDetails]> {
  const base = { tabId: 7, frameId: 0, documentId: 'D1', url: API, type: 'xmlhttprequest', initiator: PAGE };
  return [
    ['beforeRequest', { ...base, requestId: '100', method: 'PUT', timeStamp: 1 }],
    ['beforeRequest', { ...base, requestId: '101', method: 'OPTIONS', timeStamp: 2 }],
    [
      'sendHeaders',
      {
        ...base,
        requestId: '101',
        method: 'OPTIONS',
        timeStamp: 3,
        requestHeaders: [
          { name: 'Origin', value: PAGE },
          { name: 'Access-Control-Request-Method', value: 'PUT' },
        ],
      },
    ],
    ['headersReceived', { ...base, requestId: '101', method: 'OPTIONS', timeStamp: 4, statusCode: 404, responseHeaders: [{ name: 'Content-Type', value: 'text/html' }] }],
    ['completed', { ...base, requestId: '101', method: 'OPTIONS', timeStamp: 5, statusCode: 404, responseHeaders: [{ name: 'Content-Type', value: 'text/html' }] }],
    ['errorOccurred', { ...base, requestId: '100', method: 'PUT', timeStamp: 6, error: 'net::ERR_FAILED' }],
  ];
}

function replay(seq: Array<[RecordedEvent['event'], WebRequestDetails]>, log: TabLog = emptyTabLog(7)): TabLog {
  for (const [kind, d] of seq) {
    const ev = toRecordedEvent(kind, d);
    if (ev) log = applyEvent(log, ev);
  }
  return log;
}

describe('toRecordedEvent', () => {
  it('keeps header order and duplicates, decoding binaryValue', () => {
    const ev = toRecordedEvent('headersReceived', {
      requestId: 1,
      tabId: 3,
      url: API,
      responseHeaders: [
        { name: 'Access-Control-Allow-Origin', value: PAGE },
        { name: 'Access-Control-Allow-Origin', value: '*' },
        { name: 'X-Bin', binaryValue: [104, 105] },
      ],
    });
    expect(ev?.requestId).toBe('1');
    expect(ev?.responseHeaders).toEqual([
      ['Access-Control-Allow-Origin', PAGE],
      ['Access-Control-Allow-Origin', '*'],
      ['X-Bin', 'hi'],
    ]);
  });

  it("takes Firefox's originUrl as the initiator origin", () => {
    const ev = toRecordedEvent('beforeRequest', { requestId: 'f1', tabId: 1, url: API, originUrl: `${PAGE}/scenario/x?y=1` });
    expect(ev?.initiator).toBe(PAGE);
  });

  it.each<[string, WebRequestDetails]>([
    ['no url', { requestId: 1, tabId: 1 }],
    ['no request id', { tabId: 1, url: API }],
    ['no tab', { requestId: 1, url: API }],
  ])('drops a detail object with %s instead of throwing', (_name, d) => {
    expect(toRecordedEvent('completed', d)).toBeNull();
  });
});

describe('tab log', () => {
  it('records a failed preflighted request with its preflight status, once', () => {
    const log = replay(preflight404());
    expect(log.failures).toHaveLength(1);
    expect(log.failures[0]).toMatchObject({ method: 'PUT', url: API, error: 'net::ERR_FAILED', preflight: { status: 404 } });
    expect(badgeTextFor(log)).toBe('1');
  });

  it('does not count the preflight itself, same-origin failures, or navigations', () => {
    const log = replay([
      ['errorOccurred', { requestId: '1', tabId: 7, url: `${PAGE}/x`, initiator: PAGE, method: 'GET', error: 'net::ERR_FAILED' }],
      ['errorOccurred', { requestId: '2', tabId: 7, url: API, method: 'GET', type: 'main_frame', initiator: PAGE, error: 'net::ERR_FAILED' }],
      ['errorOccurred', { requestId: '3', tabId: 7, url: API, initiator: PAGE, method: 'GET', error: 'net::ERR_ABORTED' }],
    ]);
    expect(log.failures).toHaveLength(0);
    expect(badgeTextFor(log)).toBe('');
  });

  it(`keeps at most ${MAX_EVENTS_PER_TAB} events and counts what it dropped`, () => {
    let log = emptyTabLog(1);
    for (let i = 0; i < MAX_EVENTS_PER_TAB + 25; i++) {
      log = applyEvent(log, toRecordedEvent('beforeRequest', { requestId: i, tabId: 1, url: API })!);
    }
    expect(log.events).toHaveLength(MAX_EVENTS_PER_TAB);
    expect(log.dropped).toBe(25);
  });
});

function memoryStorage(initial: Record<string, unknown> = {}): SessionStorageLike & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = structuredClone(initial);
  return {
    data,
    async get() {
      return structuredClone(data);
    },
    async set(items) {
      Object.assign(data, structuredClone(items));
    },
    async remove(keys) {
      for (const k of [keys].flat()) delete data[k];
    },
  };
}

describe('TabSessions (worker state)', () => {
  function setup(storage = memoryStorage()) {
    const badges = new Map<number, string>();
    const published: TabSnapshot[] = [];
    const errors: unknown[] = [];
    const sessions = new TabSessions({
      storage,
      setBadge: (tabId, text) => void badges.set(tabId, text),
      onChange: (s) => published.push(s),
      onError: (e) => errors.push(e),
    });
    return { sessions, storage, badges, published, errors };
  }

  it('sets the badge, publishes, and writes through to session storage', async () => {
    const { sessions, storage, badges, published } = setup();
    for (const [kind, d] of preflight404()) await sessions.record(toRecordedEvent(kind, d)!);
    await sessions.whenIdle();
    expect(badges.get(7)).toBe('1');
    expect(published.at(-1)?.failures).toHaveLength(1);
    expect((storage.data['tab:7'] as TabLog).failures).toHaveLength(1);
  });

  it('survives a worker restart: a new instance restores the tab from storage', async () => {
    const first = setup();
    for (const [kind, d] of preflight404()) void first.sessions.record(toRecordedEvent(kind, d)!);
    await first.sessions.whenIdle();
    const second = setup(first.storage);
    const snap = await second.sessions.snapshot(7);
    expect(snap.failures).toHaveLength(1);
    expect(snap.failures[0]?.preflight?.status).toBe(404);
  });

  it('starts the tab over on a main-frame navigation and forgets a closed tab', async () => {
    const { sessions, storage, badges } = setup();
    for (const [kind, d] of preflight404()) void sessions.record(toRecordedEvent(kind, d)!);
    void sessions.record(toRecordedEvent('beforeRequest', { requestId: 'nav', tabId: 7, url: `${PAGE}/`, type: 'main_frame' })!);
    await sessions.whenIdle();
    expect((await sessions.snapshot(7)).failures).toHaveLength(0);
    expect(badges.get(7)).toBe('');
    await sessions.closeTab(7);
    await sessions.whenIdle();
    expect(storage.data).not.toHaveProperty('tab:7');
  });

  it('ignores a corrupt stored entry instead of crashing', async () => {
    const { sessions, errors } = setup(memoryStorage({ 'tab:3': { tabId: 'x' }, 'tab:4': 'garbage', other: 1 }));
    expect((await sessions.snapshot(3)).failures).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('reports a storage failure without losing the in-memory state', async () => {
    const storage = memoryStorage();
    storage.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    const { sessions, errors } = setup(storage);
    for (const [kind, d] of preflight404()) void sessions.record(toRecordedEvent(kind, d)!);
    await sessions.whenIdle();
    expect((await sessions.snapshot(7)).failures).toHaveLength(1);
    expect(String(errors[0])).toContain('quota');
  });
});
