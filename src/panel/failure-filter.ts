// The filter box: every whitespace-separated term must occur (case-insensitively) in the
// failure's URL, method, preflight status or one of its check codes. A term starting with `-`
// excludes, as in the Network panel.
import type { CapturedFailure } from '../shared/messages';
import { failureLabel, preflightLabel } from './failure-labels';

export interface FailureFilter {
  text: string;
  preflightOnly: boolean;
}

// Built once per failure object: filtering 10,000 failures per keystroke stays a string scan.
// Keyed by the object, so a new snapshot (new objects) gets new strings and the old ones go
// with their failures.
const haystacks = new WeakMap<CapturedFailure, string>();

function buildHaystack(f: CapturedFailure): string {
  const checks = f.diagnosis.checks;
  let codes = '';
  for (let i = 0; i < checks.length; i++) codes += i === 0 ? checks[i]!.code : ` ${checks[i]!.code}`;
  const r = f.exchange.request;
  // One lower-casing of one string; the same text as joining the parts with '\n'.
  return `${r.method}\n${r.url}\n${preflightLabel(f)}\n${codes}\n${failureLabel(f)}\n${f.diagnosis.verdict}`.toLowerCase();
}

function haystackOf(f: CapturedFailure): string {
  let h = haystacks.get(f);
  if (h === undefined) {
    h = buildHaystack(f);
    haystacks.set(f, h);
  }
  return h;
}

type IdleScheduler = (work: (deadline?: { timeRemaining(): number }) => void) => () => void;

const scheduleIdle: IdleScheduler =
  typeof requestIdleCallback === 'function'
    ? (work) => {
        const handle = requestIdleCallback(work);
        return () => cancelIdleCallback(handle);
      }
    : (work) => {
        const handle = setTimeout(work, 0);
        return () => clearTimeout(handle);
      };

/** Longest slice of idle time spent at once, so a keystroke arriving meanwhile waits little. */
const SLICE_MS = 4;
/** Without IdleDeadline (setTimeout fallback), this many per slice. */
const SLICE_FAILURES = 500;

/**
 * Builds the search strings of `failures` in idle time, a few milliseconds at a time, so the
 * first keystroke in the filter box finds them ready. Returns a cancel function (for an
 * effect's cleanup). Filtering never waits for it: what is not built yet is built on use.
 */
export function prepareFilter(failures: readonly CapturedFailure[], schedule: IdleScheduler = scheduleIdle): () => void {
  let next = 0;
  let cancel: (() => void) | null = null;
  const slice = (deadline?: { timeRemaining(): number }) => {
    cancel = null;
    const start = performance.now();
    const budget = deadline ? Math.min(SLICE_MS, deadline.timeRemaining()) : Infinity;
    const end = deadline ? failures.length : Math.min(failures.length, next + SLICE_FAILURES);
    while (next < end) {
      const f = failures[next++]!;
      if (!haystacks.has(f)) haystacks.set(f, buildHaystack(f));
      if ((next & 63) === 0 && performance.now() - start >= budget) break;
    }
    if (next < failures.length) cancel = schedule(slice);
  };
  if (failures.length > 0) cancel = schedule(slice);
  return () => cancel?.();
}

export function compileFilter(filter: FailureFilter): (f: CapturedFailure) => boolean {
  const terms = filter.text.toLowerCase().split(/\s+/).filter((t) => t !== '' && t !== '-');
  const include = terms.filter((t) => !t.startsWith('-'));
  const exclude = terms.filter((t) => t.startsWith('-')).map((t) => t.slice(1));
  const preflightOnly = filter.preflightOnly;
  if (include.length === 0 && exclude.length === 0) return preflightOnly ? (f) => f.preflightFailure : () => true;
  return (f) => {
    if (preflightOnly && !f.preflightFailure) return false;
    const h = haystackOf(f);
    for (let i = 0; i < include.length; i++) if (!h.includes(include[i]!)) return false;
    for (let i = 0; i < exclude.length; i++) if (h.includes(exclude[i]!)) return false;
    return true;
  };
}

export function filterFailures(failures: readonly CapturedFailure[], filter: FailureFilter): CapturedFailure[] {
  const keep = compileFilter(filter);
  return failures.filter(keep);
}
