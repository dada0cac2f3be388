// N real CapturedFailure objects for the report and panel benches: every recorded Chromium
// scenario through the worker's own CapturePipeline (test/helpers/captured.ts), repeated with
// distinct ids and URLs until there are N, in capture order.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { capturedFailures } from '../test/helpers/captured';
import type { CapturedFailure } from '../src/shared/messages';

const FIXTURES = resolve(import.meta.dirname, '../test/fixtures/webrequest/chromium');

export async function benchFailures(n: number, tabId = 42): Promise<CapturedFailure[]> {
  const scenarios = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length));
  const base = await capturedFailures(scenarios, tabId);
  if (base.length === 0) throw new Error('no captured failures from the recorded scenarios');
  const t0 = Date.UTC(2026, 0, 1, 12);
  return Array.from({ length: n }, (_, i) => {
    const f = structuredClone(base[i % base.length]!);
    const u = new URL(f.exchange.request.url);
    u.pathname = `${u.pathname.replace(/\/$/, '')}/item-${i}`;
    f.exchange.request.url = u.href;
    f.id = `${tabId}-${i}-bench`;
    f.seq = i;
    f.capturedAt = t0 + i * 37;
    return f;
  });
}
