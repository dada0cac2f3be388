// The generated fixes, run for real: a lab scenario fails in Chromium with the extension loaded;
// the exchange and diagnosis the extension captured go through fixesFor(); the stack's snippet is started as a real server on 127.0.0.1; the same request
// from the lab page origin then passes, and the extension's badge for that tab stays empty.
// The Workers snippet here, through a Node adapter (workerd runs it in fixes-workerd.test.ts).
// The Next.js snippet is run only by Next.js (fixes-nextjs-real.test.ts): it imports
// `next/navigation`, which Node's own ESM loader cannot resolve (the package has no exports
// map). Express, Fastify, Koa and Hono run the six journey cases in the user's own app:
// fixes-express.test.ts and the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../lab/scenarios';
import { startLab, type Lab } from '../../lab/server';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor, type StackId } from '../../src/core/fixes/index';
import { startSnippetServer } from '../fixtures/fixes/snippet-server';
import { capturedLabFailure, expectNothingCaptured, labPage, requestFromLabPage } from './fix-journey';
import { launchExtension, type ExtensionBrowser } from './harness';

let lab: Lab;
let ext: ExtensionBrowser;

beforeAll(async () => {
  lab = await startLab();
  // The warm-up page must fail CORS (the harness waits for the worker to capture it).
  ext = await launchExtension(lab.scenarioUrl('preflight-404'));
});
afterAll(async () => {
  await ext?.close();
  await lab?.close();
});

interface Case {
  stack: StackId;
  scenario: string;
  /** The route behind the fix throws, to prove CORS headers survive on the error response. */
  throws?: boolean;
  status: number;
  why: string;
}

describe('generated fixes, started as real servers, make the failing lab request pass in Chromium', () => {
  it.each<Case>([
    { stack: 'cloudflare-workers', scenario: 'preflight-wildcard-credentials', status: 200, why: 'credentials: named origin plus Allow-Credentials, never *' },
  ])('$stack fixes $scenario ($why)', async ({ stack, scenario, throws, status }) => {
    // The values come from the engine as the extension ran it on the real failure.
    const { exchange, diagnosis } = await capturedLabFailure(ext, lab, scenario);
    expect(diagnosis.verdict).toBe('blocked');
    expect(diagnose(exchange).checks[0]?.code).toBe(diagnosis.checks[0]?.code);
    const fix = fixesFor(diagnosis, exchange).find((f) => f.stack === stack)!;
    expect(fix.snippet).toContain(lab.pageOrigin);

    const server = await startSnippetServer(fix, { throws: throws ?? false });
    const page = await labPage(ext, lab);
    try {
      const result = await requestFromLabPage(page, `${server.origin}/s/${scenario}?fixed=1`, findScenario(scenario)!.spec);
      expect(result, server.output()).toMatchObject({ ok: true, status });
      await expectNothingCaptured(ext, lab, page, server.origin);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
