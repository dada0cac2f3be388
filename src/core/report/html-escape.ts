// Escaping for HTML text and double-quoted attribute values (HTML Living Standard 13.1.2.6:
// in text, only `<` and `&` start markup; in a quoted attribute, only the quote and `&`).
// All five are escaped everywhere so one function is right in both places.
import { escapeBidi } from './bidi';

export function escapeHtml(s: string): string {
  return escapeBidi(s).replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'))
    // Controls other than tab/newline are parse errors in HTML text: shown as escapes instead.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
