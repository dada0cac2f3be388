// The one definition of what the worker and the panel say to each other
// (react-devtools-extensions: a versioned protocol; preact-devtools: port
// names are constants and the panel's first message carries the tab id).
// Every incoming message is validated with the guards below before use.
import type { Diagnosis } from '../core/diagnose';
import type { Exchange } from '../core/exchange';

export const PANEL_PORT_NAME = 'cors-doctor/panel';
// 3: a failure's exchange carries browserVersion (the panel of an older build would drop it from reports).
export const PROTOCOL_VERSION = 3;

/** One diagnosed cross-origin exchange that did not pass, as stored per tab. */
export interface CapturedFailure {
  /** Unique within the browser session. */
  id: string;
  tabId: number;
  /** Capture order within the tab. */
  seq: number;
  /** Epoch ms when the browser reported the request's end. */
  capturedAt: number;
  exchange: Exchange;
  diagnosis: Diagnosis;
  /** Blocked by a failed preflight (what the badge counts). */
  preflightFailure: boolean;
  /** Built from a preflight whose actual request was never seen. */
  preflightOnly: boolean;
}

export interface TabSnapshot {
  tabId: number;
  failures: CapturedFailure[];
  /** Older failures dropped to keep memory bounded. */
  dropped: number;
  /** Keep the log across navigations of this tab. */
  preserveLog: boolean;
}

export interface PanelToWorker {
  hello: { type: 'hello'; protocolVersion: number; tabId: number };
  clear: { type: 'clear'; protocolVersion: number; tabId: number };
  setPreserveLog: { type: 'setPreserveLog'; protocolVersion: number; tabId: number; value: boolean };
}

export interface WorkerToPanel {
  /** The whole tab: after hello, after clear, after a navigation reset. */
  snapshot: { type: 'snapshot'; protocolVersion: number; snapshot: TabSnapshot };
  /** One new failure (and how many were dropped so far). */
  /**
   * One new failure. `dropped` and `kept` are the worker's counts for the tab: it has seen
   * dropped + kept failures in all (optional `kept`: additive in protocol 2).
   */
  added: { type: 'added'; protocolVersion: number; tabId: number; failure: CapturedFailure; dropped: number; kept?: number };
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
  if (!isTabId(value.tabId)) return { ok: false, reason: 'malformed' };
  const tabId = value.tabId;
  if (value.type === 'hello' || value.type === 'clear') return { ok: true, message: { type: value.type, protocolVersion: PROTOCOL_VERSION, tabId } };
  if (value.type === 'setPreserveLog' && typeof value.value === 'boolean') {
    return { ok: true, message: { type: 'setPreserveLog', protocolVersion: PROTOCOL_VERSION, tabId, value: value.value } };
  }
  return { ok: false, reason: 'malformed' };
}

/** A stored or received failure is usable: the panel renders only these. */
export function isCapturedFailure(value: unknown): value is CapturedFailure {
  if (!isRecord(value)) return false;
  const d = value.diagnosis;
  const x = value.exchange;
  return (
    typeof value.id === 'string' &&
    isTabId(value.tabId) &&
    typeof value.seq === 'number' &&
    typeof value.capturedAt === 'number' &&
    isRecord(x) &&
    isRecord(x.request) &&
    typeof x.request.url === 'string' &&
    isRecord(d) &&
    typeof d.verdict === 'string' &&
    Array.isArray(d.checks) &&
    typeof value.preflightFailure === 'boolean'
  );
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
    if (isTabId(s.tabId) && Array.isArray(s.failures) && typeof s.dropped === 'number' && typeof s.preserveLog === 'boolean') {
      const snapshot: TabSnapshot = { tabId: s.tabId, failures: s.failures.filter(isCapturedFailure), dropped: s.dropped, preserveLog: s.preserveLog };
      return { ok: true, message: { type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot } };
    }
  }
  if (value.type === 'added' && isTabId(value.tabId) && isCapturedFailure(value.failure) && typeof value.dropped === 'number') {
    const kept = typeof value.kept === 'number' && value.kept >= 0 ? { kept: value.kept } : {};
    return { ok: true, message: { type: 'added', protocolVersion: PROTOCOL_VERSION, tabId: value.tabId, failure: value.failure, dropped: value.dropped, ...kept } };
  }
  return { ok: false, reason: 'malformed' };
}
