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

/**
 * The automaton in typed arrays. Node 0 is the root. `terminal` holds the smallest phrase index
 * ending at the node (phrases may repeat); `fail` the longest proper suffix that is a node;
 * `dict` the nearest terminal along the failure chain.
 */
interface Automaton {
  nodes: number;
  readonly terminal: Int32Array;
  readonly fail: Int32Array;
  readonly dict: Int32Array;
  /** The node -> child transitions: (node, UTF-16 code unit) -> child, open addressing with linear probing, load <= 1/2. */
  readonly mask: number;
  readonly keyNode: Int32Array;
  readonly keyChar: Uint16Array;
  readonly child: Int32Array;
  /** The root's transitions, direct: most characters of a text start no phrase and stop here. */
  readonly rootChild: Int32Array;
  /** Each node's children in insertion order, for the breadth-first pass. */
  readonly firstChild: Int32Array;
  readonly sibling: Int32Array;
  readonly label: Uint16Array;
  /** The empty phrase occurs in every string. */
  readonly empty: number[];
  /** A repeated phrase occurs wherever its first copy does: first index -> the later ones. */
  readonly repeats: Map<number, number[]>;
}

function emptyAutomaton(phrases: readonly string[]): Automaton {
  let chars = 0;
  for (const p of phrases) chars += p.length;
  const maxNodes = chars + 1;
  const slots = nextPowerOfTwo(Math.max(16, maxNodes * 2));
  return {
    nodes: 1,
    terminal: new Int32Array(maxNodes).fill(NONE),
    fail: new Int32Array(maxNodes),
    dict: new Int32Array(maxNodes).fill(NONE),
    mask: slots - 1,
    keyNode: new Int32Array(slots).fill(NONE),
    keyChar: new Uint16Array(slots),
    child: new Int32Array(slots),
    rootChild: new Int32Array(0x10000).fill(NONE),
    firstChild: new Int32Array(maxNodes).fill(NONE),
    sibling: new Int32Array(maxNodes).fill(NONE),
    label: new Uint16Array(maxNodes),
    empty: [],
    repeats: new Map(),
  };
}

/** The slot of (node, c) in the transition table: its own, or the free one where it would go. */
function slotOf(a: Automaton, node: number, c: number): number {
  let h = (Math.imul(node, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca77)) >>> 0;
  h = (h ^ (h >>> 15)) & a.mask;
  while (a.keyNode[h] !== NONE && (a.keyNode[h] !== node || a.keyChar[h] !== c)) h = (h + 1) & a.mask;
  return h;
}

function next(a: Automaton, node: number, c: number): number {
  if (node === 0) return a.rootChild[c] as number;
  const h = slotOf(a, node, c);
  return a.keyNode[h] === NONE ? NONE : (a.child[h] as number);
}

/** Adds one phrase to the trie. */
function insertPhrase(a: Automaton, p: string, index: number): void {
  if (p.length === 0) {
    a.empty.push(index);
    return;
  }
  let node = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    const h = slotOf(a, node, c);
    if (a.keyNode[h] === NONE) {
      const v = a.nodes++;
      a.keyNode[h] = node;
      a.keyChar[h] = c;
      a.child[h] = v;
      if (node === 0) a.rootChild[c] = v;
      a.label[v] = c;
      a.sibling[v] = a.firstChild[node] as number;
      a.firstChild[node] = v;
      node = v;
    } else node = a.child[h] as number;
  }
  const first = a.terminal[node] as number;
  if (first === NONE) a.terminal[node] = index;
  else {
    const list = a.repeats.get(first);
    if (list) list.push(index);
    else a.repeats.set(first, [index]);
  }
}

/** Failure and dictionary links, breadth first so a node's links are set before its children's. */
function linkFailures(a: Automaton): void {
  const queue = new Int32Array(a.nodes);
  let head = 0;
  let tail = 0;
  for (let v = a.firstChild[0] as number; v !== NONE; v = a.sibling[v] as number) {
    a.fail[v] = 0;
    queue[tail++] = v;
  }
  while (head < tail) {
    const u = queue[head++] as number;
    for (let v = a.firstChild[u] as number; v !== NONE; v = a.sibling[v] as number) {
      const c = a.label[v] as number;
      let f = a.fail[u] as number;
      let to = next(a, f, c);
      while (to === NONE && f !== 0) {
        f = a.fail[f] as number;
        to = next(a, f, c);
      }
      const fv = to === NONE ? 0 : to;
      a.fail[v] = fv;
      a.dict[v] = a.terminal[fv] !== NONE ? fv : (a.dict[fv] as number);
      queue[tail++] = v;
    }
  }
}

/** A scan of texts over the automaton, counting its steps. */
function createScanner(a: Automaton): { occurring(s: string, from: number): number[]; readonly steps: number } {
  const seen = new Int32Array(a.terminal.length);
  let steps = 0;
  let generation = 0;
  return {
    get steps() {
      return steps;
    },
    occurring(s: string, from: number): number[] {
      const found: number[] = a.empty.filter((index) => index >= from);
      if (a.nodes === 1) return found;
      generation++;
      let state = 0;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        steps++;
        let to = next(a, state, c);
        while (to === NONE && state !== 0) {
          state = a.fail[state] as number;
          steps++;
          to = next(a, state, c);
        }
        state = to === NONE ? 0 : to;
        // Every phrase ending here: this node if terminal, then the dictionary chain. A node already
        // reported in this call had its whole chain reported too, so each is walked at most once.
        let x = a.terminal[state] !== NONE ? state : (a.dict[state] as number);
        while (x !== NONE && seen[x] !== generation) {
          seen[x] = generation;
          steps++;
          const index = a.terminal[x] as number;
          if (index >= from) found.push(index);
          const again = a.repeats.size > 0 ? a.repeats.get(index) : undefined;
          if (again) for (const r of again) if (r >= from) found.push(r);
          x = a.dict[x] as number;
        }
      }
      return found.sort((p, q) => p - q);
    },
  };
}

export function createPhraseFinder(phrases: readonly string[]): PhraseFinder {
  const automaton = emptyAutomaton(phrases);
  phrases.forEach((p, index) => insertPhrase(automaton, p, index));
  linkFailures(automaton);
  const scanner = createScanner(automaton);
  return {
    size: phrases.length,
    get steps() {
      return scanner.steps;
    },
    occurring: (s: string, from = 0): number[] => scanner.occurring(s, from),
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
