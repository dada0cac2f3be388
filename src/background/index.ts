// Wiring only (STYLE.md convention 2): browser events -> exported handlers.
// webextension-polyfill gives one promise-based `browser` API in Chromium and
// Firefox; engine differences are detected once, here.
import browser from 'webextension-polyfill';
import type { EventKind } from '../core/pairing';
import { browserVersion, detectEngine } from './browser-engine';
import { toRequestEvent, type WebRequestDetails } from './event-record';
import { extraInfoSpec } from './extra-info-spec';
import { requestFilter } from './request-filter';
import { PanelPorts, type PortLike } from './panel-ports';
import { actionBadge, BADGE_COLOR } from './badge';
import { CapturePipeline } from './capture-pipeline';
import type { SessionStorageLike } from './session-persistence';

const engine = detectEngine(browser.runtime);
const version = browserVersion({
  engine,
  userAgent: navigator.userAgent,
  getBrowserInfo: browser.runtime.getBrowserInfo?.bind(browser.runtime),
  getHighEntropyValues: (hints) => (navigator as Navigator & { userAgentData?: { getHighEntropyValues(h: string[]): Promise<object> } }).userAgentData?.getHighEntropyValues(hints) ?? Promise.resolve({}),
});
const pipeline = new CapturePipeline({
  storage: browser.storage.session as unknown as SessionStorageLike,
  browser: engine,
  browserVersion: version.current,
  schedule: (fn, ms) => void setTimeout(fn, ms),
  setBadge: actionBadge(browser.action),
  onSnapshot: (snapshot) => ports.publishSnapshot(snapshot),
  onAdded: (failure, dropped, kept) => ports.publishAdded(failure, dropped, kept),
  onError: (error) => console.warn('[cors-doctor]', error),
});
const ports = new PanelPorts({
  extensionId: browser.runtime.id,
  log: (message) => console.warn('[cors-doctor]', message),
  snapshot: (tabId) => pipeline.snapshot(tabId),
  clear: (tabId) => pipeline.clear(tabId),
  setPreserveLog: (tabId, value) => pipeline.setPreserveLog(tabId, value),
});

void browser.action.setBadgeBackgroundColor({ color: BADGE_COLOR });

const filter = requestFilter((globalThis as { chrome?: { webRequest?: { ResourceType?: Record<string, string> } } }).chrome?.webRequest?.ResourceType);

function listen(kind: EventKind) {
  return (details: WebRequestDetails): undefined => {
    try {
      const ev = toRequestEvent(kind, details);
      if (ev) void pipeline.handleRequestEvent(ev);
    } catch (error) {
      console.warn('[cors-doctor]', error);
    }
    return undefined;
  };
}

interface WebRequestEvent {
  addListener(cb: (details: WebRequestDetails) => undefined, filter: { urls: string[]; types?: string[] }, spec?: string[]): void;
}
function on(event: WebRequestEvent, kind: EventKind, spec: string[] | undefined): void {
  if (spec) event.addListener(listen(kind), filter, spec);
  else event.addListener(listen(kind), filter);
}

const wr = browser.webRequest as unknown as Record<string, WebRequestEvent>;
on(wr.onBeforeRequest!, 'beforeRequest', undefined);
on(wr.onSendHeaders!, 'sendHeaders', extraInfoSpec(['requestHeaders'], 'onSendHeaders'));
on(wr.onHeadersReceived!, 'headersReceived', extraInfoSpec(['responseHeaders'], 'onHeadersReceived'));
on(wr.onBeforeRedirect!, 'beforeRedirect', extraInfoSpec(['responseHeaders'], 'onBeforeRedirect'));
on(wr.onCompleted!, 'completed', extraInfoSpec(['responseHeaders'], 'onCompleted'));
on(wr.onErrorOccurred!, 'errorOccurred', extraInfoSpec([], 'onErrorOccurred'));

browser.tabs.onRemoved.addListener((tabId) => void pipeline.closeTab(tabId));
browser.runtime.onConnect.addListener((port) => ports.connect(port as unknown as PortLike));
