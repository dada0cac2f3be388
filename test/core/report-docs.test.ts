// docs/REPORTS.md shows a real Markdown report: the golden file, so the sample cannot go stale.
// UPDATE_GOLDEN=1 rewrites the sample from the golden file.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const DOC = resolve(import.meta.dirname, '../../docs/REPORTS.md');
const SAMPLE = resolve(import.meta.dirname, '__golden__/report/header-not-allowed-nginx.md');

it('docs/REPORTS.md carries the golden sample report verbatim', () => {
  const doc = readFileSync(DOC, 'utf8');
  const sample = readFileSync(SAMPLE, 'utf8');
  const block = `<!-- sample:start -->\n\`\`\`\`\`\`markdown\n${sample}\`\`\`\`\`\`\n<!-- sample:end -->`;
  const updated = doc.replace(/<!-- sample:start -->[\s\S]*<!-- sample:end -->/, block);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(DOC, updated);
  else expect(doc, 'run with UPDATE_GOLDEN=1 to refresh the sample').toBe(updated);
});
