// The generated NestJS fix run for real (test/fixtures/fixes/nestjs.ts: @nestjs/core and
// @nestjs/platform-express from npm, the app run by tsx): the user's app knows nothing of CORS
// (each route answers its one method; Nest answers OPTIONS with 404 `Cannot OPTIONS /path`; the
// error route throws, so Nest's exception filter answers 500). For each of the six journey cases
// (fix-journey-cases.ts):
//   1. the request from the lab page fails in Chromium with the extension loaded, and is captured;
//   2. the fix built from that capture (fixesFor) goes where its `where` says: app.enableCors(...)
//      in src/main.ts right after NestFactory.create (the snippet is that main.ts, nothing filled in);
//   3. the server restarts;
//   4. the same request passes with the app's own answer, nothing is captured and the badge
//      stays empty; the same PUT from a page origin not on the allow-list stays blocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/server';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { nestVersion, requireNest, startNestApp, type NestRoute } from '../fixtures/fixes/nestjs';
import { caseSpec, journeyCases, labFromOtherOrigin, logIn, type JourneyCase } from './fix-journey-cases';
import { expectBlockedAndCaptured, expectPasses, unique } from './fix-journey';
import { launchExtension, type ExtensionBrowser } from './harness';

function nestFix(captured: Pick<CapturedFailure, 'diagnosis' | 'exchange'>): Fix {
  const fix = fixesFor(captured.diagnosis, captured.exchange).find((f) => f.stack === 'nestjs');
  expect(fix?.stack).toBe('nestjs');
  return fix!;
}

/** The case's one route in the user's app: a thrown error where the case wants a 500. */
function caseRoute(c: JourneyCase): NestRoute {
  const actual = c.app.actual;
  const contentType = actual.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? 'text/plain';
  return {
    path: `/api/${c.id}`,
    method: c.request.method ?? 'GET',
    answer: actual.status >= 500 ? 'throw' : { status: actual.status, contentType, body: actual.body ?? '' },
  };
}

describe(`the generated nestjs fix, in ${nestVersion()}, makes the failing request pass in Chromium`, () => {
  let lab: Lab;
  let ext: ExtensionBrowser;
  beforeAll(async () => {
    requireNest();
    lab = await startLab();
    // The warm-up page must fail CORS (the harness waits for the worker to capture it).
    ext = await launchExtension(lab.scenarioUrl('preflight-404'));
    await logIn(ext, lab);
  });
  afterAll(async () => {
    await ext?.close();
    await lab?.close();
  });

  it.each(journeyCases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const spec = caseSpec(c);
    const route = caseRoute(c);
    const app = await startNestApp([route]);
    const target = (label: string) => `${app.origin}${route.path}?${unique(label)}`;
    const why = () => `${app.files()}\n${app.output()}`;
    try {
      // The app's own answer, which the page must read once the fix is in (for the error page,
      // Nest's `{"statusCode":500,"message":"Internal server error"}`).
      const own = await fetch(target('direct'), { method: spec.method, headers: spec.headers, body: spec.body });
      const expected = { status: own.status, body: await own.text() };
      expect(expected.status, why()).toBe(c.app.actual.status);
      if (route.answer !== 'throw') expect(expected.body).toBe(c.app.actual.body);
      // 1. Without the fix, Chromium blocks the request and the extension captures it.
      const captured = await expectBlockedAndCaptured(ext, lab, target('before'), spec, `nestjs without the fix must block\n${why()}`);
      let fix = nestFix(captured);
      expect(fix.snippet).toContain(lab.pageOrigin);
      // 2 and 3. The snippet as generated, where it says, the server restarted.
      await app.apply(fix.snippet);
      if (c.credentialsHiddenAtPreflight) {
        // The first fix could not know the request is credentialed (see JourneyCase).
        expect(captured.diagnosis.credentials).toEqual({ mode: 'omit', assumed: true });
        const again = await expectBlockedAndCaptured(ext, lab, target('credentials'), spec, `the fix without credentials\n${why()}`);
        expect(again.diagnosis.checks[0]?.code, why()).toBe('PreflightInvalidAllowCredentials');
        fix = nestFix(again);
        expect(fix.snippet).toContain('credentials: true,');
        await app.apply(fix.snippet);
      }
      // 4. The request passes with the app's own answer; nothing is captured, the badge is empty.
      await expectPasses(ext, lab, target('after'), spec, expected, why());
      if ('blocked' in c.after) {
        // The same request from a page origin the fix does not allow stays blocked.
        const other = labFromOtherOrigin(lab);
        const blocked = await expectBlockedAndCaptured(ext, other, target('other-origin'), spec, `a page on ${other.pageOrigin} must stay blocked\n${why()}`);
        expect(blocked.exchange.request.origin).toBe(other.pageOrigin);
        expect(blocked.diagnosis.checks[0]?.code, why()).toBe('PreflightMissingAllowOriginHeader');
      }
    } finally {
      await app.close();
    }
  }, 120_000);
});
