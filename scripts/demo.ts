// `npm run demo`: build, start the lab, open Chromium with CORS Doctor on the
// lab's index page with DevTools open. `npm run demo -- --headless` runs every
// lab scenario through the extension instead and prints what it recorded.
import { execFileSync } from 'node:child_process';
import { startLab, type Lab } from '../lab/server';
import { launchExtension, pollUntil, type ExtensionBrowser } from './extension-browser';
import { chromiumPath } from './chromium';

const args = process.argv.slice(2);
const headless = args.includes('--headless');
if (args.includes('--help')) {
  console.log('usage: npm run demo [-- --headless] [-- --no-build]');
  process.exit(0);
}

function build(): void {
  if (args.includes('--no-build')) return;
  console.log('Building the extension (vite build)…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}

async function runHeadless(lab: Lab, ext: ExtensionBrowser): Promise<number> {
  const width = Math.max(...lab.scenarios.map((s) => s.id.length));
  let mismatches = 0;
  for (const scenario of lab.scenarios) {
    const page = await ext.context.newPage();
    try {
      await page.goto(scenario.id ? lab.scenarioUrl(scenario.id) : lab.indexUrl);
      const result = await pollUntil(
        async () => {
          const r = await page.evaluate(() => (window as { __labResult?: { done: boolean; ok: boolean } }).__labResult);
          return r?.done ? r : undefined;
        },
        { timeout: 15_000, what: `scenario ${scenario.id}` },
      );
      const tabId = await ext.tabIdOf(page);
      // Event delivery lags the page: wait for the request's terminal event.
      const toLab = (url: string) => url.startsWith(lab.apiOrigin) || url.startsWith(lab.deadOrigin);
      const terminal = (e: { event: string }) => e.event === 'completed' || e.event === 'errorOccurred';
      const log = await pollUntil(
        async () => {
          const l = await ext.tabLog(tabId);
          return l?.events.some((e) => e.method !== 'OPTIONS' && toLab(e.url) && terminal(e)) ? l : undefined;
        },
        { timeout: 10_000, what: `the worker to record ${scenario.id}` },
      ).catch(() => undefined);
      const badge = await ext.badgeText(tabId);
      const preflightSeen = log?.events.find((e) => e.method === 'OPTIONS' && toLab(e.url) && terminal(e));
      const actualSeen = log?.events.find((e) => e.method !== 'OPTIONS' && toLab(e.url) && terminal(e));
      const unreachable = actualSeen?.error !== undefined && actualSeen.error !== 'net::ERR_FAILED';
      const outcome = result.ok ? 'allowed' : unreachable ? 'network-error' : 'blocked';
      const expectedOk = scenario.expect === 'allowed';
      if (result.ok !== expectedOk) mismatches++;
      if (scenario.expect === 'network-error' && !unreachable) mismatches++;
      const preflight = preflightSeen;
      const actual = actualSeen;
      const pre = preflight ? `preflight ${preflight.statusCode ?? preflight.error}` : 'no preflight';
      const act = actual ? `${actual.method} ${actual.statusCode ?? actual.error}` : 'request not seen';
      console.log(
        `${scenario.id.padEnd(width)}  ${outcome.padEnd(13)}  ${pre.padEnd(24)}  ${act.padEnd(26)}  badge ${JSON.stringify(badge)}`,
      );
    } finally {
      await page.close();
    }
  }
  if (mismatches > 0) console.log(`\n${mismatches} scenario(s) did not behave as the lab expects.`);
  return mismatches === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  try {
    chromiumPath();
  } catch (error) {
    console.error(String((error as Error).message));
    return 1;
  }
  if (!headless && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error('No display found. Run `npm run demo -- --headless` (or run under xvfb-run).');
    return 1;
  }
  build();
  const lab = await startLab(headless ? {} : { pagePort: 5170, apiPort: 5171 });
  console.log(`Lab: ${lab.indexUrl} (API ${lab.apiOrigin})`);
  const ext = await launchExtension(lab.indexUrl, headless ? {} : { headless: false, extraArgs: ['--auto-open-devtools-for-tabs'] });
  if (headless) {
    const code = await runHeadless(lab, ext);
    await ext.close();
    await lab.close();
    return code;
  }
  const page = await ext.context.newPage();
  await page.goto(lab.indexUrl);
  console.log('Chromium is open on the lab. In DevTools, open the "CORS" panel (» menu), then click "Run all". Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    ext.context.on('close', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await ext.close();
  await lab.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
