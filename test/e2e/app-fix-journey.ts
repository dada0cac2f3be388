// The six journey cases (fix-journey-cases.ts) for a stack whose fix goes into the user's own app
// (Flask, Django, FastAPI, NestJS, Rails: a runner in test/fixtures/fixes/ starts the framework).
// The user's app knows nothing of CORS: each route answers its one method, OPTIONS gets whatever
// the framework does with it, and the error-page route fails so the framework's own 500 answers.
// For each case:
//   1. the request from the lab page fails in Chromium with the extension loaded, and is captured;
//   2. the fix built from that capture (fixesFor) is written exactly where its `where` says;
//   3. the server restarts;
//   4. the same request passes with the app's own answer, nothing is captured and the badge
//      stays empty; the same PUT from a page origin not on the allow-list stays blocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/server';
import { fixesFor, type Fix, type StackId } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { caseSpec, journeyCases, labFromOtherOrigin, logIn, type JourneyCase } from './fix-journey-cases';
import { expectBlockedAndCaptured, expectPasses, unique } from './fix-journey';
import { launchExtension, type ExtensionBrowser } from './harness';

/** One route of the user's app: its answer, or `failure` (the runner's word: raise, throw) for an unhandled error. */
export interface JourneyRoute<F extends string> {
  path: string;
  method: string;
  answer: { status: number; contentType: string; body: string } | F;
}

/** What a runner gives back: the app on a loopback origin, and a way to apply the fix and restart. */
export interface JourneyApp {
  origin: string;
  /** The files the fix goes into, as they are now, for failure messages. */
  files(): string;
  /** The server's output so far. */
  output(): string;
  /** Writes the fix where its `where` says and restarts the server. */
  apply(snippet: string): Promise<void>;
  close(): Promise<void>;
}

export interface AppJourney<F extends string> {
  stack: StackId;
  /** "Rails 6.1.7.10, rack-cors 1.1.1 (Debian)": what the journeys run in, for the test names. */
  runtime: string;
  /** Throws with the install hint when the runtime is missing. */
  require(): void;
  /** The runner's word for an unhandled error in a route. */
  failure: F;
  start(route: JourneyRoute<F>): Promise<JourneyApp>;
  /** How this stack's fix says the request is credentialed (in the second round's snippet). */
  credentialsLine: string;
}

function stackFix(stack: StackId, captured: Pick<CapturedFailure, 'diagnosis' | 'exchange'>): Fix {
  const fix = fixesFor(captured.diagnosis, captured.exchange).find((f) => f.stack === stack);
  expect(fix?.stack).toBe(stack);
  return fix!;
}

function caseRoute<F extends string>(c: JourneyCase, failure: F): JourneyRoute<F> {
  const actual = c.app.actual;
  const contentType = actual.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? 'text/plain';
  return {
    path: `/api/${c.id}`,
    method: c.request.method ?? 'GET',
    answer: actual.status >= 500 ? failure : { status: actual.status, contentType, body: actual.body ?? '' },
  };
}

/** One journey case, steps 1 to 4, for any runner: what differs per stack is passed in. */
export interface JourneySteps {
  ext: ExtensionBrowser;
  lab: Lab;
  stack: StackId;
  c: JourneyCase;
  /** A fresh URL on the server under test (a new query each time: the preflight cache is keyed by URL). */
  target(label: string): string;
  /** The server's files and output, for failure messages. */
  why(): string;
  /** Writes the fix where its `where` says and restarts the server. */
  apply(fix: Fix): Promise<void>;
  /** What the page must read once the fix is in: the app's own answer. */
  expected: { status: number; body: string };
  /** How this stack's fix says the request is credentialed (in the second round's snippet). */
  credentialsLine: string;
  /** More checks on each generated fix before it is applied (Caddy: the site address). */
  checkFix?(fix: Fix): void;
  /** The page origin as the snippet writes it (Go quotes it). */
  originInSnippet?: string;
  /** The other-origin case: the missing Allow-Origin check fails, but may not be the first (rs/cors, gin). */
  otherOriginAnyCheck?: boolean;
}

export async function runJourneySteps(j: JourneySteps): Promise<void> {
  const { ext, lab, c } = j;
  const spec = caseSpec(c);
  const fixFrom = (captured: Pick<CapturedFailure, 'diagnosis' | 'exchange'>): Fix => {
    const fix = stackFix(j.stack, captured);
    expect(fix.snippet).toContain(j.originInSnippet ?? lab.pageOrigin);
    j.checkFix?.(fix);
    return fix;
  };
  // 1. Without the fix, Chromium blocks the request and the extension captures it.
  const captured = await expectBlockedAndCaptured(ext, lab, j.target('before'), spec, `${j.stack} without the fix must block\n${j.why()}`);
  // 2 and 3. The snippet as generated, where it says, the server restarted.
  await j.apply(fixFrom(captured));
  if (c.credentialsHiddenAtPreflight) {
    // The first fix could not know the request is credentialed (see JourneyCase).
    expect(captured.diagnosis.credentials).toEqual({ mode: 'omit', assumed: true });
    const again = await expectBlockedAndCaptured(ext, lab, j.target('credentials'), spec, `the fix without credentials\n${j.why()}`);
    expect(again.diagnosis.checks[0]?.code, j.why()).toBe('PreflightInvalidAllowCredentials');
    const fix = fixFrom(again);
    expect(fix.snippet).toContain(j.credentialsLine);
    await j.apply(fix);
  }
  // 4. The request passes with the app's own answer; nothing is captured, the badge is empty.
  await expectPasses(ext, lab, j.target('after'), spec, j.expected, j.why());
  if ('blocked' in c.after) {
    // The same request from a page origin the fix does not allow stays blocked.
    const other = labFromOtherOrigin(lab);
    const blocked = await expectBlockedAndCaptured(ext, other, j.target('other-origin'), spec, `a page on ${other.pageOrigin} must stay blocked\n${j.why()}`);
    expect(blocked.exchange.request.origin).toBe(other.pageOrigin);
    const codes = blocked.diagnosis.checks.map((k) => k.code);
    if (j.otherOriginAnyCheck === true) expect(codes, j.why()).toContain('PreflightMissingAllowOriginHeader');
    else expect(codes[0], j.why()).toBe('PreflightMissingAllowOriginHeader');
  }
}

/** What a case's app answers without CORS: its status, and the body the page must read after the fix. */
export function caseAnswer(c: JourneyCase): { status: number; body: string } {
  const actual = c.app.actual;
  return { status: 'status' in c.after ? c.after.status : actual.status, body: actual.body ?? '' };
}

/**
 * The lab and a Chromium with the extension, logged in to the lab page origin, for one describe
 * block's journeys: started before its tests (after `require`, which throws with the install hint
 * when the runtime is missing) and closed after them. `set` receives both once they are up.
 */
export function journeyBrowser(set: (lab: Lab, ext: ExtensionBrowser) => void, require?: () => void): void {
  let lab: Lab | undefined;
  let ext: ExtensionBrowser | undefined;
  beforeAll(async () => {
    require?.();
    lab = await startLab();
    // The warm-up page must fail CORS (the harness waits for the worker to capture it).
    ext = await launchExtension(lab.scenarioUrl('preflight-404'));
    await logIn(ext, lab);
    set(lab, ext);
  });
  afterAll(async () => {
    await ext?.close();
    await lab?.close();
  });
}

export function describeAppJourney<F extends string>(j: AppJourney<F>): void {
  describe(`the generated ${j.stack} fix, in ${j.runtime}, makes the failing request pass in Chromium`, () => {
    let lab: Lab;
    let ext: ExtensionBrowser;
    journeyBrowser((l, e) => ((lab = l), (ext = e)), j.require);

    it.each(journeyCases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
      const spec = caseSpec(c);
      const route = caseRoute(c, j.failure);
      const app = await j.start(route);
      const target = (label: string) => `${app.origin}${route.path}?${unique(label)}`;
      const why = () => `${app.files()}\n${app.output()}`;
      try {
        // The app's own answer, which the page must read once the fix is in (for the error page,
        // the framework's own 500 body).
        const own = await fetch(target('direct'), { method: spec.method, headers: spec.headers, body: spec.body });
        const expected = { status: own.status, body: await own.text() };
        expect(expected.status, why()).toBe(c.app.actual.status);
        if (route.answer !== j.failure) expect(expected.body).toBe(c.app.actual.body);
        await runJourneySteps({ ext, lab, stack: j.stack, c, target, why, apply: (fix) => app.apply(fix.snippet), expected, credentialsLine: j.credentialsLine });
      } finally {
        await app.close();
      }
    }, 120_000);
  });
}
