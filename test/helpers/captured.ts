import { CapturePipeline } from '../../src/background/capture-pipeline';
import type { CapturedFailure } from '../../src/shared/messages';
import { fixtureEvents } from './fixtures';

/** Real CapturedFailure objects: recorded Chromium events through the worker's own store. */
export async function capturedFailures(scenarios: string[], tabId = 42): Promise<CapturedFailure[]> {
  const out: CapturedFailure[] = [];
  const store = new CapturePipeline({
    storage: { get: async () => ({}), set: async () => {}, remove: async () => {} },
    setBadge: () => {},
    onSnapshot: () => {},
    onAdded: (f) => void out.push(f),
    onError: (e) => {
      throw e;
    },
  });
  await store.setPreserveLog(tabId, true);
  scenarios.forEach((s, i) => {
    for (const ev of fixtureEvents(s, { tabId, idPrefix: `${i}-` })) void store.handleRequestEvent(ev);
  });
  await store.whenIdle();
  return out;
}
