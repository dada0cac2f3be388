import { diagnose } from '../core/diagnose';
import { redactForStorage, redactPairingForStorage } from '../core/storage-redaction';
import {
  DEFAULT_LIMITS,
  initialPairingState,
  reducePairing,
  type CapturedExchange,
  type PairingEvent,
  type PairingLimits,
  type PairingState,
  type RequestEvent,
} from '../core/pairing';
import type { CapturedFailure, TabSnapshot } from '../shared/messages';
import { isCapturedFailure } from '../shared/messages';

// The worker's state: the pairing reducer's request-scoped state, and per tab
// the diagnosed failures. The MV3 worker can die at any moment, so every
// change is written through to session storage (one key per failure, a small
// index per tab) and restored before the next event is handled (STYLE.md
// convention 4). Browser APIs are injected: tests pass plain objects.
//
// Memory: a failure is held in full only until its storage write succeeds;
// after that the worker keeps a few numbers per failure (id, time, size,
// whether it counts on the badge) and reads the failures back from storage
// when a panel asks for a tab's log. A failed write keeps the failure in
// memory, so nothing is lost while storage refuses.

export interface SessionStorageLike {
  get(keys: null | string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface Badge {
  text: string;
  title: string;
}

export interface TabStoreDeps {
  storage: SessionStorageLike;
  setBadge(tabId: number, badge: Badge): Promise<void> | void;
  /** A tab's log changed as a whole (restore, clear, navigation reset, preserve-log toggle). */
  onSnapshot(snapshot: TabSnapshot): void;
  /** `kept`: how many failures of the tab the worker keeps now (the panel may show more). */
  onAdded(failure: CapturedFailure, dropped: number, kept: number): void;
  onError(error: unknown): void;
  /** The engine the extension runs in: stamped on every exchange so the diagnosis speaks its terms. */
  browser?: 'chromium' | 'firefox';
  /** The browser's version, stamped on every exchange (console wording differs between versions). */
  browserVersion?(): string | undefined;
  now?(): number;
  limits?: Partial<StoreLimits>;
  /**
   * Runs `fn` after `ms` (setTimeout in the worker). Request-scoped pairing state is written
   * through at most this often; failures are written at once. Without it, pairing is written
   * with every flush (tests).
   */
  schedule?(fn: () => void, ms: number): void;
}

export interface StoreLimits extends PairingLimits {
  maxFailuresPerTab: number;
  /**
   * All tabs together. storage.session holds 10 MB (QUOTA_BYTES) and a stored failure is a few
   * kB: past about 2,000 the writes fail (measured by npm run bench), so the oldest go first.
   */
  maxStoredFailures: number;
  /** And by size (JSON characters), leaving room in the 10 MB for pairing state and indexes. */
  maxStoredBytes: number;
}

export const DEFAULT_STORE_LIMITS: StoreLimits = { ...DEFAULT_LIMITS, maxFailuresPerTab: 200, maxStoredFailures: 1000, maxStoredBytes: 6_000_000 };

/**
 * How often request-scoped pairing state is written through, at most (ms). It only matters if the
 * worker is stopped in the middle of a request; writing it less often was the largest cost the
 * extension added to a burst of requests (npm run bench, docs/PERFORMANCE.md).
 */
export const PAIRING_PERSIST_MS = 1000;
/** New failures are batched into one write per this many ms (the badge and panels learn of them at once). */
export const FAILURE_PERSIST_MS = 100;
/**
 * While an actual request waits for its running preflight (its end came first), the pairing
 * reducer gets a tick this often; after HOLD_TICKS ticks (1-2 s) it is recorded without it.
 * The preflight's end normally follows within milliseconds.
 */
export const PAIRING_HOLD_TICK_MS = 1000;

/** What the worker keeps of a stored failure. */
interface Entry {
  id: string;
  capturedAt: number;
  preflightFailure: boolean;
  /** JSON characters, for the storage budget. */
  size: number;
  /** The failure itself, until storage holds it. */
  full?: CapturedFailure;
}

interface TabLog {
  entries: Entry[];
  dropped: number;
  /** Of the dropped failures, how many were preflight failures: the badge counts them all. */
  droppedPreflight: number;
  preserveLog: boolean;
  nextSeq: number;
}

interface TabIndex {
  ids: string[];
  dropped: number;
  droppedPreflight: number;
  preserveLog: boolean;
  nextSeq: number;
}

/** One key per tab: a burst in one tab rewrites only that tab's pairing state. */
const PAIRING_PREFIX = 'p:';
const TAB_PREFIX = 'tab:';
const FAILURE_PREFIX = 'f:';

export function badgeFor(log: { entries: ReadonlyArray<{ preflightFailure: boolean }>; droppedPreflight?: number } | undefined): Badge {
  let n = log?.droppedPreflight ?? 0;
  for (const e of log?.entries ?? []) if (e.preflightFailure) n++;
  return {
    text: n === 0 ? '' : n > 999 ? '999+' : String(n),
    title: n === 0 ? 'CORS Doctor: no CORS preflight failures in this tab' : `${n} CORS preflight failure${n === 1 ? '' : 's'} in this tab`,
  };
}

/** Blocked because the preflight failed (or never reached the server): what the badge counts. */
export function isPreflightFailure(c: CapturedExchange, d: ReturnType<typeof diagnose>): boolean {
  if (d.verdict === 'allowed') return false;
  if (d.stage === 'preflight') return true;
  return c.exchange.preflight?.kind === 'network-error';
}

export class TabStore {
  private pairing: PairingState = initialPairingState();
  private readonly tabs = new Map<number, TabLog>();
  private readonly limits: StoreLimits;
  private readonly dirtyTabs = new Set<number>();
  /** Failures not yet written to storage (they are also in their Entry's `full`). */
  private readonly newFailures = new Map<string, Entry>();
  private readonly removedKeys = new Set<string>();
  /** Pairing-state tab keys changed since the last write (the reducer updates the state in place). */
  private readonly dirtyPairing = new Set<string>();
  private pairingTimer = false;
  /** Tabs with a pairing tick scheduled. */
  private readonly tickingTabs = new Set<number>();
  private failureTimer = false;
  private storedFailures = 0;
  private storedBytes = 0;
  private flushScheduled = false;
  private queue: Promise<void>;
  private readonly now: () => number;

  constructor(private readonly deps: TabStoreDeps) {
    this.limits = { ...DEFAULT_STORE_LIMITS, ...deps.limits };
    this.now = deps.now ?? Date.now;
    this.queue = this.restore();
  }

  private async restore(): Promise<void> {
    let all: Record<string, unknown>;
    try {
      all = await this.deps.storage.get(null);
    } catch (error) {
      this.deps.onError(error);
      return;
    }
    const tabs: PairingState['tabs'] = {};
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith(PAIRING_PREFIX) || !value || typeof value !== 'object') continue;
      const t = value as PairingState['tabs'][string];
      if (t.inflight && typeof t.inflight === 'object' && Array.isArray(t.ended) && Array.isArray(t.waiting)) tabs[key.slice(PAIRING_PREFIX.length)] = t;
    }
    this.pairing = { tabs };
    for (const key of Object.keys(tabs)) this.scheduleTickIfWaiting(key);
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith(TAB_PREFIX)) continue;
      const tabId = Number(key.slice(TAB_PREFIX.length));
      const index = value as Partial<TabIndex>;
      if (!Number.isInteger(tabId) || !index || !Array.isArray(index.ids)) continue;
      const failures = index.ids.map((id) => all[FAILURE_PREFIX + id]).filter(isCapturedFailure);
      const entries = failures.map((f) => ({ id: f.id, capturedAt: f.capturedAt, preflightFailure: f.preflightFailure, size: JSON.stringify(f).length }));
      this.tabs.set(tabId, {
        entries,
        dropped: typeof index.dropped === 'number' ? index.dropped : 0,
        droppedPreflight: typeof index.droppedPreflight === 'number' ? index.droppedPreflight : 0,
        preserveLog: index.preserveLog === true,
        nextSeq: typeof index.nextSeq === 'number' ? index.nextSeq : failures.length,
      });
      this.storedFailures += entries.length;
      for (const e of entries) this.storedBytes += e.size;
    }
  }

  private enqueue(op: () => void | Promise<void>): Promise<void> {
    this.queue = this.queue.then(op).catch((error: unknown) => this.deps.onError(error));
    return this.queue;
  }

  /** Resolves when every queued operation and storage write has finished. */
  async whenIdle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.queue;
      await seen;
    } while (seen !== this.queue);
  }

  handleRequestEvent(ev: RequestEvent): Promise<void> {
    return this.enqueue(() => {
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
    return this.enqueue(() => {
      this.reduce({ event: 'tabRemoved', tabId }, false);
      const log = this.tabs.get(tabId);
      if (!log) return;
      this.tabs.delete(tabId);
      this.dropAll(log);
      this.removedKeys.add(TAB_PREFIX + tabId);
      this.dirtyTabs.delete(tabId);
      this.scheduleFlush();
    });
  }

  clear(tabId: number): Promise<void> {
    return this.enqueue(() => {
      const log = this.logOf(tabId);
      this.dropAll(log);
      this.tabChanged(tabId, true);
      this.deps.onSnapshot(this.emptySnapshot(tabId));
    });
  }

  setPreserveLog(tabId: number, value: boolean): Promise<void> {
    return this.enqueue(async () => {
      this.logOf(tabId).preserveLog = value;
      this.tabChanged(tabId, false);
      this.deps.onSnapshot(await this.load(tabId));
    });
  }

  async snapshot(tabId: number): Promise<TabSnapshot> {
    await this.whenIdle();
    return this.load(tabId);
  }

  private emptySnapshot(tabId: number): TabSnapshot {
    const log = this.tabs.get(tabId);
    return { tabId, failures: [], dropped: log?.dropped ?? 0, preserveLog: log?.preserveLog ?? false };
  }

  /** A tab's log: failures still in memory as they are, the others read back from storage. */
  private async load(tabId: number): Promise<TabSnapshot> {
    const log = this.tabs.get(tabId);
    const snapshot = this.emptySnapshot(tabId);
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

  private logOf(tabId: number): TabLog {
    let log = this.tabs.get(tabId);
    if (!log) {
      log = { entries: [], dropped: 0, droppedPreflight: 0, preserveLog: false, nextSeq: 0 };
      this.tabs.set(tabId, log);
    }
    return log;
  }

  private dropAll(log: TabLog): void {
    for (const e of log.entries) {
      this.newFailures.delete(e.id);
      this.removedKeys.add(FAILURE_PREFIX + e.id);
      this.storedBytes -= e.size;
    }
    this.storedFailures -= log.entries.length;
    log.entries = [];
    log.dropped = 0;
    log.droppedPreflight = 0;
  }

  private navigate(tabId: number): void {
    // Request-scoped state goes with the old document; what it still knew is recorded first.
    this.reduce({ event: 'navigated', tabId, preserveLog: this.tabs.get(tabId)?.preserveLog ?? false });
    const log = this.tabs.get(tabId);
    if (!log || log.preserveLog) return;
    this.dropAll(log);
    this.tabChanged(tabId, true);
    this.deps.onSnapshot(this.emptySnapshot(tabId));
  }

  private reduce(ev: PairingEvent, record = true): void {
    // The store owns its pairing state: updated in place, only the touched tabs rewritten.
    const result = reducePairing(this.pairing, ev, this.limits, { inPlace: true });
    this.pairing = result.state;
    if (result.touched.length > 0) {
      for (const k of result.touched) {
        this.dirtyPairing.add(k);
        this.scheduleTickIfWaiting(k);
      }
      this.schedulePairingWrite();
    }
    if (!record) return;
    for (const c of result.emitted) this.record(c);
  }

  private record(c: CapturedExchange): void {
    if (this.deps.browser) c.exchange.browser = this.deps.browser;
    const version = this.deps.browserVersion?.();
    if (version !== undefined) c.exchange.browserVersion = version;
    const raw = diagnose(c.exchange);
    if (raw.verdict === 'allowed') return;
    const preflightFailure = isPreflightFailure(c, raw);
    // Nothing leaves this function with a credential in clear (docs/SECURITY.md).
    const { exchange, diagnosis } = redactForStorage(c.exchange, raw);
    const log = this.logOf(c.tabId);
    const seq = log.nextSeq++;
    const failure: CapturedFailure = {
      id: `${c.tabId}-${seq}-${c.id.replace(/[^A-Za-z0-9.-]/g, '')}`,
      tabId: c.tabId,
      seq,
      capturedAt: this.now(),
      exchange,
      diagnosis,
      preflightFailure,
      preflightOnly: c.preflightOnly,
    };
    const entry: Entry = { id: failure.id, capturedAt: failure.capturedAt, preflightFailure, size: JSON.stringify(failure).length, full: failure };
    log.entries.push(entry);
    this.storedFailures++;
    this.storedBytes += entry.size;
    this.newFailures.set(failure.id, entry);
    while (log.entries.length > this.limits.maxFailuresPerTab) this.dropOldest(c.tabId, log);
    while (this.storedFailures > this.limits.maxStoredFailures || this.storedBytes > this.limits.maxStoredBytes) {
      // The oldest failure of any tab goes (tabs' lists are in capture order).
      let oldestTab: number | undefined;
      let oldestAt = Infinity;
      for (const [id, l] of this.tabs) {
        const first = l.entries[0];
        if (first && first.capturedAt < oldestAt && !(id === c.tabId && l.entries.length === 1)) {
          oldestAt = first.capturedAt;
          oldestTab = id;
        }
      }
      if (oldestTab === undefined) break;
      this.dropOldest(oldestTab, this.tabs.get(oldestTab)!);
    }
    this.tabChanged(c.tabId, failure.preflightFailure || log.dropped > 0, true);
    this.deps.onAdded(failure, log.dropped, log.entries.length);
  }

  private dropOldest(tabId: number, log: TabLog): void {
    const old = log.entries.shift();
    if (!old) return;
    this.storedFailures--;
    this.storedBytes -= old.size;
    this.newFailures.delete(old.id);
    this.removedKeys.add(FAILURE_PREFIX + old.id);
    log.dropped++;
    if (old.preflightFailure) log.droppedPreflight++;
    this.dirtyTabs.add(tabId);
  }

  /** An actual request waits for its preflight in this tab: bound the wait (without `schedule`, it waits for the preflight or the tab's next navigation). */
  private scheduleTickIfWaiting(key: string): void {
    if (!this.deps.schedule || !(this.pairing.tabs[key]?.waiting.length ?? 0)) return;
    const tabId = Number(key.slice(1));
    if (!Number.isInteger(tabId) || this.tickingTabs.has(tabId)) return;
    this.tickingTabs.add(tabId);
    this.deps.schedule(() => {
      void this.enqueue(() => {
        this.tickingTabs.delete(tabId);
        this.reduce({ event: 'tick', tabId });
      });
    }, PAIRING_HOLD_TICK_MS);
  }

  private schedulePairingWrite(): void {
    if (!this.deps.schedule) {
      this.scheduleFlush();
      return;
    }
    if (this.pairingTimer) return;
    this.pairingTimer = true;
    this.deps.schedule(() => {
      this.pairingTimer = false;
      this.scheduleFlush();
    }, PAIRING_PERSIST_MS);
  }

  private refreshBadge(tabId: number): void {
    if (!this.tabs.has(tabId)) return;
    this.applyBadge(tabId);
  }

  private applyBadge(tabId: number): void {
    Promise.resolve(this.deps.setBadge(tabId, badgeFor(this.tabs.get(tabId)))).catch(() => {
      // The tab may be gone already: nothing to show then.
    });
  }

  private tabChanged(tabId: number, badgeChanged: boolean, batched = false): void {
    this.dirtyTabs.add(tabId);
    if (badgeChanged) this.applyBadge(tabId);
    if (batched && this.deps.schedule) this.scheduleFailureWrite();
    else this.scheduleFlush();
  }

  private scheduleFailureWrite(): void {
    if (this.failureTimer) return;
    this.failureTimer = true;
    this.deps.schedule!(() => {
      this.failureTimer = false;
      this.scheduleFlush();
    }, FAILURE_PERSIST_MS);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Coalesce a burst of events into one storage write, queued behind them.
    this.queue = this.queue.then(() => this.flush());
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const items: Record<string, unknown> = {};
    const pairingRemoved: string[] = [];
    if (!this.pairingTimer) {
      const now = this.pairing.tabs;
      for (const k of this.dirtyPairing) {
        const t = now[k];
        if (t) items[PAIRING_PREFIX + k] = redactPairingForStorage(t);
        else pairingRemoved.push(PAIRING_PREFIX + k);
      }
      this.dirtyPairing.clear();
    }
    for (const tabId of this.dirtyTabs) {
      const log = this.tabs.get(tabId);
      if (!log) continue;
      const index: TabIndex = {
        ids: log.entries.map((e) => e.id),
        dropped: log.dropped,
        droppedPreflight: log.droppedPreflight,
        preserveLog: log.preserveLog,
        nextSeq: log.nextSeq,
      };
      items[TAB_PREFIX + tabId] = index;
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
}
