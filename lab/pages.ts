// HTML served by the page origin. Each page carries its whole request in an
// inline JSON block, so what the browser does depends on nothing but the page.

import type { CustomSpec } from './custom-spec';
import type { LabScenarioDefinition } from './scenarios';

/** What one page-side `fetch` does. `{nonce}` in the URL is replaced per request. */
export interface PageRequest {
  url: string;
  method: string;
  headers: [string, string][];
  credentials: 'include' | 'omit' | 'same-origin';
  body?: string;
}

export function requestFromSpec(url: string, spec: CustomSpec): PageRequest {
  return {
    url,
    method: spec.method,
    headers: spec.headers ?? [],
    credentials: spec.credentials ?? 'same-origin',
    ...(spec.body === undefined ? {} : { body: spec.body }),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script> must not be able to close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

// Plain ES2022 in a string rather than a TypeScript function's toString():
// tsx's transform may inject helpers (`__name`) that do not exist in the page.
//
// A fresh nonce per request keeps Chromium's preflight cache (Max-Age, or its
// ~5 s default) from hiding a preflight. `ok` means the fetch resolved, that is
// the browser let the page read the response, whatever its status.
const clientScript = `
function labNonce() {
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
}
async function labFetchOnce(req) {
  // A logged-in app: a credentialed request carries a session cookie. Cookies
  // ignore ports, so the API origin on 127.0.0.1 receives it; that Cookie is
  // how an observer (the extension, in any browser) knows credentials were included.
  if (req.credentials === 'include') document.cookie = 'lab_session=1; path=/; SameSite=Lax';
  const init = { method: req.method, headers: req.headers, credentials: req.credentials, mode: 'cors',
                 signal: AbortSignal.timeout(15000) };
  if (req.body !== undefined) init.body = req.body;
  try {
    const res = await fetch(req.url.replace('{nonce}', labNonce()), init);
    let body = '';
    try { body = (await res.text()).slice(0, 2000); } catch (e) {}
    return { ok: true, status: res.status, body };
  } catch (e) {
    return { ok: false, error: e && e.name ? e.name + ': ' + e.message : String(e) };
  }
}
async function labRun(req, runs) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await labFetchOnce(req));
  const last = results[results.length - 1];
  const failed = results.find((r) => !r.ok);
  const result = { done: true, ok: !failed, runs: results };
  if (last.status !== undefined) result.status = last.status;
  if (failed) result.error = failed.error;
  return result;
}
`;

function runsFromQuery(query: URLSearchParams): number {
  const runs = Number(query.get('runs') ?? '1');
  return Number.isInteger(runs) && runs >= 1 && runs <= 100 ? runs : 1;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; }
pre { background: #f4f4f4; padding: .5rem; white-space: pre-wrap; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .25rem .5rem; vertical-align: top; text-align: left; }
.ok { color: #080; } .fail { color: #b00; }
</style></head><body>
${body}
</body></html>
`;
}

/** A page that runs one request on load and publishes `window.__labResult`. */
export function renderRunPage(opts: { heading: string; description: string; request: PageRequest; doneTitle: string; query: URLSearchParams }): string {
  return page(
    `running:${opts.doneTitle}`,
    `<h1>${escapeHtml(opts.heading)}</h1>
<p>${escapeHtml(opts.description)}</p>
<p><a href="/">All scenarios</a></p>
<h2>Request</h2><pre id="request">${escapeHtml(JSON.stringify(opts.request, null, 2))}</pre>
<h2>Result</h2><pre id="result">running…</pre>
<script>window.__labResult = { done: false };</script>
<script>
${clientScript}
(async () => {
  const req = ${scriptJson(opts.request)};
  const result = await labRun(req, ${runsFromQuery(opts.query)});
  window.__labResult = result;
  document.getElementById('result').textContent = JSON.stringify(result, null, 2);
  document.title = ${scriptJson(`done:${opts.doneTitle}`)};
})();
</script>`,
  );
}

export function renderScenarioPage(scenario: LabScenarioDefinition, request: PageRequest, query: URLSearchParams): string {
  return renderRunPage({
    heading: scenario.title,
    description: `${scenario.misconfig} Expected: ${scenario.expect}${scenario.chromiumError ? ` (${scenario.chromiumError})` : ''}.`,
    request,
    doneTitle: scenario.id,
    query,
  });
}

/** Lists every scenario and runs them all from this page with "Run all"; results land in `window.__labRunAll`. */
export function renderIndexPage(rows: { scenario: LabScenarioDefinition; request: PageRequest }[]): string {
  const tableRows = rows
    .map(
      ({ scenario: s }) => `<tr data-id="${escapeHtml(s.id)}">
<td><a href="/scenario/${escapeHtml(s.id)}">${escapeHtml(s.id)}</a></td>
<td>${escapeHtml(s.title)}</td><td>${escapeHtml(s.misconfig)}</td>
<td>${escapeHtml(s.expect)}</td><td>${s.preflight ? 'yes' : 'no'}</td><td>${escapeHtml(s.chromiumError ?? '')}</td>
<td class="result"></td></tr>`,
    )
    .join('\n');
  const plan = rows.map(({ scenario, request }) => ({ id: scenario.id, expect: scenario.expect, request }));
  return page(
    'CORS Doctor lab',
    `<h1>CORS Doctor lab</h1>
<p>Each scenario is a page that sends one cross-origin request to a deliberately misconfigured API. Open DevTools on a scenario page to see it fail.</p>
<p><button id="run-all">Run all</button> <span id="summary"></span></p>
<table><thead><tr><th>scenario</th><th>title</th><th>what the server does wrong</th><th>expect</th><th>preflight</th><th>Chromium CorsError</th><th>result</th></tr></thead>
<tbody>
${tableRows}
</tbody></table>
<script>
${clientScript}
const plan = ${scriptJson(plan)};
window.__labRunAll = { done: false, results: {} };
document.getElementById('run-all').addEventListener('click', async () => {
  window.__labRunAll = { done: false, results: {} };
  let matched = 0;
  for (const item of plan) {
    const cell = document.querySelector('tr[data-id="' + item.id + '"] .result');
    cell.textContent = 'running…';
    const result = await labRun(item.request, 1);
    window.__labRunAll.results[item.id] = result;
    const asExpected = result.ok === (item.expect === 'allowed');
    if (asExpected) matched++;
    cell.className = 'result ' + (asExpected ? 'ok' : 'fail');
    cell.textContent = (result.ok ? 'allowed ' + result.status : result.error) + (asExpected ? '' : ' (unexpected)');
  }
  document.getElementById('summary').textContent = matched + ' / ' + plan.length + ' as expected';
  window.__labRunAll.done = true;
});
</script>`,
  );
}

export function renderErrorPage(status: number, message: string): string {
  return page(`lab ${status}`, `<h1>${status}</h1><pre>${escapeHtml(message)}</pre><p><a href="/">All scenarios</a></p>`);
}
