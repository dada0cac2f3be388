import type { CapturedFailure } from '../shared/messages';
import { usePanelState, useStore } from './store-context';

function splitUrl(url: string): { origin: string; rest: string } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i.exec(url);
  return m ? { origin: m[1]!, rest: m[2] || '/' } : { origin: '', rest: url };
}

function preflightText(f: CapturedFailure): string {
  const p = f.exchange.preflight;
  if (!p || p.kind === 'not-observed') return f.diagnosis.preflightNeeded ? 'from cache' : '—';
  if (p.kind === 'network-error') return 'unreachable';
  return String(p.status);
}

function FailureRow({ failure }: { failure: CapturedFailure }) {
  const { origin, rest } = splitUrl(failure.exchange.request.url);
  const first = failure.diagnosis.checks[0];
  return (
    <tr class="failure" data-verdict={failure.diagnosis.verdict}>
      <td class="method">{failure.exchange.request.method}</td>
      <td class="url" title={failure.exchange.request.url}>
        <span class="origin">{origin}</span>
        <strong>{rest}</strong>
      </td>
      <td class="preflight">{preflightText(failure)}</td>
      <td class="code">{first?.code ?? failure.diagnosis.verdict}</td>
      <td class="summary">{failure.diagnosis.summary}</td>
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
        <label>
          <input
            type="checkbox"
            checked={state.snapshot?.preserveLog ?? false}
            onChange={(e) => store.setPreserveLog((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          Preserve log
        </label>
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
          {state.snapshot.dropped} older {state.snapshot.dropped === 1 ? 'exchange' : 'exchanges'} dropped
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
              <th>Failing check</th>
              <th>What happened</th>
            </tr>
          </thead>
          <tbody>
            {failures.map((f) => (
              <FailureRow key={f.id} failure={f} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
