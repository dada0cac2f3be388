// A module fetched with import() the first time it is needed, remembered once loaded. Its own
// file so that the chunks' handles (lazy.ts, export-chunk.ts) import it without importing each
// other: DetailView, loaded by lazy.ts, reaches the export chunk through ExportMenu.

export interface Lazy<T> {
  /** The module once loaded, else null (render it at once when it is there: no flash). */
  now(): T | null;
  /** Loads it once; a failed load is forgotten so the next call retries. */
  load(): Promise<T>;
}

export function lazy<T>(importer: () => Promise<T>): Lazy<T> {
  let value: T | null = null;
  let pending: Promise<T> | null = null;
  return {
    now: () => value,
    load() {
      pending ??= importer().then(
        (m) => (value = m),
        (error: unknown) => {
          pending = null;
          throw error;
        },
      );
      return pending;
    },
  };
}
