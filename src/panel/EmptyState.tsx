export function EmptyState({ tabId }: { tabId: number }) {
  return (
    <div class="empty" data-testid="empty-state">
      <h2>No CORS failures in this tab yet</h2>
      <p>
        CORS Doctor watches tab {tabId} for cross-origin <code>fetch</code> and <code>XMLHttpRequest</code> calls the browser
        blocks, together with their <code>OPTIONS</code> preflights, and explains each one here: which check failed, what the
        server sent next to what the browser needed, and the fix for your server.
      </p>
      <p>Requests made before DevTools opened are not captured: reload the page to capture from the start.</p>
      <p>
        To see it at work, run <code>npm run demo</code> in the CORS Doctor repository: it starts the bundled lab of
        misconfigured servers and opens Chromium on it with DevTools open.
      </p>
    </div>
  );
}

export function NoMatch({ onReset }: { onReset(): void }) {
  return (
    <div class="empty" data-testid="no-match">
      <p>No failures match the filter.</p>
      <button type="button" onClick={onReset}>
        Clear filter
      </button>
    </div>
  );
}
