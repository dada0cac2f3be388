// The generated fixes, run for real: a lab scenario fails in Chromium with the extension loaded;
// the exchange and diagnosis the extension captured go through fixesFor(); the stack's snippet is started as a real server on 127.0.0.1; the same request
// from the lab page origin then passes, and the extension's badge for that tab stays empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../lab/scenarios';
import { startLab, type Lab } from '../../lab/server';
import { diagnose, type Diagnosis } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { fixesFor, type StackId } from '../../src/core/fixes/index';
import { startSnippetServer } from '../fixtures/fixes/snippet-server';
import { labResult, launchExtension, pollUntil, type ExtensionBrowser } from './harness';

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

/** Runs the lab scenario; it must fail, and the extension must capture it: its exchange and diagnosis are returned. */
async function capturedFailure(id: string): Promise<{ exchange: Exchange; diagnosis: Diagnosis }> {
  const page = await ext.context.newPage();
  try {
    await page.goto(lab.scenarioUrl(id));
    const result = await labResult(page);
    expect(result.ok, `${id} must fail before the fix`).toBe(false);
    const tabId = await ext.tabIdOf(page);
    const failure = await pollUntil(async () => (await ext.failures(tabId)).find((f) => f.exchange.request.url.includes(`/s/${id}?`)), {
      what: `the extension to capture ${id}`,
    });
    return { exchange: failure.exchange, diagnosis: failure.diagnosis };
  } finally {
    await page.close();
  }
}

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
    { stack: 'express', scenario: 'preflight-404', status: 200, why: 'PUT + X-Custom: cors() before the routes answers OPTIONS' },
    { stack: 'fastify', scenario: 'method-not-allowed', status: 200, why: 'DELETE: @fastify/cors v11 needs `methods` beyond GET/HEAD/POST' },
    { stack: 'koa', scenario: 'error-page-without-cors', throws: true, status: 500, why: 'a thrown 500 keeps CORS headers (keepHeadersOnError)' },
    { stack: 'hono', scenario: 'header-not-allowed', status: 200, why: 'Authorization listed in allowHeaders' },
    { stack: 'nextjs', scenario: 'preflight-401-auth', status: 200, why: 'exported OPTIONS answers the preflight' },
    { stack: 'cloudflare-workers', scenario: 'preflight-wildcard-credentials', status: 200, why: 'credentials: named origin plus Allow-Credentials, never *' },
    { stack: 'express', scenario: 'response-wildcard-credentials', status: 200, why: 'credentialed simple GET: allow-list instead of *' },
  ])('$stack fixes $scenario ($why)', async ({ stack, scenario, throws, status }) => {
    // The values come from the engine as the extension ran it on the real failure.
    const { exchange, diagnosis } = await capturedFailure(scenario);
    expect(diagnosis.verdict).toBe('blocked');
    expect(diagnose(exchange).checks[0]?.code).toBe(diagnosis.checks[0]?.code);
    const fix = fixesFor(diagnosis, exchange).find((f) => f.stack === stack)!;
    expect(fix.snippet).toContain(lab.pageOrigin);

    const server = await startSnippetServer(fix, { throws: throws ?? false });
    const page = await ext.context.newPage();
    try {
      await page.goto(lab.indexUrl);
      const spec = findScenario(scenario)!.spec;
      const target = `${server.origin}/s/${scenario}?fixed=1`;
      const result = await page.evaluate(
        async ({ target, spec }) => {
          try {
            const res = await fetch(target, { method: spec.method, headers: spec.headers as [string, string][], credentials: spec.credentials ?? 'same-origin', body: spec.body });
            return { ok: true, status: res.status, body: await res.text() };
          } catch (e) {
            return { ok: false, error: String(e) };
          }
        },
        { target, spec },
      );
      expect(result, server.output()).toMatchObject({ ok: true, status });

      const tabId = await ext.tabIdOf(page);
      expect(await ext.badgeText(tabId)).toBe('');
      // Absence cannot be awaited: a later request that surely fails is the fence. Once the
      // worker has captured it, it has seen the fixed request (events arrive in order).
      const fence = `${lab.apiOrigin}/s/preflight-404?fence=${Date.now()}`;
      await page.evaluate((u) => fetch(u, { method: 'PUT', headers: { 'X-Custom': 'fence' } }).catch(() => undefined), fence);
      const failures = await pollUntil(async () => {
        const f = await ext.failures(tabId);
        return f.some((x) => x.exchange.request.url === fence) ? f : undefined;
      }, { what: 'the fence failure to be captured' });
      expect(failures.filter((f) => f.exchange.request.url.startsWith(server.origin))).toEqual([]);
      expect(failures).toHaveLength(1);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
