// A tab's pairing state as a table: creating, copying (when the caller keeps its state), and the
// in-flight table's size kept beside it.
import type { Inflight, TabPairing } from './types';

export function emptyTab(): TabPairing {
  return { inflight: {}, ended: [], waiting: [] };
}

// How many entries each in-flight table has, kept beside it (never stored): with the state
// updated in place, the per-event limit check is O(1) instead of a walk over the table.
const INFLIGHT_SIZE = new WeakMap<Record<string, Inflight>, number>();
export function inflightSize(table: Record<string, Inflight>): number {
  let n = INFLIGHT_SIZE.get(table);
  if (n === undefined) {
    n = Object.keys(table).length;
    INFLIGHT_SIZE.set(table, n);
  }
  return n;
}
export function setInflight(tab: TabPairing, id: string, inf: Inflight): void {
  const n = inflightSize(tab.inflight);
  const had = Object.prototype.hasOwnProperty.call(tab.inflight, id);
  tab.inflight[id] = inf;
  if (!had) INFLIGHT_SIZE.set(tab.inflight, n + 1);
}
export function deleteInflight(tab: TabPairing, id: string): void {
  if (!Object.prototype.hasOwnProperty.call(tab.inflight, id)) return;
  const n = inflightSize(tab.inflight);
  delete tab.inflight[id];
  INFLIGHT_SIZE.set(tab.inflight, n - 1);
}

export function copyTab(t: TabPairing): TabPairing {
  const c: TabPairing = { inflight: { ...t.inflight }, ended: [...t.ended], waiting: [...t.waiting] };
  if (t.ticks !== undefined) c.ticks = t.ticks;
  return c;
}
