// The detail pane, its code loaded on first use (lazy.ts): until the chunk arrives (a few ms, it
// is in the extension package) the pane says "Loading…"; once loaded, every later open renders
// the detail at once. Escape closes the placeholder like the detail itself.
import { useEffect, useState } from 'preact/hooks';
import type { DetailViewProps } from './DetailView';
import { detailChunk } from './lazy';

export function LazyDetailView(props: DetailViewProps) {
  const [, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (detailChunk.now()) return;
    let live = true;
    detailChunk.load().then(
      () => live && setLoaded(true),
      (e: unknown) => live && setError((e as Error)?.message ?? String(e)),
    );
    return () => void (live = false);
  }, [attempt]);

  const loaded = detailChunk.now();
  if (loaded) return <loaded.DetailView {...props} />;
  return (
    <div
      class="detail"
      role="region"
      aria-label="Failure details"
      aria-busy={error === null}
      data-testid="detail-loading"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          props.onClose();
        }
      }}
    >
      <div class="detail-body">
        {error === null ? (
          <p class="none">Loading…</p>
        ) : (
          <p class="none" role="alert">
            The details could not be loaded ({error}).{' '}
            <button
              type="button"
              onClick={() => {
                setError(null);
                setAttempt((n) => n + 1);
              }}
            >
              Retry
            </button>
          </p>
        )}
      </div>
    </div>
  );
}
