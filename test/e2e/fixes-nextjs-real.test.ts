// The generated Next.js fix, run by Next.js itself: a lab scenario fails in Chromium with the
// extension loaded; the captured exchange and diagnosis go through
// fixesFor(…, { only: ['nextjs'] }); the generated route handler, verbatim, is written where the
// fix says (`app/<path>/route.ts`) into an App Router project that `next build` (Turbopack,
// TypeScript check included) builds and `next start` serves on 127.0.0.1; the same request from
// the lab page origin then passes, with no failure captured and an empty badge.
//
// Before the fix, a project with the same routes written as a Next.js user would without CORS
// (the scenario's method exported, answering like the lab server minus its CORS headers, no
// OPTIONS export) is blocked and captured; Next.js answers its preflight itself (204 + Allow, no
// CORS headers, as the fix's pitfall says). The fix built from that capture is built and run
// too, in a third project.
//
// The fix's only code is the route handler: its notes about `next.config` headers() (which it
// advises against for this) and middleware/proxy carry no code to run. The preflight-401-auth
// scenario's server is reproduced by its answers (the lab's 401 comes from its own server), not
// by a Next.js proxy/middleware doing auth: the pitfall text about middleware is not exercised.
//
// What is real and where it departs from production: test/fixtures/fixes/next-app.ts (real
// `next build` + `next start` from the repo's node_modules, project in os.tmpdir() with a
// symlinked node_modules; the self-hosted Node server, not Vercel's platform; no network).
// test/e2e/fixes-run.test.ts keeps running the same snippet through a Node adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultActual, renderHeaders, type CustomSpec } from '../../lab/custom-spec';
import { findScenario } from '../../lab/scenarios';
import { startLab, type Lab } from '../../lab/server';
import type { Diagnosis } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { routeFileOf, startNextApp, type NextApp } from '../fixtures/fixes/next-app';
import { capturedLabFailure, expectBlockedAndCaptured, expectPasses, unique, withoutCors } from './fix-journey';
import { launchExtension, type ExtensionBrowser } from './harness';

interface Case {
  scenario: string;
  why: string;
  /**
   * The header-less deployment fails the credentialed request at the preflight, which carries no
   * cookies: the extension cannot see the credentials mode, so the fix built from that capture
   * lacks Allow-Credentials and Chromium keeps blocking (as in fixes-vercel.test.ts).
   */
  credentialsHidden?: boolean;
}

const CASES: Case[] = [
  { scenario: 'preflight-404', why: 'PUT + X-Custom + body: the exported OPTIONS answers the preflight' },
  { scenario: 'preflight-401-auth', why: 'GET + Authorization: OPTIONS answered by the route handler with Authorization allowed' },
  { scenario: 'preflight-wildcard-credentials', why: 'credentialed POST: the named origin and Allow-Credentials on the preflight and the response', credentialsHidden: true },
];

/** What the generated handler answers (its `… your handler …` placeholder is left as is). */
const FIXED_ANSWER = { status: 200, body: '{"ok":true}' };

const BUILD_TIMEOUT = 300_000;

let lab: Lab;
let ext: ExtensionBrowser;
const apps = new Set<NextApp>();
/** Per scenario: the lab capture, and the capture on the header-less Next.js deployment (step 2). */
const labFailures = new Map<string, CapturedFailure>();
const nextFailures = new Map<string, CapturedFailure>();
let beforeApp: NextApp;
let labFixApp: NextApp;

async function build(files: Record<string, string>, label: string): Promise<NextApp> {
  const app = await startNextApp(files, { label, buildTimeoutMs: BUILD_TIMEOUT - 30_000 });
  apps.add(app);
  // Measured here, reported in the run's output (no assertion on time).
  console.log(`next build (${label}): ${app.buildMs} ms; next start ready in ${app.startMs} ms`);
  return app;
}

function nextFix(diagnosis: Diagnosis, exchange: Exchange): Fix {
  const [fix] = fixesFor(diagnosis, exchange, { only: ['nextjs'] });
  expect(fix?.stack).toBe('nextjs');
  return fix!;
}

/** The route a Next.js user writes before adding CORS: the scenario's method, the lab server's answer minus its CORS headers, no OPTIONS. */
function headerlessRoute(id: string, spec: CustomSpec): string {
  const answer = spec.actual ?? defaultActual;
  const headers = withoutCors(renderHeaders(answer.headers, undefined));
  return [
    `// ${id} before the fix: no OPTIONS export, no CORS headers.`,
    `export async function ${spec.method}(request: Request): Promise<Response> {`,
    '  await request.text();',
    `  return new Response(${JSON.stringify(answer.body ?? '')}, { status: ${answer.status}, headers: ${JSON.stringify(headers)} });`,
    '}',
    '',
  ].join('\n');
}

beforeAll(async () => {
  lab = await startLab();
  // The warm-up page must fail CORS (the harness waits for the worker to capture it).
  ext = await launchExtension(lab.scenarioUrl('preflight-404'));
  for (const { scenario } of CASES) labFailures.set(scenario, await capturedLabFailure(ext, lab, scenario));

  // Two projects, built one after the other (two cores): the header-less routes, and the fixes
  // built from the lab captures, each at the file its fix names.
  const headerless: Record<string, string> = {};
  const fixed: Record<string, string> = {};
  for (const { scenario } of CASES) {
    headerless[`app/s/${scenario}/route.ts`] = headerlessRoute(scenario, findScenario(scenario)!.spec);
    const failure = labFailures.get(scenario)!;
    const fix = nextFix(failure.diagnosis, failure.exchange);
    fixed[routeFileOf(fix.where)] = fix.snippet;
  }
  beforeApp = await build(headerless, 'next-before');
  labFixApp = await build(fixed, 'next-lab-fix');
}, BUILD_TIMEOUT + 60_000);

afterAll(async () => {
  // Also reached when a build or a test failed: no next-server outlives the file.
  for (const app of apps) await app.close();
  await ext?.close();
  await lab?.close();
});

describe('the generated route handler, built and served by Next.js, makes the failing lab request pass in Chromium', () => {
  it.each(CASES)('$scenario ($why)', async ({ scenario, credentialsHidden }) => {
    const spec = findScenario(scenario)!.spec;
    const path = `/s/${scenario}`;

    // 1. The lab failure, as the extension captured it, and the Next.js fix built from it.
    const labFailure = labFailures.get(scenario)!;
    expect(labFailure.diagnosis.verdict).toBe('blocked');
    const fromLab = nextFix(labFailure.diagnosis, labFailure.exchange);
    expect(fromLab.snippet).toContain(lab.pageOrigin);
    expect(routeFileOf(fromLab.where)).toBe(`app${path}/route.ts`);

    // 2. Before: the header-less route. Next.js answers the preflight itself, 204 with an
    //    `Allow` header and no CORS headers (the fix's pitfall); Chromium blocks, the extension
    //    records it, and Next.js's own response headers make its fix come first.
    const pre = await fetch(`${beforeApp.origin}${path}`, { method: 'OPTIONS', headers: { Origin: lab.pageOrigin, 'Access-Control-Request-Method': spec.method } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('allow')).toContain(spec.method);
    expect([...pre.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const target = `${beforeApp.origin}${path}?before=${unique('before')}`;
    const captured = await expectBlockedAndCaptured(ext, lab, target, spec, `a Next.js route without OPTIONS must block\n${beforeApp.output()}`);
    expect(captured.preflightFailure).toBe(true);
    expect(captured.exchange.preflight).toMatchObject({ kind: 'observed', status: 204 });
    expect(fixesFor(captured.diagnosis, captured.exchange)[0]?.stack).toBe('nextjs');
    const fromNext = nextFix(captured.diagnosis, captured.exchange);
    expect(fromNext.snippet).toContain(lab.pageOrigin);
    expect(routeFileOf(fromNext.where)).toBe(`app${path}/route.ts`);
    if (credentialsHidden) {
      expect(captured.diagnosis.credentials).toEqual({ mode: 'omit', assumed: true });
      expect(fromNext.snippet).not.toContain('Access-Control-Allow-Credentials');
    } else if (spec.credentials === 'include') {
      expect(fromNext.snippet).toContain('Access-Control-Allow-Credentials');
    }
    nextFailures.set(scenario, captured);

    // 3. After: the route handler generated from the lab failure. Passes; nothing recorded.
    await expectPasses(ext, lab, `${labFixApp.origin}${path}?fixed=${unique('lab-fix')}`, spec, FIXED_ANSWER, `route.ts\n${fromLab.snippet}\nnext start:\n${labFixApp.output()}`);
  });
});

describe('the route handler generated from the failure on the Next.js deployment, built and served by Next.js', () => {
  let nextFixApp: NextApp | undefined;
  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (const [scenario, captured] of nextFailures) {
      const fix = nextFix(captured.diagnosis, captured.exchange);
      files[routeFileOf(fix.where)] = fix.snippet;
      expect(routeFileOf(fix.where)).toBe(`app/s/${scenario}/route.ts`);
    }
    // Nothing captured (every step 2 failed): those tests already say why.
    if (Object.keys(files).length > 0) nextFixApp = await build(files, 'next-from-next');
  }, BUILD_TIMEOUT);

  it.each(CASES)('$scenario', async ({ scenario, credentialsHidden }) => {
    const captured = nextFailures.get(scenario);
    expect(captured, `step 2 of "${scenario}" above did not capture the failure`).toBeDefined();
    const app = nextFixApp!;
    const spec = findScenario(scenario)!.spec;
    const fix = nextFix(captured!.diagnosis, captured!.exchange);
    const target = `${app.origin}/s/${scenario}?fixed=${unique('next-fix')}`;
    if (!credentialsHidden) {
      await expectPasses(ext, lab, target, spec, FIXED_ANSWER, `route.ts\n${fix.snippet}\nnext start:\n${app.output()}`);
      return;
    }
    // Without Allow-Credentials the credentialed request stays blocked, for exactly that reason.
    const blocked = await expectBlockedAndCaptured(ext, lab, target, spec, `route.ts without Allow-Credentials\n${fix.snippet}`);
    expect(blocked.diagnosis.checks[0]?.code).toBe('PreflightInvalidAllowCredentials');
  });
});
