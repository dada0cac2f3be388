import puppeteer, { type Browser, type Frame, type Page, type WebWorker } from 'puppeteer-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, QUIET_FLAGS } from '../../scripts/chromium';
import { assertBuilt, DIST, pollUntil } from './harness';

// puppeteer-core reaches the real DevTools front end (Playwright cannot).
// The DevTools internals used here (ui/legacy/legacy.js InspectorView) may
// change between Chromium versions: kept in this one small file.

export interface DevToolsBrowser {
  browser: Browser;
  worker: WebWorker;
  tabIdOf(page: Page): Promise<number>;
  close(): Promise<void>;
}

export async function launchForDevTools(): Promise<DevToolsBrowser> {
  assertBuilt();
  const userDataDir = mkdtempSync(join(tmpdir(), 'cors-doctor-devtools-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    userDataDir,
    args: [...QUIET_FLAGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
    ignoreDefaultArgs: ['--disable-extensions'],
  });
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), {
    timeout: 15_000,
  });
  const worker = (await target.worker())!;
  return {
    browser,
    worker,
    async tabIdOf(page) {
      const url = page.url();
      return pollUntil(
        () =>
          worker.evaluate(async (u) => {
            const tabs = await chrome.tabs.query({});
            return tabs.find((t) => t.url === u)?.id;
          }, url),
        { what: `tab id of ${url}` },
      );
    },
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens DevTools on `page`, selects the extension's CORS panel, and returns the panel's frame. */
export async function openCorsPanel(page: Page): Promise<Frame> {
  const devtools = await page.openDevTools();
  // Extension panels register asynchronously and sit in the overflow menu:
  // select it through the front end's own InspectorView.
  // Code is passed as a string: the test runner rewrites `import()` in functions.
  const panelId = await pollUntil(
    () =>
      devtools.evaluate(`(async () => {
        const UI = await import('./ui/legacy/legacy.js');
        const tabs = UI.InspectorView.InspectorView.instance().tabbedPane.tabs;
        return tabs.find((t) => t.id.startsWith('chrome-extension://') && t.title === 'CORS')?.id;
      })()`) as Promise<string | undefined>,
    { timeout: 20_000, interval: 100, what: 'the CORS panel to be registered in DevTools' },
  );
  await devtools.evaluate(`(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    await UI.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(panelId)});
  })()`);
  return pollUntil(() => devtools.frames().find((f) => f.url().includes('/src/panel/panel.html')), {
    timeout: 15_000,
    what: 'the CORS panel frame',
  });
}
