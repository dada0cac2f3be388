// The few words the list shows for a failure: each check code said the way a person would,
// the preflight's outcome, the URL split so the path can be emphasized.
import type { Check, CorsErrorCode } from '../core/check';
import type { HeaderList } from '../core/exchange';
import type { CapturedFailure } from '../shared/messages';

export function splitUrl(url: string): { origin: string; path: string } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i.exec(url);
  return m ? { origin: m[1]!, path: m[2] || '/' } : { origin: '', path: url };
}

// Short forms of the CDP Network.CorsError names (what Chromium reports per request).
const CHECK_LABELS: Partial<Record<CorsErrorCode, (c: Check) => string>> = {
  PreflightMissingAllowOriginHeader: () => 'Preflight: no Allow-Origin',
  PreflightAllowOriginMismatch: () => 'Preflight: wrong Allow-Origin',
  PreflightMultipleAllowOriginValues: () => 'Preflight: Allow-Origin twice',
  PreflightInvalidAllowOriginValue: () => 'Preflight: invalid Allow-Origin',
  PreflightWildcardOriginNotAllowed: () => 'Preflight: * with credentials',
  PreflightInvalidAllowCredentials: () => 'Preflight: no Allow-Credentials',
  PreflightInvalidStatus: (c) => `Preflight status ${c.actual ?? 'not 2xx'}`,
  PreflightDisallowedRedirect: () => 'Preflight redirected',
  InvalidAllowMethodsPreflightResponse: () => 'Unparsable Allow-Methods',
  InvalidAllowHeadersPreflightResponse: () => 'Unparsable Allow-Headers',
  MethodDisallowedByPreflightResponse: (c) => `Method ${c.failedParameter || ''} not allowed`.replace('  ', ' '),
  HeaderDisallowedByPreflightResponse: (c) => `Header ${c.failedParameter || ''} not allowed`.replace('  ', ' '),
  MissingAllowOriginHeader: () => 'No Allow-Origin',
  AllowOriginMismatch: () => 'Wrong Allow-Origin',
  MultipleAllowOriginValues: () => 'Allow-Origin twice',
  InvalidAllowOriginValue: () => 'Invalid Allow-Origin',
  WildcardOriginNotAllowed: () => '* with credentials',
  InvalidAllowCredentials: () => 'No Allow-Credentials',
  RedirectContainsCredentials: () => 'Redirect with credentials',
  CorsDisabledScheme: () => 'Not an http(s) URL',
};

export function checkLabel(check: Check): string {
  const f = CHECK_LABELS[check.code];
  return f ? f(check) : check.code;
}

/** The failing check in a few words (checks[0] is what the console prints). */
export function failureLabel(f: CapturedFailure): string {
  const first = f.diagnosis.checks[0];
  if (first) return checkLabel(first);
  if (f.diagnosis.verdict === 'network-error') return 'Network error';
  if (f.diagnosis.verdict === 'unexplained') return 'Blocked, cause unclear';
  return f.diagnosis.verdict;
}

/** The preflight column: its HTTP status, or what happened instead. */
export function preflightLabel(f: CapturedFailure): string {
  const p = f.exchange.preflight;
  if (p?.kind === 'observed') return String(p.status);
  if (p?.kind === 'network-error') return 'unreachable';
  if (f.diagnosis.cache?.servedFromCache) return 'from cache';
  if (f.diagnosis.preflightNeeded === false) return 'none';
  return f.diagnosis.preflightNeeded ? 'from cache' : '—';
}

export function timeLabel(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export interface RowLabels {
  origin: string;
  path: string;
  preflight: string;
  /** The preflight got an HTTP status other than 2xx. */
  preflightBad: boolean;
  check: string;
  /** Every check code, for the tooltip. */
  codes: string;
  time: string;
}

const rowLabelCache = new WeakMap<CapturedFailure, RowLabels>();

/** What a list row shows of a failure, worked out once per failure object. */
export function rowLabels(f: CapturedFailure): RowLabels {
  let r = rowLabelCache.get(f);
  if (r === undefined) {
    const { origin, path } = splitUrl(f.exchange.request.url);
    const preflight = preflightLabel(f);
    r = {
      origin,
      path,
      preflight,
      preflightBad: /^\d+$/.test(preflight) && !preflight.startsWith('2'),
      check: failureLabel(f),
      codes: f.diagnosis.checks.map((c) => c.code).join(', '),
      time: timeLabel(f.capturedAt),
    };
    rowLabelCache.set(f, r);
  }
  return r;
}

/** `Name: value` lines, as DevTools' "view source" shows headers. */
export function headersAsText(headers: HeaderList): string {
  return headers.map(([n, v]) => `${n}: ${v}`).join('\n');
}
