// The generated Rails fix run for real (test/fixtures/fixes/rails.ts: Debian's Rails 6.1,
// rack-cors 1.1.1 and puma, offline): the user's API-only app knows nothing of CORS (each route
// answers its one method; OPTIONS matches no route, so Rails answers 404; the error route raises,
// so ShowExceptions answers 500 with public/500.html). For each of the six journey cases
// (fix-journey-cases.ts):
//   1. the request from the lab page fails in Chromium with the extension loaded, and is captured;
//   2. the fix built from that capture (fixesFor) goes where its `where` says: the snippet is
//      config/initializers/cors.rb, and `gem "rack-cors"` is added to the Gemfile (nothing in the
//      snippet is filled in);
//   3. the server restarts;
//   4. the same request passes with the app's own answer, nothing is captured and the badge
//      stays empty; the same PUT from a page origin not on the allow-list stays blocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/server';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { railsVersion, requireRails, startRailsApp, type RailsRoute } from '../fixtures/fixes/rails';
import { caseSpec, journeyCases, labFromOtherOrigin, logIn, type JourneyCase } from './fix-journey-cases';
import { expectBlockedAndCaptured, expectPasses, unique } from './fix-journey';
import { launchExtension, type ExtensionBrowser } from './harness';

function railsFix(captured: Pick<CapturedFailure, 'diagnosis' | 'exchange'>): Fix {
  const fix = fixesFor(captured.diagnosis, captured.exchange).find((f) => f.stack === 'rails');
  expect(fix?.stack).toBe('rails');
  return fix!;
}

/** The case's one route in the user's app: an exception where the case wants a 500. */
function caseRoute(c: JourneyCase): RailsRoute {
  const actual = c.app.actual;
  const contentType = actual.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? 'text/plain';
  return {
    path: `/api/${c.id}`,
    method: c.request.method ?? 'GET',
    answer: actual.status >= 500 ? 'raise' : { status: actual.status, contentType, body: actual.body ?? '' },
  };
}

describe(`the generated rails fix, in ${railsVersion()} (Debian), makes the failing request pass in Chromium`, () => {
  let lab: Lab;
  let ext: ExtensionBrowser;
  beforeAll(async () => {
    requireRails();
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
    const app = await startRailsApp([route]);
    const target = (label: string) => `${app.origin}${route.path}?${unique(label)}`;
    const why = () => `${app.files()}\n${app.output()}`;
    try {
      // The app's own answer, which the page must read once the fix is in (for the error page,
      // public/500.html as ShowExceptions serves it).
      const own = await fetch(target('direct'), { method: spec.method, headers: spec.headers, body: spec.body });
      const expected = { status: own.status, body: await own.text() };
      expect(expected.status, why()).toBe(c.app.actual.status);
      if (route.answer !== 'raise') expect(expected.body).toBe(c.app.actual.body);
      // 1. Without the fix, Chromium blocks the request and the extension captures it.
      const captured = await expectBlockedAndCaptured(ext, lab, target('before'), spec, `rails without the fix must block\n${why()}`);
      let fix = railsFix(captured);
      expect(fix.snippet).toContain(lab.pageOrigin);
      // 2 and 3. The snippet as generated, where it says, the server restarted.
      await app.apply(fix.snippet);
      if (c.credentialsHiddenAtPreflight) {
        // The first fix could not know the request is credentialed (see JourneyCase).
        expect(captured.diagnosis.credentials).toEqual({ mode: 'omit', assumed: true });
        const again = await expectBlockedAndCaptured(ext, lab, target('credentials'), spec, `the fix without credentials\n${why()}`);
        expect(again.diagnosis.checks[0]?.code, why()).toBe('PreflightInvalidAllowCredentials');
        fix = railsFix(again);
        expect(fix.snippet).toContain('credentials: true');
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
