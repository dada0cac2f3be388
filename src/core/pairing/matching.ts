// Matching a preflight to its actual request, whichever of the two ends first: on tab + document
// (or frame) + URL + the preflight's Access-Control-Request-Method == the actual method, first in,
// first out, and only where the preflight's outcome fits how the request ended.
import type { PreflightObservation } from '../exchange';
import { captured, preflightObservation } from './captured';
import { isAbort, isCrossOrigin, isFirefoxError, mayBeCorsRequest } from './request-facts';
import type { CapturedExchange, EndedPreflight, Inflight, PreflightNeed, TabPairing, WaitingActual } from './types';

/** An OPTIONS whose headers were never seen, while an actual request waits for a preflight: treat it as that preflight. */
export function isPendingPreflightShape(inf: Inflight, tab: TabPairing): boolean {
  return inf.requestHeaders === undefined && tab.waiting.some((w) => w.inflight.url === inf.url && w.inflight.frameKey === inf.frameKey);
}

export function endPreflight(tab: TabPairing, inf: Inflight, error: string | undefined, tabId: number, emitted: CapturedExchange[]): void {
  const method = inf.preflightFor ?? '';
  const observation = preflightObservation(inf, error);
  const sameKey = (w: WaitingActual): boolean => w.inflight.url === inf.url && w.inflight.frameKey === inf.frameKey && (method === '' || w.inflight.method === method);
  // An actual request that already ended waiting for this preflight (first in, first out).
  const wi = tab.waiting.findIndex((w) => sameKey(w) && fits(w.needs, observation));
  if (wi >= 0) {
    const w = tab.waiting[wi]!;
    tab.waiting.splice(wi, 1);
    emitted.push(captured(tabId, w.inflight, observation, w.error, false));
  } else {
    tab.ended.push({ frameKey: inf.frameKey, ...(inf.initiator ? { initiator: inf.initiator } : {}), url: inf.url, method, at: inf.start, observation });
  }
  // Requests of this key still waiting, with no preflight of their key left running, had none of
  // their own (a request that failed before its preflight started, next to an identical one whose
  // preflight got a response): record them now rather than at the hold bound.
  if (tab.waiting.length === 0 || !tab.waiting.some(sameKey)) return;
  const keep: WaitingActual[] = [];
  for (const w of tab.waiting) {
    if (sameKey(w) && !preflightRunning(tab, w.inflight)) settleActual(w.inflight, { kind: 'not-observed' }, w.error, tabId, emitted);
    else keep.push(w);
  }
  tab.waiting.length = 0;
  tab.waiting.push(...keep);
}

function samePreflightKey(p: EndedPreflight, inf: Inflight): boolean {
  return p.frameKey === inf.frameKey && p.url === inf.url && p.method === inf.method;
}

export function needsOf(inf: Inflight, error: string | undefined): PreflightNeed | undefined {
  if (error === undefined) return 'response';
  if (error === 'net::ERR_FAILED' || isFirefoxError(error)) return undefined;
  return inf.response?.status !== undefined ? 'response' : 'network-error';
}

export function fits(needs: PreflightNeed | undefined, observation: PreflightObservation): boolean {
  if (needs === undefined) return true;
  return needs === 'network-error' ? observation.kind === 'network-error' : observation.kind === 'observed';
}

function preflightRunning(tab: TabPairing, inf: Inflight): boolean {
  for (const id in tab.inflight) {
    const o = tab.inflight[id]!;
    if (o.preflightFor === inf.method && o.url === inf.url && o.frameKey === inf.frameKey) return true;
  }
  return false;
}

/** Records an actual request whose preflight is known (or known to be unseen). */
export function settleActual(inf: Inflight, preflight: PreflightObservation, error: string | undefined, tabId: number, emitted: CapturedExchange[], browser?: 'chromium' | 'firefox'): void {
  // No preflight seen: none was needed, or it came from the preflight cache.
  // The engine decides which, from the request (whyPreflight + cache reasoning).
  if (!mayBeCorsRequest(inf, error)) return; // a no-cors request (plain <img>, <script>) that succeeded: CORS never applied
  emitted.push(captured(tabId, inf, preflight, error, false, browser));
}

export function endActual(
  tab: TabPairing,
  inf: Inflight,
  error: string | undefined,
  tabId: number,
  browser: 'chromium' | 'firefox',
  emitted: CapturedExchange[],
  type: string,
): void {
  if (isAbort(error)) {
    // Aborted by the page or a navigation: not a CORS outcome. Its preflight, if any, goes too.
    const i = tab.ended.findIndex((p) => samePreflightKey(p, inf));
    if (i >= 0) tab.ended.splice(i, 1);
    return;
  }
  // DevTools' own re-fetch of the page: type "other" ending in net::ERR_CACHE_MISS.
  if (type === 'other' && error === 'net::ERR_CACHE_MISS') return;
  if (!isCrossOrigin(inf.initiator, inf.url) && !isCrossOrigin(inf.initiator, inf.firstUrl)) return;
  const needs = needsOf(inf, error);
  // The preflight of this request: the oldest ended one with the same key whose outcome fits.
  const pi = tab.ended.findIndex((p) => samePreflightKey(p, inf) && fits(needs, p.observation));
  if (pi >= 0) {
    const p = tab.ended[pi]!;
    tab.ended.splice(pi, 1);
    emitted.push(captured(tabId, inf, p.observation, error, false));
    return;
  }
  // Its preflight may still be running: Firefox ends the actual request first
  // (both with NS_ERROR_DOM_BAD_URI), and under load Chromium can deliver the
  // actual request's end before its preflight's (net::ERR_FAILED before the
  // preflight's onCompleted in the storm test; a dead port's
  // net::ERR_CONNECTION_REFUSED before the preflight's net::ERR_FAILED on a busy
  // machine). The verdict must not depend on that order, so the request waits for
  // the preflight; `needs` keeps a request that failed for its own reason
  // (net::ERR_INSUFFICIENT_RESOURCES before its preflight even started) from
  // taking an identical request's preflight that got a response.
  if (mayBeCorsRequest(inf, error) && preflightRunning(tab, inf)) {
    const w: WaitingActual = { inflight: inf, at: inf.start, held: tab.ticks ?? 0 };
    if (error) w.error = error;
    if (needs) w.needs = needs;
    tab.waiting.push(w);
    return;
  }
  settleActual(inf, { kind: 'not-observed' }, error, tabId, emitted, browser);
}
