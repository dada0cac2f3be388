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
/** Lists whose every failure has its search string already. */
const ready = new WeakSet<readonly CapturedFailure[]>();

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

/** Runs `work` later, off the path of input; returns a cancel. */
export type Scheduler = (work: () => void) => () => void;

type PostTask = (work: () => void, options: { priority: 'user-visible'; signal: AbortSignal }) => Promise<unknown>;

// Ordinary tasks (scheduler.postTask where there is one: Chromium, Firefox), a few ms each:
// input is more urgent than any of them, so a keystroke waits at most one slice. Not idle
// callbacks (one short slice per idle period: not done before a quick first keystroke), nor
// 'background' priority (profiled: at times starved while the panel's own chunks load after the
// first render, so the first keystroke built the rest).
const scheduleSlices: Scheduler = (() => {
  const scheduler = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    const postTask = scheduler.postTask.bind(scheduler);
    return (work) => {
      const abort = new AbortController();
      postTask(work, { priority: 'user-visible', signal: abort.signal }).catch(() => undefined);
      return () => abort.abort();
    };
  }
  return (work) => {
    const handle = setTimeout(work, 0);
    return () => clearTimeout(handle);
  };
})();

/** A slice of the work stops after this long, so a keystroke arriving meanwhile waits little, */
const SLICE_MS = 3;
/** or after this many failures. */
const SLICE_FAILURES = 1000;

/**
 * Builds the search strings of `failures` ahead of use, a few milliseconds at a time,
 * so the first keystroke in the filter box finds them ready. Returns a cancel function (for an
 * effect's cleanup). Filtering never waits for it: what is not built yet is built on use.
 * Newest first: after a failure is added, the one without a string is at the end.
 */
export function prepareFilter(failures: readonly CapturedFailure[], schedule: Scheduler = scheduleSlices): () => void {
  if (ready.has(failures)) return () => undefined;
  let next = failures.length;
  let cancel: (() => void) | null = null;
  const slice = () => {
    cancel = null;
    const start = performance.now();
    const end = Math.max(0, next - SLICE_FAILURES);
    while (next > end) {
      const f = failures[--next]!;
      if (!haystacks.has(f)) haystacks.set(f, buildHaystack(f));
      if ((next & 63) === 0 && performance.now() - start >= SLICE_MS) break;
    }
    if (next > 0) cancel = schedule(slice);
    else ready.add(failures);
  };
  if (failures.length > 0) cancel = schedule(slice);
  return () => cancel?.();
}

interface Terms {
  include: string[];
  exclude: string[];
}

function termsOf(text: string): Terms {
  const terms = text.toLowerCase().split(/\s+/).filter((t) => t !== '' && t !== '-');
  return { include: terms.filter((t) => !t.startsWith('-')), exclude: terms.filter((t) => t.startsWith('-')).map((t) => t.slice(1)) };
}

/** Every include term is in the search string `h`, and no exclude term. */
function matches(h: string, { include, exclude }: Terms): boolean {
  for (let i = 0; i < include.length; i++) if (!h.includes(include[i]!)) return false;
  for (let i = 0; i < exclude.length; i++) if (h.includes(exclude[i]!)) return false;
  return true;
}

export function compileFilter(filter: FailureFilter): (f: CapturedFailure) => boolean {
  const terms = termsOf(filter.text);
  const { preflightOnly } = filter;
  if (terms.include.length === 0 && terms.exclude.length === 0) return preflightOnly ? (f) => f.preflightFailure : () => true;
  return (f) => (!preflightOnly || f.preflightFailure) && matches(haystackOf(f), terms);
}

/**
 * Whatever `next` keeps, `prev` kept too: typing on at the end of a term only narrows. Each
 * earlier include term is part of a new one (a failure containing the new one contains it),
 * and each earlier exclude term contains a new one (a failure without the new one is without it).
 */
function narrows(prev: Terms & { preflightOnly: boolean }, next: Terms, preflightOnly: boolean): boolean {
  return (
    (preflightOnly || !prev.preflightOnly) &&
    prev.include.every((t) => next.include.some((n) => n.includes(t))) &&
    prev.exclude.every((t) => next.exclude.some((n) => t.includes(n)))
  );
}

/** Each list's search strings in its own order, so a scan is a loop over strings. */
const lists = new WeakMap<readonly CapturedFailure[], string[]>();

function haystacksOf(failures: readonly CapturedFailure[]): string[] {
  let hs = lists.get(failures);
  if (hs === undefined) {
    hs = new Array<string>(failures.length);
    for (let i = 0; i < failures.length; i++) hs[i] = haystackOf(failures[i]!);
    lists.set(failures, hs);
    ready.add(failures);
  }
  return hs;
}

/** The last search, so the next keystroke can scan only what it kept (indexes into `failures`). */
let last: (Terms & { preflightOnly: boolean; failures: readonly CapturedFailure[]; kept: number[] }) | null = null;

export function filterFailures(failures: readonly CapturedFailure[], filter: FailureFilter): CapturedFailure[] {
  const terms = termsOf(filter.text);
  const { preflightOnly } = filter;
  const { include, exclude } = terms;
  if (include.length === 0 && exclude.length === 0) {
    const shown = preflightOnly ? failures.filter((f) => f.preflightFailure) : failures.slice();
    if (ready.has(failures)) ready.add(shown);
    return shown;
  }
  const hs = haystacksOf(failures);
  const from = last !== null && last.failures === failures && narrows(last, terms, preflightOnly) ? last.kept : null;
  const n = from === null ? failures.length : from.length;
  const kept: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = from === null ? k : from[k]!;
    if (preflightOnly && !failures[i]!.preflightFailure) continue;
    if (matches(hs[i]!, terms)) kept.push(i);
  }
  last = { ...terms, preflightOnly, failures, kept };
  const shown = new Array<CapturedFailure>(kept.length);
  for (let k = 0; k < kept.length; k++) shown[k] = failures[kept[k]!]!;
  ready.add(shown);
  return shown;
}
