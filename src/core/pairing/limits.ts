// The bounds that keep the pairing state small (STYLE.md: per-tab state is bounded): per tab,
// then across tabs. What is dropped is counted; what still says something is emitted.
import { captured, preflightOnly } from './captured';
import { deleteInflight, inflightSize } from './tab-table';
import type { CapturedExchange, PairingLimits, PairingState, ReduceResult, TabPairing } from './types';

/** Keeps one tab within the per-tab limits; returns how many in-flight requests it dropped. */
export function pruneTab(tab: TabPairing, limits: PairingLimits, emitted: CapturedExchange[], tabId: number): number {
  let dropped = 0;
  if (inflightSize(tab.inflight) > limits.maxInflightPerTab) {
    const ids = Object.keys(tab.inflight);
    // Oldest first: the start time orders them (requestIds are opaque strings).
    ids.sort((a, b) => tab.inflight[a]!.start - tab.inflight[b]!.start);
    const excess = ids.length - limits.maxInflightPerTab;
    for (const id of ids.slice(0, excess)) deleteInflight(tab, id);
    dropped = excess;
  }
  while (tab.ended.length > limits.maxEndedPerTab) {
    const p = tab.ended.shift()!;
    // A preflight nobody claimed: keep what it says rather than lose it silently.
    emitted.push(preflightOnly(p, tabId));
  }
  while (tab.waiting.length > limits.maxEndedPerTab) {
    const w = tab.waiting.shift()!;
    emitted.push(captured(tabId, w.inflight, undefined, w.error, false));
  }
  return dropped;
}

/** The event's result, after keeping the state within maxTabs (the oldest tabs go). */
export function boundTabs(state: PairingState, limits: PairingLimits, emitted: CapturedExchange[], dropped: number, key: string, inPlace: boolean): ReduceResult {
  const touched = [key];
  const keys = Object.keys(state.tabs);
  if (keys.length > limits.maxTabs) {
    // Tabs are inserted in first-seen order; drop the oldest.
    const tabs = inPlace ? state.tabs : { ...state.tabs };
    for (const k of keys.slice(0, keys.length - limits.maxTabs)) {
      dropped += Object.keys(tabs[k]!.inflight).length;
      delete tabs[k];
      touched.push(k);
    }
    return { state: inPlace ? state : { tabs }, emitted, dropped, touched };
  }
  return { state, emitted, dropped, touched };
}
