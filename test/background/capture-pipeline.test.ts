import { describe, expect, it } from 'vitest';
import { feed, memoryStorage, setup } from '../helpers/pipeline';
import { fixtureEvents } from '../helpers/fixtures';

describe('capture pipeline: events -> pairing -> diagnosis -> per-tab log + badge', () => {
  it('diagnoses a failed preflight once, counts it on the badge with a tooltip, and publishes it', async () => {
    const { store, badges, added } = setup();
    await feed(store, 'preflight-404');
    expect(added).toHaveLength(1);
    expect(added[0]!.diagnosis.checks[0]!.code).toBe('PreflightMissingAllowOriginHeader');
    expect(added[0]!.preflightFailure).toBe(true);
    expect(badges.get(7)).toEqual({ text: '1', title: '1 CORS preflight failure in this tab' });
  });

  it('stores but does not count an actual-response failure on the badge (default: preflight failures)', async () => {
    const { store, badges, added } = setup();
    await feed(store, 'response-missing-acao');
    expect(added.map((f) => [f.diagnosis.checks[0]!.code, f.preflightFailure])).toEqual([['MissingAllowOriginHeader', false]]);
    expect(badges.get(7)?.text ?? '').toBe('');
  });

  it('adds nothing for a passing request', async () => {
    const { store, added } = setup();
    await feed(store, 'control-ok');
    expect(added).toEqual([]);
  });

  it('resets a tab on main-frame navigation, unless preserve log is on', async () => {
    const { store, badges } = setup();
    await feed(store, 'preflight-404');
    await feed(store, 'preflight-405', 7, 'x'); // its main_frame navigation resets first
    expect((await store.snapshot(7)).failures.map((f) => f.diagnosis.checks[0]!.code)).toEqual(['PreflightInvalidStatus']);
    await store.setPreserveLog(7, true);
    await feed(store, 'preflight-404', 7, 'y');
    expect((await store.snapshot(7)).failures).toHaveLength(2);
    expect(badges.get(7)?.text).toBe('2');
  });

  it('forgets a closed tab, in memory and in storage', async () => {
    const { store, storage } = setup();
    await feed(store, 'preflight-404');
    await store.closeTab(7);
    await store.whenIdle();
    expect(Object.keys(storage.data).filter((k) => k.startsWith('tab:') || k.startsWith('f:'))).toEqual([]);
  });

  it('keeps at most maxFailuresPerTab, dropping the oldest and counting them', async () => {
    const { store, storage, badges } = setup(memoryStorage(), { maxFailuresPerTab: 3 });
    await store.setPreserveLog(7, true);
    for (let i = 0; i < 5; i++) await feed(store, 'preflight-404', 7, `r${i}-`);
    const snap = await store.snapshot(7);
    expect(snap.failures).toHaveLength(3);
    expect(snap.dropped).toBe(2);
    // The badge still counts every preflight failure of the tab, dropped or not.
    expect(badges.get(7)?.text).toBe('5');
    expect(Object.keys(storage.data).filter((k) => k.startsWith('f:'))).toHaveLength(3);
  });

  it('stores no Authorization, Cookie or Set-Cookie value in clear, yet still reads the credentials mode from the Cookie', async () => {
    const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.sig-abcdef123456';
    const SID = 'sid-4f8a1c9e7b2d';
    const PAGE = 'http://page.test';
    const API = 'http://api.test/me';
    const base = { tabId: 9, frameId: 0, documentId: 'D', url: API, type: 'xmlhttprequest', initiator: PAGE };
    const { store, storage, added } = setup();
    const events = [
      { ...base, event: 'beforeRequest', requestId: 'a', method: 'GET', timeStamp: 1 },
      { ...base, event: 'sendHeaders', requestId: 'a', method: 'GET', timeStamp: 2, requestHeaders: [['Origin', PAGE], ['Authorization', `Bearer ${TOKEN}`], ['Cookie', `sid=${SID}; theme=dark`]] },
      { ...base, event: 'headersReceived', requestId: 'a', method: 'GET', timeStamp: 3, statusCode: 200, responseHeaders: [['Access-Control-Allow-Origin', '*'], ['Set-Cookie', `sid=${SID}; Path=/; HttpOnly`]] },
      { ...base, event: 'errorOccurred', requestId: 'a', method: 'GET', timeStamp: 4, error: 'net::ERR_FAILED' },
    ] as const;
    for (const e of events) void store.handleRequestEvent(e as never);
    await store.whenIdle();
    expect(added).toHaveLength(1);
    // The Cookie made the engine see credentials 'include': '*' is then not allowed.
    expect(added[0]!.diagnosis.checks[0]!.code).toBe('WildcardOriginNotAllowed');
    const stored = JSON.stringify(storage.data);
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(SID);
    expect(JSON.stringify(added)).not.toContain(SID);
    // Presence and shape survive.
    expect(added[0]!.exchange.request.headers).toContainEqual(['Authorization', expect.stringMatching(/^Bearer ••••\(\d+ chars\)$/)]);
    expect(added[0]!.exchange.request.headers).toContainEqual(['Cookie', expect.stringMatching(/^sid=••••\(16 chars\); theme=••••\(4 chars\)$/)]);
  });

  it('keeps all tabs together within the storage budget, oldest first, and says so per tab', async () => {
    const { store, storage, badges } = setup(memoryStorage(), { maxStoredFailures: 4 });
    await feed(store, 'preflight-404', 1, 'a');
    await feed(store, 'preflight-405', 1, 'b'); // navigation: tab 1 now holds only this one
    await store.setPreserveLog(2, true);
    for (let i = 0; i < 4; i++) await feed(store, 'preflight-404', 2, `c${i}`);
    const one = await store.snapshot(1);
    const two = await store.snapshot(2);
    expect(one.failures.length + two.failures.length).toBe(4);
    expect(one.failures).toHaveLength(0);
    expect(one.dropped).toBe(1);
    expect(Object.keys(storage.data).filter((k) => k.startsWith('f:'))).toHaveLength(4);
    expect(badges.get(1)?.text).toBe('1'); // the dropped preflight failure still counts
  });

  it.each([
    ['preflight error first (as recorded)', false],
    ['actual request error first (Chromium 150 under load)', true],
  ])('dead port behind a preflight, %s: one failure, counted as a preflight failure on the badge', async (_order, swap) => {
    const { store, badges, added } = setup();
    const events = fixtureEvents('dead-port-preflight', { tabId: 7 });
    const pf = events.findIndex((e) => e.method === 'OPTIONS' && e.event === 'errorOccurred');
    const actual = events.findIndex((e) => e.method === 'PUT' && e.event === 'errorOccurred');
    expect(pf).toBeLessThan(actual);
    if (swap) [events[pf], events[actual]] = [events[actual]!, events[pf]!];
    for (const ev of events) void store.handleRequestEvent(ev);
    await store.whenIdle();
    expect(added.map((f) => [f.exchange.request.method, f.diagnosis.verdict, f.exchange.preflight?.kind, f.preflightFailure])).toEqual([['PUT', 'network-error', 'network-error', true]]);
    expect(badges.get(7)).toEqual({ text: '1', title: '1 CORS preflight failure in this tab' });
  });
});
