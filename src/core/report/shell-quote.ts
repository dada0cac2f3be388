// Shell words for the commands the project prints (Copy as cURL, the fix's Verify line), written
// for POSIX sh so that dash, bash and zsh all read them the same way, whatever the bytes inside.
//
// Single quotes carry every byte literally (POSIX XCU 2.2.2), with a quote written `\'` outside
// them. ANSI-C `$'…'` is not used: dash does not know it and reads `$'a\' ; cmd'` as the word
// `$a\` followed by the command `cmd` (issue 14, item 2).
//
// Some characters are exact inside single quotes but not safe to print: control characters reach
// the terminal and the line editor when a command is pasted (^U kills the line typed so far, ESC
// starts a sequence, TAB completes, CR becomes LF), and format characters (bidi overrides,
// zero-width spaces) make the command read differently from what it runs. Those are written as
// `"$(printf '\NNN')"`: POSIX printf octal escapes of their UTF-8 bytes (XCU printf, "\ddd"), so the
// command text is plain, visible characters and the argument still gets the exact bytes.

// Characters that never need quoting (POSIX XCU 2.2: none of them is special); not `=` first,
// since zsh expands a leading `=cmd` to a path.
const BARE = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

// Printed through printf: C0 and C1 controls and DEL (Cc), format characters such as bidi
// overrides and zero-width spaces (Cf), line and paragraph separators, and spaces other than
// U+0020 (they look like a plain space). Unpaired surrogates (Cs) are caught here too.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]|(?! )\p{Zs}/u;

/**
 * What no command can carry as the same bytes: NUL (an argument ends at NUL, execve(2)), and an
 * unpaired UTF-16 surrogate (no UTF-8 encoding exists; it would be printed as U+FFFD).
 */
function isUncarriable(cp: number): boolean {
  return cp === 0 || (cp >= 0xd800 && cp <= 0xdfff);
}

function utf8(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

function octal(cp: number): string {
  let out = '';
  for (const b of utf8(cp)) out += `\\${b.toString(8).padStart(3, '0')}`;
  return out;
}

/** `U+000A`: how a refusal or a comment names a character. */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * One shell word whose value is exactly `s` in dash, bash and zsh (also with zsh's RC_QUOTES: two
 * quotes are never adjacent inside a quoted run). A line feed stays literal inside the quotes, where
 * it is exact; every other control or invisible character goes through printf (see above). NUL and
 * unpaired surrogates, which no argument can hold, are written as U+FFFD: callers that must be exact
 * check `uncarriable` first (`shellCommand` refuses instead).
 */
export function shellQuote(s: string): string {
  if (s !== '' && BARE.test(s)) return s;
  if (s === '') return "''";
  if (s.indexOf("'") < 0 && !HIDDEN.test(s)) return `'${s}'`;
  let out = '';
  let literal = '';
  let printf = '';
  const flushLiteral = (): void => {
    if (literal !== '') out += `'${literal}'`;
    literal = '';
  };
  const flushPrintf = (): void => {
    if (printf !== '') out += `"$(printf '${printf}')"`;
    printf = '';
  };
  for (const ch of s) {
    let cp = ch.codePointAt(0) as number;
    if (isUncarriable(cp)) cp = 0xfffd;
    if (cp === 0x27) {
      flushLiteral();
      flushPrintf();
      out += "\\'";
    } else if (cp !== 0x0a && HIDDEN.test(String.fromCodePoint(cp))) {
      flushLiteral();
      printf += octal(cp);
    } else {
      flushPrintf();
      literal += String.fromCodePoint(cp);
    }
  }
  flushLiteral();
  flushPrintf();
  return out;
}

/** The first character of `s` no command can carry faithfully, with its index (UTF-16). */
export function uncarriable(s: string): { index: number; codePoint: number } | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return { index: i, codePoint: 0 };
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return { index: i, codePoint: c };
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { index: i, codePoint: c };
  }
  return undefined;
}

/**
 * `s` made safe to print on one line of a `#` comment and readable: every control, invisible or
 * uncarriable character is written as `<U+XXXX>`, and long text is cut at `max` characters.
 */
export function commentText(s: string, max = 80): string {
  let out = '';
  let n = 0;
  for (const ch of s) {
    if (n++ >= max) return `${out}…`;
    const cp = ch.codePointAt(0) as number;
    out += cp === 0x0a || isUncarriable(cp) || HIDDEN.test(ch) ? `<${codePointName(cp)}>` : ch;
  }
  return out;
}

/** A word the command takes from captured data, and what it is ("the URL", "header X-Trace"). */
export interface CapturedWord {
  value: string;
  what: string;
  /** Quote even a word that needs no quotes (the Verify line has always quoted its URL). */
  quoted?: boolean;
}

export type Word = string | CapturedWord;

export interface ShellCommand {
  /** The command, or a single `#` comment line saying why there is none. */
  command: string;
  /** Why the command was not written: set only when `command` is that comment. */
  refused?: string;
}

function refusalReason(what: string, cp: number): string {
  const name = codePointName(cp);
  if (cp === 0) return `${what} holds a NUL byte (${name}), which no command-line argument can carry`;
  if (cp === 0x0a || cp === 0x0d)
    return `${what} holds a line break (${name}), which no browser sends there (the capture is damaged) and curl would send as a header line of its own`;
  return `${what} holds an unpaired surrogate (${name}), which is not text and has no bytes to send`;
}

/**
 * A command of several lines joined by `\` continuations, each word quoted by `shellQuote`. When a
 * captured word holds a character the command could not pass on faithfully (NUL, CR, LF, an
 * unpaired surrogate) the result is no command but one comment line that says which and where:
 * pasting it does nothing, and nothing different from what the browser sent is run in its name.
 */
export function shellCommand(lines: ReadonlyArray<ReadonlyArray<Word>>): ShellCommand {
  for (const line of lines) {
    for (const w of line) {
      if (typeof w === 'string') continue;
      const bad = uncarriable(w.value);
      const cr = w.value.indexOf('\r');
      const lf = w.value.indexOf('\n');
      const at = [bad?.index, cr < 0 ? undefined : cr, lf < 0 ? undefined : lf].filter((i): i is number => i !== undefined);
      if (at.length === 0) continue;
      const first = Math.min(...at);
      const reason = refusalReason(commentText(w.what), w.value.codePointAt(first) as number);
      return { command: `# cannot be copied as a shell command: ${reason}.`, refused: reason };
    }
  }
  const text = (w: Word): string => {
    if (typeof w === 'string') return shellQuote(w);
    return w.quoted === true && w.value !== '' && BARE.test(w.value) ? `'${w.value}'` : shellQuote(w.value);
  };
  return { command: lines.map((l) => l.map(text).join(' ')).join(' \\\n  ') };
}
