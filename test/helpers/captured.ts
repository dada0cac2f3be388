import { CapturePipeline } from '../../src/background/capture-pipeline';
import type { BrowserStamp } from '../../src/background/failure-record';
import type { CapturedFailure } from '../../src/shared/messages';
import { fixtureEvents } from './fixtures';

/**
 * A worker pipeline with no storage and no badge that collects every failure it records, with
 * preserve log on for `tabId` (so a navigation in a recording does not clear it). `stamp` names
 * another browser than the default Chromium.
 */
export async function collectingPipeline(tabId: number, stamp: BrowserStamp = {}): Promise<{ pipeline: CapturePipeline; out: CapturedFailure[] }> {
  const out: CapturedFailure[] = [];
  const pipeline = new CapturePipeline({
    storage: { get: async () => ({}), set: async () => {}, remove: async () => {} },
    setBadge: () => {},
    onSnapshot: () => {},
    onAdded: (f) => void out.push(f),
    onError: (e) => {
      throw e;
    },
    ...stamp,
  });
  await pipeline.setPreserveLog(tabId, true);
  return { pipeline, out };
}

/** Real CapturedFailure objects: recorded Chromium events through the worker's own store. */
export async function capturedFailures(scenarios: string[], tabId = 42): Promise<CapturedFailure[]> {
  const { pipeline, out } = await collectingPipeline(tabId);
  scenarios.forEach((s, i) => {
    for (const ev of fixtureEvents(s, { tabId, idPrefix: `${i}-` })) void pipeline.handleRequestEvent(ev);
  });
  await pipeline.whenIdle();
  return out;
}
