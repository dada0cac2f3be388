import type { PanelState } from './store';

export function StatusBar({ state, shown }: { state: PanelState; shown: number }) {
  const failures = state.snapshot?.failures ?? [];
  const preflight = failures.filter((f) => f.preflightFailure).length;
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
