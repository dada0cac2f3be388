// The generated Next.js fix, run by Next.js itself, for the six journey cases
// (fix-journey-cases.ts). The user's app is an App Router project that knows nothing of CORS: one
// route per case at `app/api/<case>/route.ts`, exporting just the case's method and answering
// as the case's app does; the error-page route throws, so Next.js's own 500 answers. Next.js
// answers every preflight itself (204 + Allow, no CORS headers, as the fix's pitfall says).
//
// `next build` takes a minute or more on two cores, so the six cases go through the journey
// together, in phases, in one project that is edited and rebuilt in place as its user would:
//   1. each case's request from the lab page fails in Chromium with the extension loaded and is
//      captured; the fix is built from that capture (fixesFor, `only: ['nextjs']`);
//   2. each case's fix is written exactly where its `where` says (its own route file), the
//      case's handler body in the place the snippet marks as the user's; one `next build`,
//      `next start` again;
//   3. each request passes with the app's own answer (status and body, the 500 included),
//      nothing is captured, the badge stays empty; the PUT from a page origin not on the
//      allow-list stays blocked;
//   4. the credentialed DELETE, whose first fix could not know it is credentialed
//      (JourneyCase.credentialsHiddenAtPreflight), is blocked for exactly that, captured again,
//      and the fix from that second capture is written, built and started: it passes.
// Each case is captured from its own failing request and fixed by its own generated snippet;
// only the build is shared. Three builds in all.
//
// What is real and where it departs from production: test/fixtures/fixes/next-app.ts (real
// `next build` + `next start` from the repo's node_modules, project in os.tmpdir() with a
// symlinked node_modules; the self-hosted Node server, not Vercel's platform; no network).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/server';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { createNextProject, routeFileOf, type NextProject, type NextServer } from '../fixtures/fixes/next-app';
import { caseSpec, journeyCases, labFromOtherOrigin, logIn, type JourneyCase } from './fix-journey-cases';
import { expectBlockedAndCaptured, expectPasses, unique } from './fix-journey';
import { launchExtension, type ExtensionBrowser } from './harness';

const BUILD_TIMEOUT = 300_000;
const CASE_TIMEOUT = 120_000;

/**
 * What the snippet marks as the user's: the body of `handle<METHOD>` ("its body replaces the two
 * lines inside"). The only substitution the test makes.
 */
const USER_HANDLER_PLACEHOLDER = '  // … your handler …\n  return Response.json({ ok: true });\n';
const CREDENTIALS_LINE = "headers.set('Access-Control-Allow-Credentials', 'true');";

function routeFile(c: JourneyCase): string {
  return `app/api/${c.id}/route.ts`;
}

/** The body of the user's handler: the case app's answer, or an unhandled error for the error page. */
function userHandlerBody(c: JourneyCase): string {
  const actual = c.app.actual;
  if (actual.status >= 500) return "  await request.text();\n  throw new Error('the database is down');\n";
  const contentType = actual.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? 'text/plain';
  return `  await request.text();\n  return new Response(${JSON.stringify(actual.body ?? '')}, { status: ${actual.status}, headers: { 'Content-Type': ${JSON.stringify(contentType)} } });\n`;
}

/** The route as its user wrote it before any CORS: the case's one method, no OPTIONS export. */
function userRoute(c: JourneyCase): string {
  return `// ${c.id}: the app before CORS.\nexport async function ${c.request.method ?? 'GET'}(request: Request): Promise<Response> {\n${userHandlerBody(c)}}\n`;
}

/** The generated route file with the user's handler body where the snippet marks it. */
function withUserHandler(fix: Fix, c: JourneyCase): string {
  expect(fix.snippet.split(USER_HANDLER_PLACEHOLDER), `the snippet marks the user's handler once\n${fix.snippet}`).toHaveLength(2);
  return fix.snippet.replace(USER_HANDLER_PLACEHOLDER, userHandlerBody(c));
}

function nextFix(captured: Pick<CapturedFailure, 'diagnosis' | 'exchange'>): Fix {
  const [fix] = fixesFor(captured.diagnosis, captured.exchange, { only: ['nextjs'] });
  expect(fix?.stack).toBe('nextjs');
  return fix!;
}

let lab: Lab;
let ext: ExtensionBrowser;
let project: NextProject | undefined;
let server: NextServer | undefined;
/** What the app answers each case without CORS: what the page must read once the fix is in. */
const ownAnswers = new Map<string, { status: number; body: string }>();
/** Per case: the fix written into the project, and, for the credentialed DELETE, the second capture. */
const applied = new Map<string, string>();
const firstCaptures = new Map<string, CapturedFailure>();
const secondCaptures = new Map<string, CapturedFailure>();

async function rebuild(what: string): Promise<NextServer> {
  server = undefined;
  const s = await project!.rebuild();
  server = s;
  // Measured here, reported in the run's output (no assertion on time).
  const steps = s.buildOutput.split('\n').filter((l) => /Compiled successfully|Finished TypeScript/.test(l)).map((l) => l.trim());
  console.log(`next build (${what}): ${s.buildMs} ms (${steps.join('; ')}); next start ready in ${s.startMs} ms`);
  return s;
}

/** A fresh URL for the case's route (a new query each time: the preflight cache is keyed by URL). */
function target(c: JourneyCase, label: string): string {
  return `${server!.origin}/api/${c.id}?${unique(label)}`;
}

function why(c: JourneyCase): string {
  return `${routeFile(c)}:\n${applied.get(c.id) ?? userRoute(c)}\nnext start:\n${server?.output() ?? '(not running)'}`;
}

beforeAll(async () => {
  project = createNextProject(Object.fromEntries(journeyCases.map((c) => [routeFile(c), userRoute(c)])), { label: 'next-journey', buildTimeoutMs: BUILD_TIMEOUT - 30_000 });
  // The build and the browser start together (the build waits on its own processes).
  const built = rebuild('the app without CORS');
  built.catch(() => undefined); // awaited below; not an unhandled rejection if the browser fails first
  lab = await startLab();
  // The warm-up page must fail CORS (the harness waits for the worker to capture it).
  ext = await launchExtension(lab.scenarioUrl('preflight-404'));
  await logIn(ext, lab);
  await built;
}, BUILD_TIMEOUT + 60_000);

afterAll(async () => {
  // Also reached when a build or a test failed: no next-server outlives the file.
  await project?.close();
  await ext?.close();
  await lab?.close();
});

describe('the Next.js app without CORS: each journey request is blocked in Chromium and captured', () => {
  it.each(journeyCases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const spec = caseSpec(c);
    // The app's own answer (for the error page, Next.js's own 500), with no CORS header.
    const own = await fetch(target(c, 'direct'), { method: spec.method, headers: [...(spec.headers ?? []), ['Origin', lab.pageOrigin]], body: spec.body });
    const answer = { status: own.status, body: await own.text() };
    expect(answer.status, why(c)).toBe(c.app.actual.status);
    if (c.app.actual.status < 500) expect(answer.body).toBe(c.app.actual.body);
    expect([...own.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    ownAnswers.set(c.id, answer);

    const captured = await expectBlockedAndCaptured(ext, lab, target(c, 'before'), spec, `a Next.js route without CORS must block\n${why(c)}`);
    if (captured.preflightFailure) {
      // Next.js answered the preflight itself: 204, Allow, no CORS headers.
      expect(captured.exchange.preflight).toMatchObject({ kind: 'observed', status: 204 });
    }
    const fix = nextFix(captured);
    expect(fix.snippet).toContain(lab.pageOrigin);
    expect(routeFileOf(fix.where)).toBe(routeFile(c));
    if (c.credentialsHiddenAtPreflight) {
      expect(captured.diagnosis.credentials).toEqual({ mode: 'omit', assumed: true });
      expect(fix.snippet).not.toContain(CREDENTIALS_LINE);
    } else if (c.request.credentials === 'include') {
      expect(fix.snippet).toContain(CREDENTIALS_LINE);
    }
    firstCaptures.set(c.id, captured);
  }, CASE_TIMEOUT);
});

describe('each fix written where it says, one rebuild and restart: the request passes with the app\'s own answer', () => {
  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (const c of journeyCases) {
      const captured = firstCaptures.get(c.id);
      if (!captured) continue; // its capture test already says why
      const fix = nextFix(captured);
      const code = withUserHandler(fix, c);
      files[routeFileOf(fix.where)] = code;
      applied.set(c.id, code);
    }
    project!.write(files);
    await rebuild(`${Object.keys(files).length} fixes`);
  }, BUILD_TIMEOUT);

  it.each(journeyCases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    expect(firstCaptures.get(c.id), `the capture of ${c.id} above failed`).toBeDefined();
    const spec = caseSpec(c);
    if (c.credentialsHiddenAtPreflight) {
      // The first fix could not know the request is credentialed (see JourneyCase): Chromium
      // blocks on exactly that, and the fix built from this capture says so.
      const again = await expectBlockedAndCaptured(ext, lab, target(c, 'credentials'), spec, `the fix without credentials\n${why(c)}`);
      expect(again.diagnosis.checks[0]?.code, why(c)).toBe('PreflightInvalidAllowCredentials');
      const fix = nextFix(again);
      expect(fix.snippet).toContain(CREDENTIALS_LINE);
      expect(routeFileOf(fix.where)).toBe(routeFile(c));
      secondCaptures.set(c.id, again);
      return;
    }
    await expectPasses(ext, lab, target(c, 'after'), spec, ownAnswers.get(c.id)!, why(c));
    if ('blocked' in c.after) {
      // The same request from a page origin the fix does not allow stays blocked.
      const other = labFromOtherOrigin(lab);
      const blocked = await expectBlockedAndCaptured(ext, other, target(c, 'other-origin'), spec, `a page on ${other.pageOrigin} must stay blocked\n${why(c)}`);
      expect(blocked.exchange.request.origin).toBe(other.pageOrigin);
      expect(blocked.diagnosis.checks[0]?.code, why(c)).toBe('PreflightMissingAllowOriginHeader');
    }
  }, CASE_TIMEOUT);
});

describe('the credentialed request: the fix from its second capture, rebuilt and restarted, passes', () => {
  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (const c of journeyCases.filter((k) => k.credentialsHiddenAtPreflight === true)) {
      const captured = secondCaptures.get(c.id);
      if (!captured) continue; // the test above already says why
      const code = withUserHandler(nextFix(captured), c);
      files[routeFile(c)] = code;
      applied.set(c.id, code);
    }
    if (Object.keys(files).length === 0) return;
    project!.write(files);
    await rebuild('the credentials round');
  }, BUILD_TIMEOUT);

  it.each(journeyCases.filter((c) => c.credentialsHiddenAtPreflight === true).map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    expect(secondCaptures.get(c.id), `the second capture of ${c.id} above failed`).toBeDefined();
    await expectPasses(ext, lab, target(c, 'after'), caseSpec(c), ownAnswers.get(c.id)!, why(c));
  }, CASE_TIMEOUT);
});
