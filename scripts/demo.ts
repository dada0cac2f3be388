// `npm run demo`: build, start the lab, open Chromium with CORS Doctor on the
// lab's index page with DevTools open. `npm run demo -- --headless` runs every
// lab scenario through the extension instead and prints what it recorded.
import { execFileSync } from 'node:child_process';
import { startLab, type Lab } from '../lab/server';
import { labResult, launchExtension, pollUntil, type ExtensionBrowser } from './extension-browser';
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

function clip(s: string | undefined, n = 40): string {
  if (s === undefined) return '(absent)';
  const one = JSON.stringify(s);
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

async function runHeadless(lab: Lab, ext: ExtensionBrowser): Promise<number> {
  const width = Math.max(...lab.scenarios.map((s) => s.id.length));
  let mismatches = 0;
  for (const scenario of lab.scenarios) {
    const page = await ext.context.newPage();
    // Chromium's own verdict for the same request, to print next to ours.
    const chromiumSays: string[] = [];
    const cdp = await ext.context.newCDPSession(page);
    cdp.on('Audits.issueAdded', (e: { issue: { details: { corsIssueDetails?: { corsErrorStatus: { corsError: string } } } } }) => {
      const d = e.issue.details.corsIssueDetails;
      if (d) chromiumSays.push(d.corsErrorStatus.corsError);
    });
    await cdp.send('Audits.enable');
    try {
      await page.goto(lab.scenarioUrl(scenario.id));
      const result = await labResult(page, 15_000);
      const tabId = await ext.tabIdOf(page);
      const failures = result.ok
        ? []
        : await pollUntil(async () => {
            const f = await ext.failures(tabId);
            return f.length > 0 ? f : undefined;
          }, { timeout: 10_000, what: `the diagnosis of ${scenario.id}` }).catch(() => []);
      if (!result.ok && scenario.expect === 'blocked') await pollUntil(() => chromiumSays.length > 0, { timeout: 3000 }).catch(() => undefined);
      const badge = await ext.badgeText(tabId);
      const f = failures[0];
      const d = f?.diagnosis;
      const check = d?.checks[0];
      const ours = d ? (check?.code ?? d.verdict) : 'allowed';
      const theirs = result.ok ? 'allowed' : (chromiumSays[0] ?? (scenario.expect === 'network-error' ? 'network-error' : '(no issue)'));
      const agree = ours === theirs;
      if (!agree) mismatches++;
      const detail = check
        ? `${check.header ?? 'status'}: expected ${check.expected}, got ${clip(check.actual)}`
        : d
          ? d.summary
          : '';
      console.log(`${agree ? 'ok ' : 'XX '} ${scenario.id.padEnd(width)}  ${ours.padEnd(38)} badge ${JSON.stringify(badge).padEnd(4)} ${detail}`);
      if (!agree) console.log(`    Chromium said: ${theirs}`);
    } finally {
      await page.close();
    }
  }
  console.log(
    mismatches === 0
      ? `\nAll ${lab.scenarios.length} scenarios: the extension's diagnosis matches Chromium's own verdict (CDP Audits).`
      : `\n${mismatches} scenario(s) where the extension and Chromium disagree.`,
  );
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
  const ext = await launchExtension(lab.scenarioUrl('preflight-404'), headless ? {} : { headless: false, extraArgs: ['--auto-open-devtools-for-tabs', '--start-maximized'] });
  if (headless) {
    const code = await runHeadless(lab, ext);
    await ext.close();
    await lab.close();
    return code;
  }
  const page = await ext.context.newPage();
  await page.goto(lab.indexUrl);
  // Leave only the lab: close the launcher's blank tab and helper pages.
  for (const other of ext.context.pages()) if (other !== page) await other.close().catch(() => undefined);
  await page.getByRole('button', { name: 'Run all' }).click();
  const tabId = await ext.tabIdOf(page);
  for (const other of ext.context.pages()) if (other !== page) await other.close().catch(() => undefined);
  // The same panel, popped out next to the lab, so the failures are visible at once.
  const panel = await ext.context.newPage();
  await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
  console.log(
    'Chromium is open on the lab, which ran every scenario ("Run all").\n' +
      'The CORS panel is popped out in the second tab; in the lab tab, DevTools has it too (the "CORS" tab, or under »).\n' +
      'Click a failure for its diagnosis and fix. Ctrl-C to stop.',
  );
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
