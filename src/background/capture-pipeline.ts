// The capture pipeline: one webRequest event (plain data, event-record.ts) through pairing
// (pairing-session.ts), diagnosis and redaction (failure-record.ts) into the tab's bounded log
// (core/failure-log.ts), then the badge (badge.ts), the panels (deps.onAdded) and storage
// (session-persistence.ts). It decides nothing itself: it wires those modules together and runs
// every operation in arrival order behind the restore (serial-queue.ts). Browser APIs are
// injected: tests pass plain objects.
import { DEFAULT_FAILURE_LOG_LIMITS, FailureLog, type Evicted, type FailureLogLimits } from '../core/failure-log';
import { DEFAULT_LIMITS, type CapturedExchange, type PairingEvent, type PairingLimits, type RequestEvent } from '../core/pairing';
import type { CapturedFailure, TabSnapshot } from '../shared/messages';
import { TabBadge, type SetBadge } from './badge';
import { capturedFailure, diagnoseForStorage, type BrowserStamp } from './failure-record';
import { PairingSession } from './pairing-session';
import { SerialQueue } from './serial-queue';
import { emptySnapshot, SessionPersistence, type SessionStorageLike, type StoredEntry } from './session-persistence';

export interface CapturePipelineDeps extends BrowserStamp {
  storage: SessionStorageLike;
  setBadge: SetBadge;
  /** A tab's log changed as a whole (restore, clear, navigation reset, preserve-log toggle). */
  onSnapshot(snapshot: TabSnapshot): void;
  /** `kept`: how many failures of the tab the worker keeps now (the panel may show more). */
  onAdded(failure: CapturedFailure, dropped: number, kept: number): void;
  onError(error: unknown): void;
  now?(): number;
  limits?: Partial<CaptureLimits>;
  /**
   * Runs `fn` after `ms` (setTimeout in the worker): pairing hold ticks and the batched storage
   * writes. Without it, everything is written with every flush (tests).
   */
  schedule?(fn: () => void, ms: number): void;
}

export interface CaptureLimits extends PairingLimits, FailureLogLimits {}

export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = { ...DEFAULT_LIMITS, ...DEFAULT_FAILURE_LOG_LIMITS };

export class CapturePipeline {
  private readonly queue: SerialQueue;
  private readonly log: FailureLog<StoredEntry>;
  private readonly pairing: PairingSession;
  private readonly persistence: SessionPersistence;
  private readonly badge: TabBadge;
  private readonly now: () => number;

  constructor(private readonly deps: CapturePipelineDeps) {
    const limits = { ...DEFAULT_CAPTURE_LIMITS, ...deps.limits };
    this.now = deps.now ?? Date.now;
    this.queue = new SerialQueue((error) => deps.onError(error));
    this.log = new FailureLog(limits);
    this.badge = new TabBadge(deps.setBadge);
    const schedule = deps.schedule ? { schedule: deps.schedule } : {};
    this.pairing = new PairingSession({
      limits,
      ...schedule,
      onTouched: (keys) => this.persistence.pairingChanged(keys),
      onTickDue: (tabId) => void this.queue.run(() => this.reduce({ event: 'tick', tabId })),
    });
    this.persistence = new SessionPersistence(
      { storage: deps.storage, queue: this.queue, onError: deps.onError, ...schedule },
      { pairingTab: (key) => this.pairing.tab(key), tabLog: (tabId) => this.log.get(tabId) },
    );
    void this.queue.run(() => this.restore());
  }

  private async restore(): Promise<void> {
    const restored = await this.persistence.restore();
    this.pairing.restore(restored.pairing);
    for (const [tabId, log] of restored.logs) this.log.restore(tabId, log);
  }

  /** Resolves when every queued operation and storage write has finished. */
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  handleRequestEvent(ev: RequestEvent): Promise<void> {
    return this.queue.run(() => {
      if (ev.tabId < 0) return;
      if (ev.type === 'main_frame') {
        if (ev.event === 'beforeRequest') this.navigate(ev.tabId);
        // Chromium clears a tab's badge when a navigation commits; a preserved log puts it back.
        else if (ev.event === 'completed' || ev.event === 'headersReceived') this.refreshBadge(ev.tabId);
        return;
      }
      this.reduce(ev);
    });
  }

  closeTab(tabId: number): Promise<void> {
    return this.queue.run(() => {
      this.pairing.reduce({ event: 'tabRemoved', tabId });
      const gone = this.log.remove(tabId);
      if (!gone) return;
      this.persistence.dropped(gone);
      this.persistence.tabRemoved(tabId);
      this.persistence.writeSoon();
    });
  }

  clear(tabId: number): Promise<void> {
    return this.queue.run(() => {
      this.log.tab(tabId); // a cleared tab has a log: its (empty) index is written
      this.persistence.dropped(this.log.clear(tabId));
      this.tabChanged(tabId, true);
      this.deps.onSnapshot(emptySnapshot(tabId, this.log.get(tabId)));
    });
  }

  setPreserveLog(tabId: number, value: boolean): Promise<void> {
    return this.queue.run(async () => {
      this.log.setPreserveLog(tabId, value);
      this.tabChanged(tabId, false);
      this.deps.onSnapshot(await this.persistence.load(tabId));
    });
  }

  async snapshot(tabId: number): Promise<TabSnapshot> {
    await this.whenIdle();
    return this.persistence.load(tabId);
  }

  private navigate(tabId: number): void {
    // Request-scoped state goes with the old document; what it still knew is recorded first.
    this.reduce({ event: 'navigated', tabId, preserveLog: this.log.get(tabId)?.preserveLog ?? false });
    const gone = this.log.navigated(tabId);
    if (!gone) return;
    this.persistence.dropped(gone);
    this.tabChanged(tabId, true);
    this.deps.onSnapshot(emptySnapshot(tabId, this.log.get(tabId)));
  }

  private reduce(ev: PairingEvent): void {
    for (const c of this.pairing.reduce(ev)) this.record(c);
  }

  private record(c: CapturedExchange): void {
    const diagnosed = diagnoseForStorage(c, this.deps);
    if (!diagnosed) return;
    const failure = capturedFailure(c, diagnosed, this.log.nextSeq(c.tabId), this.now());
    const entry: StoredEntry = { id: failure.id, capturedAt: failure.capturedAt, preflightFailure: failure.preflightFailure, size: JSON.stringify(failure).length, full: failure };
    this.persistence.added(entry);
    this.evicted(this.log.add(c.tabId, entry));
    const log = this.log.tab(c.tabId);
    this.tabChanged(c.tabId, failure.preflightFailure || log.dropped > 0, true);
    this.deps.onAdded(failure, log.dropped, log.entries.length);
  }

  private evicted(evicted: Evicted<StoredEntry>[]): void {
    for (const { tabId, entry } of evicted) {
      this.persistence.dropped([entry]);
      this.persistence.tabChanged(tabId);
    }
  }

  private refreshBadge(tabId: number): void {
    const log = this.log.get(tabId);
    if (log) this.badge.show(tabId, log);
  }

  private tabChanged(tabId: number, badgeChanged: boolean, batched = false): void {
    this.persistence.tabChanged(tabId);
    if (badgeChanged) this.badge.show(tabId, this.log.get(tabId));
    if (batched) this.persistence.writeBatched();
    else this.persistence.writeSoon();
  }
}
