// Steps shared by the tests that run a generated fix in its real runtime (every fixes-*.test.ts,
// most through runJourneySteps in app-fix-journey.ts): capture a failure with the extension, send
// the request from the lab page origin to a deployment, and check that it passes and nothing was
// captured for it afterwards.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultActual, defaultPreflight, renderHeaders, type CustomSpec } from '../../lab/custom-spec';
import type { Lab } from '../../lab/server';
import type { CapturedFailure } from '../../src/shared/messages';
import { labResult, pollUntil, type ExtensionBrowser } from './harness';

export type PageResult = { ok: true; status: number; body: string } | { ok: false; error: string };

/** Runs the lab scenario; it must fail, and the extension must capture it. */
export async function capturedLabFailure(ext: ExtensionBrowser, lab: Lab, id: string): Promise<CapturedFailure> {
  const page = await ext.context.newPage();
  try {
    await page.goto(lab.scenarioUrl(id));
    expect((await labResult(page)).ok, `${id} must fail before the fix`).toBe(false);
    const tabId = await ext.tabIdOf(page);
    return await pollUntil(async () => (await ext.failures(tabId)).find((f) => f.exchange.request.url.includes(`/s/${id}?`)), {
      what: `the extension to capture ${id}`,
    });
  } finally {
    await page.close();
  }
}

/** The scenario's request (method, headers, body, credentials), sent by the lab page to `target`. */
export function requestFromLabPage(page: Page, target: string, spec: CustomSpec): Promise<PageResult> {
  return page.evaluate(
    async ({ target, spec }) => {
      try {
        const res = await fetch(target, { method: spec.method, headers: spec.headers as [string, string][], credentials: spec.credentials ?? 'same-origin', body: spec.body });
        return { ok: true as const, status: res.status, body: await res.text() };
      } catch (e) {
        return { ok: false as const, error: String(e) };
      }
    },
    { target, spec },
  );
}

/** A fresh lab page (the lab page origin) for one request. */
export async function labPage(ext: ExtensionBrowser, lab: Lab): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(lab.indexUrl);
  return page;
}

/**
 * After a request that passed: the badge is empty and the extension recorded nothing for
 * `deploymentOrigin`. Absence cannot be awaited: a later request that surely fails is the fence;
 * once the worker has captured it, it has seen the requests before it (events arrive in order).
 */
export async function expectNothingCaptured(ext: ExtensionBrowser, lab: Lab, page: Page, deploymentOrigin: string): Promise<void> {
  const tabId = await ext.tabIdOf(page);
  expect(await ext.badgeText(tabId)).toBe('');
  const fence = `${lab.apiOrigin}/s/preflight-404?fence=${Date.now()}`;
  await page.evaluate((u) => fetch(u, { method: 'PUT', headers: { 'X-Custom': 'fence' } }).catch(() => undefined), fence);
  const failures = await pollUntil(
    async () => {
      const f = await ext.failures(tabId);
      return f.some((x) => x.exchange.request.url === fence) ? f : undefined;
    },
    { what: 'the fence failure to be captured' },
  );
  expect(failures.filter((f) => f.exchange.request.url.startsWith(deploymentOrigin))).toEqual([]);
  expect(failures).toHaveLength(1);
}

/**
 * The request to `target` is blocked in Chromium and the extension captures it (the badge counts
 * it when a preflight failed). Returns the capture.
 */
export async function expectBlockedAndCaptured(ext: ExtensionBrowser, lab: Lab, target: string, spec: CustomSpec, why: string): Promise<CapturedFailure> {
  const page = await labPage(ext, lab);
  try {
    expect(await requestFromLabPage(page, target, spec), why).toMatchObject({ ok: false });
    const tabId = await ext.tabIdOf(page);
    const captured = await pollUntil(async () => (await ext.failures(tabId)).find((f) => f.exchange.request.url === target), {
      what: `the extension to capture the blocked request to ${target}`,
    });
    expect(captured.diagnosis.verdict).toBe('blocked');
    // The badge counts preflight failures only (core/badge-text.ts badgeFor).
    if (captured.preflightFailure) await pollUntil(async () => ((await ext.badgeText(tabId)) !== '' ? true : undefined), { what: 'the badge to count the failure' });
    return captured;
  } finally {
    await page.close();
  }
}

/** The request to `target` passes with `expected`; nothing is captured, the badge stays empty. */
export async function expectPasses(ext: ExtensionBrowser, lab: Lab, target: string, spec: CustomSpec, expected: { status: number; body: string }, why: string): Promise<void> {
  const page = await labPage(ext, lab);
  try {
    expect(await requestFromLabPage(page, target, spec), why).toEqual({ ok: true, ...expected });
    await expectNothingCaptured(ext, lab, page, new URL(target).origin);
  } finally {
    await page.close();
  }
}

/** The lab scenario's server minus its CORS headers: OPTIONS gets the spec's preflight answer, any other method its actual one, every Access-Control-* header dropped. */
export function scenarioServer(spec: CustomSpec): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const answer = req.method === 'OPTIONS' ? (spec.preflight ?? defaultPreflight) : (spec.actual ?? defaultActual);
    const headers = withoutCors(renderHeaders(answer.headers, req.headers.origin));
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, headers.flat());
      res.end(answer.body ?? '');
    });
  };
}

export function withoutCors(headers: Array<[string, string]>): Array<[string, string]> {
  return headers.filter(([name]) => !/^access-control-/i.test(name));
}

/** A query value no earlier request used: Chromium's preflight cache is keyed by URL, and a port may be reused. */
let nonce = 0;
export function unique(label: string): string {
  return `${label}-${Date.now()}-${++nonce}`;
}

/** A CORS-unaware app (scenarioServer's handler, say) on a free 127.0.0.1 port, for a server under test to sit in front of. */
export async function startCorsUnawareApp(handler: http.RequestListener): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
