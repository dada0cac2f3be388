// String literals for the snippet languages. Values reaching here are already restricted to
// serialized origins and token-like names (fix-context.ts), so escaping is a second line of defence.

/** A double-quoted literal valid in JavaScript, TypeScript, JSON, Python, Go, Java and C#. */
export function dq(s: string): string {
  return JSON.stringify(s);
}

/** A single-quoted literal valid in JavaScript, Ruby and PHP (no interpolation in any of them). */
export function sq(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function dqList(items: readonly string[]): string {
  return items.map(dq).join(', ');
}

export function sqList(items: readonly string[]): string {
  return items.map(sq).join(', ');
}

/** The comma-separated form CORS headers carry (`GET, PUT`). */
export function headerList(items: readonly string[]): string {
  return items.join(', ');
}
