// Pure pairing reducer: webRequest events in, Exchanges out. No timers, no
// browser objects: the worker feeds it plain events and stores what it emits.
//
// Chromium 156 and Firefox 153 show a CORS preflight as its own request (its
// own requestId, no link field) with the same tab, frame and document as the
// actual request. We pair on tab + document (or frame) + URL + the preflight's
// Access-Control-Request-Method == the actual method, first in, first out
// (STYLE.md: never by requestId arithmetic).
//
// reducePairing reads as the table of contents; each step lives in src/core/pairing/: the
// request-event steps in steps.ts, preflight matching in matching.ts, the emitted Exchange in
// captured.ts, the bounds in limits.ts, the state's shape in types.ts.
import { boundTabs, pruneTab } from './pairing/limits';
import { concernsCors, endRequest, forgetTab, inflightFor, openTab, recordProgress, tabKey, tickTab, unchanged } from './pairing/steps';
import { setInflight } from './pairing/tab-table';
import { DEFAULT_LIMITS, type CapturedExchange, type PairingEvent, type PairingLimits, type PairingState, type ReduceOptions, type ReduceResult } from './pairing/types';

export { DEFAULT_LIMITS, HOLD_TICKS } from './pairing/types';
export type { CapturedExchange, EventKind, PairingEvent, PairingLimits, PairingState, ReduceOptions, ReduceResult, RequestEvent, TabEvent, TabPairing } from './pairing/types';

export function initialPairingState(): PairingState {
  return { tabs: {} };
}

export function reducePairing(state: PairingState, ev: PairingEvent, limits: PairingLimits = DEFAULT_LIMITS, options: ReduceOptions = {}): ReduceResult {
  if (typeof ev !== 'object' || ev === null || typeof ev.tabId !== 'number') return unchanged(state);
  const inPlace = options.inPlace === true;
  const key = tabKey(ev.tabId);
  if (ev.event === 'tick') return tickTab(state, key, ev.tabId, inPlace);
  if (ev.event === 'tabRemoved' || ev.event === 'navigated') return forgetTab(state, key, ev.tabId, inPlace);
  if (!concernsCors(state, key, ev)) return unchanged(state);

  const { tab, next } = openTab(state, key, inPlace);
  const inf = inflightFor(tab, ev, inPlace);
  const emitted: CapturedExchange[] = [];
  if (ev.event === 'completed' || ev.event === 'errorOccurred') {
    endRequest(tab, inf, ev, emitted);
  } else {
    recordProgress(inf, ev);
    setInflight(tab, ev.requestId, inf);
  }
  const dropped = pruneTab(tab, limits, emitted, ev.tabId);
  return boundTabs(next, limits, emitted, dropped, key, inPlace);
}
