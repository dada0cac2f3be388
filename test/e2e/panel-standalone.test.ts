import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLab, type Lab } from '../../lab/server';
import { fixesFor } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { labResult, launchExtension, pollUntil, type ExtensionBrowser } from './harness';

// One behaviour: in standalone mode (panel.html?tabId=N in a normal tab) the panel explains every
// failing lab scenario with expected and actual values and a fix, and Copy puts the fix on the
// clipboard. The same UI runs inside DevTools (devtools-panel.test.ts).
let lab: Lab;
let ext: ExtensionBrowser;
let panel: Page;

beforeAll(async () => {
  lab = await startLab();
  ext = await launchExtension(lab.scenarioUrl('preflight-404'));
  // Chromium refuses to grant permissions to chrome-extension:// origins ("opaque"); the
  // clipboard is one per browser, so a lab page reads what the panel wrote.
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lab.pageOrigin });
  panel = await ext.context.newPage();
});
afterAll(async () => {
  await ext?.close();
  await lab?.close();
});

/** Runs a lab scenario in a fresh tab and returns its tab id and what the worker stored. */
async function runScenario(id: string): Promise<{ tabId: number; failures: CapturedFailure[] }> {
  const page = await ext.context.newPage();
  await page.goto(lab.scenarioUrl(id));
  await labResult(page);
  const tabId = await ext.tabIdOf(page);
  const failures = await pollUntil(async () => {
    const f = await ext.failures(tabId);
    return f.length > 0 ? f : undefined;
  }, { what: `the failure of ${id}` });
  return { tabId, failures };
}

async function openPanel(tabId: number, query = ''): Promise<void> {
  await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}${query}`);
}

describe('every failing lab scenario, in the standalone panel', () => {
  const failing = () => lab.scenarios.filter((s) => s.expect !== 'allowed').map((s) => s.id);

  it('covers the lab', () => {
    expect(failing().length).toBeGreaterThan(20);
  });

  // Scenario ids are static (lab/scenarios.ts); the lab's own list is compared above.
  it.each([
    'preflight-404', 'preflight-405', 'preflight-401-auth', 'preflight-301-redirect', 'preflight-missing-acao', 'preflight-wrong-origin',
    'preflight-wildcard-credentials', 'preflight-missing-acac', 'method-not-allowed', 'header-not-allowed', 'wildcard-methods-credentials',
    'duplicate-acao', 'preflight-duplicate-acao', 'response-missing-acao', 'error-page-without-cors', 'simple-missing-acao',
    'simple-origin-trailing-slash', 'response-wildcard-credentials', 'preflight-invalid-allow-headers', 'preflight-invalid-allow-methods',
    'patch-lowercase', 'dead-port', 'dead-port-preflight',
  ])('%s: expected vs actual, and a fix', async (id) => {
    expect(failing()).toContain(id);
    const { tabId, failures } = await runScenario(id);
    const failure = failures[0]!;
    await openPanel(tabId);
    await panel.getByText(`${failures.length} CORS failure`).waitFor();
    await panel.locator('[role="row"].failure').first().click();
    const detail = panel.getByTestId('detail');
    await detail.waitFor();
    expect(await panel.getByTestId('verdict').textContent()).toBe(failure.diagnosis.summary);

    const checks = failure.diagnosis.checks;
    if (failure.diagnosis.verdict === 'blocked') {
      expect(checks.length).toBeGreaterThan(0);
      expect(await panel.getByTestId('console-message').textContent()).toBe(failure.diagnosis.browserMessage);
      for (const check of checks) {
        const row = panel.locator(`table.checks tbody.check[data-code="${check.code}"]`).first();
        expect(await row.locator('td.expected').textContent()).toBe(check.expected);
        expect(await row.locator('td.actual').textContent()).toBe(check.actual === undefined ? '(not sent)' : check.actual === '' ? '(empty)' : check.actual);
        if (check.header) expect(await row.locator('mark.offending').textContent()).toBe(check.header);
      }
    } else {
      expect(failure.diagnosis.verdict).toBe('network-error');
      expect(await panel.locator('.timeline').textContent()).toContain(failure.exchange.request.error!);
    }

    const snippet = await panel.getByTestId('fix-snippet').textContent();
    const stack = await panel.getByRole('combobox', { name: 'Server stack' }).inputValue();
    const fix = fixesFor(failure.diagnosis, failure.exchange).find((f) => f.stack === stack)!;
    expect(snippet).toBe(fix.snippet);
    expect(await panel.getByTestId('fix-verify').textContent()).toBe(fix.verify);
  });
});

describe('Copy', () => {
  it('puts the fix snippet on the clipboard', async () => {
    const { tabId, failures } = await runScenario('preflight-405');
    await openPanel(tabId);
    await panel.bringToFront();
    await panel.locator('[role="row"].failure').first().click();
    const stack = await panel.getByRole('combobox', { name: 'Server stack' }).inputValue();
    expect(stack).toBe('nginx'); // detected from `Server: nginx` on the preflight
    expect(await panel.getByTestId('stack-evidence').textContent()).toContain('Server: nginx');
    await panel.getByRole('button', { name: 'Copy snippet' }).click();
    await panel.getByRole('button', { name: 'Copy snippet' }).getByText('Copied').waitFor();
    const reader = await ext.context.newPage();
    await reader.goto(lab.indexUrl);
    await reader.bringToFront();
    const clip = await reader.evaluate(() => navigator.clipboard.readText());
    await reader.close();
    const fix = fixesFor(failures[0]!.diagnosis, failures[0]!.exchange).find((f) => f.stack === 'nginx')!;
    expect(clip).toBe(fix.snippet);
  });

  it('remembers the picked stack across panel reloads', async () => {
    const { tabId } = await runScenario('header-not-allowed'); // nothing detected
    await openPanel(tabId);
    await panel.locator('[role="row"].failure').first().click();
    await panel.getByRole('combobox', { name: 'Server stack' }).selectOption('django');
    await openPanel(tabId);
    await panel.locator('[role="row"].failure').first().click();
    await pollUntil(async () => (await panel.getByRole('combobox', { name: 'Server stack' }).inputValue()) === 'django', { what: 'django preselected' });
    expect(await panel.getByTestId('stack-evidence').textContent()).toContain('your last choice');
  });
});

describe('theme', () => {
  const colors = () =>
    panel.evaluate(() => {
      const s = getComputedStyle(document.body);
      return { bg: s.backgroundColor, fg: s.color };
    });

  it('?theme=light and ?theme=dark switch the colors; without it the page follows prefers-color-scheme', async () => {
    const { tabId } = await runScenario('preflight-404');
    await openPanel(tabId, '&theme=light');
    await panel.getByText('1 CORS failure').waitFor();
    const light = await colors();
    await openPanel(tabId, '&theme=dark');
    await panel.getByText('1 CORS failure').waitFor();
    const dark = await colors();
    expect(light.bg).toBe('rgb(255, 255, 255)');
    expect(dark.bg).not.toBe(light.bg);
    expect(dark.fg).not.toBe(light.fg);

    await openPanel(tabId);
    await panel.emulateMedia({ colorScheme: 'dark' });
    expect(await colors()).toEqual(dark);
    await panel.emulateMedia({ colorScheme: 'light' });
    expect(await colors()).toEqual(light);
  });
});
