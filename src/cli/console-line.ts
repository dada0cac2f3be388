// One pasted console line, read by the scanners of console-scan.ts: literal and character-class
// searches that go forward from where the last one stopped and remember their answer, so a run of
// searches reads the line once; `Work.steps` counts the characters examined and the tests hold it
// to a small constant times the line's length.

/** Characters the scanner examined; tests assert steps <= c * input length. */
export interface Work {
  steps: number;
}

/** ECMAScript `\s`: WhiteSpace (TAB, VT, FF, ZWNBSP, Unicode Zs) and LineTerminator. */
export function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** What `.` does not match (no `s` flag): LF, CR, LS, PS. */
export function isTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

export const isNotSpace = (c: number) => !isSpace(c);
export const isWordChar = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
export const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
export const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** Firefox changed its quotes over the years; pasted text may straighten them. */
export const isQuote = (c: number) => c === 0x27 || c === 0x2018 || c === 0x2019 || c === 0x22 || c === 0x60;

export interface Memo {
  from: number;
  at: number;
}

/** One line, with searches that remember their last answer. */
export class Line {
  readonly n: number;
  private readonly found = new Map<string, Memo>();
  private readonly scans = new Map<(c: number) => boolean, Memo>();
  private lastTerm: number | undefined;

  constructor(
    readonly s: string,
    readonly work: Work,
  ) {
    this.n = s.length;
  }

  code(i: number): number {
    return this.s.charCodeAt(i);
  }

  slice(a: number, b: number): string {
    return this.s.slice(a, b);
  }

  /** Does `lit` start at `i`? */
  at(lit: string, i: number): boolean {
    this.work.steps += lit.length;
    return i >= 0 && this.s.startsWith(lit, i);
  }

  /**
   * First index >= from where `needle` starts, or -1. The answer for `from` also answers every
   * later `from` up to it, so a run of searches moving forward reads the line once.
   */
  find(needle: string, from: number): number {
    const memo = this.found.get(needle);
    if (memo && from >= memo.from && (memo.at === -1 || from <= memo.at)) {
      this.work.steps++;
      return memo.at;
    }
    const at = this.s.indexOf(needle, from);
    this.work.steps += 1 + Math.max(0, (at === -1 ? this.n : at + needle.length) - from);
    this.found.set(needle, { from, at });
    return at;
  }

  /** Last index where `needle` starts, or -1 (read from the end). */
  findLast(needle: string): number {
    const at = this.s.lastIndexOf(needle);
    this.work.steps += 1 + this.n - (at === -1 ? 0 : at);
    return at;
  }

  /** First index >= from whose character passes `test`, or n; remembered like {@link find}. */
  scan(test: (c: number) => boolean, from: number): number {
    let memo = this.scans.get(test);
    if (memo && from >= memo.from && from <= memo.at) {
      this.work.steps++;
      return memo.at;
    }
    let i = from;
    while (i < this.n && !test(this.s.charCodeAt(i))) {
      // Reached a stretch an earlier scan already read: its answer is ours.
      if (memo && i === memo.from) {
        i = memo.at;
        break;
      }
      i++;
      this.work.steps++;
    }
    this.work.steps++;
    memo = { from, at: i };
    this.scans.set(test, memo);
    return i;
  }

  /** Index of the last LF/CR/LS/PS, or -1. */
  lastTerminator(): number {
    if (this.lastTerm === undefined) {
      let i = this.n - 1;
      while (i >= 0 && !isTerminator(this.s.charCodeAt(i))) i--;
      this.work.steps += this.n - i;
      this.lastTerm = i;
    }
    return this.lastTerm;
  }

  /** End of the run of non-`\s` characters starting at `from`. */
  runEnd(from: number): number {
    return this.scan(isSpace, from);
  }
}
