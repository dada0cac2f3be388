// Which of many known phrases (the secrets a report hunts) occur in a string, in one pass over
// the string whatever the number of phrases: the Aho–Corasick automaton (A. V. Aho, M. J.
// Corasick, "Efficient string matching: an aid to bibliographic search", CACM 18(6), 1975).
// Testing each phrase with `includes` costs phrases × length per string, and a report has about
// as many secrets as failures, so a HAR with one token per failure took quadratic time (issue 14).
//
// Built once per report: the trie lives in typed arrays (one open-addressing table for the
// transitions), a few tens of bytes per phrase character, so 100,000 secrets cost megabytes,
// not one JS object per character.

export interface PhraseFinder {
  /** How many phrases the finder knows. */
  readonly size: number;
  /** The indexes (into the phrases given) of those occurring in `s` and at least `from`, ascending. */
  occurring(s: string, from?: number): number[];
  /** Characters examined and transitions taken so far, over every call: the work, for tests that prove linearity. */
  readonly steps: number;
}

const NONE = -1;

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

export function createPhraseFinder(phrases: readonly string[]): PhraseFinder {
  let chars = 0;
  for (const p of phrases) chars += p.length;
  const maxNodes = chars + 1;
  // Node 0 is the root. `terminal` holds the smallest phrase index ending at the node (phrases may repeat).
  const terminal = new Int32Array(maxNodes).fill(NONE);
  const fail = new Int32Array(maxNodes);
  const dict = new Int32Array(maxNodes).fill(NONE);
  const seen = new Int32Array(maxNodes);
  // Transitions: (node, UTF-16 code unit) -> child, open addressing with linear probing, load <= 1/2.
  const slots = nextPowerOfTwo(Math.max(16, maxNodes * 2));
  const mask = slots - 1;
  const keyNode = new Int32Array(slots).fill(NONE);
  const keyChar = new Uint16Array(slots);
  const child = new Int32Array(slots);
  let nodes = 1;
  let steps = 0;
  let generation = 0;

  const slotOf = (node: number, c: number): number => {
    let h = (Math.imul(node, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca77)) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    while (keyNode[h] !== NONE && (keyNode[h] !== node || keyChar[h] !== c)) h = (h + 1) & mask;
    return h;
  };
  // The root's transitions, direct: most characters of a text start no phrase and stop here.
  const rootChild = new Int32Array(0x10000).fill(NONE);
  const next = (node: number, c: number): number => {
    if (node === 0) return rootChild[c] as number;
    const h = slotOf(node, c);
    return keyNode[h] === NONE ? NONE : (child[h] as number);
  };

  // The trie, remembering each node's children in insertion order for the breadth-first pass.
  const firstChild = new Int32Array(maxNodes).fill(NONE);
  const sibling = new Int32Array(maxNodes).fill(NONE);
  const label = new Uint16Array(maxNodes);
  // The empty phrase occurs in every string; a repeated phrase occurs wherever its first copy does.
  const empty: number[] = [];
  const repeats = new Map<number, number[]>();
  phrases.forEach((p, index) => {
    if (p.length === 0) {
      empty.push(index);
      return;
    }
    let node = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      const h = slotOf(node, c);
      if (keyNode[h] === NONE) {
        const v = nodes++;
        keyNode[h] = node;
        keyChar[h] = c;
        child[h] = v;
        if (node === 0) rootChild[c] = v;
        label[v] = c;
        sibling[v] = firstChild[node] as number;
        firstChild[node] = v;
        node = v;
      } else node = child[h] as number;
    }
    const first = terminal[node] as number;
    if (first === NONE) terminal[node] = index;
    else {
      const list = repeats.get(first);
      if (list) list.push(index);
      else repeats.set(first, [index]);
    }
  });

  // Failure links (longest proper suffix that is a trie node) and dictionary links (nearest
  // terminal along the failure chain), breadth first so a node's links are set before its children's.
  const queue = new Int32Array(nodes);
  let head = 0;
  let tail = 0;
  for (let v = firstChild[0] as number; v !== NONE; v = sibling[v] as number) {
    fail[v] = 0;
    queue[tail++] = v;
  }
  while (head < tail) {
    const u = queue[head++] as number;
    for (let v = firstChild[u] as number; v !== NONE; v = sibling[v] as number) {
      const c = label[v] as number;
      let f = fail[u] as number;
      let to = next(f, c);
      while (to === NONE && f !== 0) {
        f = fail[f] as number;
        to = next(f, c);
      }
      const fv = to === NONE ? 0 : to;
      fail[v] = fv;
      dict[v] = terminal[fv] !== NONE ? fv : (dict[fv] as number);
      queue[tail++] = v;
    }
  }

  return {
    size: phrases.length,
    get steps() {
      return steps;
    },
    occurring(s: string, from = 0): number[] {
      const found: number[] = empty.filter((index) => index >= from);
      if (nodes === 1) return found;
      generation++;
      let state = 0;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        steps++;
        let to = next(state, c);
        while (to === NONE && state !== 0) {
          state = fail[state] as number;
          steps++;
          to = next(state, c);
        }
        state = to === NONE ? 0 : to;
        // Every phrase ending here: this node if terminal, then the dictionary chain. A node already
        // reported in this call had its whole chain reported too, so each is walked at most once.
        let x = terminal[state] !== NONE ? state : (dict[state] as number);
        while (x !== NONE && seen[x] !== generation) {
          seen[x] = generation;
          steps++;
          const index = terminal[x] as number;
          if (index >= from) found.push(index);
          const again = repeats.size > 0 ? repeats.get(index) : undefined;
          if (again) for (const r of again) if (r >= from) found.push(r);
          x = dict[x] as number;
        }
      }
      return found.sort((a, b) => a - b);
    },
  };
}

/**
 * Replaces phrases as `for (p of phrases) if (s.includes(p)) s = s.split(p).join(replacement(p))`
 * does, phrase by phrase in the order given (callers sort longest first), with the same result,
 * but testing only the phrases that occur: the string is searched again only after a replacement,
 * since a replacement can remove phrases and, at its edges, create new ones.
 */
export function createPhraseReplacer(
  phrases: readonly string[],
  replacement: (phrase: string) => string,
): { replace(s: string, accept?: (index: number) => boolean): string; readonly finder: PhraseFinder } {
  const finder = createPhraseFinder(phrases);
  return {
    finder,
    replace(s: string, accept?: (index: number) => boolean): string {
      let out = s;
      let pending = finder.occurring(out);
      let i = 0;
      while (i < pending.length) {
        const index = pending[i++] as number;
        if (accept && !accept(index)) continue;
        const p = phrases[index] as string;
        const replaced = out.split(p).join(replacement(p));
        if (replaced === out) continue;
        out = replaced;
        pending = finder.occurring(out, index + 1);
        i = 0;
      }
      return out;
    },
  };
}
