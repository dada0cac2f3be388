// The export actions (report builders, file names, clipboard text): a chunk of its own, loaded
// the first time the Export menu opens (ExportMenu) or when the panel is idle (lazy.ts).
import { lazy } from './lazy-load';

export const exportChunk = lazy(() => import('./export-actions'));
