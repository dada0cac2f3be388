// The worker under load, in real Chromium with CORS Doctor: its V8 heap (CDP Runtime.getHeapUsage
// on the service worker target, after a forced GC) with 0, 200 and 10,000 stored failures, and
// how long after a page's fetch rejects the toolbar badge shows it.
//
// The worker keeps at most 200 failures per tab (core/failure-log.ts DEFAULT_FAILURE_LOG_LIMITS.maxFailuresPerTab), so the
// 10,000 are spread over 50 open tabs of 200 failures each (a tab's log goes when it closes).
// Puppeteer here, not Playwright: Playwright gives no CDP session on a service worker.
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, QUIET_FLAGS } from '../scripts/chromium';
import { corsDoctorDir } from './builds';
import { figure, poll, progress, sleep, type Figure } from './figures';
import { startSite } from './page-load-site';

const PER_TAB = 200;
const TABS = 50;
const BADGE_TRIALS = 20;

interface HeapUsage {
  usedSize: number;
  totalSize: number;
}

async function heap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const h = (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;
  return h.usedSize;
}

async function inWorker<T>(cdp: CDPSession, expression: string): Promise<T> {
  const r = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (r.exceptionDetails) throw new Error(`worker: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
  return r.result.value as T;
}

/** What the worker has written through to chrome.storage.session: failures per tab and bytes. */
function storedFailures(cdp: CDPSession): Promise<{ failures: number; tabs: number; bytes: number }> {
  return inWorker(
    cdp,
    `(async () => {
      const all = await chrome.storage.session.get(null);
      let failures = 0, tabs = 0;
      for (const [k, v] of Object.entries(all)) if (k.startsWith('tab:')) { tabs++; failures += v.ids.length; }
      return { failures, tabs, bytes: await chrome.storage.session.getBytesInUse(null) };
    })()`,
  );
}

async function tabIdOf(probe: Page, url: string): Promise<number> {
  return poll(
    () =>
      probe.evaluate(async (u) => {
        const tabs = await chrome.tabs.query({});
        return tabs.find((t) => t.url === u)?.id;
      }, url),
    `the tab id of ${url}`,
  );
}

const badgeOf = (probe: Page, tabId: number) => probe.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

export async function benchWorker(): Promise<Figure[]> {
  const extDir = corsDoctorDir();
  const site = await startSite();
  const userDataDir = mkdtempSync(join(tmpdir(), 'cors-doctor-bench-worker-'));
  let browser: Browser | undefined;
  const warnings: string[] = [];
  try {
    progress('worker: launching Chromium with CORS Doctor (puppeteer-core)');
    browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      pipe: true,
      userDataDir,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [...QUIET_FLAGS, `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
    });
    const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 15_000 });
    const extensionId = new URL(target.url()).host;
    // An attached debugger also keeps the worker from being stopped when idle: the heap stays the one measured.
    const cdp = await target.createCDPSession();
    await cdp.send('Runtime.enable');
    cdp.on('Runtime.consoleAPICalled', (e) => {
      if (e.type === 'warning' || e.type === 'error') warnings.push(e.args.map((a) => String(a.value ?? a.description ?? '')).join(' '));
    });

    // State is read from an extension page (no ?tabId: it connects no port).
    const probe = await browser.newPage();
    await probe.goto(`chrome-extension://${extensionId}/src/panel/panel.html`);

    // Warm-up: listeners live (STYLE.md: the first navigation can lose events).
    const warm = await browser.newPage();
    await poll(
      async () => {
        const url = site.failuresUrl(`warm-${Date.now()}`, 2);
        await warm.goto(url);
        return (await badgeOf(probe, await tabIdOf(probe, url))) === '1';
      },
      'CORS Doctor to badge the warm-up page',
      20_000,
      300,
    );
    await warm.close();
    await sleep(500);

    // Failure to badge: the page records Date.now() when its fetch rejects; an extension page
    // polls chrome.action.getBadgeText back to back and records Date.now() when the count moves.
    progress(`worker: failure-to-badge latency, ${BADGE_TRIALS} trials`);
    const badgePage = await browser.newPage();
    const badgeUrl = site.badgeUrl(`b-${Date.now()}`);
    await badgePage.goto(badgeUrl);
    const badgeTab = await tabIdOf(probe, badgeUrl);
    await sleep(300);
    const latencies: number[] = [];
    for (let i = 1; i <= BADGE_TRIALS; i++) {
      const seen = probe.evaluate(
        async (id, expected) => {
          const deadline = Date.now() + 5000;
          while (Date.now() < deadline) if ((await chrome.action.getBadgeText({ tabId: id })) === expected) return Date.now();
          return -1;
        },
        badgeTab,
        String(i),
      );
      const rejectedAt = await badgePage.evaluate((n) => (window as unknown as { fire(n: number): Promise<number> }).fire(n), i);
      const badgeAt = await seen;
      if (badgeAt < 0) throw new Error(`worker: badge never showed ${i}`);
      latencies.push(badgeAt - rejectedAt);
      await sleep(200);
    }
    await badgePage.close();
    await sleep(500);

    progress('worker: heap before any failure is stored');
    const heap0 = await heap(cdp);
    const heapSamples: Array<{ failures: number; used: number }> = [];
    for (let t = 0; t < TABS; t++) {
      const page = await browser.newPage();
      const url = site.failuresUrl(`t${t}-${Date.now()}`, PER_TAB);
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench, { timeout: 60_000, polling: 50 });
      const tabId = await tabIdOf(probe, url);
      // Half the failures are refused preflights: the badge counts them.
      await poll(async () => (await badgeOf(probe, tabId)) === String(PER_TAB / 2), `tab ${t + 1} to badge ${PER_TAB / 2}`, 20_000);
      if (t === 0 || t === TABS - 1) heapSamples.push({ failures: (t + 1) * PER_TAB, used: await heap(cdp) });
      if ((t + 1) % 10 === 0) progress(`worker: ${(t + 1) * PER_TAB} failures in ${t + 1} tabs`);
    }
    await sleep(1000);
    const heapFull = await heap(cdp);
    const stored = await storedFailures(cdp);
    const quota = warnings.filter((w) => /quota/i.test(w)).length;
    const one = heapSamples[0]!;
    const perFailure = (heapFull - heap0) / (TABS * PER_TAB);
    const MB = (b: number) => b / 1e6;
    return [
      figure('worker.heap.empty', 'worker: heap, no failures stored', 'MB', [MB(heap0)], { note: 'usedSize after two forced GCs' }),
      figure('worker.heap.200', `worker: heap, ${one.failures} failures (1 tab)`, 'MB', [MB(one.used)]),
      figure('worker.heap.10000', `worker: heap, ${TABS * PER_TAB} failures (${TABS} tabs × ${PER_TAB})`, 'MB', [MB(heapFull)], {
        target: 5,
        note: `${TABS} tabs × the per-tab cap of ${PER_TAB}; about ${(perFailure / 1000).toFixed(1)} kB per failure`,
      }),
      figure('worker.session-storage', 'worker: chrome.storage.session bytes in use at 10,000', 'MB', [MB(stored.bytes)], {
        note: `${stored.failures} failures in ${stored.tabs} tab indexes written through (quota 10 MB); ${quota} quota warnings; ${warnings.length} warnings in all${warnings[0] ? `, first: ${warnings[0].slice(0, 160)}` : ''}`,
      }),
      figure('worker.badge-latency', 'worker: failure to badge (fetch rejection → badge text)', 'ms', latencies, {
        target: 50,
        note: 'Date.now() in the page at rejection vs. in an extension page polling getBadgeText (1 ms resolution); negative: the badge changed before the page saw the rejection',
      }),
    ];
  } finally {
    await browser?.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
    await site.close();
  }
}
