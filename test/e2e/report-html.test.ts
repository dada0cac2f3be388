// The HTML report opened in real Chromium: it shows the diagnosis and runs no script, even when
// the server's header values are hostile. The hostile values come off the wire from a lab route
// (a custom spec), so they are exactly what a browser would have captured.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSpec, type CustomSpec } from '../../lab/custom-spec';
import { startLab, type Lab } from '../../lab/server';
import { chromiumPath, QUIET_FLAGS } from '../../scripts/chromium';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { exportReport } from '../../src/core/report';
import { ENV } from '../helpers/report-inputs';

let lab: Lab;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  lab = await startLab();
  browser = await chromium.launch({ executablePath: chromiumPath(), args: QUIET_FLAGS });
  dir = mkdtempSync(join(tmpdir(), 'cors-doctor-report-'));
});
afterAll(async () => {
  await browser?.close();
  await lab?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** OPTIONS as Chromium sends it, straight to the lab; the raw header lines back. */
function preflight(url: string, origin: string): Promise<{ status: number; headers: HeaderList }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-custom', Accept: '*/*' } }, (res) => {
      const raw = res.rawHeaders;
      const headers: Array<[string, string]> = [];
      for (let i = 0; i < raw.length; i += 2) headers.push([raw[i] as string, raw[i + 1] as string]);
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTML report in Chromium', () => {
  it('shows the diagnosis and runs nothing, with CSP and without it', async () => {
    const beacon = `${lab.pageOrigin}/beacon`;
    const payloads = [
      `<img src=x onerror="fetch('${beacon}/img');alert(1)">`,
      `<script>fetch('${beacon}/script');alert(2)</script>`,
      `"><svg onload="fetch('${beacon}/svg')">`,
      `</style></pre><script>alert(3)</script>`,
      `<link rel=stylesheet href="${beacon}/css"><iframe src="javascript:alert(4)">`,
    ];
    const spec: CustomSpec = {
      method: 'PUT',
      headers: [['X-Custom', 'lab']],
      preflight: {
        status: 204,
        headers: [
          ['Access-Control-Allow-Origin', payloads[0] as string],
          ['Access-Control-Allow-Methods', 'PUT'],
          ['Access-Control-Allow-Headers', payloads[1] as string],
          ['X-Hostile-A', payloads[2] as string],
          ['X-Hostile-B', payloads[3] as string],
          ['Server', payloads[4] as string],
        ],
      },
    };
    const url = `${lab.apiOrigin}/custom/r1?spec=${encodeSpec(spec)}`;
    const pf = await preflight(url, lab.pageOrigin);
    expect(pf.headers.find(([n]) => n === 'Access-Control-Allow-Origin')?.[1]).toBe(payloads[0]);
    const exchange: Exchange = {
      request: { url, method: 'PUT', origin: lab.pageOrigin, initiatorType: 'fetch', error: 'net::ERR_FAILED' },
      preflight: {
        kind: 'observed',
        status: pf.status,
        headers: pf.headers,
        requestHeaders: [['Origin', lab.pageOrigin], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'x-custom']],
      },
      browser: 'chromium',
    };
    const diagnosis = diagnose(exchange);
    expect(diagnosis.verdict).toBe('blocked');
    const file = exportReport('html', [{ id: 'hostile', exchange, diagnosis }], ENV);
    const variants = { shipped: file.content, withoutCsp: file.content.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '') };
    expect(variants.withoutCsp).not.toBe(variants.shipped);

    for (const [name, html] of Object.entries(variants)) {
      const path = join(dir, `${name}-${file.fileName}`);
      writeFileSync(path, html);
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const requests: string[] = [];
      const consoleLines: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => consoleLines.push(m.text()));
      await page.goto(pathToFileURL(path).href);
      await page.waitForLoadState('load');
      await page.waitForTimeout(300);
      const seen = await page.evaluate(() => ({
        active: document.querySelectorAll('script, img, svg, iframe, link, object, embed').length,
        handlers: [...document.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().filter((a) => a.startsWith('on'))),
        text: document.body.innerText,
      }));
      await page.close();
      expect(dialogs, name).toEqual([]);
      expect(requests, name).toEqual([pathToFileURL(path).href]);
      expect(consoleLines.filter((l) => /Content Security Policy|Refused/.test(l)), name).toEqual([]);
      expect(seen.active, name).toBe(0);
      expect(seen.handlers, name).toEqual([]);
      expect(seen.text).toContain(diagnosis.checks[0]?.code as string);
      expect(seen.text).toContain('has been blocked by CORS policy');
      for (const p of payloads) expect(seen.text, `${name}: ${p} shown as text`).toContain(p);
      expect(lab.requests.some((r) => r.path.includes('beacon'))).toBe(false);
    }
  });

  it('follows prefers-color-scheme', async () => {
    const exchange: Exchange = {
      request: { url: `${lab.apiOrigin}/s/x`, method: 'GET', origin: lab.pageOrigin, error: 'net::ERR_FAILED' },
      response: { status: 200, headers: [] },
    };
    const { content } = exportReport('html', [{ id: 'c', exchange, diagnosis: diagnose(exchange) }], ENV);
    const path = join(dir, 'scheme.html');
    writeFileSync(path, content);
    const colors: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ colorScheme });
      await page.goto(pathToFileURL(path).href);
      colors.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      await page.close();
    }
    expect(colors).toEqual(['rgb(255, 255, 255)', 'rgb(13, 17, 23)']);
  });
});
