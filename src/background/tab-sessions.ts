import type { RecordedEvent, TabSnapshot } from '../shared/messages';
import { applyEvent, badgeTextFor, emptyTabLog, reviveTabLog, snapshotOf, type TabLog } from './tab-log';

// Per-tab state of the worker. The worker can die at any moment (MV3), so
// every change is written through to session storage and restored on start
// (STYLE.md convention 4). Browser APIs are injected: tests pass plain objects.

export interface SessionStorageLike {
  get(keys: null | string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface TabSessionsDeps {
  storage: SessionStorageLike;
  setBadge(tabId: number, text: string): Promise<void> | void;
  onChange(snapshot: TabSnapshot): void;
  onError(error: unknown): void;
}

const KEY_PREFIX = 'tab:';
export const MAX_TABS = 64;

export class TabSessions {
  private readonly logs = new Map<number, TabLog>();
  private readonly dirty = new Set<number>();
  private readonly removed = new Set<number>();
  private flushScheduled = false;
  /** Every operation runs after the restore, in arrival order. */
  private queue: Promise<void>;

  constructor(private readonly deps: TabSessionsDeps) {
    this.queue = this.restore();
  }

  private async restore(): Promise<void> {
    try {
      const all = await this.deps.storage.get(null);
      for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(KEY_PREFIX)) continue;
        const log = reviveTabLog(value);
        if (log) this.logs.set(log.tabId, log);
      }
    } catch (error) {
      this.deps.onError(error);
    }
  }

  private enqueue(op: () => void): Promise<void> {
    this.queue = this.queue.then(op).catch((error: unknown) => this.deps.onError(error));
    return this.queue;
  }

  /** Resolves when every queued operation and write has finished (tests, flush on demand). */
  async whenIdle(): Promise<void> {
    // Operations may queue a flush behind themselves while running: wait until the chain stops growing.
    let seen: Promise<void>;
    do {
      seen = this.queue;
      await seen;
    } while (seen !== this.queue);
  }

  record(ev: RecordedEvent): Promise<void> {
    return this.enqueue(() => {
      if (ev.tabId < 0) return; // not from a tab (extension, service worker)
      if (ev.type === 'main_frame' && ev.event === 'beforeRequest') {
        // Chromium clears the tab's badge when it navigates; start over with it.
        this.logs.set(ev.tabId, emptyTabLog(ev.tabId));
        this.changed(ev.tabId);
        return;
      }
      const before = this.logs.get(ev.tabId) ?? emptyTabLog(ev.tabId);
      const after = applyEvent(before, ev);
      this.logs.set(ev.tabId, after);
      this.evictTabs();
      this.changed(ev.tabId, after.failures.length !== before.failures.length);
    });
  }

  clear(tabId: number): Promise<void> {
    return this.enqueue(() => {
      this.logs.set(tabId, emptyTabLog(tabId));
      this.changed(tabId);
    });
  }

  closeTab(tabId: number): Promise<void> {
    return this.enqueue(() => {
      this.logs.delete(tabId);
      this.dirty.delete(tabId);
      this.removed.add(tabId);
      this.scheduleFlush();
    });
  }

  async snapshot(tabId: number): Promise<TabSnapshot> {
    await this.whenIdle();
    return snapshotOf(this.logs.get(tabId) ?? emptyTabLog(tabId));
  }

  private evictTabs(): void {
    while (this.logs.size > MAX_TABS) {
      const oldest = this.logs.keys().next().value as number;
      this.logs.delete(oldest);
      this.removed.add(oldest);
    }
  }

  private changed(tabId: number, badgeChanged = true): void {
    this.dirty.add(tabId);
    const log = this.logs.get(tabId);
    if (badgeChanged) {
      Promise.resolve(this.deps.setBadge(tabId, badgeTextFor(log))).catch(() => {
        // The tab may be gone already; nothing to show then.
      });
    }
    if (log) this.deps.onChange(snapshotOf(log));
    this.scheduleFlush();
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
    for (const tabId of this.dirty) {
      const log = this.logs.get(tabId);
      if (log) items[KEY_PREFIX + tabId] = log;
    }
    const removed = [...this.removed].map((id) => KEY_PREFIX + id);
    this.dirty.clear();
    this.removed.clear();
    try {
      if (Object.keys(items).length > 0) await this.deps.storage.set(items);
      if (removed.length > 0) await this.deps.storage.remove(removed);
    } catch (error) {
      this.deps.onError(error);
    }
  }
}
