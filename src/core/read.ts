// Readers for input nobody vouches for: an exchange from session storage or a pasted JSON, a HAR
// file, a diagnosis written by an older version. Any field may be missing, of another type, or
// behind a getter that throws (a Proxy): each reader answers undefined instead of throwing.

/** Property `k` of `o`; undefined for primitives, null, and when reading it throws. */
export function get(o: unknown, k: string): unknown {
  if (o === null || (typeof o !== 'object' && typeof o !== 'function')) return undefined;
  try {
    return (o as Record<string, unknown>)[k];
  } catch {
    return undefined;
  }
}

/** `v` when it is a string. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `v` when it is a finite number (not NaN, not ±Infinity). */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** `v` when it is a plain object (not null, not an array), to read fields from. */
export function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
