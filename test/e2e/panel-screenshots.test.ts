import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startLab, type Lab } from '../../lab/server';
import { labResult, launchExtension, pollUntil, type ExtensionBrowser } from './harness';

// Screenshots of the panel, light and dark, list and detail, for a person to look at
// (test/e2e/screenshots/, git-ignored; the README's come from here). Also proves Preserve log:
// one tab walks through several scenarios and keeps them all.
const OUT = resolve(import.meta.dirname, 'screenshots');
const WALK = ['preflight-404', 'preflight-405', 'method-not-allowed', 'header-not-allowed', 'preflight-wrong-origin', 'response-missing-acao', 'simple-origin-trailing-slash', 'preflight-301-redirect', 'dead-port'];

let lab: Lab;
let ext: ExtensionBrowser;
beforeAll(async () => {
  lab = await startLab();
  ext = await launchExtension(lab.scenarioUrl('preflight-404'));
  mkdirSync(OUT, { recursive: true });
});
afterAll(async () => {
  await ext?.close();
  await lab?.close();
});

describe('panel screenshots', () => {
  it('keeps a tab’s failures across navigations with Preserve log, and renders light and dark', async () => {
    const page = await ext.context.newPage();
    await page.goto(lab.indexUrl);
    const tabId = await ext.tabIdOf(page);
    const panel = await ext.context.newPage();
    await panel.setViewportSize({ width: 1200, height: 640 });
    const panelUrl = (theme: string) => `chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}&theme=${theme}`;
    await panel.goto(panelUrl('light'));
    await panel.getByTestId('empty-state').waitFor();
    await panel.getByRole('checkbox', { name: 'Preserve log' }).check();
    await pollUntil(() => panel.getByRole('checkbox', { name: 'Preserve log' }).isChecked(), { what: 'preserve log on' });

    for (const id of WALK) {
      await page.goto(lab.scenarioUrl(id));
      await labResult(page);
    }
    await pollUntil(async () => ((await ext.failures(tabId)).length === WALK.length ? true : undefined), { what: `${WALK.length} failures` });

    for (const theme of ['light', 'dark']) {
      await panel.goto(panelUrl(theme));
      await panel.getByText(`${WALK.length} CORS failures`).waitFor();
      const paths = await panel.locator('[role="row"].failure .path').allTextContents();
      expect(paths.map((p) => p.replace(/^\/s\/|\?.*$/g, ''))).toEqual(WALK);
      await panel.screenshot({ path: `${OUT}/panel-${theme}-list.png` });
      await panel.locator('[role="row"].failure').nth(1).click();
      await panel.getByTestId('fix-snippet').waitFor();
      await panel.screenshot({ path: `${OUT}/panel-${theme}-detail.png` });
      await panel.locator('.detail-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await panel.screenshot({ path: `${OUT}/panel-${theme}-detail-end.png` });
    }
  });
});
