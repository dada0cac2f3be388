import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/server';
import { launchExtension, pollUntil, type ExtensionBrowser } from './harness';

// One behaviour: a failed preflight is seen by the worker and counted on the
// tab's badge; a passing request in another tab leaves that tab's badge empty.
let lab: Lab;
let ext: ExtensionBrowser;

beforeAll(async () => {
  lab = await startLab();
  ext = await launchExtension(lab.indexUrl);
});
afterAll(async () => {
  await ext?.close();
  await lab?.close();
});

async function runScenario(id: string) {
  const page = await ext.context.newPage();
  await page.goto(lab.scenarioUrl(id));
  const result = await pollUntil(async () => {
    const r = await page.evaluate(() => (window as { __labResult?: { done: boolean; ok: boolean } }).__labResult);
    return r?.done ? r : undefined;
  }, {
    what: `scenario ${id} to finish in the page`,
  });
  const tabId = await ext.tabIdOf(page);
  return { page, result, tabId };
}

describe('worker capture and badge (real Chromium)', () => {
  it('sees the 404 preflight and the blocked request, and shows "1" on that tab', async () => {
    const { result, tabId } = await runScenario('preflight-404');
    expect(result.ok).toBe(false);

    const log = await pollUntil(
      async () => {
        const l = await ext.tabLog(tabId);
        return l && l.failures.length > 0 ? l : undefined;
      },
      { what: 'the failure to be recorded' },
    );
    const preflight = log.events.find((e) => e.method === 'OPTIONS' && e.event === 'completed');
    expect(preflight, 'the OPTIONS preflight reached webRequest').toBeDefined();
    expect(preflight!.url.startsWith(lab.apiOrigin)).toBe(true);
    expect(preflight!.statusCode).toBe(404);
    expect(preflight!.responseHeaders?.length).toBeGreaterThan(0);
    const preflightSent = log.events.find((e) => e.requestId === preflight!.requestId && e.event === 'sendHeaders');
    expect(preflightSent?.requestHeaders?.some(([n]) => n.toLowerCase() === 'access-control-request-method')).toBe(true);

    const actual = log.events.find((e) => e.method !== 'OPTIONS' && e.event === 'errorOccurred' && e.url.startsWith(lab.apiOrigin));
    expect(actual?.error).toBe('net::ERR_FAILED');
    expect(log.failures).toHaveLength(1);
    expect(log.failures[0]!.preflight?.status).toBe(404);

    expect(await pollUntil(async () => ((await ext.badgeText(tabId)) === '1' ? '1' : undefined), { what: 'badge "1"' })).toBe('1');
  });

  it('leaves the badge empty on a tab whose request passes', async () => {
    const { result, tabId } = await runScenario('control-ok');
    expect(result.ok).toBe(true);
    // Wait until the worker has seen the API request complete, then read the badge.
    const log = await pollUntil(
      async () => {
        const l = await ext.tabLog(tabId);
        return l?.events.some((e) => e.event === 'completed' && e.method !== 'OPTIONS' && e.url.startsWith(lab.apiOrigin)) ? l : undefined;
      },
      { what: 'the control request to be recorded' },
    );
    expect(log.events.some((e) => e.method === 'OPTIONS' && e.statusCode === 204 || e.method === 'OPTIONS' && e.statusCode === 200)).toBe(true);
    expect(log.failures).toEqual([]);
    expect(await ext.badgeText(tabId)).toBe('');
  });
});
