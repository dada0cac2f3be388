import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { browserDrivingFiles, findStringEvaluation, ROOT, type Finding } from './e2e-eval-scan';

// A file that is not on disk, scanned with the real ones: each form someone could add.
const PROBE = join(ROOT, 'test/e2e/__scan-probe__.ts');
const PROBE_SOURCE = `
  import type { Page } from 'puppeteer-core';
  import type { Page as PwPage } from 'playwright-core';
  export async function bad(page: Page, pw: PwPage, code: string, maybe: string | (() => number)) {
    await page.waitForFunction(() => document.readyState === 'complete');
    await pw.waitForFunction(() => true);
    await page.evaluate('1 + 1');
    await page.evaluate(\`browser.tabs.query({})\`);
    await page.evaluate(code);
    await pw.evaluate(maybe);
    await page.evaluateOnNewDocument('window.x = 1');
    await page.$eval('body', 'el => el.id' as never as string);
  }
  export async function good(page: Page, pw: PwPage) {
    await page.evaluate(() => document.readyState);
    await page.evaluate((n: number) => n + 1, 1);
    await pw.evaluate(() => 1);
    await page.$eval('body', (el) => el.id);
  }
`;

// One program for both (building it type-checks puppeteer's and Playwright's declarations).
let files: string[];
let findings: Finding[];
beforeAll(() => {
  files = browserDrivingFiles();
  findings = findStringEvaluation(files, { [PROBE]: PROBE_SOURCE });
}, 180_000);

// Test helpers never make a page compile code from a string: Firefox ESR 140 refuses it on
// extension pages ("EvalError: call to Function() blocked by CSP", which skipped the whole Firefox
// e2e file), and one helper is shared by every page. Poll evaluate(() => …) with pollUntil instead;
// code that must be a string (DevTools' own modules) goes over the protocol (CDP Runtime.evaluate).
describe('e2e helpers evaluate functions, never strings', () => {
  it('finds no waitForFunction and no string evaluate in test/e2e, test/fixtures or scripts', () => {
    expect(files.map((f) => f.slice(ROOT.length + 1))).toEqual(expect.arrayContaining(['scripts/firefox.ts', 'test/e2e/firefox.test.ts', 'test/e2e/harness.ts', 'test/e2e/devtools-harness.ts']));
    expect(findings.filter((f) => f.file !== 'test/e2e/__scan-probe__.ts')).toEqual([]);
  });

  it('catches each form someone could add', () => {
    const found = findings.filter((f) => f.file === 'test/e2e/__scan-probe__.ts');
    expect(found.map((f) => f.line)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(found[0]!.why).toMatch(/waitForFunction/);
    expect(found[4]!.why).toMatch(/evaluate is given a string \(string\)/);
  });
});
