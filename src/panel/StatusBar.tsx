import { useMemo } from 'preact/hooks';
import type { CapturedFailure } from '../shared/messages';
import type { PanelState } from './store';

const NONE: readonly CapturedFailure[] = [];

function countPreflight(failures: readonly CapturedFailure[]): number {
  let n = 0;
  for (let i = 0; i < failures.length; i++) if (failures[i]!.preflightFailure) n++;
  return n;
}

export function StatusBar({ state, shown }: { state: PanelState; shown: number }) {
  const failures = state.snapshot?.failures ?? NONE;
  // Counted when the failures change, not on every keystroke in the filter box.
  const preflight = useMemo(() => countPreflight(failures), [failures]);
  const dropped = state.snapshot?.dropped ?? 0;
  return (
    <div class="statusbar" role="status" aria-live="polite">
      <span data-testid="tab-id">Tab {state.tabId}</span>
      <span data-testid="failure-count">
        {failures.length} CORS {failures.length === 1 ? 'failure' : 'failures'}
      </span>
      {/* The toolbar badge counts these. */}
      <span data-testid="preflight-count" title="What the toolbar badge counts">
        {preflight} blocked by a failed preflight
      </span>
      {shown !== failures.length && <span data-testid="shown-count">{shown} shown</span>}
      {dropped > 0 && (
        <span>
          {dropped} older {dropped === 1 ? 'exchange' : 'exchanges'} dropped
        </span>
      )}
    </div>
  );
}
