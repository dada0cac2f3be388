import { CapturePipeline } from '../../src/background/capture-pipeline';
import type { Badge } from '../../src/core/badge-text';
import type { SessionStorageLike } from '../../src/background/session-persistence';
import type { CapturedFailure, TabSnapshot } from '../../src/shared/messages';
import { fixtureEvents } from './fixtures';

// The worker's capture pipeline over in-memory storage, with what it published recorded.

export function memoryStorage(initial: Record<string, unknown> = {}): SessionStorageLike & { data: Record<string, unknown> } {
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

export function setup(storage = memoryStorage(), limits?: { maxFailuresPerTab?: number; maxStoredFailures?: number }, schedule?: (fn: () => void, ms: number) => void) {
  const badges = new Map<number, Badge>();
  const snapshots: TabSnapshot[] = [];
  const added: CapturedFailure[] = [];
  const errors: unknown[] = [];
  const store = new CapturePipeline({
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

export async function feed(store: CapturePipeline, scenario: string, tabId = 7, idPrefix = '') {
  for (const ev of fixtureEvents(scenario, { tabId, idPrefix })) void store.handleRequestEvent(ev);
  await store.whenIdle();
}
