import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startLab, type Lab } from '../../lab/server';
import { launchExtension, pollUntil, type ExtensionBrowser } from './harness';

// One behaviour: header values a hostile server sends are shown as text and execute nothing
// in the panel, in real Chromium. A raw socket server writes the header bytes exactly.
const IMG = '<img src=x onerror="window.__pwned=1;alert(1)">';
const SCRIPT = '"><script>window.__pwned=2;alert(2)</script>';
const BIG = 'A'.repeat(64 * 1024);
const CRLF_TEXT = 'a%0d%0aSet-Cookie: pwned=1\\r\\nX-Injected: 1';

let lab: Lab;
let ext: ExtensionBrowser;
let server: Server;
let origin: string;

function respond(socket: Socket): void {
  let buf = '';
  socket.on('data', (d) => {
    buf += d.toString('latin1');
    if (!buf.includes('\r\n\r\n')) return;
    const [line] = buf.split('\r\n');
    const method = line!.split(' ')[0];
    const hostile = [
      `X-Evil-Img: ${IMG}`,
      `X-Evil-Script: ${SCRIPT}`,
      `X-Evil-Big: ${BIG}`,
      `X-Evil-Crlf: ${CRLF_TEXT}`,
      // obs-fold: a CR LF followed by a space continues the previous value.
      'X-Evil-Fold: first\r\n <b>second</b>',
    ];
    const head =
      method === 'OPTIONS'
        ? ['HTTP/1.1 204 No Content', ...hostile, `Access-Control-Allow-Origin: ${IMG}`]
        : ['HTTP/1.1 200 OK', 'Content-Type: text/plain', ...hostile, `Access-Control-Allow-Origin: ${SCRIPT}`];
    socket.end([...head, 'Content-Length: 2', 'Connection: close', '', 'ok'].join('\r\n'));
  });
}

beforeAll(async () => {
  lab = await startLab();
  ext = await launchExtension(lab.scenarioUrl('preflight-404'));
  server = createServer(respond);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await ext?.close();
  await lab?.close();
  await new Promise((r) => server?.close(r));
});

describe('hostile header values', () => {
  it('are shown as text and execute nothing in the panel', async () => {
    const page = await ext.context.newPage();
    await page.goto(lab.indexUrl);
    const tabId = await ext.tabIdOf(page);
    const outcomes = await page.evaluate(async (o) => {
      const r: string[] = [];
      for (const [path, init] of [
        [`/pf/${encodeURIComponent('<img src=x onerror=alert(3)>')}`, { method: 'PUT', headers: { 'X-Custom': '"><script>alert(4)</script>' } }],
        ['/simple', {}],
      ] as const) {
        try {
          await fetch(o + path, init as RequestInit);
          r.push('ok');
        } catch {
          r.push('blocked');
        }
      }
      return r;
    }, origin);
    expect(outcomes).toEqual(['blocked', 'blocked']);
    await pollUntil(async () => ((await ext.failures(tabId)).length === 2 ? true : undefined), { what: '2 failures' });

    const panel = await ext.context.newPage();
    const dialogs: string[] = [];
    panel.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
    await panel.getByText('2 CORS failures').waitFor();
    const scriptsBefore = await panel.evaluate(() => document.scripts.length);

    for (const i of [0, 1]) {
      await panel.locator('[role="row"].failure').nth(i).click();
      await panel.getByTestId('detail').waitFor();
      const text = await panel.getByTestId('detail').innerText();
      expect(text).toContain('X-Evil-Img');
      expect(text).toContain(IMG);
      expect(text).toContain(SCRIPT);
      expect(text).toContain(CRLF_TEXT);
      expect(text).toContain('more characters (Copy to get all)');
    }
    // The offending Allow-Origin value shows as the "actual" value, verbatim.
    expect(await panel.locator('table.checks td.actual').first().textContent()).toBe(SCRIPT);
    await panel.locator('[role="row"].failure').nth(0).click();
    expect(await panel.locator('table.checks td.actual').first().textContent()).toBe(IMG);

    await panel.waitForTimeout(300); // give an injected onerror time to fire
    const state = await panel.evaluate(() => ({
      pwned: (window as { __pwned?: number }).__pwned,
      imgs: document.querySelectorAll('img').length,
      bold: document.querySelectorAll('b').length,
      scripts: document.scripts.length,
    }));
    expect(state).toEqual({ pwned: undefined, imgs: 0, bold: 0, scripts: scriptsBefore });
    expect(dialogs).toEqual([]);
  });
});
