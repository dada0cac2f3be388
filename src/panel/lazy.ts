// What opening the panel does not load: the detail view (with every server stack's fix generator
// and the report module: Markdown, JSON, HTML, curl) and the export actions. Both are chunks of
// the extension package, fetched with import() the first time they are needed, and warmed in idle
// time after the panel's first render so the first click rarely waits.

export interface Lazy<T> {
  /** The module once loaded, else null (render it at once when it is there: no flash). */
  now(): T | null;
  /** Loads it once; a failed load is forgotten so the next call retries. */
  load(): Promise<T>;
}

function lazy<T>(importer: () => Promise<T>): Lazy<T> {
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

export const detailChunk = lazy(() => import('./DetailView'));
export const exportChunk = lazy(() => import('./export-actions'));

type IdleWindow = Window & {
  requestIdleCallback?(cb: () => void, opts?: { timeout: number }): number;
  cancelIdleCallback?(handle: number): void;
};

/** Warms both chunks when the browser is idle (within 2 s at the latest); returns a cancel. */
export function preloadWhenIdle(win: IdleWindow = window): () => void {
  const warm = () => {
    detailChunk.load().catch(() => undefined);
    exportChunk.load().catch(() => undefined);
  };
  if (typeof win.requestIdleCallback === 'function') {
    const handle = win.requestIdleCallback(warm, { timeout: 2000 });
    return () => win.cancelIdleCallback?.(handle);
  }
  const timer = setTimeout(warm, 200);
  return () => clearTimeout(timer);
}
