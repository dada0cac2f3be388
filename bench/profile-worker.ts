// Where the worker's time goes during page loads: a CPU profile of CORS Doctor's service worker
// (CDP Profiler on the worker target) while the burst and app pages of the page-load bench run.
// Not part of `npm run bench` (no figure, a diagnosis tool): `npx tsx bench/profile-worker.ts [loads]`.
// Builds an unminified copy into bench/.out/cors-doctor-unminified so function names are readable.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumPath, QUIET_FLAGS } from '../scripts/chromium';
import { OUT, ROOT } from './builds';
import { progress, sleep } from './figures';
import { startSite } from './page-load-site';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const loads = Number(process.argv[2] ?? '10');
const dir = join(OUT, 'cors-doctor-unminified');
progress('building an unminified CORS Doctor');
execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--minify', 'false', '--outDir', dir, '--emptyOutDir'], {
  cwd: ROOT,
  stdio: ['ignore', 'inherit', 'inherit'],
});
const site = await startSite();
const userDataDir = mkdtempSync(join(tmpdir(), 'cors-doctor-profile-'));
const browser = await puppeteer.launch({
  executablePath: chromiumPath(),
  headless: true,
  pipe: true,
  userDataDir,
  ignoreDefaultArgs: ['--disable-extensions'],
  args: [...QUIET_FLAGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
});
try {
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
  const cdp = await target.createCDPSession();
  const page = await browser.newPage();
  for (let i = 0; i < 2; i++) await page.goto(site.burstUrl(`warm-${i}`)); // listeners live
  await sleep(1000);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  for (let i = 0; i < loads; i++) {
    for (const url of [site.burstUrl(`p${i}-${Date.now()}`), site.appUrl(`p${i}-${Date.now()}`)]) {
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench, { polling: 20 });
    }
  }
  await sleep(1000);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const wall = Date.now() - t0;
  writeFileSync(join(OUT, 'worker.cpuprofile'), JSON.stringify(profile));

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)') return;
    busy += dt;
    self.set(key(n), (self.get(key(n)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur)!);
      if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
      seen.add(k);
    }
  });
  const top = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${((ms / busy) * 100).toFixed(1).padStart(5)}%  ${k}`);
  console.log(`worker busy ${busy.toFixed(0)} ms over ${wall} ms wall, ${loads} × (burst + app page); ${(busy / loads).toFixed(1)} ms per burst+app pair`);
  console.log('\nself time:\n' + top(self).join('\n'));
  console.log('\ninclusive time:\n' + top(inclusive).join('\n'));
  console.log(`\nprofile: ${join(OUT, 'worker.cpuprofile')} (open in Chrome DevTools > Performance)`);
} finally {
  await browser.close();
  rmSync(userDataDir, { recursive: true, force: true });
  await site.close();
}
