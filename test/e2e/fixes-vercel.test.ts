// The generated Vercel fix, run in a local emulation of Vercel's routing (Vercel's edge cannot run
// here): the vercel.json is compiled the way the Vercel CLI compiles it (headersSchema, then
// getTransformedRoutes() from @vercel/routing-utils into Build Output API routes) and served by a
// loopback "Vercel edge" (test/fixtures/fixes/vercel-edge.ts says which parts of Vercel's proxy
// it models and where it departs) in front of a Vercel Function with HTTP method exports, served
// as @vercel/node serves one (test/fixtures/fixes/vercel-function.ts): the case's method is
// exported and answers as the CORS-unaware app does; any other method, OPTIONS included, gets
// Vercel's 405. For each of the six journey cases (fix-journey-cases.ts):
//   1. the request from the lab page to the deployment without headers fails in Chromium with the
//      extension loaded, and is captured;
//   2. the vercel.json built from that capture is deployed as the project's vercel.json, as its
//      `where` says (nothing substituted). vercel.json headers decorate the function's responses
//      and never answer a preflight: for a preflighted request the page is still blocked on the
//      function's 405 (shown here, in Chromium), and the fix's pitfall gives the line a Vercel user
//      adds, an OPTIONS export; it is added to the function's module as written;
//   3. the project is redeployed (same origin, the new vercel.json, the new function);
//   4. the same request passes, nothing is captured and the badge stays empty; the same PUT from
//      a page origin the vercel.json does not name stays blocked.
// The error-page case is the function returning its 500 page; an uncaught exception gets Vercel's
// own FUNCTION_INVOCATION_FAILED page instead, which the emulation does not model.
import { getTransformedRoutes } from '@vercel/routing-utils';
import { describe, expect, it } from 'vitest';
import { findScenario, scenarios } from '../../lab/scenarios';
import type { Lab } from '../../lab/server';
import { diagnose, type Diagnosis } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import { labExchange, PAGE_ORIGIN } from '../fixtures/fixes/lab-exchange';
import { compileVercelJson, routeHeaders, startVercelEdge } from '../fixtures/fixes/vercel-edge';
import { vercelFunctionModule } from '../fixtures/fixes/vercel-function';
import { caseSpec, journeyCases, labFromOtherOrigin, type JourneyCase } from './fix-journey-cases';
import { expectBlockedAndCaptured, unique } from './fix-journey';
import { caseAnswer, journeyBrowser, runJourneySteps } from './app-fix-journey';
import type { ExtensionBrowser } from './harness';

function vercelFix(diagnosis: Diagnosis, exchange: Exchange): Fix {
  const [fix] = fixesFor(diagnosis, exchange, { only: ['vercel'] });
  expect(fix?.stack).toBe('vercel');
  return fix!;
}

/** The snippet as vercel.json: what getTransformedRoutes() makes of it must carry no error. */
function vercelJsonOf(fix: Fix): string {
  const compiled = getTransformedRoutes(JSON.parse(fix.snippet) as Parameters<typeof getTransformedRoutes>[0]);
  expect(compiled.error, fix.snippet).toBeNull();
  expect(compiled.routes?.length, fix.snippet).toBeGreaterThan(0);
  return fix.snippet;
}

/** The user's function: the case's one method, answering as the CORS-unaware app does. */
function functionSource(c: JourneyCase): string {
  const { status, headers, body } = c.app.actual;
  return [
    `export function ${c.request.method ?? 'GET'}() {`,
    `  return new Response(${JSON.stringify(body ?? '')}, { status: ${status}, headers: ${JSON.stringify(headers)} });`,
    '}',
  ].join('\n');
}

/** The line the fix's pitfall tells a Vercel user to add to the function, as it gives it. */
function optionsExportFrom(fix: Fix): string {
  const line = /`(export function OPTIONS\(\) \{[^`]*\})`/.exec(fix.pitfall ?? '')?.[1];
  expect(line, `the pitfall names the OPTIONS export the function needs:\n${fix.pitfall}`).toBeDefined();
  return line!;
}

describe("the generated vercel.json, in a local emulation of Vercel's routing in front of a Vercel Function, makes the failing request pass in Chromium", () => {
  let lab: Lab;
  let ext: ExtensionBrowser;
  journeyBrowser((l, e) => ((lab = l), (ext = e)));

  it.each(journeyCases)('$id: $why', async (c: JourneyCase) => {
    const spec = caseSpec(c);
    const fn = await vercelFunctionModule(functionSource(c));
    const edge = await startVercelEdge('{}', fn.handler);
    const target = (label: string) => `${edge.origin}/api/${c.id}?${unique(label)}`;
    const why = () =>
      `vercel.json\n${edge.vercelJson}\nthe function\n${fn.source()}\nthrough the edge\n${edge.requests.map((r) => `${r.method} ${r.url} -> ${r.functionStatus} [${r.routeHeaders.join(', ')}]`).join('\n')}`;
    // The other-origin case: steps 1-4 as for the PUT, then the page on another origin below.
    const otherOrigin = 'blocked' in c.after;
    try {
      await runJourneySteps({
        ext, lab, stack: 'vercel', c: otherOrigin ? { ...c, after: { status: c.app.actual.status } } : c, target, why,
        expected: caseAnswer(c),
        credentialsLine: '"key": "Access-Control-Allow-Credentials"',
        checkFix: (fix) => vercelJsonOf(fix),
        apply: async (fix) => {
          edge.redeploy(fix.snippet);
          const preflighted = edge.requests.some((r) => r.method === 'OPTIONS');
          if (!preflighted || fn.exports().includes('OPTIONS')) return;
          // The vercel.json alone: its headers are on the function's 405, and Chromium still
          // blocks the preflight for its status, as the fix's pitfall says.
          const still = await expectBlockedAndCaptured(ext, lab, target('vercel-json-only'), spec, `vercel.json alone cannot answer OPTIONS\n${why()}`);
          expect(still.exchange.preflight).toMatchObject({ kind: 'observed', status: 405 });
          expect(edge.requests.at(-1)).toMatchObject({ method: 'OPTIONS', functionStatus: 405 });
          expect(edge.requests.at(-1)?.routeHeaders).toContain('Access-Control-Allow-Origin');
          // What the user does: the line the pitfall gives, added to the function.
          await fn.add(optionsExportFrom(fix));
        },
      });
      if (otherOrigin) {
        // vercel.json headers are static: every page gets the one origin they name, so a page on
        // another origin is refused for a mismatch (runJourneySteps expects no origin at all).
        const other = labFromOtherOrigin(lab);
        const blocked = await expectBlockedAndCaptured(ext, other, target('other-origin'), spec, `a page on ${other.pageOrigin} must stay blocked\n${why()}`);
        expect(blocked.exchange.request.origin).toBe(other.pageOrigin);
        expect(blocked.diagnosis.checks[0]?.code, why()).toBe('PreflightAllowOriginMismatch');
      }
    } finally {
      await edge.close();
      fn.close();
    }
  });
});

describe('every generated vercel.json compiles as Vercel compiles it, and its route covers the failing path', () => {
  it.each(scenarios.map((s) => s.id))('%s', (id) => {
    const ex = labExchange(findScenario(id)!);
    const fix = vercelFix(diagnose(ex), ex);
    const routes = compileVercelJson(vercelJsonOf(fix));
    expect(routeHeaders(routes, `/s/${id}`).get('access-control-allow-origin')?.value).toBe(PAGE_ORIGIN);
  });
});

describe('the Vercel Function fixture routes by method export as @vercel/node does', () => {
  it('answers a method the module does not export with 405 and no body, OPTIONS included; a line added to the module runs', async () => {
    const fn = await vercelFunctionModule('export function PUT(request) {\n  return new Response(`put ${new URL(request.url).search}`, { status: 201, headers: { "X-From": "fn" } });\n}');
    const edge = await startVercelEdge('{}', fn.handler);
    try {
      const put = await fetch(`${edge.origin}/api/x?q=1`, { method: 'PUT', body: '{}' });
      expect([put.status, put.headers.get('x-from'), await put.text()]).toEqual([201, 'fn', 'put ?q=1']);
      for (const method of ['OPTIONS', 'GET', 'DELETE']) {
        const res = await fetch(`${edge.origin}/api/x`, { method });
        expect([method, res.status, await res.text()]).toEqual([method, 405, '']);
      }
      expect(fn.exports()).toEqual(['PUT']);
      await fn.add('export function OPTIONS() { return new Response(null, { status: 204 }); }');
      expect(fn.exports().sort()).toEqual(['OPTIONS', 'PUT']);
      expect((await fetch(`${edge.origin}/api/x`, { method: 'OPTIONS' })).status).toBe(204);
    } finally {
      await edge.close();
      fn.close();
    }
  });
});

describe('the Vercel edge fixture applies routes as the Build Output API describes them', () => {
  it('matches the pathname case-insensitively unless caseSensitive, without the query string', () => {
    const [route] = compileVercelJson(JSON.stringify({ headers: [{ source: '/api/(.*)', headers: [{ key: 'X-A', value: '1' }] }] }));
    expect(route).toMatchObject({ continue: true });
    expect(routeHeaders([route!], '/API/users').get('x-a')?.value).toBe('1');
    expect(routeHeaders([{ ...route!, caseSensitive: true }], '/API/users').size).toBe(0);
    expect(routeHeaders([route!], '/apis/users').size).toBe(0);
    expect(routeHeaders([route!], '/other/api/users').size).toBe(0);
  });

  it('keeps evaluating after a `continue` route: later matches merge, the later value wins', () => {
    const routes = compileVercelJson(
      JSON.stringify({
        headers: [
          { source: '/(.*)', headers: [{ key: 'X-A', value: 'all' }, { key: 'X-B', value: 'all' }] },
          { source: '/api/(.*)', headers: [{ key: 'x-b', value: 'api' }] },
        ],
      }),
    );
    const merged = routeHeaders(routes, '/api/x');
    expect([...merged.values()].map((h) => [h.name, h.value])).toEqual([['X-A', 'all'], ['x-b', 'api']]);
  });

  it('a redeploy on the same origin applies the new vercel.json, and keeps the deployment when Vercel would refuse the new one', async () => {
    const edge = await startVercelEdge('{}', (_req, res) => res.end('ok'));
    try {
      expect((await fetch(`${edge.origin}/api/x`)).headers.get('x-a')).toBeNull();
      const json = JSON.stringify({ headers: [{ source: '/api/(.*)', headers: [{ key: 'X-A', value: '1' }] }] });
      edge.redeploy(json);
      expect((await fetch(`${edge.origin}/api/x`)).headers.get('x-a')).toBe('1');
      expect(() => edge.redeploy(JSON.stringify({ headers: [{ source: '/api/(', headers: [{ key: 'X-A', value: '2' }] }] }))).toThrow();
      expect(edge.vercelJson).toBe(json);
      expect((await fetch(`${edge.origin}/api/x`)).headers.get('x-a')).toBe('1');
    } finally {
      await edge.close();
    }
  });

  it('refuses what Vercel refuses: an invalid source, and a header without a value', () => {
    expect(getTransformedRoutes({ headers: [{ source: '/api/(', headers: [{ key: 'X-A', value: '1' }] }] }).error).not.toBeNull();
    expect(() => compileVercelJson(JSON.stringify({ headers: [{ source: '/api/(', headers: [{ key: 'X-A', value: '1' }] }] }))).toThrow(/getTransformedRoutes|Invalid/);
    expect(() => compileVercelJson(JSON.stringify({ headers: [{ source: '/api/(.*)', headers: [{ key: 'X-A' }] }] }))).toThrow(/Invalid vercel.json/);
  });

  it('sends OPTIONS to the function, adds the route headers to its answer, and lets the function keep its own value', async () => {
    const json = JSON.stringify({ headers: [{ source: '/api/(.*)', headers: [{ key: 'Access-Control-Allow-Origin', value: PAGE_ORIGIN }, { key: 'X-Both', value: 'route' }] }] });
    const edge = await startVercelEdge(json, (req, res) => {
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { 'X-Both': 'function', 'X-Method': req.method ?? '' });
      res.end();
    });
    try {
      const pre = await fetch(`${edge.origin}/api/x?q=1`, { method: 'OPTIONS' });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('x-method')).toBe('OPTIONS');
      expect(pre.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
      expect(pre.headers.get('x-both')).toBe('function');
      expect(pre.headers.get('server')).toBe('Vercel');
      const other = await fetch(`${edge.origin}/elsewhere`);
      expect(other.status).toBe(200);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expect(edge.requests.map((r) => [r.method, r.url, r.functionStatus])).toEqual([
        ['OPTIONS', '/api/x?q=1', 204],
        ['GET', '/elsewhere', 200],
      ]);
    } finally {
      await edge.close();
    }
  });
});
