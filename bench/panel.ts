// The panel with 10,000 failures, in real Chromium: first render (mount, the snapshot message
// through the real port store, rows on screen) and filter keystrokes typed with the keyboard.
// The page is bench-only (bench/panel-page/), served from 127.0.0.1; no extension involved.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { launchBrowser } from './browser';
import { panelPageDir } from './builds';
import { benchFailures } from './failures';
import { figure, progress, type Figure } from './figures';

const FAILURES = 10_000;
/**
 * Typed into the filter box each round, right after the first render: the first key finds the
 * per-failure search strings built in short tasks since (or builds the rest itself).
 */
const KEYS = ['p', 'u', 't', 'Backspace', 'Backspace', 'Backspace', '4', '0', '4'];

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

function serve(dir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = readFileSync(join(dir, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'text/html', 'Cache-Control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
      }),
    ),
  );
}

interface FirstRender {
  validateMs: number;
  workMs: number;
  frameMs: number;
  rows: number;
}
interface Keystroke {
  key: string;
  taskMs: number;
  workMs: number;
  frameMs: number;
  rows: number;
}
type BenchWindow = { bench: { load(url: string): Promise<number>; firstRender(): Promise<FirstRender>; keystrokes: Keystroke[] } };

export async function benchPanel({ rounds = 5 }: { rounds?: number } = {}): Promise<Figure[]> {
  const dir = panelPageDir();
  progress(`panel: preparing ${FAILURES.toLocaleString('en')} failures`);
  const failures = await benchFailures(FAILURES);
  writeFileSync(join(dir, 'failures.json'), JSON.stringify(failures));
  const server = await serve(dir);
  const browser = await launchBrowser();
  const first: FirstRender[] = [];
  const cold: Keystroke[] = [];
  const warm: Keystroke[] = [];
  const afterPause: Keystroke[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const page = await browser.context.newPage();
      await page.goto(`${server.origin}/index.html`);
      const n = await page.evaluate((u) => (window as unknown as BenchWindow).bench.load(u), `${server.origin}/failures.json`);
      if (n !== FAILURES) throw new Error(`panel page loaded ${n} failures`);
      const r = await page.evaluate(() => (window as unknown as BenchWindow).bench.firstRender());
      if (r.rows === 0) throw new Error('panel: no rows rendered');
      first.push(r);
      const box = page.locator('input[type="search"]');
      await box.focus();
      for (let i = 0; i < KEYS.length; i++) {
        await page.keyboard.press(KEYS[i]!);
        const k = await page.waitForFunction((count) => {
          const ks = (window as unknown as BenchWindow).bench.keystrokes;
          return ks.length >= count ? ks[count - 1] : undefined;
        }, i + 1);
        (i === 0 ? cold : warm).push((await k.jsonValue()) as Keystroke);
      }
      progress(
        `panel: round ${round + 1}/${rounds}: first render ${r.workMs.toFixed(1)} ms (frame ${r.frameMs.toFixed(1)}), ` +
          `first key ${cold.at(-1)!.workMs.toFixed(1)} ms, later keys ${warm.slice(-KEYS.length + 1).map((k) => k.workMs.toFixed(1)).join(' ')} ms`,
      );
      await page.close();

      // The first keystroke as a person makes it: the panel has been open for a moment
      // (500 ms: seeing the list and reaching the filter box takes at least that).
      const settledPage = await browser.context.newPage();
      await settledPage.goto(`${server.origin}/index.html`);
      await settledPage.evaluate((u) => (window as unknown as BenchWindow).bench.load(u), `${server.origin}/failures.json`);
      await settledPage.evaluate(() => (window as unknown as BenchWindow).bench.firstRender());
      await settledPage.locator('input[type="search"]').focus();
      await settledPage.waitForTimeout(500);
      await settledPage.keyboard.press(KEYS[0]!);
      const k = await settledPage.waitForFunction(() => (window as unknown as BenchWindow).bench.keystrokes[0]);
      afterPause.push((await k.jsonValue()) as Keystroke);
      await settledPage.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const n = FAILURES.toLocaleString('en');
  const work = 'to DOM laid out';
  const frame = 'to next frame';
  return [
    figure('panel.first-render', `panel: first render, ${n} failures (${work})`, 'ms', first.map((r) => r.workMs), {
      target: 100,
      note: `mount + snapshot message through createPortStore + ${first[0]!.rows} visible rows`,
    }),
    figure('panel.first-render.frame', `panel: first render, ${n} failures (${frame})`, 'ms', first.map((r) => r.frameMs)),
    figure('panel.snapshot-validate', `panel: validating the ${n}-failure snapshot message alone`, 'ms', first.map((r) => r.validateMs), {
      note: 'parseWorkerMessage, part of the first render',
    }),
    figure('panel.filter.first-key', `panel: first filter keystroke typed at once after the first render, ${n} failures (${work})`, 'ms', cold.map((k) => k.workMs), {
      target: 16,
      note: 'keydown to rows updated; typed right after the first render (the search strings are built in short tasks meanwhile)',
    }),
    figure('panel.filter.first-key.frame', `panel: first filter keystroke (${frame})`, 'ms', cold.map((k) => k.frameMs)),
    figure('panel.filter.key', `panel: later filter keystrokes, ${n} failures (${work})`, 'ms', warm.map((k) => k.workMs), {
      target: 16,
      note: `keys ${KEYS.slice(1).join(' ')} after "p"`,
    }),
    figure('panel.filter.key.frame', `panel: later filter keystrokes (${frame})`, 'ms', warm.map((k) => k.frameMs)),
    figure('panel.filter.first-key.settled', `panel: first filter keystroke 500 ms after the panel opened, ${n} failures (${work})`, 'ms', afterPause.map((k) => k.workMs), {
      target: 16,
      note: 'a fresh panel, left for 500 ms (the search strings are built in that time), then "p"',
    }),
    figure('panel.filter.first-key.settled.task', `panel: first filter keystroke 500 ms after opening, its own task (no frame wait)`, 'ms', afterPause.map((k) => k.taskMs)),
    figure('panel.filter.first-key.task', `panel: first filter keystroke, the keystroke's own task (render + layout, no frame wait)`, 'ms', cold.map((k) => k.taskMs)),
    figure('panel.filter.key.task', `panel: later filter keystrokes, the keystroke's own task (render + layout, no frame wait)`, 'ms', warm.map((k) => k.taskMs), {
      note: 'measured in a microtask after the render, layout forced: the work a keystroke costs, without the wait for the next frame that the task hop of "to DOM laid out" can include',
    }),
  ];
}
