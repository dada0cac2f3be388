// The pairing reducer's data: the events it reads, the per-tab state it keeps (plain, storable
// objects) and what it emits. See ../pairing.ts for how the pairing works.
import type { Exchange, HeaderList, PreflightObservation } from '../exchange';

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

export interface Hop {
  url: string;
  status?: number;
  headers?: HeaderList;
  redirectUrl?: string;
}

/** A request seen starting (or first seen mid-way) and not yet ended. */
export interface Inflight {
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
export type PreflightNeed = 'network-error' | 'response';

/** An actual request that ended before its (still running) preflight did. */
export interface WaitingActual {
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
export interface EndedPreflight {
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
