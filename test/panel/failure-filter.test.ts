import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CapturedFailure } from '../../src/shared/messages';
import { compileFilter, filterFailures, prepareFilter } from '../../src/panel/failure-filter';
import { failureLabel, preflightLabel } from '../../src/panel/failure-labels';
import { capturedFailures } from '../helpers/captured';

let real: CapturedFailure[] = [];
beforeAll(async () => {
  real = await capturedFailures(['preflight-404', 'method-not-allowed', 'response-missing-acao', 'header-not-allowed', 'dead-port', 'preflight-405']);
});

/** n distinct failure objects cycling through the recorded ones. */
function many(n: number): CapturedFailure[] {
  return Array.from({ length: n }, (_, i) => {
    const f = real[i % real.length]!;
    return { ...f, id: `m-${i}`, exchange: { ...f.exchange, request: { ...f.exchange.request, url: `${f.exchange.request.url}&i=${i}` } } };
  });
}

/** What the filter box searches, spelled out independently of failure-filter.ts. */
function reference(failures: readonly CapturedFailure[], text: string, preflightOnly: boolean): CapturedFailure[] {
  const terms = text.toLowerCase().split(/\s+/).filter((t) => t !== '' && t !== '-');
  return failures.filter((f) => {
    if (preflightOnly && !f.preflightFailure) return false;
    const h = [f.exchange.request.method, f.exchange.request.url, preflightLabel(f), f.diagnosis.checks.map((c) => c.code).join(' '), failureLabel(f), f.diagnosis.verdict]
      .join('\n')
      .toLowerCase();
    return terms.every((t) => (t.startsWith('-') ? !h.includes(t.slice(1)) : h.includes(t)));
  });
}

const ids = (fs: readonly CapturedFailure[]) => fs.map((f) => f.id);

describe('filterFailures', () => {
  it('keeps what the filter box describes, keystroke after keystroke (narrowing reuses the last result)', () => {
    const failures = many(60);
    // Typing and deleting, as a person does: every prefix of the text is filtered in turn.
    const word = fc.constantFrom('put', 'delete', '404', 'api', 'allow', 'origin', 'preflight', 'i=1', 'dead', 'x-', 'network', 'methoddisallowed');
    const text = fc.array(fc.tuple(fc.boolean(), word), { maxLength: 3 }).map((ws) => ws.map(([neg, w]) => (neg ? `-${w}` : w)).join(' '));
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.boolean()), { minLength: 1, maxLength: 4 }), (steps) => {
        for (const [t, preflightOnly] of steps) {
          for (let n = 0; n <= t.length; n++) {
            const partial = t.slice(0, n);
            expect(ids(filterFailures(failures, { text: partial, preflightOnly }))).toEqual(ids(reference(failures, partial, preflightOnly)));
          }
          for (let n = t.length; n >= 0; n--) {
            const partial = t.slice(0, n);
            expect(ids(filterFailures(failures, { text: partial, preflightOnly }))).toEqual(ids(reference(failures, partial, preflightOnly)));
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('filters a new list (a new snapshot, new objects) on its own contents, not the last one’s', () => {
    const a = many(30);
    expect(ids(filterFailures(a, { text: 'delete', preflightOnly: false }))).toEqual(ids(reference(a, 'delete', false)));
    // Same ids, other requests: a snapshot after navigation.
    const b = a.map((f, i) => ({ ...real[(i + 1) % real.length]!, id: f.id }));
    expect(ids(filterFailures(b, { text: 'delete', preflightOnly: false }))).toEqual(ids(reference(b, 'delete', false)));
    expect(ids(filterFailures(b, { text: 'deletex', preflightOnly: false }))).toEqual([]);
    // One failure added at the end: a new array holding the same objects plus one.
    const c = [...b, { ...real[1]!, id: 'added' }];
    expect(ids(filterFailures(c, { text: 'deletex', preflightOnly: false }))).toEqual([]);
    expect(ids(filterFailures(c, { text: 'delete', preflightOnly: false }))).toEqual(ids(reference(c, 'delete', false)));
  });

  it('returns an array of its own each time', () => {
    const failures = many(10);
    const one = filterFailures(failures, { text: 'api', preflightOnly: false });
    one.length = 0;
    expect(filterFailures(failures, { text: 'api', preflightOnly: false }).length).toBe(reference(failures, 'api', false).length);
  });
});

describe('prepareFilter', () => {
  it('builds the search strings in slices and changes nothing about what matches', () => {
    const failures = many(2500);
    const pending: Array<() => void> = [];
    const cancel = prepareFilter(failures, (work) => {
      pending.push(() => work());
      return () => undefined;
    });
    let slices = 0;
    while (pending.length > 0) {
      pending.shift()!();
      slices++;
    }
    expect(slices).toBeGreaterThan(1); // never all at once
    cancel();
    for (const text of ['put', '-api 404', 'preflight']) expect(ids(failures.filter(compileFilter({ text, preflightOnly: false })))).toEqual(ids(reference(failures, text, false)));
  });

  it('has nothing to do for a list the filter has already searched, or for what it showed of it', () => {
    const failures = many(300);
    const shown = filterFailures(failures, { text: 'api', preflightOnly: false });
    const all = filterFailures(failures, { text: '', preflightOnly: false });
    const scheduled: unknown[] = [];
    for (const list of [failures, shown, all]) prepareFilter(list, (work) => (scheduled.push(work), () => undefined));
    expect(scheduled).toEqual([]);
    prepareFilter(many(3), (work) => (scheduled.push(work), () => undefined));
    expect(scheduled).toHaveLength(1);
  });

  it('stops when cancelled', () => {
    const pending: Array<() => void> = [];
    const cancel = prepareFilter(many(2000), (work) => {
      const entry = () => work();
      pending.push(entry);
      return () => pending.splice(pending.indexOf(entry), 1);
    });
    pending.shift()!();
    expect(pending).toHaveLength(1);
    cancel();
    expect(pending).toHaveLength(0);
  });
});
