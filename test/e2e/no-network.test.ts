import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, QUIET_FLAGS } from '../../scripts/chromium';
import { startLab, type Lab, type LabRequest } from '../../lab/server';
import { assertBuilt, DIST, labResult, pollUntil } from './harness';

// One behaviour: the extension makes no network requests of its own (docs/SECURITY.md). Every
// lab scenario runs with the extension recording, while CDP Network watches the extension's
// service worker and its panel page, and the lab logs every request it receives. The only
// requests allowed are the pages' own: the extension's, apart from loading its own files, are none.
let lab: Lab;
let browser: Browser;
let userDataDir: string;
let extensionId: string;
const extensionRequests: Array<{ target: string; url: string }> = [];

function watch(cdp: CDPSession, target: string): void {
  cdp.on('Network.requestWillBeSent', (e: { request: { url: string } }) => extensionRequests.push({ target, url: e.request.url }));
  cdp.on('Network.webSocketCreated', (e: { url: string }) => extensionRequests.push({ target, url: e.url }));
}

beforeAll(async () => {
  assertBuilt();
  lab = await startLab();
  userDataDir = mkdtempSync(join(tmpdir(), 'cors-doctor-no-network-'));
  browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    userDataDir,
    args: [...QUIET_FLAGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
    ignoreDefaultArgs: ['--disable-extensions'],
  });
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 15_000 });
  extensionId = new URL(target.url()).host;
  const cdp = await target.createCDPSession();
  watch(cdp, 'service worker');
  await cdp.send('Network.enable');
});
afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await lab?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

async function tabIdOf(probe: Page, url: string): Promise<number> {
  return pollUntil(
    () =>
      probe.evaluate(async (u) => {
        const tabs = await chrome.tabs.query({});
        return tabs.find((t) => t.url === u)?.id;
      }, url),
    { what: `tab id of ${url}` },
  );
}

async function storedFailures(probe: Page, tabId: number): Promise<number> {
  return probe.evaluate(async (id) => {
    const index = (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] as { ids: string[]; dropped: number } | undefined;
    return (index?.ids.length ?? 0) + (index?.dropped ?? 0);
  }, tabId);
}

function header(r: LabRequest, name: string): string | undefined {
  return r.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

describe('no network of its own', () => {
  it('every lab scenario, recorded and shown in the panel: zero requests from the extension', async () => {
    const page = await browser.newPage();
    const navigations = new Set<string>();
    page.on('request', (r) => {
      if (r.isNavigationRequest()) navigations.add(new URL(r.url()).pathname + new URL(r.url()).search);
    });

    // The panel, watched from before it loads, pointed at the scenario tab.
    await page.goto(lab.indexUrl);
    const panel = await browser.newPage();
    const panelCdp = await panel.createCDPSession();
    watch(panelCdp, 'panel');
    await panelCdp.send('Network.enable');
    await panel.goto(`chrome-extension://${extensionId}/src/panel/panel.html`);
    const tabId = await tabIdOf(panel, page.url());
    await panel.goto(`chrome-extension://${extensionId}/src/panel/panel.html?tabId=${tabId}`);
    await panel.waitForSelector('[data-testid="failure-count"]');

    // Warm-up (STYLE.md: the first navigation after launch can lose events), then every scenario.
    await pollUntil(async () => {
      await page.goto(`${lab.scenarioUrl('preflight-404')}?warmup`);
      await labResult(page);
      // Failures reach storage in 100 ms batches: wait a little before navigating again (which resets the log).
      return pollUntil(async () => (await storedFailures(panel, tabId)) > 0 || undefined, { timeout: 3_000, interval: 100 }).catch(() => undefined);
    }, { timeout: 30_000, interval: 300, what: 'the worker to record the warm-up' });

    let blocked = 0;
    for (const s of lab.scenarios) {
      await page.goto(lab.scenarioUrl(s.id));
      await labResult(page, 30_000);
      if (s.expect !== 'allowed') blocked++;
      // Navigation resets the tab's log (no Preserve log here): each scenario is checked on its own.
      if (s.expect !== 'allowed') await pollUntil(async () => ((await storedFailures(panel, tabId)) > 0 ? true : undefined), { what: `${s.id} to be recorded` });
    }
    expect(blocked).toBeGreaterThan(10);
    // The panel rendered the last scenario's failure while being watched.
    await pollUntil(async () => ((await panel.$$('[role="row"].failure')).length > 0 ? true : undefined), { what: 'the panel to show a failure' });
    await new Promise((r) => setTimeout(r, 500)); // late events

    // (b) CDP: the extension's own contexts loaded their own files, and nothing else.
    const own = `chrome-extension://${extensionId}/`;
    expect(extensionRequests.filter((r) => !r.url.startsWith(own))).toEqual([]);
    expect(extensionRequests.some((r) => r.target === 'panel')).toBe(true); // the watch was live

    // (a) The lab: every request came from a lab page, or was the navigation to one.
    const pageOrigin = lab.pageOrigin;
    const strangers = [...lab.requests, ...lab.pageRequests].filter((r) => {
      const origin = header(r, 'origin');
      const referer = header(r, 'referer');
      if (origin === pageOrigin) return false;
      if (referer?.startsWith(`${pageOrigin}/`)) return false;
      if (header(r, 'sec-fetch-mode') === 'navigate' && navigations.has(r.path)) return false;
      return true;
    });
    expect(strangers.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.headers)}`)).toEqual([]);
    expect(lab.requests.length).toBeGreaterThan(lab.scenarios.length);
    expect(lab.pageRequests.filter((r) => header(r, 'sec-fetch-mode') === 'navigate').length).toBeGreaterThanOrEqual(lab.scenarios.length + 1);
    await panel.close();
    await page.close();
  }, 180_000);
});
