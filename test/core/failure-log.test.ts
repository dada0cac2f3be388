import { describe, expect, it } from 'vitest';
import { DEFAULT_FAILURE_LOG_LIMITS, FailureLog, type FailureLogLimits, type LogEntry } from '../../src/core/failure-log';

// The worker's bounded failure log (docs/ARCHITECTURE.md, Storage layout: 200 failures per tab,
// 1,000 and 6 MB for all tabs together, the oldest going first and counted as dropped).

type Op =
  | { add: number; id: string; at: number; preflight?: boolean; size?: number }
  | { clear: number }
  | { navigated: number }
  | { remove: number }
  | { preserve: number };

interface Case {
  name: string;
  limits?: Partial<FailureLogLimits>;
  ops: Op[];
  /** Per tab: kept ids in order, dropped, dropped preflight failures. */
  tabs: Record<number, { ids: string[]; dropped: number; droppedPreflight: number } | undefined>;
  /** Every failure let go by an operation, in order, as `tab:id`. */
  gone: string[];
  totals: { failures: number; bytes: number };
}

const LIMITS = DEFAULT_FAILURE_LOG_LIMITS;

const add = (tab: number, id: string, at: number, extra: { preflight?: boolean; size?: number } = {}): Op => ({ add: tab, id, at, ...extra });

function run(c: Case) {
  const log = new FailureLog<LogEntry>({ ...LIMITS, ...c.limits });
  const gone: string[] = [];
  for (const op of c.ops) {
    if ('add' in op) {
      const entry = { id: op.id, capturedAt: op.at, preflightFailure: op.preflight ?? false, size: op.size ?? 10 };
      for (const e of log.add(op.add, entry)) gone.push(`${e.tabId}:${e.entry.id}`);
    } else if ('clear' in op) for (const e of log.clear(op.clear)) gone.push(`${op.clear}:${e.id}`);
    else if ('navigated' in op) for (const e of log.navigated(op.navigated) ?? []) gone.push(`${op.navigated}:${e.id}`);
    else if ('remove' in op) for (const e of log.remove(op.remove) ?? []) gone.push(`${op.remove}:${e.id}`);
    else log.setPreserveLog(op.preserve, true);
  }
  const tabs: Case['tabs'] = {};
  for (const id of Object.keys(c.tabs).map(Number)) {
    const t = log.get(id);
    tabs[id] = t && { ids: t.entries.map((e) => e.id), dropped: t.dropped, droppedPreflight: t.droppedPreflight };
  }
  return { tabs, gone, totals: log.totals() };
}

describe('failure log: bounds and eviction', () => {
  it.each<Case>([
    {
      name: 'per tab: past maxFailuresPerTab the tab\'s oldest goes, counted as dropped',
      limits: { maxFailuresPerTab: 2 },
      ops: [add(1, 'a', 1), add(1, 'b', 2), add(1, 'c', 3)],
      tabs: { 1: { ids: ['b', 'c'], dropped: 1, droppedPreflight: 0 } },
      gone: ['1:a'],
      totals: { failures: 2, bytes: 20 },
    },
    {
      name: 'per tab: dropped preflight failures are counted apart (the badge still counts them)',
      limits: { maxFailuresPerTab: 1 },
      ops: [add(1, 'a', 1, { preflight: true }), add(1, 'b', 2), add(1, 'c', 3, { preflight: true })],
      tabs: { 1: { ids: ['c'], dropped: 2, droppedPreflight: 1 } },
      gone: ['1:a', '1:b'],
      totals: { failures: 1, bytes: 10 },
    },
    {
      name: 'all tabs: past maxStoredFailures the oldest of any tab goes',
      limits: { maxStoredFailures: 3 },
      ops: [add(1, 'a', 1), add(2, 'b', 2), add(1, 'c', 3), add(2, 'd', 4)],
      tabs: { 1: { ids: ['c'], dropped: 1, droppedPreflight: 0 }, 2: { ids: ['b', 'd'], dropped: 0, droppedPreflight: 0 } },
      gone: ['1:a'],
      totals: { failures: 3, bytes: 30 },
    },
    {
      name: 'all tabs: the oldest by capture time, whatever order the tabs were opened in',
      limits: { maxStoredFailures: 2 },
      ops: [add(1, 'late', 50), add(2, 'early', 5), add(3, 'new', 60)],
      tabs: { 1: { ids: ['late'], dropped: 0, droppedPreflight: 0 }, 2: { ids: [], dropped: 1, droppedPreflight: 0 }, 3: { ids: ['new'], dropped: 0, droppedPreflight: 0 } },
      gone: ['2:early'],
      totals: { failures: 2, bytes: 20 },
    },
    {
      name: 'all tabs: past maxStoredBytes the oldest go until the size fits',
      limits: { maxStoredBytes: 100 },
      ops: [add(1, 'a', 1, { size: 40 }), add(2, 'b', 2, { size: 40 }), add(2, 'c', 3, { size: 90 })],
      tabs: { 1: { ids: [], dropped: 1, droppedPreflight: 0 }, 2: { ids: ['c'], dropped: 1, droppedPreflight: 0 } },
      gone: ['1:a', '2:b'],
      totals: { failures: 1, bytes: 90 },
    },
    {
      name: 'the failure just added is kept even when it alone is over the size budget',
      limits: { maxStoredBytes: 50 },
      ops: [add(1, 'huge', 1, { size: 60 })],
      tabs: { 1: { ids: ['huge'], dropped: 0, droppedPreflight: 0 } },
      gone: [],
      totals: { failures: 1, bytes: 60 },
    },
    {
      name: 'the tab just added to gives up its own oldest when it is the oldest',
      limits: { maxStoredFailures: 2 },
      ops: [add(1, 'a', 1), add(1, 'b', 2), add(1, 'c', 3)],
      tabs: { 1: { ids: ['b', 'c'], dropped: 1, droppedPreflight: 0 } },
      gone: ['1:a'],
      totals: { failures: 2, bytes: 20 },
    },
    {
      name: 'clear: the log empties and its dropped counts restart',
      limits: { maxFailuresPerTab: 1 },
      ops: [add(1, 'a', 1, { preflight: true }), add(1, 'b', 2), { clear: 1 }, add(1, 'c', 3)],
      tabs: { 1: { ids: ['c'], dropped: 0, droppedPreflight: 0 } },
      gone: ['1:a', '1:b'],
      totals: { failures: 1, bytes: 10 },
    },
    {
      name: 'navigation: the log goes with the page',
      ops: [add(1, 'a', 1), add(2, 'b', 2), { navigated: 1 }],
      tabs: { 1: { ids: [], dropped: 0, droppedPreflight: 0 }, 2: { ids: ['b'], dropped: 0, droppedPreflight: 0 } },
      gone: ['1:a'],
      totals: { failures: 1, bytes: 10 },
    },
    {
      name: 'navigation with preserve log on: the log stays',
      ops: [{ preserve: 1 }, add(1, 'a', 1), { navigated: 1 }, add(1, 'b', 2)],
      tabs: { 1: { ids: ['a', 'b'], dropped: 0, droppedPreflight: 0 } },
      gone: [],
      totals: { failures: 2, bytes: 20 },
    },
    {
      name: 'a closed tab is forgotten, its failures no longer count against the others',
      limits: { maxStoredFailures: 2 },
      ops: [add(1, 'a', 1), add(2, 'b', 2), { remove: 1 }, add(2, 'c', 3)],
      tabs: { 1: undefined, 2: { ids: ['b', 'c'], dropped: 0, droppedPreflight: 0 } },
      gone: ['1:a'],
      totals: { failures: 2, bytes: 20 },
    },
  ])('$name', (c) => {
    expect(run(c)).toEqual({ tabs: c.tabs, gone: c.gone, totals: c.totals });
  });

  it('numbers a tab\'s failures on, across clears and navigations', () => {
    const log = new FailureLog(LIMITS);
    expect([log.nextSeq(1), log.nextSeq(1)]).toEqual([0, 1]);
    log.clear(1);
    log.navigated(1);
    expect(log.nextSeq(1)).toBe(2);
  });
});
