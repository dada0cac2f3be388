// The one definition of what the worker and the panel say to each other
// (react-devtools-extensions: a versioned protocol; preact-devtools: port
// names are constants and the panel's first message carries the tab id).
// Every incoming message is validated with the guards below before use.

export const PANEL_PORT_NAME = 'cors-doctor/panel';
export const PROTOCOL_VERSION = 1;

/** One webRequest event as the worker recorded it: plain data, no browser objects. */
export interface RecordedEvent {
  event: 'beforeRequest' | 'sendHeaders' | 'headersReceived' | 'beforeRedirect' | 'completed' | 'errorOccurred';
  requestId: string;
  tabId: number;
  frameId: number;
  documentId?: string;
  url: string;
  method: string;
  type: string;
  initiator?: string;
  timeStamp: number;
  statusCode?: number;
  statusLine?: string;
  error?: string;
  redirectUrl?: string;
  requestHeaders?: Array<[string, string]>;
  responseHeaders?: Array<[string, string]>;
}

/** A cross-origin request that the browser ended with an error. */
export interface FailedRequest {
  requestId: string;
  url: string;
  method: string;
  initiator?: string;
  error: string;
  timeStamp: number;
  /** The preflight seen for it, if any (same tab, URL and Access-Control-Request-Method). */
  preflight?: { status?: number; error?: string; responseHeaders?: Array<[string, string]> };
}

export interface TabSnapshot {
  tabId: number;
  failures: FailedRequest[];
  /** How many webRequest events were recorded for the tab (bounded buffer). */
  eventCount: number;
  /** Oldest entries dropped to keep memory bounded. */
  dropped: number;
}

export interface PanelToWorker {
  hello: { type: 'hello'; protocolVersion: number; tabId: number };
  clear: { type: 'clear'; protocolVersion: number; tabId: number };
}

export interface WorkerToPanel {
  snapshot: { type: 'snapshot'; protocolVersion: number; snapshot: TabSnapshot };
  versionMismatch: { type: 'versionMismatch'; protocolVersion: number; expected: number };
}

export type PanelMessage = PanelToWorker[keyof PanelToWorker];
export type WorkerMessage = WorkerToPanel[keyof WorkerToPanel];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isTabId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export type Parsed<T> = { ok: true; message: T } | { ok: false; reason: 'malformed' | 'version'; version?: number };

export function parsePanelMessage(value: unknown): Parsed<PanelMessage> {
  if (!isRecord(value) || typeof value.type !== 'string') return { ok: false, reason: 'malformed' };
  if (value.protocolVersion !== PROTOCOL_VERSION) {
    return { ok: false, reason: 'version', version: typeof value.protocolVersion === 'number' ? value.protocolVersion : undefined };
  }
  if ((value.type === 'hello' || value.type === 'clear') && isTabId(value.tabId)) {
    return { ok: true, message: { type: value.type, protocolVersion: PROTOCOL_VERSION, tabId: value.tabId } };
  }
  return { ok: false, reason: 'malformed' };
}

export function parseWorkerMessage(value: unknown): Parsed<WorkerMessage> {
  if (!isRecord(value) || typeof value.type !== 'string') return { ok: false, reason: 'malformed' };
  if (value.type === 'versionMismatch' && typeof value.expected === 'number') {
    return { ok: false, reason: 'version', version: value.expected };
  }
  if (value.protocolVersion !== PROTOCOL_VERSION) {
    return { ok: false, reason: 'version', version: typeof value.protocolVersion === 'number' ? value.protocolVersion : undefined };
  }
  if (value.type === 'snapshot' && isRecord(value.snapshot)) {
    const s = value.snapshot;
    if (isTabId(s.tabId) && Array.isArray(s.failures) && typeof s.eventCount === 'number' && typeof s.dropped === 'number') {
      return { ok: true, message: value as unknown as WorkerToPanel['snapshot'] };
    }
  }
  return { ok: false, reason: 'malformed' };
}
