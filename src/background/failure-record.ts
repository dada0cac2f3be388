// Diagnosis and redaction of one completed exchange: what the worker records of it, if anything.
// The exchange is stamped with the browser first (the diagnosis speaks its terms), diagnosed from
// the real values (a Cookie's presence decides the credentials mode), then masked: nothing leaves
// here with a credential in clear (docs/SECURITY.md).
import { isPreflightFailure } from '../core/badge-text';
import { diagnose, type Diagnosis } from '../core/diagnose';
import type { Exchange } from '../core/exchange';
import type { CapturedExchange } from '../core/pairing';
import { redactForStorage } from '../core/storage-redaction';
import type { CapturedFailure } from '../shared/messages';

export interface BrowserStamp {
  /** The engine the extension runs in. */
  browser?: 'chromium' | 'firefox';
  /** The browser's version (console wording differs between versions). */
  browserVersion?(): string | undefined;
}

/** A failed exchange, diagnosed and redacted, not yet placed in a tab's log. */
export interface DiagnosedFailure {
  exchange: Exchange;
  diagnosis: Diagnosis;
  preflightFailure: boolean;
}

/** `undefined` when the exchange passed: only failures are recorded. */
export function diagnoseForStorage(c: CapturedExchange, stamp: BrowserStamp): DiagnosedFailure | undefined {
  if (stamp.browser) c.exchange.browser = stamp.browser;
  const version = stamp.browserVersion?.();
  if (version !== undefined) c.exchange.browserVersion = version;
  const raw = diagnose(c.exchange);
  if (raw.verdict === 'allowed') return undefined;
  const preflightFailure = isPreflightFailure(c, raw);
  return { ...redactForStorage(c.exchange, raw), preflightFailure };
}

/** The failure as stored and sent to panels: `seq` is its place in the tab's capture order. */
export function capturedFailure(c: CapturedExchange, d: DiagnosedFailure, seq: number, capturedAt: number): CapturedFailure {
  return {
    id: `${c.tabId}-${seq}-${c.id.replace(/[^A-Za-z0-9.-]/g, '')}`,
    tabId: c.tabId,
    seq,
    capturedAt,
    exchange: d.exchange,
    diagnosis: d.diagnosis,
    preflightFailure: d.preflightFailure,
    preflightOnly: c.preflightOnly,
  };
}
