// Unicode Bidi_Control characters (UAX #9): the embeddings and overrides U+202A-U+202E (LRE, RLE,
// PDF, LRO, RLO), the isolates U+2066-U+2069 (LRI, RLI, FSI, PDI), and the marks U+200E, U+200F,
// U+061C. A header value holding one can make what follows it display in another order than it
// is read ("Trojan Source", CVE-2021-42574): a server could make `evil.test` show as another
// origin. Every renderer shows them as visible `\u202e` escapes instead.
/** The class body, for callers that escape bidi controls together with other characters. */
export const BIDI_CONTROL_CLASS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const BIDI_CONTROLS = new RegExp(`[${BIDI_CONTROL_CLASS}]`, 'g');

export function escapeBidi(s: string): string {
  return s.replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
