import { describe, expect, it } from 'vitest';
import type { CapturePipeline } from '../../src/background/capture-pipeline';
import { PAIRING_HOLD_TICK_MS } from '../../src/background/pairing-session';
import { FAILURE_PERSIST_MS, PAIRING_PERSIST_MS } from '../../src/background/session-persistence';
import type { CapturedFailure } from '../../src/shared/messages';
import { feed, memoryStorage, setup } from '../helpers/pipeline';
import { fixtureEvents } from '../helpers/fixtures';

describe('session persistence: batched writes, restore in a new worker, storage refusing', () => {
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

  it('records a request held for a preflight whose end never comes after two hold ticks, also across a worker restart', async () => {
    // The dead port's request error arrived first, and its preflight's error is lost.
    const events = fixtureEvents('dead-port-preflight', { tabId: 7 }).filter((e) => !(e.method === 'OPTIONS' && e.event === 'errorOccurred'));
    const timers = () => {
      const pending: Array<{ fn: () => void; ms: number }> = [];
      const schedule = (fn: () => void, ms: number) => void pending.push({ fn, ms });
      /** Fires what is due after one tick period (the pairing write shares the period). */
      const elapse = async (store: CapturePipeline) => {
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
