// The lab is the ground truth the e2e tests stand on, so it is proven twice:
// the raw HTTP server against hand-written bytes, and every scenario against
// real Chromium, whose CDP Audits issue is the oracle for `chromiumError`.

import net from 'node:net';
import fc from 'fast-check';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSpec, type CustomSpec } from '../../lab/custom-spec';
import { parseRequest, serializeResponse, type ParseResult } from '../../lab/raw-http';
import { scenarios } from '../../lab/scenarios';
import { startLab, type Lab, type LabScenarioDefinition } from '../../lab/server';
import { pollUntil as pollPage } from './harness';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function pollUntil<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Sends bytes on a fresh connection and returns everything the server wrote before closing. */
function rawExchange(port: number, bytes: string | Buffer, opts: { endAfterWrite?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.setTimeout(5_000, () => socket.destroy(new Error('raw exchange timed out')));
    socket.write(bytes);
    if (opts.endAfterWrite) socket.end();
  });
}

function portOf(origin: string): number {
  return Number(new URL(origin).port);
}

describe('parseRequest', () => {
  type Case = { name: string; input: string; expected: Partial<ParseResult> & { kind: ParseResult['kind'] }; status?: number };
  it.each<Case>([
    { name: 'lower-case method kept verbatim (fetch sends `patch`)', input: 'patch /x HTTP/1.1\r\nHost: a\r\n\r\n', expected: { kind: 'request' } },
    { name: 'incomplete head waits for more', input: 'GET / HTTP/1.1\r\nHost: a\r\n', expected: { kind: 'incomplete' } },
    { name: 'body waits for Content-Length bytes', input: 'PUT / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab', expected: { kind: 'incomplete' } },
    { name: 'leading empty lines ignored (RFC 9112 §2.2)', input: '\r\n\r\nGET / HTTP/1.1\r\n\r\n', expected: { kind: 'request' } },
    { name: 'bare LF line endings accepted', input: 'GET / HTTP/1.1\nHost: a\n\n', expected: { kind: 'request' } },
    { name: 'garbage request line', input: 'hello there\r\n\r\n', expected: { kind: 'error' }, status: 400 },
    { name: 'method that is not a token', input: 'GE(T / HTTP/1.1\r\n\r\n', expected: { kind: 'error' }, status: 400 },
    { name: 'HTTP/2 request line', input: 'GET / HTTP/2.0\r\n\r\n', expected: { kind: 'error' }, status: 505 },
    { name: 'header without colon', input: 'GET / HTTP/1.1\r\nnocolon\r\n\r\n', expected: { kind: 'error' }, status: 400 },
    { name: 'obs-fold rejected (RFC 9112 §5.2)', input: 'GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n', expected: { kind: 'error' }, status: 400 },
    { name: 'conflicting Content-Length (RFC 9112 §6.3)', input: 'PUT / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', expected: { kind: 'error' }, status: 400 },
    { name: 'negative Content-Length', input: 'PUT / HTTP/1.1\r\nContent-Length: -1\r\n\r\n', expected: { kind: 'error' }, status: 400 },
    { name: 'chunked body not supported', input: 'PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', expected: { kind: 'error' }, status: 501 },
  ])('$name', ({ input, expected, status }) => {
    const result = parseRequest(Buffer.from(input, 'latin1'));
    expect(result.kind).toBe(expected.kind);
    if (status !== undefined && result.kind === 'error') expect(result.status).toBe(status);
  });

  it('keeps duplicate header lines in order and consumes exactly one pipelined request', () => {
    const first = 'PUT /a HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\nContent-Length: 3\r\n\r\nabc';
    const result = parseRequest(Buffer.from(first + 'GET /b HTTP/1.1\r\n\r\n', 'latin1'));
    expect(result.kind).toBe('request');
    if (result.kind !== 'request') return;
    expect(result.consumed).toBe(first.length);
    expect(result.request.headers).toEqual([['X-A', '1'], ['x-a', '2'], ['Content-Length', '3']]);
    expect(result.request.body.toString()).toBe('abc');
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 200 }), (bytes, text) => {
        for (const input of [Buffer.from(bytes), Buffer.from(`GET / HTTP/1.1\r\n${text}\r\n\r\n`, 'latin1')]) {
          expect(['incomplete', 'request', 'error']).toContain(parseRequest(input).kind);
        }
      }),
    );
  });

  it('rejects an oversized head instead of buffering forever', () => {
    const result = parseRequest(Buffer.from('GET / HTTP/1.1\r\nX: ' + 'a'.repeat(70_000)), { maxHeadBytes: 64 * 1024, maxHeaderCount: 10, maxBodyBytes: 10 });
    expect(result).toMatchObject({ kind: 'error', status: 431 });
  });
});

describe('serializeResponse', () => {
  it('writes header lines verbatim and adds only the framing', () => {
    const bytes = serializeResponse(
      { status: 200, headers: [['Access-Control-Allow-Origin', 'a'], ['access-control-allow-origin', ' b ']], body: 'hi' },
      { head: false, close: true },
    ).toString('latin1');
    expect(bytes).toBe(
      'HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: a\r\naccess-control-allow-origin:  b \r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi',
    );
  });

  it('sends no body for 204 or HEAD', () => {
    expect(serializeResponse({ status: 204, headers: [], body: 'x' }, { head: false, close: false }).toString()).toBe('HTTP/1.1 204 No Content\r\n\r\n');
    expect(serializeResponse({ status: 200, headers: [], body: 'xy' }, { head: true, close: false }).toString()).toBe('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n');
  });
});

describe('lab servers (no browser)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('lists kebab-case, unique scenarios; every blocked one names its CorsError', () => {
    const ids = lab.scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of lab.scenarios) {
      expect(s.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(s.expect === 'blocked').toBe(s.chromiumError !== undefined);
    }
    for (const required of [
      'control-ok', 'simple-ok', 'preflight-404', 'preflight-405', 'preflight-401-auth', 'preflight-301-redirect',
      'preflight-missing-acao', 'preflight-wrong-origin', 'preflight-wildcard-credentials', 'preflight-missing-acac',
      'method-not-allowed', 'header-not-allowed', 'duplicate-acao', 'response-missing-acao', 'simple-missing-acao', 'dead-port',
    ]) {
      expect(ids).toContain(required);
    }
    expect(() => lab.scenarioUrl('no-such-thing')).toThrow();
  });

  it('puts duplicate ACAO lines on the wire byte for byte, echoing {origin}', async () => {
    const reply = await rawExchange(
      portOf(lab.apiOrigin),
      'OPTIONS /s/preflight-duplicate-acao?n=1 HTTP/1.1\r\nHost: x\r\nOrigin: http://page.test\r\nConnection: close\r\n\r\n',
    );
    expect(reply).toBe(
      'HTTP/1.1 204 No Content\r\n' +
        'Access-Control-Allow-Origin: http://page.test\r\n' +
        'Access-Control-Allow-Methods: GET, PUT, POST, DELETE\r\n' +
        'Access-Control-Allow-Headers: X-Custom, Content-Type, Authorization\r\n' +
        'Vary: Origin\r\n' +
        'access-control-allow-origin: *\r\n' +
        'Connection: close\r\n\r\n',
    );
  });

  it('answers a lower-case method and pipelined keep-alive requests in order', async () => {
    const spec = encodeSpec({ method: 'patch', actual: { status: 201, headers: [['X-Seen', 'yes']], body: 'made' } });
    const reply = await rawExchange(
      portOf(lab.apiOrigin),
      `patch /custom/a?spec=${spec} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi` +
        `GET /custom/b?spec=${spec} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    );
    expect(reply.match(/HTTP\/1\.1 201 Created/g)).toHaveLength(2);
    expect(reply).toMatch(/X-Seen: yes\r\nContent-Length: 4\r\n\r\nmadeHTTP\/1\.1/);
    const recorded = lab.requests.slice(-2);
    expect(recorded.map((r) => [r.method, r.path.slice(0, 10)])).toEqual([['patch', '/custom/a?'], ['GET', '/custom/b?']]);
  });

  it('answers garbage with 400, closes, and keeps serving', async () => {
    expect(await rawExchange(portOf(lab.apiOrigin), '\u0000\u0001garbage\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await rawExchange(portOf(lab.apiOrigin), 'GET /s/simple-ok HTTP/1.1\r\nHost: x\r\n', { endAfterWrite: true })).toBe('');
    expect(await rawExchange(portOf(lab.apiOrigin), 'GET /custom/x?spec=!!! HTTP/1.1\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await rawExchange(portOf(lab.apiOrigin), 'GET /s/simple-ok HTTP/1.1\r\nOrigin: o\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 200 OK\r\nAccess-Control-Allow-Origin: o\r\n/,
    );
  });

  it('keeps only the last 1000 requests', async () => {
    const bulk = Array.from({ length: 1005 }, (_, i) => `GET /bulk/${i} HTTP/1.1\r\nHost: x\r\n\r\n`).join('');
    await rawExchange(portOf(lab.apiOrigin), bulk + 'GET /bulk/last HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(lab.requests).toHaveLength(1000);
    expect(lab.requests.at(-1)?.path).toBe('/bulk/last');
  });

  it('refuses connections on the dead origin', async () => {
    await expect(rawExchange(portOf(lab.deadOrigin), 'GET / HTTP/1.1\r\n\r\n')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('rejects a custom spec whose header value would break the line', () => {
    expect(() => lab.customPageUrl({ method: 'GET', actual: { status: 200, headers: [['X', 'a\r\nInjected: 1']] } })).toThrow();
  });
});

describe('lab scenarios in Chromium', () => {
  let lab: Lab;
  let browser: Browser;

  beforeAll(async () => {
    lab = await startLab();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  interface CorsIssue {
    corsError: string;
    failedParameter: string;
    url: string;
  }
  interface Observed {
    page: Page;
    corsIssues: CorsIssue[];
    failures: { url: string; errorText: string }[];
  }

  /** A page with Audits (Chromium's CORS verdict) and Network (network errors) recorded from before navigation. */
  async function observedPage(): Promise<Observed> {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    const observed: Observed = { page, corsIssues: [], failures: [] };
    const urls = new Map<string, string>();
    cdp.on('Audits.issueAdded', ({ issue }) => {
      const details = issue.details.corsIssueDetails;
      if (details) observed.corsIssues.push({ ...details.corsErrorStatus, url: details.request.url });
    });
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFailed', (e) => observed.failures.push({ url: urls.get(e.requestId) ?? '', errorText: e.errorText }));
    await cdp.send('Audits.enable');
    await cdp.send('Network.enable');
    return observed;
  }

  async function labResult(page: Page): Promise<{ done: boolean; ok: boolean; status?: number; error?: string; runs: unknown[] }> {
    return pollPage(
      async () => {
        const r = await page.evaluate(() => (window as unknown as { __labResult?: { done: boolean; ok: boolean; runs: unknown[] } }).__labResult);
        return r?.done ? r : undefined;
      },
      { timeout: 20_000, what: `the lab page ${page.url()} to finish` },
    );
  }

  /**
   * Absence of an issue cannot be awaited directly. Chromium reports issues in
   * the order requests fail, so once a later, surely-blocked request's issue
   * has arrived, any issue the scenario would have produced has arrived too.
   */
  async function fence(observed: Observed): Promise<void> {
    const marker = `fence-${Math.random().toString(36).slice(2)}`;
    const url = `${lab.apiOrigin}/custom/${marker}?spec=${encodeSpec({ method: 'GET' })}`;
    await observed.page.evaluate((u) => fetch(u).then(() => 'allowed', () => 'blocked'), url);
    await pollUntil('the fence issue', () => observed.corsIssues.some((i) => i.url.includes(marker)));
  }

  // Fetch's CORS-preflight fetch fails before the actual request is sent; the
  // response-stage errors are raised on a request the server did receive.
  const failsAtPreflight = (s: LabScenarioDefinition) =>
    s.chromiumError !== undefined && /^Preflight|PreflightResponse$/.test(s.chromiumError);

  // Built from the table itself, so a new scenario is tested by being added.
  it.each(scenarios.map((s) => [s.id, s] as const))('%s', async (id, scenario) => {
    const observed = await observedPage();
    const seenBefore = lab.requests.length;
    try {
      await observed.page.goto(lab.scenarioUrl(id));
      const result = await labResult(observed.page);
      expect(await observed.page.title()).toBe(`done:${id}`);
      expect(result.ok, JSON.stringify(result)).toBe(scenario.expect === 'allowed');
      expect(await observed.page.locator('#result').textContent()).toContain('"done": true');

      if (scenario.chromiumError) {
        const issue = await pollUntil('a CORS issue for the scenario', () => observed.corsIssues.find((i) => i.url.includes(`/s/${id}?`)));
        expect(issue.corsError).toBe(scenario.chromiumError);
      } else {
        await fence(observed);
        expect(observed.corsIssues.filter((i) => i.url.includes(`/s/${id}?`))).toEqual([]);
      }
      if (scenario.expect === 'network-error') {
        const failure = await pollUntil('the network failure', () => observed.failures.find((f) => f.url.includes(`/s/${id}?`)));
        expect(failure.errorText).toBe('net::ERR_CONNECTION_REFUSED');
      }

      const hits = lab.requests.slice(seenBefore).filter((r) => r.path.startsWith(`/s/${id}?`));
      const preflights = hits.filter((r) => r.method === 'OPTIONS');
      const actuals = hits.filter((r) => r.method !== 'OPTIONS');
      if (scenario.target === 'dead') {
        expect(hits).toEqual([]);
      } else {
        expect(preflights).toHaveLength(scenario.preflight ? 1 : 0);
        expect(actuals).toHaveLength(failsAtPreflight(scenario) ? 0 : 1);
        if (actuals[0]) expect(actuals[0].method).toBe(scenario.spec.method);
      }
    } finally {
      await observed.page.close();
    }
  }, 30_000);

  it('?runs=3 sends three preflights: the per-request nonce defeats the preflight cache', async () => {
    const observed = await observedPage();
    const seenBefore = lab.requests.length;
    await observed.page.goto(`${lab.scenarioUrl('control-ok')}?runs=3`);
    const result = await labResult(observed.page);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.runs).toHaveLength(3);
    const hits = lab.requests.slice(seenBefore).filter((r) => r.path.startsWith('/s/control-ok?'));
    expect(hits.map((r) => r.method)).toEqual(['OPTIONS', 'PUT', 'OPTIONS', 'PUT', 'OPTIONS', 'PUT']);
    await observed.page.close();
  }, 30_000);

  type CustomCase = { name: string; spec: CustomSpec; ok: boolean; corsError?: string };
  it.each<CustomCase>([
    {
      name: 'reflected origin and upper-case PATCH allowed (control)',
      spec: {
        method: 'PATCH',
        headers: [['Content-Type', 'application/json']],
        body: '{}',
        preflight: { status: 200, headers: [['Access-Control-Allow-Origin', '{origin}'], ['Access-Control-Allow-Methods', 'PATCH'], ['Access-Control-Allow-Headers', 'content-type']] },
        actual: { status: 418, headers: [['Access-Control-Allow-Origin', '{origin}']], body: 'teapot' },
      },
      ok: true,
    },
    {
      name: 'default preflight (204, no headers) is blocked',
      spec: { method: 'DELETE' },
      ok: false,
      corsError: 'PreflightMissingAllowOriginHeader',
    },
  ])('custom page: $name', async ({ spec, ok, corsError }) => {
    const observed = await observedPage();
    const seenBefore = lab.requests.length;
    await observed.page.goto(lab.customPageUrl(spec));
    const result = await labResult(observed.page);
    expect(result.ok).toBe(ok);
    expect(await observed.page.title()).toBe('done:custom');
    const hits = lab.requests.slice(seenBefore).filter((r) => r.path.startsWith('/custom/'));
    expect(hits[0]?.method).toBe('OPTIONS');
    expect(hits[0]?.headers).toContainEqual(['Access-Control-Request-Method', spec.method]);
    if (corsError) {
      const issue = await pollUntil('the custom request issue', () => observed.corsIssues.find((i) => i.url.includes('/custom/')));
      expect(issue.corsError).toBe(corsError);
    } else {
      expect(result.status).toBe(418);
    }
    await observed.page.close();
  }, 30_000);

  it('index lists every scenario and "Run all" reproduces every expected outcome from one page', async () => {
    const page = await browser.newPage();
    await page.goto(lab.indexUrl);
    for (const s of lab.scenarios) {
      expect(await page.locator(`a[href="/scenario/${s.id}"]`).count()).toBe(1);
    }
    await page.click('#run-all');
    await pollPage(() => page.evaluate(() => (window as unknown as { __labRunAll: { done: boolean } }).__labRunAll.done), { timeout: 60_000, what: 'the lab index to run every scenario' });
    const results = await page.evaluate(() => (window as unknown as { __labRunAll: { results: Record<string, { ok: boolean }> } }).__labRunAll.results);
    for (const s of lab.scenarios) expect(results[s.id]?.ok, s.id).toBe(s.expect === 'allowed');
    expect(await page.locator('#summary').textContent()).toBe(`${lab.scenarios.length} / ${lab.scenarios.length} as expected`);
    await page.close();
  }, 90_000);
});
