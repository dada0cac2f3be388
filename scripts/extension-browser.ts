// Real Chromium with the built extension loaded: shared by the e2e tests and `npm run demo`.
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumPath, QUIET_FLAGS } from './chromium';

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

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** The tab id Chromium gave the page (found through the worker by URL). */
  tabIdOf(page: Page): Promise<number>;
  /** The worker's recorded state for a tab, read from its session storage write-through. */
  tabLog(tabId: number): Promise<TabLogView | undefined>;
  badgeText(tabId: number): Promise<string>;
  close(): Promise<void>;
}

export interface TabLogView {
  tabId: number;
  events: Array<{
    event: string;
    requestId: string;
    url: string;
    method: string;
    type: string;
    statusCode?: number;
    error?: string;
    requestHeaders?: Array<[string, string]>;
    responseHeaders?: Array<[string, string]>;
  }>;
  failures: Array<{ url: string; method: string; error: string; preflight?: { status?: number } }>;
  dropped: number;
}

/**
 * Launches real Chromium with only the built extension, and waits until its
 * webRequest listeners demonstrably see events (STYLE.md: the first navigation
 * after launch can lose events), using `warmUpUrl`.
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
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = new URL(worker.url()).host;

    const ext: ExtensionBrowser = {
      context,
      worker,
      extensionId,
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
      async tabLog(tabId) {
        return worker.evaluate(async (id) => {
          const key = `tab:${id}`;
          const got = await chrome.storage.session.get(key);
          return got[key] as never;
        }, tabId);
      },
      badgeText(tabId) {
        return worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
      },
      async close() {
        await context.close().catch(() => undefined);
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };

    const page = await context.newPage();
    await pollUntil(
      async () => {
        await page.goto(warmUpUrl);
        const tabId = await ext.tabIdOf(page);
        const log = await ext.tabLog(tabId);
        return log?.events.some((e) => e.event === 'completed' && e.type === 'main_frame') ? true : undefined;
      },
      { timeout: 20_000, interval: 200, what: 'the worker to see a warm-up navigation' },
    );
    await page.close();
    return ext;
  } catch (error) {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
