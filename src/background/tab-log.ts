import type { FailedRequest, RecordedEvent, TabSnapshot } from '../shared/messages';

// Foundation recorder: a bounded per-tab log of webRequest events and the
// cross-origin requests that ended in net::ERR_FAILED. Replaced by the core
// pairing reducer and diagnosis in later issues; kept pure (state in, state out).

export const MAX_EVENTS_PER_TAB = 400;
export const MAX_FAILURES_PER_TAB = 200;

export interface TabLog {
  tabId: number;
  events: RecordedEvent[];
  failures: FailedRequest[];
  dropped: number;
}

export function emptyTabLog(tabId: number): TabLog {
  return { tabId, events: [], failures: [], dropped: 0 };
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
}

export function isCrossOrigin(ev: Pick<RecordedEvent, 'url' | 'initiator'>): boolean {
  if (!ev.initiator) return false;
  const target = originOf(ev.url);
  return target !== null && target !== ev.initiator;
}

function header(headers: Array<[string, string]> | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers?.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** A CORS preflight: OPTIONS with Access-Control-Request-Method (Fetch, "CORS-preflight fetch"). */
function isPreflightRequest(events: RecordedEvent[], requestId: string): boolean {
  return events.some(
    (e) => e.requestId === requestId && e.method === 'OPTIONS' && header(e.requestHeaders, 'access-control-request-method') !== undefined,
  );
}

function findPreflight(events: RecordedEvent[], failed: RecordedEvent): FailedRequest['preflight'] {
  // STYLE.md: pair on tab + document + URL + Access-Control-Request-Method; newest
  // match before the failure wins here (the core reducer does FIFO properly).
  let preflightId: string | undefined;
  for (const e of events) {
    if (e.timeStamp > failed.timeStamp) break;
    if (
      e.method === 'OPTIONS' &&
      e.url === failed.url &&
      e.frameId === failed.frameId &&
      header(e.requestHeaders, 'access-control-request-method') === failed.method
    ) {
      preflightId = e.requestId;
    }
  }
  if (preflightId === undefined) return undefined;
  const out: NonNullable<FailedRequest['preflight']> = {};
  for (const e of events) {
    if (e.requestId !== preflightId) continue;
    if (e.statusCode !== undefined) out.status = e.statusCode;
    if (e.responseHeaders) out.responseHeaders = e.responseHeaders;
    if (e.error) out.error = e.error;
  }
  return out;
}

export function applyEvent(log: TabLog, ev: RecordedEvent): TabLog {
  const events = [...log.events, ev];
  let dropped = log.dropped;
  while (events.length > MAX_EVENTS_PER_TAB) {
    events.shift();
    dropped++;
  }
  let failures = log.failures;
  if (
    ev.event === 'errorOccurred' &&
    ev.error === 'net::ERR_FAILED' &&
    ev.type !== 'main_frame' &&
    isCrossOrigin(ev) &&
    !isPreflightRequest(events, ev.requestId)
  ) {
    const failure: FailedRequest = {
      requestId: ev.requestId,
      url: ev.url,
      method: ev.method,
      error: ev.error,
      timeStamp: ev.timeStamp,
    };
    if (ev.initiator) failure.initiator = ev.initiator;
    const preflight = findPreflight(events, ev);
    if (preflight) failure.preflight = preflight;
    failures = [...failures, failure];
    while (failures.length > MAX_FAILURES_PER_TAB) {
      failures.shift();
      dropped++;
    }
  }
  return { tabId: log.tabId, events, failures, dropped };
}

export function snapshotOf(log: TabLog): TabSnapshot {
  return { tabId: log.tabId, failures: log.failures, eventCount: log.events.length, dropped: log.dropped };
}

export function badgeTextFor(log: TabLog | undefined): string {
  const n = log?.failures.length ?? 0;
  if (n === 0) return '';
  return n > 999 ? '999+' : String(n);
}

/** Validates a TabLog read back from storage (it may be from an older version or corrupt). */
export function reviveTabLog(value: unknown): TabLog | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<TabLog>;
  if (typeof v.tabId !== 'number' || !Array.isArray(v.events) || !Array.isArray(v.failures) || typeof v.dropped !== 'number') {
    return null;
  }
  return { tabId: v.tabId, events: v.events, failures: v.failures, dropped: v.dropped };
}
