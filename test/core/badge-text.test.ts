import { describe, expect, it } from 'vitest';
import { badgeFor, type Badge } from '../../src/core/badge-text';

// The toolbar badge counts a tab's preflight failures, kept or dropped (docs/ARCHITECTURE.md).
const pf = (n: number, preflightFailure = true) => Array.from({ length: n }, () => ({ preflightFailure }));

describe('badge text', () => {
  it.each<[string, Parameters<typeof badgeFor>[0], Badge]>([
    ['no log', undefined, { text: '', title: 'CORS Doctor: no CORS preflight failures in this tab' }],
    ['only actual-response failures', { entries: pf(3, false) }, { text: '', title: 'CORS Doctor: no CORS preflight failures in this tab' }],
    ['one preflight failure', { entries: [...pf(1), ...pf(2, false)] }, { text: '1', title: '1 CORS preflight failure in this tab' }],
    ['dropped ones still count', { entries: pf(2), droppedPreflight: 3 }, { text: '5', title: '5 CORS preflight failures in this tab' }],
    ['past 999', { entries: pf(1), droppedPreflight: 999 }, { text: '999+', title: '1000 CORS preflight failures in this tab' }],
  ])('%s', (_name, log, badge) => {
    expect(badgeFor(log)).toEqual(badge);
  });
});
