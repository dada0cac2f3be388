// The steps of reducePairing (../pairing.ts), one per decision: a tab event (tick, close,
// navigation), whether a request event can concern CORS, and what a request event changes.
import { headerValue, frameKeyOf, isCrossOrigin, isFirefoxError, isIgnoredType } from './request-facts';
import { captured, preflightOnly } from './captured';
import { endActual, endPreflight, isPendingPreflightShape, settleActual } from './matching';
import { copyTab, deleteInflight, emptyTab } from './tab-table';
import { HOLD_TICKS, type CapturedExchange, type Hop, type Inflight, type PairingState, type ReduceResult, type RequestEvent, type TabPairing, type WaitingActual } from './types';

/** The result of an event that changes nothing. */
export function unchanged(state: PairingState): ReduceResult {
  return { state, emitted: [], dropped: 0, touched: [] };
}

/** The state key of a tab: prefixed so object keys keep insertion order (integer-like keys sort numerically). */
export function tabKey(tabId: number): string {
  return `t${tabId}`;
}

/** One tick of the worker's clock: requests held HOLD_TICKS ticks for their preflight are recorded without it. */
export function tickTab(state: PairingState, key: string, tabId: number, inPlace: boolean): ReduceResult {
  const old = state.tabs[key];
  if (!old || !Array.isArray(old.waiting) || old.waiting.length === 0) return unchanged(state);
  const emitted: CapturedExchange[] = [];
  const tab = inPlace ? old : copyTab(old);
  const ticks = (tab.ticks ?? 0) + 1;
  const keep: WaitingActual[] = [];
  for (const w of tab.waiting) {
    // Its preflight's end was lost (or never comes): record the request without it.
    if (ticks - (w.held ?? 0) >= HOLD_TICKS) settleActual(w.inflight, { kind: 'not-observed' }, w.error, tabId, emitted);
    else keep.push(w);
  }
  tab.waiting = keep;
  if (keep.length > 0) tab.ticks = ticks;
  else delete tab.ticks;
  return { state: inPlace ? state : { tabs: { ...state.tabs, [key]: tab } }, emitted, dropped: 0, touched: [key] };
}

/** The tab closed or navigated: its request-scoped state goes, after emitting what it still tells. */
export function forgetTab(state: PairingState, key: string, tabId: number, inPlace: boolean): ReduceResult {
  const old = state.tabs[key];
  if (!old) return unchanged(state);
  const emitted: CapturedExchange[] = [];
  // Preflights that failed and whose actual request never showed up still
  // tell the user something: emit them before forgetting the tab's requests.
  for (const p of old.ended) emitted.push(preflightOnly(p, tabId));
  for (const w of old.waiting) emitted.push(captured(tabId, w.inflight, undefined, w.error, false));
  const tabs = inPlace ? state.tabs : { ...state.tabs };
  delete tabs[key];
  return { state: inPlace ? state : { tabs }, emitted, dropped: 0, touched: [key] };
}

/**
 * Whether a request event can matter to CORS: not a navigation, a WebSocket or a tab-less request,
 * and cross-origin (or already tracked, or redirected to another origin).
 */
export function concernsCors(state: PairingState, key: string, ev: RequestEvent): boolean {
  if (typeof ev.requestId !== 'string' || typeof ev.url !== 'string') return false;
  if (ev.tabId < 0 || isIgnoredType(ev.type) || ev.type === 'websocket') return false;
  // A same-origin request that is not already tracked cannot matter (CORS never
  // applies): O(1), no copy. A redirect to another origin starts tracking it.
  return !(
    state.tabs[key]?.inflight[ev.requestId] === undefined &&
    ev.initiator !== undefined &&
    !isCrossOrigin(ev.initiator, ev.url) &&
    !(ev.event === 'beforeRedirect' && ev.redirectUrl !== undefined && isCrossOrigin(ev.initiator, ev.redirectUrl))
  );
}

/** The tab to change and the state that will hold it: the same objects in place, copies otherwise. */
export function openTab(state: PairingState, key: string, inPlace: boolean): { tab: TabPairing; next: PairingState } {
  if (inPlace) return { tab: state.tabs[key] ?? (state.tabs[key] = emptyTab()), next: state };
  const tab = copyTab(state.tabs[key] ?? emptyTab());
  return { tab, next: { tabs: { ...state.tabs, [key]: tab } } };
}

/** The tracked request this event is about (a copy unless in place), or a new one at first sight. */
export function inflightFor(tab: TabPairing, ev: RequestEvent, inPlace: boolean): Inflight {
  let inf = tab.inflight[ev.requestId];
  if (!inf) {
    // First sight of this request (an error whose start was never seen still counts).
    inf = {
      requestId: ev.requestId,
      frameKey: frameKeyOf(ev),
      firstUrl: ev.url,
      url: ev.url,
      method: ev.method,
      type: ev.type,
      start: ev.timeStamp,
      redirects: [],
    };
    if (ev.initiator) inf.initiator = ev.initiator;
  } else if (!inPlace) {
    inf = { ...inf };
  }
  if (ev.initiator && !inf.initiator) inf.initiator = ev.initiator;
  return inf;
}

/** What an event before the request's end adds to it: its headers, its response, a redirect hop. */
export function recordProgress(inf: Inflight, ev: RequestEvent): void {
  switch (ev.event) {
    case 'sendHeaders':
      if (ev.requestHeaders) {
        inf.requestHeaders = ev.requestHeaders;
        const acrm = ev.method === 'OPTIONS' ? headerValue(ev.requestHeaders, 'access-control-request-method') : undefined;
        if (acrm !== undefined) inf.preflightFor = acrm;
      }
      return;
    case 'headersReceived':
      inf.response = { url: ev.url, ...(ev.statusCode !== undefined ? { status: ev.statusCode } : {}), ...(ev.responseHeaders ? { headers: ev.responseHeaders } : {}) };
      return;
    case 'beforeRedirect': {
      // The same requestId continues at the new URL (Chromium and Firefox alike).
      const hop: Hop = { url: inf.url, ...(ev.statusCode !== undefined ? { status: ev.statusCode } : {}), ...(ev.responseHeaders ? { headers: ev.responseHeaders } : {}), ...(ev.redirectUrl ? { redirectUrl: ev.redirectUrl } : {}) };
      if (inf.preflightFor !== undefined) {
        // A redirected preflight (Firefox reports it; Chromium completes it as a 3xx).
        inf.response = hop;
        return;
      }
      inf.redirects = [...inf.redirects, hop];
      if (ev.redirectUrl) inf.url = ev.redirectUrl;
      delete inf.response;
      return;
    }
    default:
      return;
  }
}

/** The request ended (completed or errorOccurred): it stops being tracked and ends as a preflight or as an actual request. */
export function endRequest(tab: TabPairing, inf: Inflight, ev: RequestEvent, emitted: CapturedExchange[]): void {
  // A redirected preflight keeps its 3xx: what follows at the new URL is Firefox refusing the
  // redirect (ESR 153: errorOccurred NS_ERROR_NET_ON_RECEIVING_FROM; ESR 140: completed with
  // status 0 and the 3xx's headers, test/fixtures/webrequest/firefox-140/preflight-301-redirect.json).
  const redirectedPreflight = inf.preflightFor !== undefined && inf.response?.redirectUrl !== undefined;
  if (!redirectedPreflight && (ev.statusCode !== undefined || ev.responseHeaders)) {
    inf.response = { url: ev.url, ...(ev.statusCode !== undefined ? { status: ev.statusCode } : inf.response?.status !== undefined ? { status: inf.response.status } : {}), headers: ev.responseHeaders ?? inf.response?.headers ?? [] };
  }
  deleteInflight(tab, ev.requestId);
  const error = ev.event === 'errorOccurred' ? ev.error ?? 'net::ERR_FAILED' : undefined;
  if (inf.preflightFor !== undefined || (inf.method === 'OPTIONS' && isPendingPreflightShape(inf, tab))) {
    endPreflight(tab, inf, error, ev.tabId, emitted);
  } else {
    const browser: 'chromium' | 'firefox' = isFirefoxError(ev.error) ? 'firefox' : 'chromium';
    endActual(tab, inf, error, ev.tabId, browser, emitted, ev.type);
  }
}
