// The report as GitHub Flavored Markdown, for an issue, a chat or a ticket. Rendered from the
// report object (already redacted); every value from the network goes through markdown-escape.
import { proofDetail, STACKS } from '../fixes';
import { capturedIn, type Report, type ReportFailure, type ReportHeaders } from './model';
import { mdCellCode, mdCellText, mdCode, mdFence, mdText } from './markdown-escape';
import { proseSegments } from './prose';

/** Engine prose: its `code` marks become safe code spans, the rest escaped text. */
function prose(s: string): string {
  return proseSegments(s)
    .map((seg) => (seg.code ? mdCode(seg.text) : mdText(seg.text)))
    .join('');
}

function stackName(id: string): string {
  return STACKS.find((s) => s.id === id)?.name ?? id;
}

function headersBlock(h: ReportHeaders): string {
  return h.map(([n, v]) => `${n}: ${v}`).join('\n');
}

function verdictWord(f: ReportFailure): string {
  const v = f.diagnosis.verdict;
  return v === 'blocked' ? `blocked at the ${f.diagnosis.stage ?? 'request'}` : v;
}

function summaryTable(report: Report): string[] {
  const rows = ['| # | Verdict | Request | Chromium error | Summary |', '|---|---|---|---|---|'];
  report.failures.forEach((f, i) => {
    const code = f.diagnosis.checks[0]?.code;
    rows.push(
      `| ${i + 1} | ${mdCellText(verdictWord(f))} | ${mdCellCode(`${f.request.method} ${f.request.url}`)} | ${code ? mdCellCode(code) : '–'} | ${mdCellText(f.diagnosis.summary)} |`,
    );
  });
  return rows;
}

function checksSection(f: ReportFailure): string[] {
  const checks = f.diagnosis.checks;
  if (checks.length === 0) return [];
  const out = ['#### Failing checks', '', '| Check | Header | Expected | Actual |', '|---|---|---|---|'];
  for (const c of checks) {
    const actual = c.actual === undefined ? '*(absent)*' : mdCellCode(c.actual);
    out.push(`| ${mdCellCode(c.code)}${c.inferred ? ' *(inferred)*' : ''} | ${c.header ? mdCellCode(c.header) : '–'} | ${mdCellText(c.expected)} | ${actual} |`);
  }
  out.push('');
  for (const c of checks) {
    const ff = c.firefoxCode ? ` (Firefox: ${mdCode(c.firefoxCode)})` : '';
    out.push(`- ${mdCode(c.code)}${ff}: ${prose(c.explanation)}`);
  }
  out.push('');
  return out;
}

function fixSection(f: ReportFailure): string[] {
  const { fix, source, detected, available } = f.fix;
  const out: string[] = [];
  if (!fix) {
    out.push('#### Server fix', '', 'No fix could be built for this request.', '');
  } else {
    const how =
      source === 'selected' ? 'selected stack' : source === 'detected' ? 'detected from the responses' : 'no stack detected; shown as an example';
    out.push(`#### Server fix: ${mdText(stackName(fix.stack))} (${how})`, '');
    if (source === 'detected' && detected[0]) {
      out.push(`Evidence: ${detected[0].evidence.map(prose).join('; ')}`, '');
    }
    out.push(`**${mdText(fix.title)}**`, '', `Proven: **${mdText(fix.provenBy.summary)}**: ${prose(proofDetail(fix.provenBy))}`, '');
    out.push(`Where: ${prose(fix.where)}`, '', mdFence(fix.snippet, fix.language), '');
    out.push(`Pitfall: ${prose(fix.pitfall)}`, '');
    out.push('Verify after deploying:', '', mdFence(fix.verify, 'sh'), '');
    for (const n of fix.notes ?? []) out.push(`- ${prose(n)}`);
    if ((fix.notes ?? []).length > 0) out.push('');
  }
  const others = available.filter((s) => s !== fix?.stack);
  out.push(`Fixes are also available for: ${others.map((s) => mdCode(s)).join(', ')} (choose the stack in the panel, or \`cors-doctor check --stack <name>\`).`, '');
  return out;
}

function reproduceSection(f: ReportFailure): string[] {
  const r = f.reproduce;
  const out = ['#### Reproduce', ''];
  if (r.preflightCurl) {
    out.push('The preflight, as the browser sent it:', '', mdFence(r.preflightCurl, 'sh'), '');
    if (r.preflightCurlNote) out.push(`> ${mdText(r.preflightCurlNote)}`, '');
  }
  out.push('The request:', '', mdFence(r.requestCurl, 'sh'), '');
  if (r.requestCurlNote) out.push(`> ${mdText(r.requestCurlNote)}`, '');
  out.push("From the page's DevTools console:", '', mdFence(r.fetch, 'js'), '');
  return out;
}

function exchangeDetails(f: ReportFailure): string[] {
  const blocks: string[] = [];
  if (f.request.headers) blocks.push(`${f.request.method} ${f.request.url}\n${headersBlock(f.request.headers)}`);
  const p = f.preflight;
  if (p.kind === 'observed') {
    if (p.requestHeaders) blocks.push(`OPTIONS ${f.request.url}\n${headersBlock(p.requestHeaders)}`);
    blocks.push(`HTTP ${p.status}${p.statusText ? ` ${p.statusText}` : ''} (preflight response)\n${headersBlock(p.headers)}${p.body ? `\n\n${p.body}` : ''}`);
  } else if (p.kind === 'network-error') blocks.push(`OPTIONS ${f.request.url}\n(network error: ${p.error})`);
  if (f.response) blocks.push(`HTTP ${f.response.status} (response)\n${headersBlock(f.response.headers)}${f.response.body ? `\n\n${f.response.body}` : ''}`);
  if (blocks.length === 0) return [];
  return ['<details><summary>Headers as captured</summary>', '', mdFence(blocks.join('\n\n'), 'http'), '', '</details>', ''];
}

function failureSection(f: ReportFailure, i: number): string[] {
  const d = f.diagnosis;
  const out: string[] = [`### ${i + 1}. ${mdText(`${f.request.method} ${f.request.url}`)}`, ''];
  out.push(`**Verdict:** ${mdText(verdictWord(f))}. ${prose(d.summary)}`, '');
  const facts = [
    `Page origin: ${d.origin.page === null ? 'unknown' : mdCode(d.origin.page)}${d.origin.tainted ? ' (sent as `null` after a cross-origin redirect)' : ''}`,
    `Credentials: ${mdText(d.credentials.mode)}${d.credentials.assumed ? ' (assumed: not observed)' : ''}`,
  ];
  if (f.capturedAt) facts.push(`Captured: ${mdText(f.capturedAt)}`);
  facts.push(`Browser: ${mdText(capturedIn(f))}${f.browserVersion === null ? ' (version not recorded)' : ''}`);
  if (f.request.error) facts.push(`Network error: ${mdCode(f.request.error)}`);
  out.push(...facts.map((s) => `- ${s}`), '');
  if (d.browserMessage) out.push(`Console message (${mdText(capturedIn(f))}):`, '', mdFence(d.browserMessage, 'text'), '');
  out.push(...checksSection(f));
  if (d.whyPreflight && d.whyPreflight.length > 0) {
    out.push('#### Why the browser sent a preflight', '', ...d.whyPreflight.map((w) => `- ${prose(w.explanation)}`), '');
  } else if (d.whyPreflight === null && d.preflightNeeded) {
    out.push('#### Why the browser sent a preflight', '', '- The request headers were not observed, so the reason is unknown.', '');
  }
  if (d.realCause.length > 0) {
    out.push('#### Likely cause', '', ...d.realCause.map((h) => `- **${mdText(h.title)}** (fix on the ${mdText(h.fixOn)}): ${prose(h.detail)}`), '');
  }
  const notes = [...d.inferred.map((s) => `Inferred: ${prose(s)}`), ...d.warnings.map((w) => `${mdText(w.severity)}: ${prose(w.message)}`), ...d.chromiumDeviations.map((s) => `Chromium vs the Fetch standard: ${prose(s)}`)];
  notes.push(`Preflight cache: ${prose(d.cache.explanation)}`);
  if (d.unreadableResponseHeaders.length > 0) notes.push(`Response headers page code cannot read: ${d.unreadableResponseHeaders.map((h) => mdCode(h)).join(', ')}`);
  out.push('#### Notes', '', ...notes.map((s) => `- ${s}`), '');
  out.push(...fixSection(f), ...reproduceSection(f), ...exchangeDetails(f));
  return out;
}

/** The whole report as GitHub Flavored Markdown. */
export function renderMarkdown(report: Report): string {
  const n = report.failures.length;
  const env = report.environment;
  const out: string[] = ['# CORS Doctor report', ''];
  out.push(
    `${n} ${n === 1 ? 'failure' : 'failures'}${report.summary.pageOrigins.length > 0 ? ` on ${report.summary.pageOrigins.map((o) => mdCode(o)).join(', ')}` : ''}. ` +
      (report.redacted ? 'Secrets are redacted (shown as `••••(N chars)`).' : '**This report includes secrets** (redaction was turned off).'),
    '',
  );
  if (n > 0) out.push(...summaryTable(report), '');
  out.push('## Failures', '');
  report.failures.forEach((f, i) => out.push(...failureSection(f, i)));
  out.push('## Environment', '');
  out.push(`- Browser: ${env.browser ? mdText(`${env.browser.name} ${env.browser.version}`) : 'none (CORS Doctor CLI, applying Chromium’s rules)'}`);
  out.push(`- CORS Doctor: ${mdText(`${env.tool.version} (${env.tool.name})`)}`);
  out.push(`- Generated: ${mdText(env.generatedAt)}`);
  out.push(`- Report format: ${mdCode(report.schema)}`);
  return `${out.join('\n')}\n`;
}
