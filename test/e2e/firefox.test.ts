import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startLab, type Lab } from '../../lab/server';
import { labResult, pollUntil } from '../../scripts/extension-browser';
import { launchFirefox, openExtensionPage } from '../../scripts/firefox';
import { GECKO_ID } from '../../scripts/firefox-manifest';
import type { CapturedFailure } from '../../src/shared/messages';

// The same extension in real Firefox ESR: every lab scenario, with Firefox's
// own console reason (delivered to puppeteer as a page error) as the oracle.
const DIST_FIREFOX = resolve(import.meta.dirname, '../../dist-firefox');
const UUID = 'c0a5d0c7-0000-4d0c-9000-000000000001';
const EXT = `moz-extension://${UUID}`;

// Firefox's reason text (security.properties) -> its reason code.
const REASONS: Array<[RegExp, string]> = [
  [/CORS header ‘Access-Control-Allow-Origin’ missing/, 'CORSMissingAllowOrigin'],
  [/Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed/, 'CORSMultipleAllowOriginNotAllowed'],
  [/CORS header ‘Access-Control-Allow-Origin’ does not match/, 'CORSAllowOriginNotMatchingOrigin'],
  [/Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘\*’/, 'CORSNotSupportingCredentials'],
  [/expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’/, 'CORSMIssingAllowCredentials'],
  [/Did not find method in CORS header ‘Access-Control-Allow-Methods’/, 'CORSMethodNotFound'],
  [/is not allowed according to header ‘Access-Control-Allow-Headers’/, 'CORSMissingAllowHeaderFromPreflight'],
  [/invalid token .* in CORS header ‘Access-Control-Allow-Methods’/, 'CORSInvalidAllowMethod'],
  [/invalid token .* in CORS header ‘Access-Control-Allow-Headers’/, 'CORSInvalidAllowHeader'],
  [/CORS request external redirect not allowed/, 'CORSExternalRedirectNotAllowed'],
  [/CORS preflight response did not succeed/, 'CORSPreflightDidNotSucceed'],
  [/CORS request did not succeed/, 'CORSDidNotSucceed'],
];
function reasonCode(line: string): string | undefined {
  return REASONS.find(([re]) => re.test(line))?.[1];
}

let lab: Lab;
let browser: Browser;
let probe: Page;
/** "153.8.0": what the extension must record in every exchange (runtime.getBrowserInfo). */
let firefoxVersion: string;

// What the test reads through the extension's own APIs, in the moz-extension probe page. Always a
// plain function with arguments (BiDi script.callFunction), never a string: Firefox ESR 140 applies
// the extension page's CSP to code built from strings (test/build/e2e-no-eval.test.ts).
interface ExtensionApi {
  tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> };
  storage: { session: { get(keys: string | string[]): Promise<Record<string, unknown>> } };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
}
async function tabIdOf(page: Page): Promise<number> {
  const url = page.url();
  const tabs = () =>
    probe.evaluate(async () => {
      const ext = (globalThis as unknown as { browser: ExtensionApi }).browser;
      return (await ext.tabs.query({})).map((t): [number | undefined, string | undefined] => [t.id, t.url]);
    });
  return pollUntil(async () => (await tabs()).find(([, u]) => u === url)?.[0], { what: `the tab id of ${url}` });
}
async function failures(tabId: number): Promise<CapturedFailure[]> {
  return probe.evaluate(async (id: number) => {
    const ext = (globalThis as unknown as { browser: ExtensionApi }).browser;
    const indexKey = `tab:${id}`;
    const index = (await ext.storage.session.get(indexKey))[indexKey] as { ids: string[] } | undefined;
    if (!index) return [];
    const keys = index.ids.map((x) => `f:${x}`);
    const got = await ext.storage.session.get(keys);
    return keys.map((k) => got[k]).filter(Boolean) as CapturedFailure[];
  }, tabId);
}
async function badge(tabId: number): Promise<string> {
  return probe.evaluate((id: number) => (globalThis as unknown as { browser: ExtensionApi }).browser.action.getBadgeText({ tabId: id }), tabId);
}
beforeAll(async () => {
  if (!existsSync(resolve(DIST_FIREFOX, 'manifest.json'))) throw new Error('dist-firefox/ is missing: run `npm run build:firefox` (npm test does).');
  lab = await startLab();
  browser = await launchFirefox({ [GECKO_ID]: UUID });
  await browser.installExtension(DIST_FIREFOX);
  firefoxVersion = (await browser.version()).replace(/^[^/]*\//, '');
  probe = await openExtensionPage(browser, `${EXT}/src/panel/panel.html`);
  // Warm-up: the listeners are live once a failure is recorded.
  const warm = await browser.newPage();
  await pollUntil(async () => {
    await warm.goto(lab.scenarioUrl('preflight-404'));
    await labResult(warm);
    const tabId = await tabIdOf(warm);
    // Failures reach storage in 100 ms batches: wait a little before navigating again (which resets the log).
    return pollUntil(async () => ((await failures(tabId)).length > 0 ? true : undefined), { timeout: 3_000, interval: 100 }).catch(() => undefined);
  }, { timeout: 45_000, interval: 300, what: 'the extension to record the warm-up failure in Firefox' });
  await warm.close();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await lab?.close();
});

describe('CORS Doctor in Firefox ESR, every lab scenario', () => {
  const ids = ['control-ok', 'simple-ok', 'preflight-404', 'preflight-405', 'preflight-400-starlette', 'preflight-401-auth', 'preflight-301-redirect', 'preflight-missing-acao', 'preflight-wrong-origin', 'preflight-wildcard-credentials', 'preflight-missing-acac', 'method-not-allowed', 'header-not-allowed', 'allow-headers-wildcard-authorization', 'wildcard-methods-credentials', 'duplicate-acao', 'preflight-duplicate-acao', 'response-missing-acao', 'error-page-without-cors', 'simple-missing-acao', 'simple-origin-trailing-slash', 'response-wildcard-credentials', 'preflight-invalid-allow-headers', 'preflight-invalid-allow-methods', 'patch-lowercase', 'dead-port', 'dead-port-preflight'];

  it('covers every scenario the lab has', () => {
    expect(lab.scenarios.map((s) => s.id).sort()).toEqual([...ids].sort());
  });

  it.each(ids)('%s', async (id) => {
    const scenario = lab.scenarios.find((s) => s.id === id)!;
    const page = await browser.newPage();
    const reasons: string[] = [];
    page.on('pageerror', (e) => reasons.push(String((e as Error).message ?? e)));
    await page.goto(lab.scenarioUrl(id));
    const result = await labResult(page);
    expect(result.ok).toBe(scenario.expect === 'allowed');
    const tabId = await tabIdOf(page);

    if (scenario.expect === 'allowed') {
      // Fence: a failing request after it, in the same page; then only the fence may be recorded.
      await page.evaluate(async (u) => {
        try {
          await fetch(u, { method: 'PUT' });
        } catch {}
      }, `${lab.apiOrigin}/s/preflight-404?n=fence-${id}`);
      const f = await pollUntil(async () => {
        const x = await failures(tabId);
        return x.length > 0 ? x : undefined;
      }, { what: 'the fence failure' });
      expect(f.map((x) => x.exchange.request.url)).toEqual([expect.stringContaining('fence-')]);
      await page.close();
      return;
    }

    const f = await pollUntil(async () => {
      const x = await failures(tabId);
      return x.length > 0 ? x : undefined;
    }, { what: `the diagnosis of ${id}` });
    // One diagnosis per failed request, though Firefox raises two error events for it.
    expect(f).toHaveLength(1);
    const d = f[0]!.diagnosis;
    expect(f[0]!.exchange.browser).toBe('firefox');
    expect(f[0]!.exchange.browserVersion).toBe(firefoxVersion);
    await pollUntil(() => reasons.length > 0, { timeout: 5000, what: "Firefox's console reason" });
    if (scenario.expect === 'network-error') {
      expect(d.verdict).toBe('network-error');
      expect(reasonCode(reasons[0]!)).toBe('CORSDidNotSucceed');
    } else {
      expect(d.verdict).toBe('blocked');
      expect(d.checks[0]?.firefoxCode).toBe(reasonCode(reasons[0]!));
    }
    expect(await badge(tabId)).toBe(f[0]!.preflightFailure ? '1' : '');
    await page.close();
  });

  it('shows the tab’s failures in the standalone panel (moz-extension page)', async () => {
    const page = await browser.newPage();
    await page.goto(lab.scenarioUrl('method-not-allowed'));
    await labResult(page);
    const tabId = await tabIdOf(page);
    await pollUntil(async () => ((await failures(tabId)).length === 1 ? true : undefined));
    const panel = await openExtensionPage(browser, `${EXT}/src/panel/panel.html?tabId=${tabId}`);
    const text = await pollUntil(async () => {
      const t = await panel.evaluate(() => document.body.innerText);
      return t.includes('/s/method-not-allowed') ? t : undefined;
    }, { what: 'the panel to list the failure' });
    expect(text).toContain(`Tab ${tabId}`);
    expect(text).toMatch(/DELETE/);
    await panel.close();
    await page.close();
  });
});
