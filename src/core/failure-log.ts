// The worker's failure log: per tab, the failures in capture order, bounded per tab and for all
// tabs together (count and size), the oldest going first and counted as dropped. Pure: it decides
// what is kept; the worker writes what it says to storage (background/session-persistence.ts).
// The bounds keep chrome.storage.session under its 10 MB quota (docs/ARCHITECTURE.md).

/** What the log needs to know of a failure. */
export interface LogEntry {
  readonly id: string;
  readonly capturedAt: number;
  /** Counted on the badge (core/badge-text.ts), also once dropped. */
  readonly preflightFailure: boolean;
  /** JSON characters, for the size budget. */
  readonly size: number;
}

export interface TabLog<E extends LogEntry = LogEntry> {
  entries: E[];
  dropped: number;
  /** Of the dropped failures, how many were preflight failures: the badge counts them all. */
  droppedPreflight: number;
  preserveLog: boolean;
  nextSeq: number;
}

export interface FailureLogLimits {
  maxFailuresPerTab: number;
  /**
   * All tabs together. storage.session holds 10 MB (QUOTA_BYTES) and a stored failure is a few
   * kB: past about 2,000 the writes fail (measured by npm run bench), so the oldest go first.
   */
  maxStoredFailures: number;
  /** And by size (JSON characters), leaving room in the 10 MB for pairing state and indexes. */
  maxStoredBytes: number;
}

export const DEFAULT_FAILURE_LOG_LIMITS: FailureLogLimits = { maxFailuresPerTab: 200, maxStoredFailures: 1000, maxStoredBytes: 6_000_000 };

/** A failure the log let go, and the tab it was in. */
export interface Evicted<E extends LogEntry = LogEntry> {
  tabId: number;
  entry: E;
}

export function emptyTabLog<E extends LogEntry>(): TabLog<E> {
  return { entries: [], dropped: 0, droppedPreflight: 0, preserveLog: false, nextSeq: 0 };
}

export class FailureLog<E extends LogEntry = LogEntry> {
  private readonly tabs = new Map<number, TabLog<E>>();
  private count = 0;
  private bytes = 0;

  constructor(private readonly limits: FailureLogLimits) {}

  get(tabId: number): TabLog<E> | undefined {
    return this.tabs.get(tabId);
  }

  /** The tab's log, made empty if the tab has none yet. */
  tab(tabId: number): TabLog<E> {
    let log = this.tabs.get(tabId);
    if (!log) {
      log = emptyTabLog<E>();
      this.tabs.set(tabId, log);
    }
    return log;
  }

  /** The tab's next capture number (CapturedFailure.seq): it goes on across clears and navigations. */
  nextSeq(tabId: number): number {
    return this.tab(tabId).nextSeq++;
  }

  setPreserveLog(tabId: number, value: boolean): void {
    this.tab(tabId).preserveLog = value;
  }

  /** All tabs together: how many failures, how many JSON characters. */
  totals(): { failures: number; bytes: number } {
    return { failures: this.count, bytes: this.bytes };
  }

  /** A tab's log as storage held it (a new worker). */
  restore(tabId: number, log: TabLog<E>): void {
    this.tabs.set(tabId, log);
    this.count += log.entries.length;
    for (const e of log.entries) this.bytes += e.size;
  }

  /** Appends a failure, then lets go of the oldest until every bound holds again. */
  add(tabId: number, entry: E): Evicted<E>[] {
    const log = this.tab(tabId);
    log.entries.push(entry);
    this.count++;
    this.bytes += entry.size;
    const evicted: Evicted<E>[] = [];
    while (log.entries.length > this.limits.maxFailuresPerTab) this.dropOldest(tabId, log, evicted);
    while (this.count > this.limits.maxStoredFailures || this.bytes > this.limits.maxStoredBytes) {
      const oldest = this.oldestTab(tabId);
      if (oldest === undefined) break;
      this.dropOldest(oldest, this.tabs.get(oldest)!, evicted);
    }
    return evicted;
  }

  /** Empties a tab's log (cleared by the user, or the page navigated): nothing counts as dropped after it. */
  clear(tabId: number): E[] {
    const log = this.tabs.get(tabId);
    if (!log) return [];
    const gone = log.entries;
    for (const e of gone) this.bytes -= e.size;
    this.count -= gone.length;
    log.entries = [];
    log.dropped = 0;
    log.droppedPreflight = 0;
    return gone;
  }

  /** A main-frame navigation: the tab's log goes with the old page unless preserve log is on. `undefined`: kept. */
  navigated(tabId: number): E[] | undefined {
    const log = this.tabs.get(tabId);
    if (!log || log.preserveLog) return undefined;
    return this.clear(tabId);
  }

  /** The tab is closed: its log is forgotten. `undefined`: it had none. */
  remove(tabId: number): E[] | undefined {
    if (!this.tabs.has(tabId)) return undefined;
    const gone = this.clear(tabId);
    this.tabs.delete(tabId);
    return gone;
  }

  /** The tab whose first failure is the oldest of all; the failure just added is never the one to go. */
  private oldestTab(addedTo: number): number | undefined {
    let oldestTab: number | undefined;
    let oldestAt = Infinity;
    for (const [id, l] of this.tabs) {
      const first = l.entries[0];
      if (first && first.capturedAt < oldestAt && !(id === addedTo && l.entries.length === 1)) {
        oldestAt = first.capturedAt;
        oldestTab = id;
      }
    }
    return oldestTab;
  }

  private dropOldest(tabId: number, log: TabLog<E>, evicted: Evicted<E>[]): void {
    const old = log.entries.shift();
    if (!old) return;
    this.count--;
    this.bytes -= old.size;
    log.dropped++;
    if (old.preflightFailure) log.droppedPreflight++;
    evicted.push({ tabId, entry: old });
  }
}
