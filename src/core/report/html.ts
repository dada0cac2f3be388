// The report as one self-contained HTML file: inline CSS only, no script, no event handlers, no
// external resources (a Content-Security-Policy meta forbids them again, as a second wall),
// light/dark by prefers-color-scheme, printable. Every value goes through escapeHtml.
import { proofDetail, STACKS } from '../fixes';
import { escapeHtml as e } from './html-escape';
import { capturedIn, type Report, type ReportFailure, type ReportHeaders } from './model';
import { proseSegments } from './prose';

// No url(), no @import, no external fonts: the file renders the same offline.
const CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --code: #f6f8fa;
  --link: #0969da; --bad: #cf222e; --bad-bg: #ffebe9; --ok: #1a7f37; --ok-bg: #dafbe1; --warn: #9a6700; --warn-bg: #fff8c5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --code: #151b23;
    --link: #4493f8; --bad: #ff7b72; --bad-bg: #3c1618; --ok: #3fb950; --ok-bg: #122d1a; --warn: #d29922; --warn-bg: #332701; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 70rem; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-top: 1rem; border-top: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
p, ul { margin: .4rem 0; }
.muted { color: var(--muted); }
a { color: var(--link); }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { background: var(--code); padding: .1em .3em; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: .75rem; overflow-x: auto;
  white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--code); }
.badge { white-space: nowrap; display: inline-block; padding: .05rem .5rem; border-radius: 1rem; font-weight: 600; font-size: .85rem; }
.blocked, .network-error { color: var(--bad); background: var(--bad-bg); }
.allowed { color: var(--ok); background: var(--ok-bg); }
.unexplained, .secrets { color: var(--warn); background: var(--warn-bg); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
dt { color: var(--muted); }
dd { margin: 0; }
@media print {
  :root { --bg: #ffffff; --fg: #000000; --code: #f4f4f4; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-before: auto; }
  section, pre, table { break-inside: avoid; }
  pre { white-space: pre-wrap; }
}
`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function prose(s: string): string {
  return proseSegments(s)
    .map((seg) => (seg.code ? `<code>${e(seg.text)}</code>` : e(seg.text)))
    .join('');
}

function code(s: string): string {
  return `<code>${e(s)}</code>`;
}

function pre(s: string, label?: string): string {
  return `<pre${label ? ` aria-label="${e(label)}"` : ''}><code>${e(s)}</code></pre>`;
}

function stackName(id: string): string {
  return STACKS.find((s) => s.id === id)?.name ?? id;
}

function verdictBadge(f: ReportFailure): string {
  const v = f.diagnosis.verdict;
  const word = v === 'blocked' ? `blocked at the ${f.diagnosis.stage ?? 'request'}` : v;
  return `<span class="badge ${e(v)}">${e(word)}</span>`;
}

function headersText(h: ReportHeaders): string {
  return h.map(([n, v]) => `${n}: ${v}`).join('\n');
}

function summaryTable(report: Report): string {
  const rows = report.failures
    .map((f, i) => {
      const c = f.diagnosis.checks[0]?.code;
      return `<tr><td><a href="#failure-${i + 1}">${i + 1}</a></td><td>${verdictBadge(f)}</td><td>${code(`${f.request.method} ${f.request.url}`)}</td><td>${c ? code(c) : '–'}</td><td>${prose(f.diagnosis.summary)}</td></tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th>#</th><th>Verdict</th><th>Request</th><th>Chromium error</th><th>Summary</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function checksHtml(f: ReportFailure): string {
  const checks = f.diagnosis.checks;
  if (checks.length === 0) return '';
  const rows = checks
    .map(
      (c) =>
        `<tr><td>${code(c.code)}${c.inferred ? ' <em>(inferred)</em>' : ''}</td><td>${c.header ? code(c.header) : '–'}</td><td>${e(c.expected)}</td><td>${c.actual === undefined ? '<em>(absent)</em>' : code(c.actual)}</td></tr>`,
    )
    .join('\n');
  const items = checks
    .map((c) => `<li>${code(c.code)}${c.firefoxCode ? ` <span class="muted">(Firefox: ${code(c.firefoxCode)})</span>` : ''}: ${prose(c.explanation)}</li>`)
    .join('\n');
  return `<h3>Failing checks</h3>
<table><thead><tr><th>Check</th><th>Header</th><th>Expected</th><th>Actual</th></tr></thead><tbody>
${rows}
</tbody></table>
<ul>
${items}
</ul>`;
}

function fixHtml(f: ReportFailure): string {
  const { fix, source, detected, available } = f.fix;
  const others = available.filter((s) => s !== fix?.stack).map(code).join(', ');
  const tail = `<p class="muted">Fixes are also available for: ${others} (choose the stack in the panel, or <code>cors-doctor check --stack &lt;name&gt;</code>).</p>`;
  if (!fix) return `<h3>Server fix</h3><p>No fix could be built for this request.</p>${tail}`;
  const how = source === 'selected' ? 'selected stack' : source === 'detected' ? 'detected from the responses' : 'no stack detected; shown as an example';
  const evidence = source === 'detected' && detected[0] ? `<p>Evidence: ${detected[0].evidence.map(prose).join('; ')}</p>` : '';
  const notes = (fix.notes ?? []).length > 0 ? `<ul>${(fix.notes ?? []).map((n) => `<li>${prose(n)}</li>`).join('')}</ul>` : '';
  return `<h3>Server fix: ${e(stackName(fix.stack))} <span class="muted">(${e(how)})</span></h3>
${evidence}
<p><strong>${e(fix.title)}</strong></p>
<p class="proven">Proven: <strong>${e(fix.provenBy.summary)}</strong>: ${prose(proofDetail(fix.provenBy))}</p>
<p>Where: ${prose(fix.where)}</p>
${pre(fix.snippet, `${fix.language} snippet`)}
<p>Pitfall: ${prose(fix.pitfall)}</p>
<p>Verify after deploying:</p>
${pre(fix.verify)}
${notes}
${tail}`;
}

function reproduceHtml(f: ReportFailure): string {
  const r = f.reproduce;
  const parts = ['<h3>Reproduce</h3>'];
  if (r.preflightCurl) {
    parts.push('<p>The preflight, as the browser sent it:</p>', pre(r.preflightCurl, 'preflight curl'));
    if (r.preflightCurlNote) parts.push(`<p class="muted">${e(r.preflightCurlNote)}</p>`);
  }
  parts.push('<p>The request:</p>', pre(r.requestCurl, 'request curl'));
  if (r.requestCurlNote) parts.push(`<p class="muted">${e(r.requestCurlNote)}</p>`);
  parts.push("<p>From the page's DevTools console:</p>", pre(r.fetch, 'fetch snippet'));
  return parts.join('\n');
}

function exchangeHtml(f: ReportFailure): string {
  const parts: string[] = [];
  if (f.request.headers) parts.push('<p>Request headers:</p>', pre(headersText(f.request.headers)));
  const p = f.preflight;
  if (p.kind === 'observed') {
    if (p.requestHeaders) parts.push('<p>Preflight request headers:</p>', pre(headersText(p.requestHeaders)));
    parts.push(`<p>Preflight response: HTTP ${e(String(p.status))}${p.statusText ? ` ${e(p.statusText)}` : ''}</p>`, pre(headersText(p.headers) + (p.body ? `\n\n${p.body}` : '')));
  } else if (p.kind === 'network-error') parts.push(`<p>Preflight: network error ${code(p.error)}</p>`);
  if (f.response) {
    parts.push(`<p>Response: HTTP ${e(String(f.response.status))}</p>`, pre(headersText(f.response.headers) + (f.response.body ? `\n\n${f.response.body}` : '')));
  }
  return parts.length > 0 ? `<h3>Headers as captured</h3>\n${parts.join('\n')}` : '';
}

function failureHtml(f: ReportFailure, i: number): string {
  const d = f.diagnosis;
  const facts: Array<[string, string]> = [
    ['Page origin', d.origin.page === null ? 'unknown' : code(d.origin.page) + (d.origin.tainted ? ' (sent as <code>null</code> after a cross-origin redirect)' : '')],
    ['Credentials', e(d.credentials.mode) + (d.credentials.assumed ? ' (assumed: not observed)' : '')],
  ];
  if (f.capturedAt) facts.push(['Captured', e(f.capturedAt)]);
  facts.push(['Browser', e(capturedIn(f)) + (f.browserVersion === null ? ' <span class="muted">(version not recorded)</span>' : '')]);
  if (f.request.error) facts.push(['Network error', code(f.request.error)]);
  const why =
    d.whyPreflight && d.whyPreflight.length > 0
      ? `<h3>Why the browser sent a preflight</h3><ul>${d.whyPreflight.map((w) => `<li>${prose(w.explanation)}</li>`).join('')}</ul>`
      : '';
  const cause =
    d.realCause.length > 0
      ? `<h3>Likely cause</h3><ul>${d.realCause.map((h) => `<li><strong>${e(h.title)}</strong> <span class="muted">(fix on the ${e(h.fixOn)})</span>: ${prose(h.detail)}</li>`).join('')}</ul>`
      : '';
  const notes = [
    ...d.inferred.map((s) => `Inferred: ${prose(s)}`),
    ...d.warnings.map((w) => `${e(w.severity)}: ${prose(w.message)}`),
    ...d.chromiumDeviations.map((s) => `Chromium vs the Fetch standard: ${prose(s)}`),
    `Preflight cache: ${prose(d.cache.explanation)}`,
  ];
  if (d.unreadableResponseHeaders.length > 0) notes.push(`Response headers page code cannot read: ${d.unreadableResponseHeaders.map(code).join(', ')}`);
  return `<section id="failure-${i + 1}">
<h2>${i + 1}. ${code(`${f.request.method} ${f.request.url}`)}</h2>
<p>${verdictBadge(f)} ${prose(d.summary)}</p>
<dl>${facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>
${d.browserMessage ? `<h3>Console message (${e(capturedIn(f))})</h3>\n${pre(d.browserMessage, 'console message')}` : ''}
${checksHtml(f)}
${why}
${cause}
<h3>Notes</h3><ul>${notes.map((n) => `<li>${n}</li>`).join('')}</ul>
${fixHtml(f)}
${reproduceHtml(f)}
${exchangeHtml(f)}
</section>`;
}

/** The whole report as a standalone HTML document. */
export function renderHtml(report: Report): string {
  const n = report.failures.length;
  const env = report.environment;
  const title = `CORS Doctor report: ${n} ${n === 1 ? 'failure' : 'failures'}`;
  const secrets = report.redacted
    ? '<span class="muted">Secrets are redacted (shown as <code>••••(N chars)</code>).</span>'
    : '<span class="badge secrets">This report includes secrets (redaction was turned off)</span>';
  const origins = report.summary.pageOrigins.length > 0 ? ` on ${report.summary.pageOrigins.map(code).join(', ')}` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${e(`CORS Doctor ${env.tool.version}`)}">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>CORS Doctor report</h1>
<p>${n} ${n === 1 ? 'failure' : 'failures'}${origins}. ${secrets}</p>
</header>
<main>
${n > 0 ? summaryTable(report) : ''}
${report.failures.map(failureHtml).join('\n')}
</main>
<footer>
<h2>Environment</h2>
<dl>
<dt>Browser</dt><dd>${env.browser ? e(`${env.browser.name} ${env.browser.version}`) : 'none (CORS Doctor CLI, applying Chromium’s rules)'}</dd>
<dt>CORS Doctor</dt><dd>${e(`${env.tool.version} (${env.tool.name})`)}</dd>
<dt>Generated</dt><dd>${e(env.generatedAt)}</dd>
<dt>Report format</dt><dd>${code(report.schema)}</dd>
</dl>
</footer>
</body>
</html>
`;
}
