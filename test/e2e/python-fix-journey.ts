// The six journey cases (fix-journey-cases.ts) for a Python stack, run in Debian's framework
// (test/fixtures/fixes/python.ts): the user's app knows nothing of CORS (each route answers its
// one method; OPTIONS gets whatever the framework does with it: Flask answers it itself with 200
// and no CORS headers, Django's require_http_methods and FastAPI answer 405; the error-page
// route raises, so the framework's own 500 page answers). For each case:
//   1. the request from the lab page fails in Chromium with the extension loaded, and is captured;
//   2. the fix built from that capture (fixesFor) is written exactly where its `where` says;
//   3. the server restarts;
//   4. the same request passes with the app's own answer, nothing is captured and the badge
//      stays empty; the same PUT from a page origin not on the allow-list stays blocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/server';
import { fixesFor, type Fix, type StackId } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { pythonStackVersion, requirePython, startPythonApp, type AppRoute, type PythonStack } from '../fixtures/fixes/python';
import { caseSpec, journeyCases, labFromOtherOrigin, logIn, type JourneyCase } from './fix-journey-cases';
import { expectBlockedAndCaptured, expectPasses, unique } from './fix-journey';
import { launchExtension, type ExtensionBrowser } from './harness';

function stackFix(stack: StackId, captured: Pick<CapturedFailure, 'diagnosis' | 'exchange'>): Fix {
  const fix = fixesFor(captured.diagnosis, captured.exchange).find((f) => f.stack === stack);
  expect(fix?.stack).toBe(stack);
  return fix!;
}

/** The case's one route in the user's app: an unhandled exception where the case wants a 500. */
function caseRoute(c: JourneyCase): AppRoute {
  const actual = c.app.actual;
  const contentType = actual.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? 'text/plain';
  return {
    path: `/api/${c.id}`,
    method: c.request.method ?? 'GET',
    answer: actual.status >= 500 ? 'raise' : { status: actual.status, contentType, body: actual.body ?? '' },
  };
}

/** How the fix says the request is credentialed, per stack. */
const CREDENTIALS_LINE: Record<PythonStack, string> = {
  flask: 'supports_credentials=True,',
  django: 'CORS_ALLOW_CREDENTIALS = True',
  fastapi: 'allow_credentials=True,',
};

export function describePythonJourney(stack: PythonStack): void {
  describe(`the generated ${stack} fix, in ${pythonStackVersion(stack)} (Debian), makes the failing request pass in Chromium`, () => {
    let lab: Lab;
    let ext: ExtensionBrowser;
    beforeAll(async () => {
      requirePython(stack);
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
      const app = await startPythonApp(stack, [route]);
      const target = (label: string) => `${app.origin}${route.path}?${unique(label)}`;
      const why = () => `${app.files()}\n${app.output()}`;
      try {
        // The app's own answer, which the page must read once the fix is in: for the error page,
        // the framework's (Flask's HTML, Django's "Server Error (500)", Starlette's plain text).
        const own = await fetch(target('direct'), { method: spec.method, headers: spec.headers, body: spec.body });
        const expected = { status: own.status, body: await own.text() };
        expect(expected.status, why()).toBe(c.app.actual.status);
        if (route.answer !== 'raise') expect(expected.body).toBe(c.app.actual.body);
        // 1. Without the fix, Chromium blocks the request and the extension captures it.
        const captured = await expectBlockedAndCaptured(ext, lab, target('before'), spec, `${stack} without the fix must block\n${why()}`);
        let fix = stackFix(stack, captured);
        expect(fix.snippet).toContain(lab.pageOrigin);
        // 2 and 3. The snippet as generated, where it says, the server restarted.
        await app.apply(fix.snippet);
        if (c.credentialsHiddenAtPreflight) {
          // The first fix could not know the request is credentialed (see JourneyCase).
          expect(captured.diagnosis.credentials).toEqual({ mode: 'omit', assumed: true });
          const again = await expectBlockedAndCaptured(ext, lab, target('credentials'), spec, `the fix without credentials\n${why()}`);
          expect(again.diagnosis.checks[0]?.code, why()).toBe('PreflightInvalidAllowCredentials');
          fix = stackFix(stack, again);
          expect(fix.snippet).toContain(CREDENTIALS_LINE[stack]);
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
    });
  });
}
