// Real Firefox ESR driven by puppeteer-core over WebDriver BiDi (no download,
// no geckodriver): shared by the Firefox e2e tests, the fixture recorder and
// the demo. STYLE.md "Facts from Firefox ESR 153" explains the choices.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { existsSync } from 'node:fs';
import { pollUntil } from './extension-browser';

export function firefoxPath(): string {
  const p = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(p)) throw new Error(`No Firefox at ${p}. Install one: apt-get install -y firefox-esr, or set FIREFOX_PATH.`);
  return p;
}

/** Launches headless Firefox with fixed moz-extension UUIDs for the given gecko ids. */
export async function launchFirefox(uuids: Record<string, string>): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // Navigating a tab to a moz-extension:// page needs system access over BiDi.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify(uuids) },
  });
}

/**
 * Opens a moz-extension:// page. Over BiDi `goto` never resolves there:
 * give it a short timeout, ignore that, and wait for the document instead.
 * The wait polls `evaluate` with a plain function (BiDi script.callFunction):
 * puppeteer's waitForFunction builds its predicate with `Function()` inside the
 * page, which Firefox ESR 140 refuses under an extension page's CSP
 * ("EvalError: call to Function() blocked by CSP"). test/build/e2e-no-eval.test.ts keeps it so.
 */
export async function openExtensionPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url, { timeout: 1500 }).catch(() => undefined);
  await pollUntil(async () => (await page.evaluate(() => document.readyState)) === 'complete', { timeout: 10_000, what: `${url} to load` });
  return page;
}
