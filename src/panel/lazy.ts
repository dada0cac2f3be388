// What opening the panel does not load: the detail view (with every server stack's fix generator
// and the report module: Markdown, JSON, HTML, curl) and the export actions. Both are chunks of
// the extension package, fetched with import() the first time they are needed, and warmed in idle
// time after the panel's first render so the first click rarely waits.

import { exportChunk } from './export-chunk';
import { lazy } from './lazy-load';

export type { Lazy } from './lazy-load';
export { exportChunk };

export const detailChunk = lazy(() => import('./DetailView'));

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
