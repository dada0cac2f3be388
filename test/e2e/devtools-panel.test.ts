import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/server';
import { labResult, launchExtension, pollUntil, type ExtensionBrowser } from './harness';
import { launchForDevTools, openCorsPanel, type DevToolsBrowser } from './devtools-harness';

// One behaviour: the CORS panel shows the inspected tab and its failures, in
// the real DevTools and in standalone mode (panel.html?tabId=N in a tab).
let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => {
  await lab?.close();
});

const readPanel = (text: string) => ({
  tab: /Tab (\d+)/.exec(text)?.[1],
  count: /(\d+) CORS failures?/.exec(text)?.[1],
});

describe('the CORS panel inside real DevTools', () => {
  let chrome: DevToolsBrowser;
  beforeAll(async () => {
    chrome = await launchForDevTools();
  });
  afterAll(async () => {
    await chrome?.close();
  });

  it('shows the inspected tab id and its failure count', async () => {
    const page = await chrome.browser.newPage();
    await page.goto(lab.indexUrl); // warm-up navigation: listeners live before the scenario
    await page.goto(lab.scenarioUrl('preflight-404'));
    await labResult(page);
    const tabId = await chrome.tabIdOf(page);

    const panel = await openCorsPanel(page);
    const shown = await pollUntil(
      async () => {
        const r = readPanel(await panel.evaluate(() => document.body.innerText));
        return r.count === '1' ? r : undefined;
      },
      { what: 'the panel to show 1 failure' },
    );
    expect(shown.tab).toBe(String(tabId));
    const row = await panel.evaluate(() => document.querySelector('[role="row"].failure')?.textContent ?? '');
    expect(row).toContain('PUT');
    expect(row).toContain('404');

    // Open the detail: the failing check names the header the server left out.
    // A real mouse click goes through the DevTools window, whose layout can
    // still move (an infobar or drawer appearing) between puppeteer reading
    // the row's position and clicking it; like a user, click again if the
    // first click landed elsewhere.
    let clickedAt = 0;
    const check = await pollUntil(
      async () => {
        const found = await panel.evaluate(() => {
          const first = document.querySelector('table.checks tbody.check');
          return first ? { code: first.getAttribute('data-code'), header: first.querySelector('mark.offending')?.textContent } : undefined;
        });
        if (!found && Date.now() - clickedAt > 1_000) {
          clickedAt = Date.now();
          await panel.click('[role="row"].failure');
        }
        return found;
      },
      { timeout: 15_000, what: 'the detail view in the DevTools panel after clicking the row' },
    );
    expect(check).toEqual({ code: 'PreflightMissingAllowOriginHeader', header: 'Access-Control-Allow-Origin' });
    expect(await panel.evaluate(() => document.querySelector('[data-testid="console-message"]')?.textContent)).toContain(
      "No 'Access-Control-Allow-Origin' header is present",
    );
    // Inside DevTools the panel offers the pop-out link to standalone mode.
    const popOut = await panel.evaluate(() => document.querySelector<HTMLAnchorElement>('a.popout')?.href);
    expect(popOut).toMatch(new RegExp(`^chrome-extension://[a-p]{32}/src/panel/panel\\.html\\?tabId=${tabId}`));
  });
});

describe('the CORS panel standalone (panel.html?tabId=N)', () => {
  let ext: ExtensionBrowser;
  beforeAll(async () => {
    ext = await launchExtension(lab.scenarioUrl('preflight-404'));
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('shows the same tab id and count as the badge', async () => {
    const page = await ext.context.newPage();
    await page.goto(lab.scenarioUrl('preflight-404'));
    await pollUntil(() => page.evaluate(() => (window as { __labResult?: { done: boolean } }).__labResult?.done));
    const tabId = await ext.tabIdOf(page);
    await pollUntil(async () => ((await ext.badgeText(tabId)) === '1' ? true : undefined), { what: 'badge "1"' });

    const panel = await ext.context.newPage();
    await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
    await panel.getByText('1 CORS failure').waitFor();
    expect(await panel.getByTestId('tab-id').textContent()).toBe(`Tab ${tabId}`);
    expect(await panel.locator('[role="row"].failure .preflight').textContent()).toBe('404');
    expect(await panel.locator('a.popout').count()).toBe(0);
  });
});
