import puppeteer, { type Browser, type CDPSession, type Frame, type Page, type WebWorker } from 'puppeteer-core';
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

/**
 * Runs `expression` in the DevTools front end over the protocol (CDP Runtime.evaluate), not as a
 * page.evaluate string (test/build/e2e-no-eval.test.ts): the code imports the front end's own
 * modules, and the test runner would rewrite `import()` inside a function.
 */
async function inFrontEnd<T>(session: CDPSession, expression: string): Promise<T> {
  const r = await session.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
  return r.result.value as T;
}

/** Opens DevTools on `page`, selects the extension's CORS panel, and returns the panel's frame. */
export async function openCorsPanel(page: Page): Promise<Frame> {
  const devtools = await page.openDevTools();
  const session = await devtools.createCDPSession();
  // Extension panels register asynchronously and sit in the overflow menu:
  // select it through the front end's own InspectorView.
  const panelId = await pollUntil(
    () =>
      inFrontEnd<string | undefined>(
        session,
        `(async () => {
          const UI = await import('./ui/legacy/legacy.js');
          const tabs = UI.InspectorView.InspectorView.instance().tabbedPane.tabs;
          return tabs.find((t) => t.id.startsWith('chrome-extension://') && t.title === 'CORS')?.id;
        })()`,
      ),
    { timeout: 20_000, interval: 100, what: 'the CORS panel to be registered in DevTools' },
  );
  await inFrontEnd(
    session,
    `(async () => {
      const UI = await import('./ui/legacy/legacy.js');
      await UI.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(panelId)});
    })()`,
  );
  await session.detach().catch(() => undefined);
  return pollUntil(() => devtools.frames().find((f) => f.url().includes('/src/panel/panel.html')), {
    timeout: 15_000,
    what: 'the CORS panel frame',
  });
}
