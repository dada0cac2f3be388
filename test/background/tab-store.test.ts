import { describe, expect, it } from 'vitest';
import { FAILURE_PERSIST_MS, PAIRING_HOLD_TICK_MS, PAIRING_PERSIST_MS, TabStore, type Badge, type SessionStorageLike } from '../../src/background/tab-store';
import type { CapturedFailure, TabSnapshot } from '../../src/shared/messages';
import { fixtureEvents } from '../helpers/fixtures';

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

function setup(storage = memoryStorage(), limits?: { maxFailuresPerTab?: number; maxStoredFailures?: number }, schedule?: (fn: () => void, ms: number) => void) {
  const badges = new Map<number, Badge>();
  const snapshots: TabSnapshot[] = [];
  const added: CapturedFailure[] = [];
  const errors: unknown[] = [];
  const store = new TabStore({
    storage,
    setBadge: (tabId, b) => void badges.set(tabId, b),
    onSnapshot: (s) => snapshots.push(s),
    onAdded: (f) => added.push(f),
    onError: (e) => errors.push(e),
    ...(limits ? { limits } : {}),
    ...(schedule ? { schedule } : {}),
  });
  return { store, storage, badges, snapshots, added, errors };
}

async function feed(store: TabStore, scenario: string, tabId = 7, idPrefix = '') {
  for (const ev of fixtureEvents(scenario, { tabId, idPrefix })) void store.handleRequestEvent(ev);
  await store.whenIdle();
}

describe('TabStore: events -> pairing -> diagnosis -> per-tab store + badge', () => {
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

  it('loses nothing across a worker restart: a new store restores failures, badge count and in-flight pairing', async () => {
    const first = setup();
    await feed(first.store, 'preflight-404');
    // Half of a second failure: the preflight ended, the actual request has not yet.
    // Same page, a second request (its page navigation left out).
    const events = fixtureEvents('method-not-allowed', { tabId: 7, idPrefix: 'b' }).filter((e) => e.type !== 'main_frame');
    const cut = events.findIndex((e) => e.method === 'DELETE' && e.event === 'errorOccurred');
    for (const ev of events.slice(0, cut)) void first.store.handleRequestEvent(ev);
    await first.store.whenIdle();

    const second = setup(first.storage);
    for (const ev of events.slice(cut)) void second.store.handleRequestEvent(ev);
    await second.store.whenIdle();
    const snap = await second.store.snapshot(7);
    expect(snap.failures.map((f) => f.diagnosis.checks[0]!.code)).toEqual(['PreflightMissingAllowOriginHeader', 'MethodDisallowedByPreflightResponse']);
    expect(second.badges.get(7)?.text).toBe('2');
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

  it('writes pairing state and new failures on their own schedules; panels and badge learn at once', async () => {
    const pending: Array<{ fn: () => void; ms: number }> = [];
    const { store, storage, badges, added } = setup(memoryStorage(), undefined, (fn, ms) => void pending.push({ fn, ms }));
    const events = fixtureEvents('method-not-allowed', { tabId: 7 }).filter((e) => e.type !== 'main_frame');
    const cut = events.findIndex((e) => e.method === 'DELETE' && e.event === 'errorOccurred');
    for (const ev of events.slice(0, cut)) void store.handleRequestEvent(ev);
    await store.whenIdle();
    expect(Object.keys(storage.data).filter((k) => k.startsWith('p:'))).toEqual([]);
    expect(pending.map((p) => p.ms)).toEqual([PAIRING_PERSIST_MS]);
    pending.splice(0).forEach((p) => p.fn());
    await store.whenIdle();
    expect(Object.keys(storage.data).filter((k) => k.startsWith('p:'))).toEqual(['p:t7']);

    void store.handleRequestEvent(events[cut]!);
    await store.whenIdle();
    // Not written yet, but already published, counted and in the tab's log.
    expect(Object.keys(storage.data).filter((k) => k.startsWith('f:'))).toHaveLength(0);
    expect(added).toHaveLength(1);
    expect(badges.get(7)?.text).toBe('1');
    expect((await store.snapshot(7)).failures).toHaveLength(1);
    expect(pending.map((p) => p.ms)).toContain(FAILURE_PERSIST_MS);
    pending.splice(0).forEach((p) => p.fn());
    await store.whenIdle();
    expect(Object.keys(storage.data).filter((k) => k.startsWith('f:'))).toHaveLength(1);
  });

  it('once stored, a failure is served from storage, not from a copy kept in the worker', async () => {
    const { store, storage, snapshots } = setup();
    await feed(store, 'preflight-404');
    const [key] = Object.keys(storage.data).filter((k) => k.startsWith('f:'));
    (storage.data[key!] as CapturedFailure).diagnosis.summary = 'as stored';
    expect((await store.snapshot(7)).failures.map((f) => f.diagnosis.summary)).toEqual(['as stored']);
    // Preserve log sends the tab's log to the panels: read back the same way.
    await store.setPreserveLog(7, true);
    expect(snapshots.at(-1)!.failures.map((f) => f.diagnosis.summary)).toEqual(['as stored']);
    // A failure storage lost (an outside clear) is left out, and the worker goes on.
    delete storage.data[key!];
    expect((await store.snapshot(7)).failures).toEqual([]);
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

  it('records a request held for a preflight whose end never comes after two hold ticks, also across a worker restart', async () => {
    // The dead port's request error arrived first, and its preflight's error is lost.
    const events = fixtureEvents('dead-port-preflight', { tabId: 7 }).filter((e) => !(e.method === 'OPTIONS' && e.event === 'errorOccurred'));
    const timers = () => {
      const pending: Array<{ fn: () => void; ms: number }> = [];
      const schedule = (fn: () => void, ms: number) => void pending.push({ fn, ms });
      /** Fires what is due after one tick period (the pairing write shares the period). */
      const elapse = async (store: TabStore) => {
        for (const p of pending.splice(0)) {
          expect([PAIRING_HOLD_TICK_MS, PAIRING_PERSIST_MS, FAILURE_PERSIST_MS]).toContain(p.ms);
          p.fn();
        }
        await store.whenIdle();
      };
      return { pending, schedule, elapse };
    };
    const recorded = (added: CapturedFailure[]) => added.map((f) => [f.exchange.request.error, f.exchange.preflight?.kind, f.diagnosis.verdict, f.preflightFailure]);
    const expected = [['net::ERR_CONNECTION_REFUSED', 'not-observed', 'network-error', false]];

    const t = timers();
    const one = setup(memoryStorage(), undefined, t.schedule);
    for (const ev of events) void one.store.handleRequestEvent(ev);
    await one.store.whenIdle();
    expect(one.added).toEqual([]);
    expect(t.pending.map((p) => p.ms)).toContain(PAIRING_HOLD_TICK_MS);
    await t.elapse(one.store);
    expect(one.added).toEqual([]);
    await t.elapse(one.store);
    expect(recorded(one.added)).toEqual(expected);

    // A worker stopped while the request was held: the new one restores it and bounds the wait too.
    const first = setup(); // writes pairing state with every flush
    for (const ev of events) void first.store.handleRequestEvent(ev);
    await first.store.whenIdle();
    expect((first.storage.data['p:t7'] as { waiting: unknown[] }).waiting).toHaveLength(1);
    const t2 = timers();
    const second = setup(first.storage, undefined, t2.schedule);
    await second.store.whenIdle();
    await t2.elapse(second.store);
    expect(second.added).toEqual([]);
    await t2.elapse(second.store);
    expect(recorded(second.added)).toEqual(expected);
  });

  it('survives corrupt storage and failing writes without losing memory state', async () => {
    const storage = memoryStorage({ 'tab:3': { ids: 'x' }, 'tab:4': 'garbage', 'p:t5': 12, 'p:t6': { inflight: 1 }, 'f:zz': { nope: 1 } });
    storage.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    const { store, errors } = setup(storage);
    await feed(store, 'preflight-404');
    expect((await store.snapshot(7)).failures).toHaveLength(1);
    expect(String(errors[0])).toContain('QUOTA');
  });
});
