import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/server';
import { encodeSpec, type CustomSpec } from '../../lab/custom-spec';
import { launchExtension, pollUntil, type ExtensionBrowser } from './harness';

// One behaviour: a long session in one tab stays bounded. Real requests from a lab page to the
// lab API, paced to what Chromium sustains (batches of 50 every 100 ms, about 500/s: above
// ~1,000/s Chromium refuses with net::ERR_INSUFFICIENT_RESOURCES), with the standalone panel
// open on the tab the whole time. `npm test` runs 20,000 exchanges; `npm run soak` runs 100,000
// (LONG_SESSION_EXCHANGES). The worker keeps the newest 200 and counts the rest; the panel
// says how many older ones were dropped and keeps only visible rows in its DOM.
const EXCHANGES = Number(process.env.LONG_SESSION_EXCHANGES ?? 20_000);
const BATCH = 50;
const PERIOD_MS = 100;
const KEPT = 200;

let lab: Lab;
let ext: ExtensionBrowser;

beforeAll(async () => {
  lab = await startLab();
  ext = await launchExtension(lab.scenarioUrl('preflight-404'));
});
afterAll(async () => {
  await ext?.close();
  await lab?.close();
});

const FAILING: CustomSpec = { method: 'GET', actual: { status: 200, headers: [] } };
const PASSING: CustomSpec = { method: 'GET', actual: { status: 200, headers: [['Access-Control-Allow-Origin', '{origin}']] } };

interface Totals {
  kept: number;
  dropped: number;
  storedFailureKeys: number;
  pairingBytes: number;
  bytesInUse: number;
}

async function totals(tabId: number): Promise<Totals> {
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html`);
    return await page.evaluate(async (id) => {
      const all = await chrome.storage.session.get(null);
      const index = all[`tab:${id}`] as { ids: string[]; dropped: number } | undefined;
      return {
        kept: index?.ids.length ?? 0,
        dropped: index?.dropped ?? 0,
        storedFailureKeys: Object.keys(all).filter((k) => k.startsWith(`f:${id}-`)).length,
        pairingBytes: JSON.stringify(all.pairing ?? null).length,
        bytesInUse: await chrome.storage.session.getBytesInUse(null),
      };
    }, tabId);
  } finally {
    await page.close();
  }
}

describe(`a long session: ${EXCHANGES.toLocaleString('en')} exchanges in one tab`, () => {
  it('stays within the bounded buffer, says how many were dropped, and the panel stays responsive', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${lab.indexUrl}?long-session`);
    const tabId = await ext.tabIdOf(page);

    const panel = await ext.context.newPage();
    await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
    await panel.getByTestId('failure-count').waitFor();

    // One in ten passes; the rest fail the CORS check on the response (no Allow-Origin).
    const bases = {
      fail: `${lab.apiOrigin}/custom/long-fail?spec=${encodeSpec(FAILING)}`,
      pass: `${lab.apiOrigin}/custom/long-pass?spec=${encodeSpec(PASSING)}`,
    };
    const run = page.evaluate(
      async ({ bases, total, batch, period }) => {
        let failed = 0;
        let passed = 0;
        for (let start = 0; start < total; start += batch) {
          const t0 = performance.now();
          const reqs: Promise<void>[] = [];
          for (let i = start; i < Math.min(total, start + batch); i++) {
            const url = `${i % 10 === 0 ? bases.pass : bases.fail}&i=${i}`;
            reqs.push(fetch(url).then(() => void passed++, () => void failed++));
          }
          await Promise.all(reqs);
          const wait = period - (performance.now() - t0);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        return { failed, passed };
      },
      { bases, total: EXCHANGES, batch: BATCH, period: PERIOD_MS },
    );

    // While it runs: the panel answers, and only visible rows exist in its DOM.
    let done = false;
    void run.finally(() => (done = true));
    const domRows: number[] = [];
    const shownCounts: number[] = [];
    while (!done) {
      await new Promise((r) => setTimeout(r, 3000));
      const seen = await panel.evaluate(() => ({
        rows: document.querySelectorAll('[role="row"].failure').length,
        count: Number(document.querySelector('[data-testid="failure-count"]')?.textContent?.match(/\d+/)?.[0] ?? 0),
      }));
      domRows.push(seen.rows);
      shownCounts.push(seen.count);
    }
    const page_ = await run;
    console.log(
      `long session: ${EXCHANGES} exchanges, ${page_.failed} failed, ${page_.passed} passed; panel DOM rows max ${Math.max(...domRows)} over ${domRows.length} samples; panel list max ${Math.max(...shownCounts)}`,
    );
    expect(page_.failed + page_.passed).toBe(EXCHANGES);
    expect(page_.failed).toBeGreaterThanOrEqual(EXCHANGES * 0.9);

    // Every failure is counted; only the newest 200 are kept, in memory and in storage.
    const t = await pollUntil(async () => {
      const x = await totals(tabId);
      return x.kept + x.dropped >= page_.failed ? x : undefined;
    }, { timeout: 300_000, interval: 1000, what: `${page_.failed} failures to be counted` });
    expect(t.kept + t.dropped).toBe(page_.failed);
    expect(t.kept).toBe(KEPT);
    expect(t.storedFailureKeys).toBe(KEPT);
    // Bounded whatever the session length: the pairing state and session storage stay small.
    expect(t.pairingBytes).toBeLessThan(256 * 1024);
    expect(t.bytesInUse).toBeLessThan(4 * 1024 * 1024);

    // The live panel: a bounded DOM throughout, and the dropped notice.
    expect(domRows.length).toBeGreaterThan(0);
    expect(Math.max(...domRows)).toBeLessThan(100);
    // It shows more than the worker keeps (its own bounded list); what it no longer shows
    // is the notice, so its count and the notice add up to every failure.
    const live = await pollUntil(async () => {
      const text = await panel.evaluate(() => document.body.innerText);
      const shown = Number(/(\d+) CORS failures/.exec(text)?.[1]);
      const dropped = Number(/(\d+) older exchanges dropped/.exec(text)?.[1] ?? 0);
      return shown + dropped === t.kept + t.dropped ? { shown, dropped } : undefined;
    }, { timeout: 30_000, what: 'the live panel count and dropped notice to add up' });
    expect(live.dropped).toBeGreaterThan(0);

    // A panel opened now shows what the worker kept, and the same notice.
    const fresh = await ext.context.newPage();
    await fresh.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
    await fresh.getByText(`${KEPT} CORS failures`).waitFor();
    await fresh.getByText(`${t.dropped} older exchanges dropped`).waitFor();
    const rows = fresh.locator('[role="row"].failure');
    expect(await rows.count()).toBeLessThan(100);
    // Responsive: a row opens its detail, and the filter narrows the list.
    await rows.first().click();
    await fresh.getByTestId('detail').waitFor();
    expect(await fresh.getByTestId('detail').innerText()).toContain('MissingAllowOriginHeader');
    await fresh.getByPlaceholder('Filter (URL, method, code)').fill(`i=${EXCHANGES - 1}`);
    await pollUntil(async () => ((await rows.count()) <= 1 ? true : undefined), { what: 'the filter to apply' });

    await fresh.close();
    await panel.close();
    await page.close();
    // The limit is a ceiling, not a measure. 20,000 exchanges took well under 300 s in December's
    // earlier runs and now take more on this 2-core machine, the previous commit's build included:
    // most of it is the worker and the panel working through 18,000 failures one message at a
    // time (issue 17's subject). A limit of 30 ms per exchange keeps the run from being cut short.
  }, Math.max(600_000, EXCHANGES * 30));
});
