// Escaping for GitHub Flavored Markdown (GFM spec 0.29-gfm): hostile values stay literal text.
import { escapeBidi } from './bidi';

/** The longest run of backticks in `s`. */
function longestBacktickRun(s: string): number {
  let best = 0;
  let run = 0;
  for (const ch of s) {
    run = ch === '`' ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** Line breaks and other controls become visible escapes; a code span or table row stays on one line. */
function oneLine(s: string): string {
  return escapeBidi(s).replace(/\r\n|\r|\n/g, '⏎').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * An inline code span (GFM 6.1) showing `s` literally: delimited by one more backtick than the
 * longest run inside, padded with a space when `s` starts or ends with a backtick or space
 * (one space is stripped from each side when both are present).
 */
export function mdCode(s: string): string {
  const v = oneLine(s);
  if (v === '') return '` `';
  const fence = '`'.repeat(longestBacktickRun(v) + 1);
  const pad = v.startsWith('`') || v.endsWith('`') || (v.startsWith(' ') && v.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${v}${pad}${fence}`;
}

/**
 * A code span inside a table cell. GFM 4.10 splits cells on `|` before inline parsing, treating a
 * backslash and the character after it as one unit, then turns `\|` into `|`; so pipes are escaped.
 * A backslash right before a pipe cannot be written inside a code span there (`\\|` splits the
 * cell), so such a value is shown as escaped text instead.
 */
export function mdCellCode(s: string): string {
  if (/\\\|/.test(oneLine(s))) return mdText(s);
  return mdCode(s).replace(/\|/g, '\\|');
}

/**
 * A fenced code block (GFM 4.5) whose fence is longer than any backtick run in the content, so no
 * line of a hostile value can close it.
 */
export function mdFence(content: string, info = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(content) + 1));
  const body = escapeBidi(content).replace(/\r\n|\r/g, '\n');
  return `${fence}${info}\n${body}${body.endsWith('\n') ? '' : '\n'}${fence}`;
}

// ASCII punctuation that can start markup inline (GFM 6.1-6.11 + autolinks + raw HTML + entities),
// plus `@` and `#` so a value cannot mention a user or link an issue. GFM 2.4: any ASCII
// punctuation may be backslash-escaped.
const INLINE_SPECIAL = /[\\`*_[\]<>|~&!@#]/g;

/** Plain text on one line (a paragraph, list item or heading), markup inert. */
export function mdText(s: string): string {
  let out = oneLine(s).replace(INLINE_SPECIAL, (c) => `\\${c}`);
  // Block starts (GFM 4.1 thematic break, 4.3 setext underline, 5.2 list item markers, which
  // need a space or the line's end after them): text can begin a list item or a paragraph.
  out = out.replace(/^(\s*)([-+]|\d{1,9}[.)])(?=\s|$)/, (_m, sp: string, mark: string) => `${sp}${mark.slice(0, -1)}\\${mark.slice(-1)}`);
  out = out.replace(/^(\s*)([-=])(?=[\s\-=]*$)/, (_m, sp: string, mark: string) => `${sp}\\${mark}`);
  return out;
}

/** Plain text inside a table cell. */
export function mdCellText(s: string): string {
  return mdText(s);
}
