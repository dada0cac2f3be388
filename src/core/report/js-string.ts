// JavaScript string literals for the code the project prints (the fetch() snippet): the one
// escaping routine for JavaScript.

// Escaped as \xNN / \uNNNN, by ECMA-262 StringLiteral rules or for the reader:
//  - C0 and C1 controls and DEL (Cc): a line terminator ends the literal, the others reach the
//    terminal or console when pasted;
//  - format characters (Cf: bidi overrides, zero-width spaces), U+2028/U+2029 and spaces other
//    than U+0020: they make the code read differently from what it runs ("Trojan Source",
//    CVE-2021-42574);
//  - unpaired surrogates (Cs): valid in a JS string, but no UTF-8 text holds them, so they would
//    turn into U+FFFD on the clipboard.
const SPECIAL = /[\\'\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]|(?! )\p{Zs}|<(?=\/script|!--)/iu;

const SHORT: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '<': '\\x3c' };

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}

/**
 * A single-quoted JavaScript string literal whose value is exactly `s`, made of visible characters
 * only, and inert inside an HTML <script> element too (`</script` and `<!--` are written `\x3c…`,
 * HTML "script data" states).
 */
export function jsString(s: string): string {
  if (!SPECIAL.test(s)) return `'${s}'`;
  let out = "'";
  // Indexing by UTF-16 unit, so an unpaired surrogate is seen as itself.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const pair = s.slice(i, i + 2);
        out += /[\p{Cf}\p{Cc}]/u.test(pair) ? `\\u${hex(c, 4)}\\u${hex(d, 4)}` : pair;
        i++;
        continue;
      }
    }
    const short = SHORT[ch];
    if (short !== undefined) {
      out += ch === '<' && !/^<(?:\/script|!--)/i.test(s.slice(i, i + 8)) ? ch : short;
    } else if (c < 0x100 && /\p{Cc}/u.test(ch)) out += `\\x${hex(c, 2)}`;
    else if (SPECIAL.test(ch)) out += `\\u${hex(c, 4)}`;
    else out += ch;
  }
  return `${out}'`;
}
