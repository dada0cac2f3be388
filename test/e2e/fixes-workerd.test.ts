// The generated Cloudflare Workers fix, run in workerd, the open-source Workers runtime (npm
// `workerd`), as the user's Worker on a route in front of an origin server that knows nothing of
// CORS (scenarioServer: OPTIONS gets 405). Before the fix the user's Worker passes every request
// to the origin (`return fetch(request)`, nothing else). For each of the six journey cases
// (fix-journey-cases.ts):
//   1. the request from the lab page, through that Worker, fails in Chromium with the extension
//      loaded and is captured;
//   2. the Worker built from that capture (fixesFor(captured.diagnosis, captured.exchange)) becomes
//      the entry module, verbatim: its `where` says to wrap what the Worker does today in
//      `handleRequest`, and the generated `handleRequest` already does exactly that
//      (`return fetch(request)`), so nothing is substituted (TypeScript stripped, as wrangler's
//      esbuild would);
//   3. workerd restarts on the same origin;
//   4. the same request passes, nothing is captured and the badge stays empty; the same PUT from a
//      page origin not on the allow-list stays blocked. The preflight never reaches the origin
//      (the Worker answers it); the request itself reaches it once, with the Host the browser used.
//
// What is real and where it departs from Cloudflare: test/fixtures/fixes/workerd.ts (workerd's
// own runtime and HTTP server; the origin is reached through the Worker's globalOutbound, an
// ExternalServer on loopback, which is also the Worker's only network; no Cloudflare edge, so
// no cf-ray / `server: cloudflare` for stack detection to see, no Access, no cache).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { renderHeaders } from '../../lab/custom-spec';
import { findScenario } from '../../lab/scenarios';
import type { Lab } from '../../lab/server';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { startWorkerService, COMPATIBILITY_DATE, WORKERD_VERSION } from '../fixtures/fixes/workerd';
import { caseSpec, journeyCases, type JourneyCase } from './fix-journey-cases';
import { expectBlockedAndCaptured, expectPasses, scenarioServer, unique } from './fix-journey';
import { caseAnswer, journeyBrowser, runJourneySteps } from './app-fix-journey';
import type { ExtensionBrowser } from './harness';

/** The user's Worker before the fix: every request goes to the origin, nothing about CORS. */
const PASS_THROUGH_WORKER = ['export default {', '  async fetch(request: Request): Promise<Response> {', '    return fetch(request);', '  },', '};', ''].join('\n');

function workersFix(captured: Pick<CapturedFailure, 'diagnosis' | 'exchange'>): Fix {
  const fix = fixesFor(captured.diagnosis, captured.exchange).find((f) => f.stack === 'cloudflare-workers');
  expect(fix?.stack).toBe('cloudflare-workers');
  return fix!;
}

describe(`the generated Worker, in workerd ${WORKERD_VERSION} in front of a CORS-unaware origin, makes the failing request pass in Chromium`, () => {
  let lab: Lab;
  let ext: ExtensionBrowser;
  journeyBrowser((l, e) => ((lab = l), (ext = e)));

  it('runs a workerd that reports its version and compatibility date', () => {
    expect(WORKERD_VERSION).toMatch(/^1\.\d{8}\.\d+$/);
    expect(COMPATIBILITY_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(journeyCases)('$id: $why', async (c: JourneyCase) => {
    const worker = await startWorkerService(PASS_THROUGH_WORKER, scenarioServer(caseSpec(c)));
    const target = (label: string) => `${worker.origin}/api/${c.id}?${unique(label)}`;
    const why = () => `${worker.files()}\nworkerd:\n${worker.output()}`;
    /** How many requests had reached the origin when the last fix went in. */
    let appliedAt = 0;
    try {
      await runJourneySteps({
        ext, lab, stack: 'cloudflare-workers', c, target, why,
        apply: async (fix) => {
          await worker.apply(fix.snippet);
          appliedAt = worker.originRequests.length;
        },
        expected: caseAnswer(c),
        credentialsLine: "headers.set('Access-Control-Allow-Credentials', 'true');",
        checkFix: (fix) => expect(fix.snippet, 'handleRequest passes the request on as the Worker did').toContain('  return fetch(request);\n'),
      });
      // With the last fix in place: the passing request reached the origin once, with the Host the
      // browser used (a subrequest keeps it, as on a Cloudflare route); no preflight did, and the
      // other origin's blocked request was never sent.
      const reached = worker.originRequests.slice(appliedAt);
      const url = new URL(target('x'));
      expect(reached.map((r) => [r.method, r.url.split('?')[0], r.host]), why()).toEqual([[c.request.method ?? 'GET', url.pathname, url.host]]);
    } finally {
      await worker.close();
    }
  });

  it('duplicate-acao: in front of an origin that sends its own Access-Control-Allow-Origin (twice), the Worker replaces it', async () => {
    const id = 'duplicate-acao';
    const spec = findScenario(id)!.spec;
    // The origin is the misconfigured lab scenario as it is, CORS headers and all.
    const misconfigured = (req: IncomingMessage, res: ServerResponse) => {
      const answer = spec.actual!;
      req.resume();
      req.on('end', () => {
        res.writeHead(answer.status, renderHeaders(answer.headers, req.headers.origin).flat());
        res.end(answer.body ?? '');
      });
    };
    const worker = await startWorkerService(PASS_THROUGH_WORKER, misconfigured);
    const why = () => `${worker.files()}\nworkerd:\n${worker.output()}`;
    try {
      const captured = await expectBlockedAndCaptured(ext, lab, `${worker.origin}/s/${id}?${unique('before')}`, spec, `the origin's two copies pass through the Worker\n${why()}`);
      expect(captured.diagnosis.checks[0]?.code).toBe('MultipleAllowOriginValues');
      await worker.apply(workersFix(captured).snippet);
      await expectPasses(ext, lab, `${worker.origin}/s/${id}?${unique('fixed')}`, spec, { status: 200, body: spec.actual!.body! }, why());
    } finally {
      await worker.close();
    }
  });
});
