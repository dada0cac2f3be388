// Real Chromium with the built extension loaded: shared by the e2e tests and `npm run demo`.
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumPath, QUIET_FLAGS } from './chromium';
import type { CapturedFailure } from '../src/shared/messages';

export const DIST = resolve(import.meta.dirname, '../dist');

export function assertBuilt(): void {
  if (!existsSync(join(DIST, 'manifest.json'))) {
    throw new Error(`No built extension at ${DIST}. Run \`npm run build\` first (npm test does).`);
  }
}

/** Polls `fn` until it returns a value that is not undefined/false; fails with the last value at the deadline. */
export async function pollUntil<T>(
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  { timeout = 10_000, interval = 50, what = 'condition' }: { timeout?: number; interval?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
      last = v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last: ${String(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export interface LabResult {
  done: boolean;
  ok: boolean;
  status?: number;
  error?: string;
}

/** A Playwright or puppeteer page: both evaluate a function the same way. */
interface EvaluatingPage {
  url(): string;
  evaluate<R>(fn: () => R): Promise<R>;
}

/** Waits for a lab page's own request(s) to finish and returns what the page saw. */
export function labResult(page: EvaluatingPage, timeout = 10_000): Promise<LabResult> {
  return pollUntil(
    async () => {
      const r = await page.evaluate(() => (window as { __labResult?: LabResult }).__labResult);
      return r?.done ? r : undefined;
    },
    { timeout, what: `the lab page ${page.url()} to finish` },
  );
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker as first started (stale after stopWorker). */
  worker(): Promise<Worker>;
  /** The tab id Chromium gave the page (found through the worker by URL). */
  tabIdOf(page: Page): Promise<number>;
  /** The tab's stored failures, read from the worker's session-storage write-through. */
  failures(tabId: number): Promise<CapturedFailure[]>;
  badgeText(tabId: number): Promise<string>;
  badgeTitle(tabId: number): Promise<string>;
  /** Stops the service worker the way Chromium does when idle (CDP ServiceWorker.stopWorker). */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Launches real Chromium with only the built extension, and waits until its
 * webRequest listeners demonstrably work (STYLE.md: the first navigation after
 * launch can lose events): `warmUpUrl` must be a page whose request fails CORS.
 */
export async function launchExtension(
  warmUpUrl: string,
  { headless = true, extraArgs = [] }: { headless?: boolean; extraArgs?: string[] } = {},
): Promise<ExtensionBrowser> {
  assertBuilt();
  const userDataDir = mkdtempSync(join(tmpdir(), 'cors-doctor-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless,
    viewport: headless ? { width: 1280, height: 800 } : null,
    args: [...QUIET_FLAGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`, ...extraArgs],
  });
  try {
    const first =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = new URL(first.url()).host;

    // State is read from an extension page, not the worker: the page has the
    // same chrome.storage/action/tabs APIs, and survives worker restarts
    // (Playwright keeps a stopped worker's stale handle and never sees the new
    // one). panel.html without ?tabId connects no port, so it keeps nothing alive.
    let probe: Page | null = null;
    const probePage = async (): Promise<Page> => {
      if (probe && !probe.isClosed()) return probe;
      probe = await context.newPage();
      await probe.goto(`chrome-extension://${extensionId}/src/panel/panel.html`);
      return probe;
    };
    const inWorker = async <A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> => (await probePage()).evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown) as Promise<R>;

    const ext: ExtensionBrowser = {
      context,
      extensionId,
      async worker() {
        return first;
      },
      async tabIdOf(page) {
        const url = page.url();
        return pollUntil(
          () =>
            inWorker(async (u) => {
              const tabs = await chrome.tabs.query({});
              return tabs.find((t) => t.url === u)?.id;
            }, url),
          { what: `tab id of ${url}` },
        );
      },
      failures(tabId) {
        return inWorker(async (id) => {
          const index = (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] as { ids: string[] } | undefined;
          if (!index) return [];
          const keys = index.ids.map((f) => `f:${f}`);
          const got = await chrome.storage.session.get(keys);
          return keys.map((k) => got[k]).filter(Boolean) as never;
        }, tabId);
      },
      badgeText(tabId) {
        return inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
      },
      badgeTitle(tabId) {
        return inWorker((id) => chrome.action.getTitle({ tabId: id }), tabId);
      },
      async stopWorker() {
        const page = await context.newPage();
        try {
          const cdp = await context.newCDPSession(page);
          const versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> = [];
          cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: typeof versions }) => versions.push(...e.versions));
          await cdp.send('ServiceWorker.enable');
          const version = await pollUntil(
            () => versions.find((v) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`) && v.runningStatus === 'running'),
            { what: 'the worker version' },
          );
          await cdp.send('ServiceWorker.stopWorker', { versionId: version.versionId });
          await pollUntil(() => versions.some((v) => v.versionId === version.versionId && v.runningStatus === 'stopped'), { what: 'the worker to stop' });
        } finally {
          await page.close();
        }
      },
      async close() {
        await context.close().catch(() => undefined);
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };

    const page = await context.newPage();
    // Reload only when a load was not recorded: a navigation resets the tab's log, and the worker
    // writes new failures to storage in batches (every 100 ms), so give each load a few seconds.
    await pollUntil(
      async () => {
        await page.goto(warmUpUrl);
        const tabId = await ext.tabIdOf(page);
        return pollUntil(async () => ((await ext.failures(tabId)).length > 0 ? true : undefined), { timeout: 3_000, interval: 100 }).catch(() => undefined);
      },
      { timeout: 30_000, interval: 300, what: 'the worker to record the warm-up page’s CORS failure' },
    );
    await page.close();
    return ext;
  } catch (error) {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
