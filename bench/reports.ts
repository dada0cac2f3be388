// Report rendering for 1,000 failures: building the redacted report object once, then each
// format from it (what the panel's Export buttons and the CLI do, through exportReport).
import { buildReport, renderHtml, renderJson, renderMarkdown, type Report, type ReportEnvironment } from '../src/core/report';
import { benchFailures } from './failures';
import { figure, progress, type Figure } from './figures';

const FAILURES = 1000;
const ENV: ReportEnvironment = { generatedAt: '2026-01-01T12:00:00.000Z', tool: { name: 'extension', version: '0.1.0' }, browser: { name: 'Chromium', version: '156' } };

function time(fn: () => unknown, rounds: number): number[] {
  fn(); // warm-up, discarded
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function benchReports({ rounds = 7 }: { rounds?: number } = {}): Promise<Figure[]> {
  progress(`reports: ${FAILURES} failures, ${rounds} rounds per format`);
  const failures = await benchFailures(FAILURES);
  let report: Report = buildReport(failures, ENV);
  const sizes = { json: renderJson(report).length, md: renderMarkdown(report).length, html: renderHtml(report).length };
  const kB = (n: number) => `${(n / 1024).toFixed(0)} kB`;
  return [
    figure('reports.build', `reports: buildReport (redact, fixes) for ${FAILURES} failures`, 'ms', time(() => (report = buildReport(failures, ENV)), rounds), {
      note: 'shared by every format',
    }),
    figure('reports.json', `reports: renderJson, ${FAILURES} failures`, 'ms', time(() => renderJson(report), rounds), { note: `output ${kB(sizes.json)}` }),
    figure('reports.md', `reports: renderMarkdown, ${FAILURES} failures`, 'ms', time(() => renderMarkdown(report), rounds), { note: `output ${kB(sizes.md)}` }),
    figure('reports.html', `reports: renderHtml, ${FAILURES} failures`, 'ms', time(() => renderHtml(report), rounds), { note: `output ${kB(sizes.html)}` }),
  ];
}
