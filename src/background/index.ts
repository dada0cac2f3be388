// Wiring only (STYLE.md convention 2): browser events -> exported handlers.
import type { RecordedEvent } from '../shared/messages';
import { toRecordedEvent, type WebRequestDetails } from './event-record';
import { PanelPorts, type PortLike } from './panel-ports';
import { TabSessions } from './tab-sessions';
import { extraInfoSpec } from './extra-info-spec';

const sessions = new TabSessions({
  storage: chrome.storage.session,
  setBadge: (tabId, text) => chrome.action.setBadgeText({ tabId, text }),
  onChange: (snapshot) => ports.publish(snapshot),
  onError: (error) => console.warn('[cors-doctor]', error),
});
const ports = new PanelPorts({
  snapshot: (tabId) => sessions.snapshot(tabId),
  clear: (tabId) => sessions.clear(tabId),
});

void chrome.action.setBadgeBackgroundColor({ color: '#d93025' });

const filter: chrome.webRequest.RequestFilter = { urls: ['<all_urls>'] };

function listen(kind: RecordedEvent['event']) {
  return (details: WebRequestDetails): undefined => {
    try {
      const ev = toRecordedEvent(kind, details);
      if (ev) void sessions.record(ev);
    } catch (error) {
      console.warn('[cors-doctor]', error);
    }
    return undefined;
  };
}

interface WebRequestEvent {
  addListener(cb: (details: WebRequestDetails) => undefined, filter: chrome.webRequest.RequestFilter, spec?: string[]): void;
}
function on(event: WebRequestEvent, kind: RecordedEvent['event'], spec: string[] | undefined): void {
  if (spec) event.addListener(listen(kind), filter, spec);
  else event.addListener(listen(kind), filter);
}

const wr = chrome.webRequest as unknown as Record<string, WebRequestEvent>;
on(wr.onBeforeRequest!, 'beforeRequest', undefined);
on(wr.onSendHeaders!, 'sendHeaders', extraInfoSpec(['requestHeaders'], 'onSendHeaders'));
on(wr.onHeadersReceived!, 'headersReceived', extraInfoSpec(['responseHeaders'], 'onHeadersReceived'));
on(wr.onBeforeRedirect!, 'beforeRedirect', extraInfoSpec(['responseHeaders'], 'onBeforeRedirect'));
on(wr.onCompleted!, 'completed', extraInfoSpec(['responseHeaders'], 'onCompleted'));
on(wr.onErrorOccurred!, 'errorOccurred', extraInfoSpec([], 'onErrorOccurred'));

chrome.tabs.onRemoved.addListener((tabId) => void sessions.closeTab(tabId));
chrome.runtime.onConnect.addListener((port) => ports.connect(port as unknown as PortLike));
