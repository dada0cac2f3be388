// The generated Cloudflare Workers fix, run in workerd, the open-source Workers runtime: a lab
// scenario fails in Chromium with the extension loaded; the captured exchange and diagnosis go
// through fixesFor(…, { only: ['cloudflare-workers'] }); the generated Worker module, verbatim
// (TypeScript stripped, `handleRequest` left as generated: `return fetch(request)` to the
// origin), is served by `workerd serve` on 127.0.0.1 in front of an origin server that answers
// like the lab scenario's server without its CORS headers; the same request from the lab page
// origin then passes, with no failure captured and an empty badge.
//
// Before the fix, the same origin sits behind a pass-through Worker (`fetch(request)` and nothing
// else, a Worker that does not handle CORS): Chromium blocks the request and the extension
// records it; the fix built from that capture is run as well.
//
// What is real and where it departs from Cloudflare: test/fixtures/fixes/workerd.ts (workerd's
// own runtime and HTTP server; the origin is reached through the Worker's globalOutbound, an
// ExternalServer on loopback, which is also the Worker's only network; no Cloudflare edge, so
// no cf-ray / `server: cloudflare` for stack detection to see, no Access, no cache).
// test/e2e/fixes-run.test.ts keeps running the same snippet through a Node adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultActual, defaultPreflight } from '../../lab/custom-spec';
import { findScenario } from '../../lab/scenarios';
import { startLab, type Lab } from '../../lab/server';
import type { Diagnosis } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import { startWorkerd, COMPATIBILITY_DATE, WORKERD_VERSION, type WorkerdDeployment } from '../fixtures/fixes/workerd';
import { capturedLabFailure, expectBlockedAndCaptured, expectPasses, scenarioServer, unique } from './fix-journey';
import { launchExtension, type ExtensionBrowser } from './harness';

/** A Worker in front of the origin that does not handle CORS: every request goes to the origin. */
const PASS_THROUGH_WORKER = ['export default {', '  async fetch(request: Request): Promise<Response> {', '    return fetch(request);', '  },', '};', ''].join('\n');

let lab: Lab;
let ext: ExtensionBrowser;
const running = new Set<WorkerdDeployment>();

beforeAll(async () => {
  lab = await startLab();
  // The warm-up page must fail CORS (the harness waits for the worker to capture it).
  ext = await launchExtension(lab.scenarioUrl('preflight-404'));
});
afterAll(async () => {
  // Also reached when a test failed half-way: nothing it started outlives the file.
  for (const d of running) await d.close();
  await ext?.close();
  await lab?.close();
});

async function deploy(workerTs: string, scenarioId: string): Promise<WorkerdDeployment> {
  const d = await startWorkerd(workerTs, scenarioServer(findScenario(scenarioId)!.spec));
  running.add(d);
  return d;
}

async function undeploy(d: WorkerdDeployment): Promise<void> {
  running.delete(d);
  await d.close();
}

function workersFix(diagnosis: Diagnosis, exchange: Exchange): Fix {
  const [fix] = fixesFor(diagnosis, exchange, { only: ['cloudflare-workers'] });
  expect(fix?.stack).toBe('cloudflare-workers');
  expect(fix!.snippet).toContain('return fetch(request);');
  return fix!;
}

interface Case {
  scenario: string;
  why: string;
  /**
   * The pass-through deployment fails the credentialed request at the preflight, which carries
   * no cookies: the extension cannot see the credentials mode, so the fix built from that capture
   * lacks Allow-Credentials and Chromium keeps blocking (as in fixes-vercel.test.ts).
   */
  credentialsHidden?: boolean;
}

describe('the generated Worker, run by workerd in front of the origin, makes the failing lab request pass in Chromium', () => {
  it('runs a workerd that reports its version', () => {
    expect(WORKERD_VERSION).toMatch(/^1\.\d{8}\.\d+$/);
    expect(COMPATIBILITY_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each<Case>([
    { scenario: 'preflight-404', why: 'PUT + X-Custom + body: the Worker answers the preflight the origin 404s, the PUT and its body reach the origin' },
    { scenario: 'preflight-401-auth', why: 'the origin rejects the credential-less OPTIONS with 401: the Worker answers it before the origin' },
    { scenario: 'header-not-allowed', why: 'Authorization listed in Access-Control-Allow-Headers' },
    { scenario: 'preflight-wildcard-credentials', why: 'credentialed POST: the named origin and Allow-Credentials, never *', credentialsHidden: true },
  ])('$scenario ($why)', async ({ scenario, credentialsHidden }) => {
    const def = findScenario(scenario)!;
    const spec = def.spec;
    const path = `/s/${scenario}`;
    const actual = spec.actual ?? defaultActual;
    const expected = { status: actual.status, body: actual.body ?? '' };
    expect(def.preflight).toBe(true);

    // 1. The lab failure, as the extension captured it, and the Worker built from it.
    const labFailure = await capturedLabFailure(ext, lab, scenario);
    expect(labFailure.diagnosis.verdict).toBe('blocked');
    const fromLab = workersFix(labFailure.diagnosis, labFailure.exchange);
    expect(fromLab.snippet).toContain(lab.pageOrigin);

    // 2. Before: the origin behind a pass-through Worker. The preflight reaches the origin and
    //    gets its answer, without CORS headers; Chromium blocks, the extension records it.
    let fromDeployment: Fix;
    const before = await deploy(PASS_THROUGH_WORKER, scenario);
    try {
      const target = `${before.origin}${path}?before=${unique('before')}`;
      const captured = await expectBlockedAndCaptured(ext, lab, target, spec, 'a Worker without CORS handling must block');
      expect(before.originRequests.filter((r) => r.method === 'OPTIONS'), before.output()).toMatchObject([{ url: new URL(target).pathname + new URL(target).search, status: (spec.preflight ?? defaultPreflight).status }]);
      expect(captured.preflightFailure).toBe(true);
      fromDeployment = workersFix(captured.diagnosis, captured.exchange);
      expect(fromDeployment.snippet).toContain(lab.pageOrigin);
      if (credentialsHidden) {
        expect(captured.diagnosis.credentials).toEqual({ mode: 'omit', assumed: true });
        expect(fromDeployment.snippet).not.toContain('Access-Control-Allow-Credentials');
      }
    } finally {
      await undeploy(before);
    }

    // 3. After: the generated Worker in front of the same origin. The preflight never reaches
    //    the origin (the Worker answers it); the actual request does, once, and its answer comes
    //    back with the CORS headers added. Nothing is recorded, the badge stays empty.
    const runs: Array<[string, Fix]> = [['built from the lab failure', fromLab]];
    if (!credentialsHidden) runs.push(['built from the failure behind the pass-through Worker', fromDeployment]);
    for (const [label, fix] of runs) {
      const after = await deploy(fix.snippet, scenario);
      try {
        const target = `${after.origin}${path}?fixed=${unique('after')}`;
        await expectPasses(ext, lab, target, spec, expected, `Worker ${label}\n${fix.snippet}\nworkerd:\n${after.output()}`);
        expect(after.originRequests.map((r) => [r.method, r.url, r.status]), label).toEqual([[spec.method, new URL(target).pathname + new URL(target).search, actual.status]]);
        // Subrequests keep the Host the browser used (the Worker's own), as on a Cloudflare route.
        expect(after.originRequests[0]?.host).toBe(new URL(after.origin).host);
      } finally {
        await undeploy(after);
      }
    }

    // The Worker built from the pass-through failure without Allow-Credentials stays blocked,
    // for exactly that reason.
    if (credentialsHidden) {
      const after = await deploy(fromDeployment.snippet, scenario);
      try {
        const target = `${after.origin}${path}?fixed=${unique('no-credentials')}`;
        const captured = await expectBlockedAndCaptured(ext, lab, target, spec, `Worker without Allow-Credentials\n${fromDeployment.snippet}`);
        expect(captured.diagnosis.checks[0]?.code).toBe('PreflightInvalidAllowCredentials');
        expect(after.originRequests).toEqual([]);
      } finally {
        await undeploy(after);
      }
    }
  });
});
