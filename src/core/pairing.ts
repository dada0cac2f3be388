// Pure pairing reducer: webRequest events in, Exchanges out. No timers, no
// browser objects: the worker feeds it plain events and stores what it emits.
//
// Chromium 156 and Firefox 153 show a CORS preflight as its own request (its
// own requestId, no link field) with the same tab, frame and document as the
// actual request. We pair on tab + document (or frame) + URL + the preflight's
// Access-Control-Request-Method == the actual method, first in, first out
// (STYLE.md: never by requestId arithmetic).
import type { CredentialsMode, Exchange, HeaderList, PreflightObservation } from './exchange';
import { headerValues } from './headers';
import { originOfUrl } from './origin';

export type EventKind = 'beforeRequest' | 'sendHeaders' | 'headersReceived' | 'beforeRedirect' | 'completed' | 'errorOccurred';

/** One webRequest event as plain data (the worker's only translation of browser objects). */
export interface RequestEvent {
  event: EventKind;
  requestId: string;
  tabId: number;
  frameId: number;
  documentId?: string;
  url: string;
  method: string;
  type: string;
  /** The page origin (Chromium `initiator`; Firefox `originUrl`'s origin). */
  initiator?: string;
  timeStamp: number;
  statusCode?: number;
  error?: string;
  redirectUrl?: string;
  requestHeaders?: HeaderList;
  responseHeaders?: HeaderList;
}

/** Lifecycle events that are not about one request. */
export type TabEvent =
  | { event: 'tabRemoved'; tabId: number }
  /** A main-frame navigation committed in the tab: request-scoped state goes, the log may stay (preserve log). */
  | { event: 'navigated'; tabId: number; preserveLog: boolean }
  /**
   * The worker's clock, per tab, while actual requests are held for their preflight: an entry
   * held for HOLD_TICKS ticks is recorded without it. The reducer keeps no timers; the worker
   * sends ticks (background/pairing-session.ts, every PAIRING_HOLD_TICK_MS) only while something is held.
   */
  | { event: 'tick'; tabId: number };

export type PairingEvent = RequestEvent | TabEvent;

interface Hop {
  url: string;
  status?: number;
  headers?: HeaderList;
  redirectUrl?: string;
}

/** A request seen starting (or first seen mid-way) and not yet ended. */
interface Inflight {
  requestId: string;
  frameKey: string;
  firstUrl: string;
  url: string;
  method: string;
  type: string;
  initiator?: string;
  start: number;
  requestHeaders?: HeaderList;
  response?: Hop;
  redirects: Hop[];
  /** Set when request headers carry Access-Control-Request-Method: a CORS preflight. */
  preflightFor?: string;
}

/**
 * What a preflight's outcome must be to belong to an actual request that ended the way it did
 * (undefined: any outcome). A request that failed with a network error of its own (Chromium hands
 * a dead port's `net::ERR_CONNECTION_REFUSED` to the actual request and `net::ERR_FAILED` to its
 * preflight) can only belong to a preflight that got no response; a request that was sent only to
 * one that got a response. A CORS failure (`net::ERR_FAILED`, Firefox's NS_ codes) fits any.
 */
type PreflightNeed = 'network-error' | 'response';

/** An actual request that ended before its (still running) preflight did. */
interface WaitingActual {
  inflight: Inflight;
  error?: string;
  at: number;
  /** Absent: any preflight outcome fits. */
  needs?: PreflightNeed;
  /** The tab's tick count when it started waiting (absent: 0). */
  held?: number;
}

/** Ticks an actual request waits for its running preflight before it is recorded without it. */
export const HOLD_TICKS = 2;

/** A preflight that ended, waiting for its actual request's end. */
interface EndedPreflight {
  frameKey: string;
  initiator?: string;
  url: string;
  method: string; // Access-Control-Request-Method
  at: number;
  observation: PreflightObservation;
}

export interface CapturedExchange {
  /** Stable id: tab, the actual request's id (or the preflight's), and its start time. */
  id: string;
  tabId: number;
  exchange: Exchange;
  /** True when no actual request was seen: built from the preflight alone. */
  preflightOnly: boolean;
}

export interface TabPairing {
  inflight: Record<string, Inflight>;
  ended: EndedPreflight[];
  /**
   * Actual requests that ended before their (still running) preflight did: Firefox orders them
   * so, and Chromium under load can (a dead port's actual request error before its preflight's).
   */
  waiting: WaitingActual[];
  /** Ticks seen while requests were waiting (absent when none wait). */
  ticks?: number;
}

export interface PairingState {
  tabs: Record<string, TabPairing>;
}

export interface PairingLimits {
  /** Per tab: requests in flight tracked at once (oldest dropped first). */
  maxInflightPerTab: number;
  /** Per tab: ended preflights kept while waiting for their actual request. */
  maxEndedPerTab: number;
  /** Tabs tracked at once. */
  maxTabs: number;
}

export const DEFAULT_LIMITS: PairingLimits = { maxInflightPerTab: 4096, maxEndedPerTab: 1024, maxTabs: 64 };

export interface ReduceResult {
  state: PairingState;
  emitted: CapturedExchange[];
  /** Request-scoped entries dropped to stay within the limits by this event. */
  dropped: number;
  /** Keys of `state.tabs` this event changed or removed (what a caller persisting per tab must rewrite). */
  touched: string[];
}

export interface ReduceOptions {
  /**
   * The caller hands the reducer ownership of `state`: it is updated in place and returned,
   * instead of copied. Same results (the fuzz test runs both ways); it spares the worker copying
   * a tab's whole in-flight table on every event of a burst.
   */
  inPlace?: boolean;
}

export function initialPairingState(): PairingState {
  return { tabs: {} };
}

function emptyTab(): TabPairing {
  return { inflight: {}, ended: [], waiting: [] };
}

function headerValue(list: HeaderList | undefined, name: string): string | undefined {
  return list ? headerValues(list, name)[0] : undefined;
}

function frameKeyOf(e: RequestEvent): string {
  return e.documentId ? `d:${e.documentId}` : `f:${e.frameId}`;
}

/** Navigations and DevTools' own re-fetch are not CORS requests. */
function isIgnoredType(type: string): boolean {
  return type === 'main_frame' || type === 'sub_frame' || type === 'outermost_frame';
}

function isCrossOrigin(initiator: string | undefined, url: string): boolean {
  if (!initiator || initiator === 'null') return initiator === 'null';
  // An opaque target (data:, blob:, an extension's own files) is never a CORS request here.
  const target = originOfUrl(url);
  return target !== undefined && target !== 'null' && target !== initiator;
}

function credentialsFrom(headers: HeaderList | undefined): CredentialsMode {
  // A Cookie on a sent cross-origin request proves credentials were included;
  // its absence proves nothing (there may be no cookie for the host).
  return headerValue(headers, 'cookie') !== undefined ? 'include' : 'unknown';
}

function initiatorTypeOf(type: string): string {
  switch (type) {
    case 'xmlhttprequest':
      return 'fetch';
    case 'font':
    case 'script':
    case 'stylesheet':
    case 'image':
    case 'media':
      return type;
    default:
      return type || 'other';
  }
}

function toExchange(inf: Inflight, preflight: PreflightObservation | undefined, error: string | undefined, browser: 'chromium' | 'firefox'): Exchange {
  const request: Exchange['request'] = {
    url: inf.url,
    method: inf.method,
    initiatorType: initiatorTypeOf(inf.type),
    credentials: credentialsFrom(inf.requestHeaders),
  };
  if (inf.initiator) request.origin = inf.initiator;
  if (inf.requestHeaders) request.headers = inf.requestHeaders;
  if (error) request.error = error;
  if (inf.firstUrl !== inf.url) request.initialUrl = inf.firstUrl;
  const exchange: Exchange = { request, browser, timeStamp: inf.start };
  if (preflight) exchange.preflight = preflight;
  if (inf.response && inf.response.status !== undefined) {
    exchange.response = { status: inf.response.status, headers: inf.response.headers ?? [] };
    if (inf.response.redirectUrl) exchange.response.redirectTo = inf.response.redirectUrl;
  }
  return exchange;
}

function preflightObservation(inf: Inflight, error: string | undefined): PreflightObservation {
  const status = inf.response?.status;
  // A preflight that got a response is "observed" even when the browser then
  // reports an error for it (Chromium: redirect; Firefox: NS_ERROR_DOM_BAD_URI).
  if (status !== undefined) {
    const obs: PreflightObservation = { kind: 'observed', status, headers: inf.response?.headers ?? [] };
    if (inf.requestHeaders) obs.requestHeaders = inf.requestHeaders;
    if (inf.response?.redirectUrl) obs.redirectTo = inf.response.redirectUrl;
    return obs;
  }
  const obs: PreflightObservation = { kind: 'network-error', error: error ?? 'net::ERR_FAILED' };
  if (inf.requestHeaders) obs.requestHeaders = inf.requestHeaders;
  return obs;
}

/** The request side of a preflight-only exchange: what the preflight announced (method; header names via its requestHeaders). */
function inflightFromPreflight(p: EndedPreflight, tabId: number, initiator: string | undefined): Inflight {
  return {
    requestId: `preflight-${tabId}-${p.at}`,
    frameKey: p.frameKey,
    firstUrl: p.url,
    url: p.url,
    method: p.method,
    type: 'xmlhttprequest',
    ...(initiator ? { initiator } : {}),
    start: p.at,
    redirects: [],
  };
}

function isFirefoxError(error: string | undefined): boolean {
  return !!error && error.startsWith('NS_');
}

/** Chromium's and Firefox's "the request was aborted" are not CORS failures. */
function isAbort(error: string | undefined): boolean {
  return error === 'net::ERR_ABORTED' || error === 'NS_BINDING_ABORTED';
}

// How many entries each in-flight table has, kept beside it (never stored): with the state
// updated in place, the per-event limit check is O(1) instead of a walk over the table.
const INFLIGHT_SIZE = new WeakMap<Record<string, Inflight>, number>();
function inflightSize(table: Record<string, Inflight>): number {
  let n = INFLIGHT_SIZE.get(table);
  if (n === undefined) {
    n = Object.keys(table).length;
    INFLIGHT_SIZE.set(table, n);
  }
  return n;
}
function setInflight(tab: TabPairing, id: string, inf: Inflight): void {
  const n = inflightSize(tab.inflight);
  const had = Object.prototype.hasOwnProperty.call(tab.inflight, id);
  tab.inflight[id] = inf;
  if (!had) INFLIGHT_SIZE.set(tab.inflight, n + 1);
}
function deleteInflight(tab: TabPairing, id: string): void {
  if (!Object.prototype.hasOwnProperty.call(tab.inflight, id)) return;
  const n = inflightSize(tab.inflight);
  delete tab.inflight[id];
  INFLIGHT_SIZE.set(tab.inflight, n - 1);
}

function copyTab(t: TabPairing): TabPairing {
  const c: TabPairing = { inflight: { ...t.inflight }, ended: [...t.ended], waiting: [...t.waiting] };
  if (t.ticks !== undefined) c.ticks = t.ticks;
  return c;
}

export function reducePairing(state: PairingState, ev: PairingEvent, limits: PairingLimits = DEFAULT_LIMITS, options: ReduceOptions = {}): ReduceResult {
  const emitted: CapturedExchange[] = [];
  let dropped = 0;
  const inPlace = options.inPlace === true;
  const unchanged = (): ReduceResult => ({ state, emitted, dropped, touched: [] });
  if (typeof ev !== 'object' || ev === null || typeof ev.tabId !== 'number') return unchanged();
  // Prefixed so object keys keep insertion order (integer-like keys sort numerically).
  const key = `t${ev.tabId}`;

  if (ev.event === 'tick') {
    const old = state.tabs[key];
    if (!old || !Array.isArray(old.waiting) || old.waiting.length === 0) return unchanged();
    const tab = inPlace ? old : copyTab(old);
    const ticks = (tab.ticks ?? 0) + 1;
    const keep: WaitingActual[] = [];
    for (const w of tab.waiting) {
      // Its preflight's end was lost (or never comes): record the request without it.
      if (ticks - (w.held ?? 0) >= HOLD_TICKS) settleActual(w.inflight, { kind: 'not-observed' }, w.error, ev.tabId, emitted);
      else keep.push(w);
    }
    tab.waiting = keep;
    if (keep.length > 0) tab.ticks = ticks;
    else delete tab.ticks;
    return { state: inPlace ? state : { tabs: { ...state.tabs, [key]: tab } }, emitted, dropped, touched: [key] };
  }

  if (ev.event === 'tabRemoved' || ev.event === 'navigated') {
    const old = state.tabs[key];
    if (!old) return unchanged();
    // Preflights that failed and whose actual request never showed up still
    // tell the user something: emit them before forgetting the tab's requests.
    for (const p of old.ended) emitted.push(preflightOnly(p, ev.tabId));
    for (const w of old.waiting) emitted.push(captured(ev.tabId, w.inflight, undefined, w.error, false));
    const tabs = inPlace ? state.tabs : { ...state.tabs };
    delete tabs[key];
    return { state: inPlace ? state : { tabs }, emitted, dropped, touched: [key] };
  }

  if (typeof ev.requestId !== 'string' || typeof ev.url !== 'string') return unchanged();
  if (ev.tabId < 0 || isIgnoredType(ev.type) || ev.type === 'websocket') return unchanged();
  // A same-origin request that is not already tracked cannot matter (CORS never
  // applies): O(1), no copy. A redirect to another origin starts tracking it.
  if (
    state.tabs[key]?.inflight[ev.requestId] === undefined &&
    ev.initiator !== undefined &&
    !isCrossOrigin(ev.initiator, ev.url) &&
    !(ev.event === 'beforeRedirect' && ev.redirectUrl !== undefined && isCrossOrigin(ev.initiator, ev.redirectUrl))
  ) {
    return unchanged();
  }

  let tab: TabPairing;
  let next: PairingState;
  if (inPlace) {
    tab = state.tabs[key] ?? (state.tabs[key] = emptyTab());
    next = state;
  } else {
    tab = copyTab(state.tabs[key] ?? emptyTab());
    next = { tabs: { ...state.tabs, [key]: tab } };
  }
  const browser: 'chromium' | 'firefox' = isFirefoxError(ev.error) ? 'firefox' : 'chromium';

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

  switch (ev.event) {
    case 'beforeRequest':
      break;
    case 'sendHeaders':
      if (ev.requestHeaders) {
        inf.requestHeaders = ev.requestHeaders;
        const acrm = ev.method === 'OPTIONS' ? headerValue(ev.requestHeaders, 'access-control-request-method') : undefined;
        if (acrm !== undefined) inf.preflightFor = acrm;
      }
      break;
    case 'headersReceived':
      inf.response = { url: ev.url, ...(ev.statusCode !== undefined ? { status: ev.statusCode } : {}), ...(ev.responseHeaders ? { headers: ev.responseHeaders } : {}) };
      break;
    case 'beforeRedirect': {
      // The same requestId continues at the new URL (Chromium and Firefox alike).
      const hop: Hop = { url: inf.url, ...(ev.statusCode !== undefined ? { status: ev.statusCode } : {}), ...(ev.responseHeaders ? { headers: ev.responseHeaders } : {}), ...(ev.redirectUrl ? { redirectUrl: ev.redirectUrl } : {}) };
      if (inf.preflightFor !== undefined) {
        // A redirected preflight (Firefox reports it; Chromium completes it as a 3xx).
        inf.response = hop;
        break;
      }
      inf.redirects = [...inf.redirects, hop];
      if (ev.redirectUrl) inf.url = ev.redirectUrl;
      delete inf.response;
      break;
    }
    case 'completed':
    case 'errorOccurred': {
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
        endActual(tab, inf, error, ev.tabId, browser, emitted, ev.type);
      }
      pruneTab(tab, limits, (n) => (dropped += n), emitted, ev.tabId);
      return finish(next, limits, emitted, dropped, key, inPlace);
    }
  }
  setInflight(tab, ev.requestId, inf);
  pruneTab(tab, limits, (n) => (dropped += n), emitted, ev.tabId);
  return finish(next, limits, emitted, dropped, key, inPlace);
}

/** An OPTIONS whose headers were never seen, while an actual request waits for a preflight: treat it as that preflight. */
function isPendingPreflightShape(inf: Inflight, tab: TabPairing): boolean {
  return inf.requestHeaders === undefined && tab.waiting.some((w) => w.inflight.url === inf.url && w.inflight.frameKey === inf.frameKey);
}

function endPreflight(tab: TabPairing, inf: Inflight, error: string | undefined, tabId: number, emitted: CapturedExchange[]): void {
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

function needsOf(inf: Inflight, error: string | undefined): PreflightNeed | undefined {
  if (error === undefined) return 'response';
  if (error === 'net::ERR_FAILED' || isFirefoxError(error)) return undefined;
  return inf.response?.status !== undefined ? 'response' : 'network-error';
}

function fits(needs: PreflightNeed | undefined, observation: PreflightObservation): boolean {
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

/** A request CORS can have applied to: it failed, or it went out in CORS mode (it carries Origin). */
function mayBeCorsRequest(inf: Inflight, error: string | undefined): boolean {
  return error !== undefined || headerValue(inf.requestHeaders, 'origin') !== undefined;
}

/** Records an actual request whose preflight is known (or known to be unseen). */
function settleActual(inf: Inflight, preflight: PreflightObservation, error: string | undefined, tabId: number, emitted: CapturedExchange[], browser?: 'chromium' | 'firefox'): void {
  // No preflight seen: none was needed, or it came from the preflight cache.
  // The engine decides which, from the request (whyPreflight + cache reasoning).
  if (!mayBeCorsRequest(inf, error)) return; // a no-cors request (plain <img>, <script>) that succeeded: CORS never applied
  emitted.push(captured(tabId, inf, preflight, error, false, browser));
}

function endActual(
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

function captured(
  tabId: number,
  inf: Inflight,
  preflight: PreflightObservation | undefined,
  error: string | undefined,
  preflightOnlyFlag: boolean,
  browser: 'chromium' | 'firefox' = isFirefoxError(error) ? 'firefox' : 'chromium',
): CapturedExchange {
  return {
    id: `${tabId}:${inf.requestId}:${inf.start}`,
    tabId,
    exchange: toExchange(inf, preflight, error, browser),
    preflightOnly: preflightOnlyFlag,
  };
}

function preflightOnly(p: EndedPreflight, tabId: number): CapturedExchange {
  const failed = p.observation.kind === 'network-error' || (p.observation.kind === 'observed' && (p.observation.status < 200 || p.observation.status > 299));
  const inf = inflightFromPreflight(p, tabId, p.initiator);
  return captured(tabId, inf, p.observation, failed ? 'net::ERR_FAILED' : undefined, true);
}

function pruneTab(tab: TabPairing, limits: PairingLimits, onDrop: (n: number) => void, emitted: CapturedExchange[], tabId: number): void {
  if (inflightSize(tab.inflight) > limits.maxInflightPerTab) {
    const ids = Object.keys(tab.inflight);
    // Oldest first: the start time orders them (requestIds are opaque strings).
    ids.sort((a, b) => tab.inflight[a]!.start - tab.inflight[b]!.start);
    const excess = ids.length - limits.maxInflightPerTab;
    for (const id of ids.slice(0, excess)) deleteInflight(tab, id);
    onDrop(excess);
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
}

function finish(state: PairingState, limits: PairingLimits, emitted: CapturedExchange[], dropped: number, key: string, inPlace: boolean): ReduceResult {
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
