// Quoting for POSIX shells (and bash/zsh for control characters), so a hostile URL or header
// value pasted into a terminal stays one inert argument.

// Characters that never need quoting in sh (POSIX XCU 2.2: none of them is special).
const BARE = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/; // not `=…`: zsh expands a leading `=`

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * One shell word whose value is exactly `s`. Single quotes (POSIX XCU 2.2.2: nothing inside is
 * special, `'` written as `'\''`); a string with control characters (a newline would end the
 * command) uses bash/zsh ANSI-C quoting `$'…'` with every control byte escaped instead.
 */
export function shellQuote(s: string): string {
  if (s !== '' && BARE.test(s)) return s;
  if (!hasControl(s)) return `'${s.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}
