// Session persistence: the MV3 worker can die at any moment, so its state is written through to
// chrome.storage.session (STYLE.md convention 4) and read back by the next worker before it
// handles anything. Writes are batched on two timers: new failures every FAILURE_PERSIST_MS,
// request-scoped pairing state at most every PAIRING_PERSIST_MS. The bounds that keep the 10 MB
// quota are core/failure-log.ts's; a write storage refuses is reported, and the failures it held
// stay in the worker's memory.
//
// Memory: a failure is held in full only until its storage write succeeds; after that the worker
// keeps its LogEntry (id, time, size, whether it counts on the badge) and reads it back when a
// panel asks for the tab's log.
import type { LogEntry, TabLog } from '../core/failure-log';
import type { PairingState, TabPairing } from '../core/pairing';
import { redactPairingForStorage } from '../core/storage-redaction';
import { isCapturedFailure, type CapturedFailure, type TabSnapshot } from '../shared/messages';
import type { SerialQueue } from './serial-queue';

export interface SessionStorageLike {
  get(keys: null | string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/**
 * How often request-scoped pairing state is written through, at most (ms). It only matters if the
 * worker is stopped in the middle of a request; writing it less often was the largest cost the
 * extension added to a burst of requests (npm run bench, docs/PERFORMANCE.md).
 */
export const PAIRING_PERSIST_MS = 1000;
/** New failures are batched into one write per this many ms (the badge and panels learn of them at once). */
export const FAILURE_PERSIST_MS = 100;

/** What the worker keeps of a failure. */
export interface StoredEntry extends LogEntry {
  /** The failure itself, until storage holds it. */
  full?: CapturedFailure;
}

/** A tab's index as stored: its failures' ids in order, and its log's counters. */
type TabIndex = Omit<TabLog, 'entries'> & { ids: string[] };

/** One key per tab: a burst in one tab rewrites only that tab's pairing state. */
const PAIRING_PREFIX = 'p:';
const TAB_PREFIX = 'tab:';
const FAILURE_PREFIX = 'f:';

/** What a new worker finds in storage. */
export interface RestoredSession {
  pairing: PairingState['tabs'];
  logs: Map<number, TabLog<StoredEntry>>;
}

/** Where the state to write lives (read when a write happens, not when it is scheduled). */
export interface PersistedState {
  pairingTab(key: string): TabPairing | undefined;
  tabLog(tabId: number): TabLog<StoredEntry> | undefined;
}

export interface SessionPersistenceDeps {
  storage: SessionStorageLike;
  queue: SerialQueue;
  onError(error: unknown): void;
  /** Runs `fn` after `ms` (setTimeout in the worker). Without it, everything is written with the next flush (tests). */
  schedule?(fn: () => void, ms: number): void;
}

export class SessionPersistence {
  private readonly dirtyTabs = new Set<number>();
  /** Failures not yet written to storage (they are also in their entry's `full`). */
  private readonly newFailures = new Map<string, StoredEntry>();
  private readonly removedKeys = new Set<string>();
  /** Pairing-state tab keys changed since the last write (the reducer updates the state in place). */
  private readonly dirtyPairing = new Set<string>();
  private pairingTimer = false;
  private failureTimer = false;
  private flushScheduled = false;

  constructor(
    private readonly deps: SessionPersistenceDeps,
    private readonly state: PersistedState,
  ) {}

  async restore(): Promise<RestoredSession> {
    const restored: RestoredSession = { pairing: {}, logs: new Map() };
    let all: Record<string, unknown>;
    try {
      all = await this.deps.storage.get(null);
    } catch (error) {
      this.deps.onError(error);
      return restored;
    }
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith(PAIRING_PREFIX) || !value || typeof value !== 'object') continue;
      const t = value as TabPairing;
      if (t.inflight && typeof t.inflight === 'object' && Array.isArray(t.ended) && Array.isArray(t.waiting)) restored.pairing[key.slice(PAIRING_PREFIX.length)] = t;
    }
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith(TAB_PREFIX)) continue;
      const tabId = Number(key.slice(TAB_PREFIX.length));
      const log = restoreTabLog(value as Partial<TabIndex>, all);
      if (Number.isInteger(tabId) && log) restored.logs.set(tabId, log);
    }
    return restored;
  }

  /** A tab's log: failures still in memory as they are, the others read back from storage. */
  async load(tabId: number): Promise<TabSnapshot> {
    const log = this.state.tabLog(tabId);
    const snapshot = emptySnapshot(tabId, log);
    if (!log || log.entries.length === 0) return snapshot;
    const entries = [...log.entries];
    const keys = entries.filter((e) => e.full === undefined).map((e) => FAILURE_PREFIX + e.id);
    let stored: Record<string, unknown> = {};
    if (keys.length > 0) {
      try {
        stored = await this.deps.storage.get(keys);
      } catch (error) {
        this.deps.onError(error);
      }
    }
    for (const e of entries) {
      const f = e.full ?? stored[FAILURE_PREFIX + e.id];
      if (isCapturedFailure(f)) snapshot.failures.push(f);
    }
    return snapshot;
  }

  /** A new failure, written with the next batch. */
  added(entry: StoredEntry): void {
    this.newFailures.set(entry.id, entry);
  }

  /** Failures the log let go: removed from storage (or never written). */
  dropped(entries: Iterable<StoredEntry>): void {
    for (const e of entries) {
      this.newFailures.delete(e.id);
      this.removedKeys.add(FAILURE_PREFIX + e.id);
    }
  }

  /** The tab's index changed (its list or counters). */
  tabChanged(tabId: number): void {
    this.dirtyTabs.add(tabId);
  }

  /** The tab is closed: its index goes. */
  tabRemoved(tabId: number): void {
    this.removedKeys.add(TAB_PREFIX + tabId);
    this.dirtyTabs.delete(tabId);
  }

  /** Request-scoped pairing state changed in these tabs: written at most every PAIRING_PERSIST_MS. */
  pairingChanged(keys: Iterable<string>): void {
    for (const k of keys) this.dirtyPairing.add(k);
    if (!this.deps.schedule) {
      this.writeSoon();
      return;
    }
    if (this.pairingTimer) return;
    this.pairingTimer = true;
    this.deps.schedule(() => {
      this.pairingTimer = false;
      this.writeSoon();
    }, PAIRING_PERSIST_MS);
  }

  /** Writes with the next batch of failures (every FAILURE_PERSIST_MS). */
  writeBatched(): void {
    const schedule = this.deps.schedule;
    if (!schedule) {
      this.writeSoon();
      return;
    }
    if (this.failureTimer) return;
    this.failureTimer = true;
    schedule(() => {
      this.failureTimer = false;
      this.writeSoon();
    }, FAILURE_PERSIST_MS);
  }

  /** Writes once the operations queued now have run: a burst of events coalesces into one write. */
  writeSoon(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    void this.deps.queue.run(() => this.flush());
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const items: Record<string, unknown> = {};
    const pairingRemoved = this.pairingTimer ? [] : this.collectPairing(items);
    for (const tabId of this.dirtyTabs) {
      const log = this.state.tabLog(tabId);
      if (log) items[TAB_PREFIX + tabId] = tabIndexOf(log);
    }
    const written = [...this.newFailures.values()];
    for (const e of written) items[FAILURE_PREFIX + e.id] = e.full;
    const removed = [...this.removedKeys, ...pairingRemoved].filter((k) => !(k in items));
    this.dirtyTabs.clear();
    this.newFailures.clear();
    this.removedKeys.clear();
    try {
      if (Object.keys(items).length > 0) await this.deps.storage.set(items);
      // Stored: the worker no longer needs its own copy.
      for (const e of written) delete e.full;
      if (removed.length > 0) await this.deps.storage.remove(removed);
    } catch (error) {
      this.deps.onError(error);
    }
  }

  /** Puts the changed tabs' pairing state (masked) into `items`; returns the keys of tabs whose state is gone. */
  private collectPairing(items: Record<string, unknown>): string[] {
    const gone: string[] = [];
    for (const k of this.dirtyPairing) {
      const t = this.state.pairingTab(k);
      if (t) items[PAIRING_PREFIX + k] = redactPairingForStorage(t);
      else gone.push(PAIRING_PREFIX + k);
    }
    this.dirtyPairing.clear();
    return gone;
  }
}

export function emptySnapshot(tabId: number, log: TabLog | undefined): TabSnapshot {
  return { tabId, failures: [], dropped: log?.dropped ?? 0, preserveLog: log?.preserveLog ?? false };
}

function tabIndexOf(log: TabLog<StoredEntry>): TabIndex {
  return { ids: log.entries.map((e) => e.id), dropped: log.dropped, droppedPreflight: log.droppedPreflight, preserveLog: log.preserveLog, nextSeq: log.nextSeq };
}

/** A tab's log from its stored index and failures; failures storage lost are left out. */
function restoreTabLog(index: Partial<TabIndex> | undefined, all: Record<string, unknown>): TabLog<StoredEntry> | undefined {
  if (!index || !Array.isArray(index.ids)) return undefined;
  const failures = index.ids.map((id) => all[FAILURE_PREFIX + id]).filter(isCapturedFailure);
  return {
    entries: failures.map((f) => ({ id: f.id, capturedAt: f.capturedAt, preflightFailure: f.preflightFailure, size: JSON.stringify(f).length })),
    dropped: typeof index.dropped === 'number' ? index.dropped : 0,
    droppedPreflight: typeof index.droppedPreflight === 'number' ? index.droppedPreflight : 0,
    preserveLog: index.preserveLog === true,
    nextSeq: typeof index.nextSeq === 'number' ? index.nextSeq : failures.length,
  };
}
