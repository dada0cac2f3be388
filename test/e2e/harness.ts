// The e2e harness: real Chromium with dist/ loaded (shared with `npm run demo`).
import type { Page } from 'playwright-core';
export { assertBuilt, DIST, launchExtension, pollUntil, type ExtensionBrowser } from '../../scripts/extension-browser';
import { pollUntil } from '../../scripts/extension-browser';

export interface LabResult {
  done: boolean;
  ok: boolean;
  status?: number;
  error?: string;
}

/** Waits for a lab page's own request(s) to finish and returns what the page saw. */
export function labResult(page: Page): Promise<LabResult> {
  return pollUntil(
    async () => {
      const r = await page.evaluate(() => (window as { __labResult?: LabResult }).__labResult);
      return r?.done ? r : undefined;
    },
    { what: `the lab page ${page.url()} to finish` },
  );
}
