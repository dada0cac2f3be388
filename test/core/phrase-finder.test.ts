// The phrase finder behind secret hunting: the same answers as testing each phrase with
// `includes` (and the same replacements as the sequential split/join it replaces), with work
// proportional to the text, not to text × phrases (issue 14, item 4). Work is counted, never timed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPhraseFinder, createPhraseReplacer } from '../../src/core/redact/phrase-finder';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** The code it replaces (src/core/report/redact.ts before issue 14), as the oracle. */
function naiveReplace(s: string, phrases: readonly string[], replacement: (p: string) => string, accept?: (i: number) => boolean): string {
  let out = s;
  phrases.forEach((p, i) => {
    if ((!accept || accept(i)) && out.includes(p)) out = out.split(p).join(replacement(p));
  });
  return out;
}

// Small alphabets make overlaps, shared prefixes and phrases inside phrases common.
const small = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '(', ')', '•', ' ', '1', 'é', '\u{1F600}'), maxLength: 9 });
const phrases = fc.array(small, { maxLength: 12 });
const text = fc.array(fc.oneof(small, fc.string({ maxLength: 6 })), { maxLength: 10 }).map((a) => a.join(''));

describe('createPhraseFinder', () => {
  it('finds exactly the phrases that occur (property, against includes)', () => {
    fc.assert(
      fc.property(phrases, text, fc.nat({ max: 12 }), (ps, s, from) => {
        const expected = ps.map((p, i) => (i >= from && s.includes(p) ? i : -1)).filter((i) => i >= 0);
        expect(createPhraseFinder(ps).occurring(s, from)).toEqual(expected);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it.each<[string, string[], string, number[]]>([
    ['a phrase inside another', ['bcd', 'abcde', 'c'], 'xxabcdexx', [0, 1, 2]],
    ['overlapping occurrences', ['aa', 'aaa'], 'aaaa', [0, 1]],
    ['a repeated phrase is reported under both indexes', ['tok', 'tok'], '-tok-', [0, 1]],
    ['the empty phrase occurs everywhere', ['', 'zz'], 'abc', [0]],
    ['no phrases', [], 'abc', []],
    ['astral characters by code unit', ['\u{1F600}x'], 'a\u{1F600}x', [0]],
  ])('%s', (_name, ps, s, expected) => {
    expect(createPhraseFinder(ps).occurring(s)).toEqual(expected);
  });
});

describe('createPhraseReplacer', () => {
  const mask = (p: string) => `••••(${[...p].length} chars)`;
  it('replaces as the sequential split/join does, replacements included (property)', () => {
    fc.assert(
      fc.property(phrases, text, fc.func(fc.boolean()), (ps, s, acceptFn) => {
        // Longest first, as the redactor orders its needles; the replacement text is the redactor's mask.
        const sorted = [...new Set(ps)].sort((a, b) => b.length - a.length);
        const accept = (i: number) => acceptFn(i);
        expect(createPhraseReplacer(sorted, mask).replace(s, accept)).toBe(naiveReplace(s, sorted, mask, accept));
        expect(createPhraseReplacer(sorted, mask).replace(s)).toBe(naiveReplace(s, sorted, mask));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a replacement that creates a later phrase at its edge is followed by that phrase', () => {
    // "ab12" -> "••••(4 chars)", which now contains "chars)": the naive loop replaces it next.
    const ps = ['ab12', 'chars)'];
    expect(createPhraseReplacer(ps, mask).replace('x ab12 y')).toBe(naiveReplace('x ab12 y', ps, mask));
    expect(createPhraseReplacer(ps, mask).replace('x ab12 y')).toContain('••••(6 chars)');
  });
});

describe('work grows with the text, not with the number of phrases', () => {
  // One unique token per failure, as a HAR with n failures gives the report's redactor.
  const tokens = (n: number) => Array.from({ length: n }, (_, i) => `tok${i.toString(36).padStart(8, '0')}Zq${((i * 2654435761) >>> 0).toString(36)}`);
  const textOf = (n: number) => Array.from({ length: n }, (_, i) => `PUT http://api.test/items/${i} Bearer ${tokens(n)[i] ?? ''} is blocked`).join('\n');

  it.each([1000, 4000])('%i phrases, a text quoting each once: steps <= 3 per character', (n) => {
    const ts = tokens(n);
    const finder = createPhraseFinder(ts);
    const s = Array.from({ length: n }, (_, i) => `PUT http://api.test/items/${i} Bearer ${ts[i]} is blocked`).join('\n');
    expect(finder.occurring(s)).toHaveLength(n);
    expect(finder.steps).toBeLessThanOrEqual(3 * s.length);
  });

  it('the same short text costs the same steps against 1,000 or 16,000 phrases', () => {
    const s = textOf(20);
    const small = createPhraseFinder(tokens(1000));
    const large = createPhraseFinder(tokens(16_000));
    small.occurring(s);
    large.occurring(s);
    expect(large.steps).toBeLessThanOrEqual(3 * s.length);
    expect(small.steps).toBeLessThanOrEqual(3 * s.length);
  });
});
