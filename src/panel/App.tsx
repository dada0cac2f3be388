import type { FailedRequest } from '../shared/messages';
import { usePanelState, useStore } from './store-context';

function pathOf(url: string): { origin: string; rest: string } {
  try {
    const u = new URL(url);
    return { origin: u.origin, rest: u.pathname + u.search };
  } catch {
    return { origin: '', rest: url };
  }
}

function FailureRow({ failure }: { failure: FailedRequest }) {
  const { origin, rest } = pathOf(failure.url);
  const pre = failure.preflight;
  const preflightText = pre ? (pre.error ?? (pre.status !== undefined ? String(pre.status) : '—')) : 'not seen';
  return (
    <tr class="failure">
      <td class="method">{failure.method}</td>
      <td class="url" title={failure.url}>
        <span class="origin">{origin}</span>
        <strong>{rest}</strong>
      </td>
      <td class="preflight">{preflightText}</td>
      <td class="error">{failure.error}</td>
    </tr>
  );
}

export function App() {
  const state = usePanelState();
  const store = useStore();
  const failures = state.snapshot?.failures ?? [];
  return (
    <main class="panel">
      <div class="toolbar" role="toolbar" aria-label="CORS Doctor">
        <span class="title">CORS Doctor</span>
        <span class="tab" data-testid="tab-id">
          Tab {state.tabId}
        </span>
        <span class="count" data-testid="failure-count" aria-live="polite">
          {failures.length} CORS {failures.length === 1 ? 'failure' : 'failures'}
        </span>
        <button type="button" onClick={() => store.clear()}>
          Clear
        </button>
      </div>
      {state.status === 'version-mismatch' && (
        <p class="banner error" role="alert">
          CORS Doctor was updated while DevTools was open. Reload DevTools (close and reopen it) to reconnect.
        </p>
      )}
      {state.status === 'reconnecting' && (
        <p class="banner" role="status">
          Reconnecting to the extension…
        </p>
      )}
      {state.status === 'connecting' && <p class="banner">Connecting…</p>}
      {state.snapshot && state.snapshot.dropped > 0 && (
        <p class="banner" role="status">
          {state.snapshot.dropped} older entries dropped
        </p>
      )}
      {state.status === 'ready' && failures.length === 0 && (
        <p class="empty">No failed cross-origin requests in this tab yet. Reload the page to capture from the start.</p>
      )}
      {failures.length > 0 && (
        <table class="failures">
          <thead>
            <tr>
              <th>Method</th>
              <th>URL</th>
              <th>Preflight</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {failures.map((f) => (
              <FailureRow key={f.requestId} failure={f} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
