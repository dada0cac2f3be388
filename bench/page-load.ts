// Page-load overhead against the platform's floor: the same two pages in three browsers
// (no extension; the floor extension; CORS Doctor), interleaved round by round so machine
// drift lands on every variant alike. The order rotates each round (A B C, B C A, C A B, …):
// no variant always runs right after another one's leftover work. Ratios are per round
// (variant / baseline in the same round), then summarised.
import type { Page } from 'playwright-core';
import { launchBrowser, type BenchBrowser } from './browser';
import { corsDoctorDir, floorExtensionDir } from './builds';
import { figure, poll, progress, sleep, type Figure } from './figures';
import { BURST_REQUESTS, startSite, type Site } from './page-load-site';

type VariantId = 'none' | 'floor' | 'cors-doctor';
const VARIANTS: VariantId[] = ['none', 'floor', 'cors-doctor'];
const LABEL: Record<VariantId, string> = { none: 'no extension', floor: 'floor ext', 'cors-doctor': 'CORS Doctor' };

type PageId = 'burst' | 'app';
const PAGES: Array<{ id: PageId; label: string; url: (s: Site, run: string) => string; expectRejected: number }> = [
  { id: 'burst', label: `burst of ${BURST_REQUESTS} preflighted requests`, url: (s, r) => s.burstUrl(r), expectRejected: 10 },
  { id: 'app', label: 'typical app page (20 assets, 5 API calls)', url: (s, r) => s.appUrl(r), expectRejected: 1 },
];

/** Idle time after each run: the extension's deferred work (diagnosis, storage) ends before the next variant starts. */
const SETTLE_MS = 300;

interface Variant {
  id: VariantId;
  browser: BenchBrowser;
  page: Page;
}

async function runOnce(v: Variant, url: string, expectRejected: number): Promise<number> {
  await v.page.goto(url, { waitUntil: 'load' });
  const r = await v.page.waitForFunction(() => (window as unknown as { __bench?: { ms: number; rejected: number } }).__bench, undefined, {
    timeout: 30_000,
    polling: 10,
  });
  const { ms, rejected } = (await r.jsonValue()) as { ms: number; rejected: number };
  if (rejected !== expectRejected) throw new Error(`${v.id} ${url}: ${rejected} requests rejected, expected ${expectRejected}`);
  return ms;
}

/** Reads the badge CORS Doctor set on the bench tab: proves it captured the burst's failures. */
async function corsDoctorBadge(v: Variant): Promise<string> {
  const url = v.page.url();
  return v.browser.worker!.evaluate(async (u) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === u);
    return tab?.id === undefined ? '(tab not found)' : chrome.action.getBadgeText({ tabId: tab.id });
  }, url);
}

export async function benchPageLoad({ rounds = 15 }: { rounds?: number } = {}): Promise<Figure[]> {
  const dirs: Record<VariantId, string | undefined> = { none: undefined, floor: floorExtensionDir(), 'cors-doctor': corsDoctorDir() };
  const site = await startSite();
  const variants: Variant[] = [];
  const notes: string[] = [];
  try {
    for (const id of VARIANTS) {
      progress(`page-load: launching Chromium (${LABEL[id]})`);
      const browser = await launchBrowser(dirs[id]);
      const page = await browser.context.newPage();
      variants.push({ id, browser, page });
    }

    // Warm-up, discarded: JIT, connections, and the extensions' listeners demonstrably live
    // (STYLE.md: the first navigation after launch can lose events).
    progress('page-load: warm-up');
    for (const v of variants) {
      for (let i = 0; i < 2; i++) for (const p of PAGES) await runOnce(v, p.url(site, `warm-${v.id}-${i}`), p.expectRejected);
      if (v.id === 'cors-doctor') {
        await v.page.goto(site.burstUrl(`check-${Date.now()}`));
        const badge = await poll(async () => ((await corsDoctorBadge(v)) === '5' ? '5' : undefined), 'CORS Doctor to badge the burst page with 5', 10_000).catch(
          async () => `unexpected badge "${await corsDoctorBadge(v)}"`,
        );
        notes.push(`CORS Doctor badge after one burst: ${badge} (the burst has 5 preflight failures)`);
        progress(`page-load: ${notes.at(-1)}`);
      }
      if (v.id === 'floor') {
        const registered = await v.browser.worker!.evaluate(() => (globalThis as unknown as { registered: string[] }).registered);
        notes.push(`floor listeners: ${registered.join(', ')}`);
      }
    }

    const times: Record<PageId, Record<VariantId, number[]>> = {
      burst: { none: [], floor: [], 'cors-doctor': [] },
      app: { none: [], floor: [], 'cors-doctor': [] },
    };
    for (let round = 0; round < rounds; round++) {
      const order = VARIANTS.map((_, i) => variants[(i + round) % variants.length]!);
      for (const p of PAGES) {
        for (const v of order) {
          times[p.id][v.id].push(await runOnce(v, p.url(site, `r${round}-${v.id}-${Date.now()}`), p.expectRejected));
          await sleep(SETTLE_MS);
        }
      }
      progress(
        `page-load: round ${round + 1}/${rounds}: ` +
          PAGES.map((p) => `${p.id} ${VARIANTS.map((id) => `${id} ${times[p.id][id].at(-1)!.toFixed(1)}`).join(' / ')} ms`).join('; '),
      );
    }

    const out: Figure[] = [];
    for (const p of PAGES) {
      const t = times[p.id];
      const what = p.id === 'burst' ? 'first fetch to all settled' : 'navigation start to load + API calls settled';
      for (const id of VARIANTS) out.push(figure(`page-load.${p.id}.${id}`, `${p.id}: ${LABEL[id]} (${what})`, 'ms', t[id]));
      const ratio = (a: VariantId, b: VariantId) => t[a].map((x, i) => x / t[b][i]!);
      out.push(
        figure(`page-load.${p.id}.ratio.floor/none`, `${p.id}: floor / no extension, per round`, '×', ratio('floor', 'none'), {
          note: 'the platform floor: what any extension that must see preflights pays',
        }),
        figure(`page-load.${p.id}.ratio.cors-doctor/floor`, `${p.id}: CORS Doctor / floor, per round`, '×', ratio('cors-doctor', 'floor'), { target: 1.05 }),
        figure(
          `page-load.${p.id}.ratio.cors-doctor/none`,
          `${p.id}: CORS Doctor / no extension, per round`,
          '×',
          ratio('cors-doctor', 'none'),
          p.id === 'app' ? { target: 1.1 } : {},
        ),
      );
    }
    if (notes.length) out[0]!.note = notes.join('; ');
    return out;
  } finally {
    for (const v of variants) await v.browser.close();
    await site.close();
  }
}
