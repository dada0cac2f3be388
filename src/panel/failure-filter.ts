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
const haystacks = new WeakMap<CapturedFailure, string>();

function haystackOf(f: CapturedFailure): string {
  let h = haystacks.get(f);
  if (h === undefined) {
    const codes = f.diagnosis.checks.map((c) => c.code).join(' ');
    h = [f.exchange.request.method, f.exchange.request.url, preflightLabel(f), codes, failureLabel(f), f.diagnosis.verdict]
      .join('\n')
      .toLowerCase();
    haystacks.set(f, h);
  }
  return h;
}

export function compileFilter(filter: FailureFilter): (f: CapturedFailure) => boolean {
  const terms = filter.text.toLowerCase().split(/\s+/).filter((t) => t !== '' && t !== '-');
  const include = terms.filter((t) => !t.startsWith('-'));
  const exclude = terms.filter((t) => t.startsWith('-')).map((t) => t.slice(1));
  return (f) => {
    if (filter.preflightOnly && !f.preflightFailure) return false;
    if (include.length === 0 && exclude.length === 0) return true;
    const h = haystackOf(f);
    return include.every((t) => h.includes(t)) && !exclude.some((t) => h.includes(t));
  };
}

export function filterFailures(failures: readonly CapturedFailure[], filter: FailureFilter): CapturedFailure[] {
  const keep = compileFilter(filter);
  return failures.filter(keep);
}
