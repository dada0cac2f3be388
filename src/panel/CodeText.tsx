// Engine sentences mark code with backticks (`Server: nginx`): shown as <code>, always as text,
// bidi controls from quoted values shown as escapes (src/core/report/bidi.ts).
import { escapeBidi } from '../core/report/bidi';

export function CodeText({ text: raw }: { text: string }) {
  const text = escapeBidi(raw);
  const parts = text.split('`');
  // An odd count of backticks leaves the last one literal.
  if (parts.length % 2 === 0) return <>{text}</>;
  return <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : p))}</>;
}
