// One behaviour: a failure leaves the browser as a report. From the standalone panel, Export >
// Markdown / JSON / HTML downloads a file named cors-doctor-<host>-<yyyymmdd-hhmmss>.<ext> that
// carries the diagnosis and none of the page's secrets; the HTML report opened in Chromium runs
// nothing; there is no "Include secrets" (the worker masked them at capture); Copy as cURL puts
// the commands on the clipboard.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSpec, type CustomSpec } from '../../lab/custom-spec';
import { startLab, type Lab } from '../../lab/server';
import type { CapturedFailure } from '../../src/shared/messages';
import { DIST, launchExtension, pollUntil, type ExtensionBrowser } from './harness';

// Formats only: no live credential. The Bearer token is what the page sends; the query token
// travels in the URL, which the browser does report.
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJlMmUtZXhwb3J0LXRlc3QiLCJpYXQiOjE3Nzc2Mzg2MDB9.c2VjcmV0LXNpZ25hdHVyZS1lMmUtZXhwb3J0';
const QUERY_TOKEN = 'qtok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const HOSTILE_IMG = `<img src=x onerror="document.title='pwned-img'">`;
const HOSTILE_SCRIPT = `<script>document.title='pwned-script'</script>`;

let lab: Lab;
let ext: ExtensionBrowser;
let panel: Page;
let tabId: number;
let failure: CapturedFailure;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cors-doctor-export-'));
  lab = await startLab();
  ext = await launchExtension(lab.scenarioUrl('preflight-404'));
  // Chromium refuses to grant permissions to chrome-extension:// origins ("opaque"); the
  // clipboard is one per browser, so a lab page reads what the panel wrote.
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lab.pageOrigin });

  // A logged-in page calls an API whose preflight is answered by an auth layer: 401, no CORS
  // headers, and (a hostile server) markup in its header values.
  const spec: CustomSpec = {
    method: 'GET',
    headers: [['Authorization', `Bearer ${BEARER}`]],
    preflight: { status: 401, headers: [['WWW-Authenticate', `Bearer realm="${HOSTILE_SCRIPT}"`], ['X-Debug', HOSTILE_IMG]] },
  };
  url = `${lab.apiOrigin}/custom/export-${Date.now().toString(36)}?spec=${encodeSpec(spec)}&access_token=${QUERY_TOKEN}`;
  const page = await ext.context.newPage();
  await page.goto(lab.indexUrl);
  const result = await page.evaluate(
    ([u, token]) =>
      fetch(u, { headers: { Authorization: `Bearer ${token}` } }).then(
        () => 'loaded',
        (e: Error) => e.name,
      ),
    [url, BEARER] as const,
  );
  expect(result).toBe('TypeError');
  tabId = await ext.tabIdOf(page);
  failure = await pollUntil(async () => (await ext.failures(tabId)).find((f) => f.exchange.request.method === 'GET' && f.exchange.request.url.includes('/custom/export-')), {
    what: 'the failure of the authorized request',
  });
  panel = await ext.context.newPage();
  await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
  await panel.getByText(/\d+ CORS failures?/).waitFor();
});
afterAll(async () => {
  await ext?.close();
  await lab?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const host = () => new URL(lab.apiOrigin).host.replace(':', '_');

/** `yyyymmdd-hhmmss` of the local wall clock, within `slackMs` of now. */
function stampIsRecent(stamp: string, slackMs = 120_000): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const t = new Date(y!, mo! - 1, d!, h!, mi!, s!).getTime();
  return Math.abs(Date.now() - t) < slackMs;
}

async function exportFrom(scope: 'toolbar' | 'detail', label: 'Markdown' | 'JSON' | 'HTML'): Promise<{ download: Download; name: string; path: string; content: string }> {
  const container = scope === 'toolbar' ? panel.getByRole('toolbar', { name: 'CORS Doctor' }) : panel.getByTestId('detail');
  await container.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('group').getByRole('button', { name: label, exact: true }).click()]);
  const path = await download.path();
  return { download, name: download.suggestedFilename(), path, content: readFileSync(path, 'utf8') };
}

async function openDetail(): Promise<void> {
  if (await panel.getByTestId('detail').isVisible()) return;
  const row = panel.locator('[role="row"].failure').filter({ hasText: '/custom/export-' }).first();
  await row.click();
  await panel.getByTestId('detail').waitFor();
}

describe('Export from the standalone panel', () => {
  it('the worker stored the failure with its diagnosis; the page’s token was never observed in clear', () => {
    expect(failure.diagnosis.verdict).toBe('blocked');
    expect(failure.diagnosis.checks.length).toBeGreaterThan(0);
    expect(JSON.stringify(failure)).not.toContain(BEARER);
  });

  it.each([
    ['Markdown', 'md'],
    ['JSON', 'json'],
    ['HTML', 'html'],
  ] as const)('%s: named cors-doctor-<host>-<yyyymmdd-hhmmss>.%s, with the diagnosis, without the secrets', async (label, ext_) => {
    for (const scope of ['toolbar', 'detail'] as const) {
      if (scope === 'detail') await openDetail();
      const file = await exportFrom(scope, label);
      const m = new RegExp(`^cors-doctor-${host().replace(/\./g, '\\.')}-(\\d{8}-\\d{6})\\.${ext_}$`).exec(file.name);
      expect(m, file.name).not.toBeNull();
      expect(stampIsRecent(m![1]!)).toBe(true);
      expect(file.content.length).toBeGreaterThan(500);
      const { code, header } = failure.diagnosis.checks[0]!;
      expect(file.content).toContain(code);
      if (header) expect(file.content).toContain(header);
      expect(file.content).toContain('WWW-Authenticate');
      expect(file.content).not.toContain(BEARER);
      expect(file.content).not.toContain(QUERY_TOKEN);
      if (ext_ === 'json') {
        const report = JSON.parse(file.content);
        expect(report.schema).toBe('cors-doctor/report@2');
        expect(report.redacted).toBe(true);
        expect(report.failures[0].diagnosis.checks[0].code).toBe(code);
        const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
        expect(report.environment.tool).toEqual({ name: 'extension', version: manifest.version });
        expect(report.environment.browser.name).toMatch(/Chrom/);
        expect(report.environment.browser.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
        if (scope === 'detail') expect(report.failures).toHaveLength(1);
      }
    }
  });

  it('the HTML report opened in Chromium shows the diagnosis and runs no script', async () => {
    const file = await exportFrom('toolbar', 'HTML');
    expect(file.content).not.toContain(HOSTILE_IMG);
    // Saved under its own name: the .html extension is what makes Chromium render it as HTML.
    const saved = join(dir, file.name);
    await file.download.saveAs(saved);
    const viewer = await ext.context.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    const errors: string[] = [];
    viewer.on('request', (r) => requests.push(r.url()));
    viewer.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    viewer.on('pageerror', (e) => errors.push(e.message));
    const fileUrl = pathToFileURL(saved).href;
    await viewer.goto(fileUrl);
    await viewer.waitForLoadState('load');
    // The hostile values are there, as text.
    const text = await viewer.locator('body').innerText();
    expect(text).toContain(failure.diagnosis.checks[0]!.code);
    expect(text).toContain(HOSTILE_IMG);
    expect(text).toContain(HOSTILE_SCRIPT);
    const state = await viewer.evaluate(() => ({ title: document.title, scripts: document.scripts.length, imgs: document.images.length }));
    expect(state.title).not.toMatch(/pwned/);
    expect(state.scripts).toBe(0);
    expect(state.imgs).toBe(0);
    expect(requests).toEqual([fileUrl]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await viewer.close();
  });
});

describe('No "Include secrets" in the extension', () => {
  it('the menu offers no way to unmask, says why, and the export is redacted', async () => {
    const toolbar = panel.getByRole('toolbar', { name: 'CORS Doctor' });
    await toolbar.getByRole('button', { name: 'Export' }).click();
    // The worker masked the secrets at capture (docs/SECURITY.md): a toggle could only claim to add them.
    expect(await panel.getByRole('group').getByRole('checkbox').count()).toBe(0);
    expect(await panel.getByRole('group').textContent()).toMatch(/redacted: they were masked when captured/);
    const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('group').getByRole('button', { name: 'JSON', exact: true }).click()]);
    const content = readFileSync(await download.path(), 'utf8');
    expect(JSON.parse(content).redacted).toBe(true);
    expect(content).not.toContain(BEARER);
  });
});

describe('Copy as cURL', () => {
  it('puts the preflight and the request as curl on the clipboard', async () => {
    await openDetail();
    await panel.bringToFront();
    await panel.getByTestId('detail').getByRole('button', { name: 'Copy as cURL' }).click();
    await panel.getByTestId('detail').getByRole('button', { name: 'Copy as cURL' }).getByText('Copied').waitFor();
    const reader = await ext.context.newPage();
    await reader.goto(lab.indexUrl);
    await reader.bringToFront();
    const clip = await reader.evaluate(() => navigator.clipboard.readText());
    await reader.close();
    const path = new URL(failure.exchange.request.url).pathname;
    expect(clip).toMatch(new RegExp(`^# The preflight, as the browser sent it\\ncurl -i -X OPTIONS '${lab.apiOrigin}${path}\\?`));
    expect(clip).toContain(`-H 'Origin: ${lab.pageOrigin}'`);
    expect(clip).toContain(`-H 'Access-Control-Request-Method: GET'`);
    expect(clip).toContain(`-H 'Access-Control-Request-Headers: authorization'`);
    expect(clip).toMatch(/\n# The request\n(# .*\n)*curl -i '/);
    expect(clip).not.toContain(BEARER);
    expect(clip).not.toContain(QUERY_TOKEN);
    expect(await panel.getByTestId('repro-fetch').textContent()).toMatch(/^(\/\/.*\n)*fetch\('/);
  });
});
