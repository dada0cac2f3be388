// `check` follows a redirect the way the browser does with the page's credentials: Fetch
// "HTTP-redirect fetch" removes Authorization when the redirect crosses origins (observed in
// Chromium 156: the new origin gets no Authorization, its preflight does not ask for it, and a
// request only Authorization made non-simple is not preflighted there), and a host's cookies
// (the -H Cookie) never go to another host. The output says what was dropped and why.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './run-cli';

interface Received {
  server: 'a' | 'b';
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}
const received: Received[] = [];
let a: http.Server;
let b: http.Server;
let A = '';
let B = '';
const PAGE = 'https://app.test';
const TOKEN = 'Bearer S3cretT0ken-abc';
const COOKIE = 'sid=S3cretC00kie-xyz';

function listen(s: http.Server, host: string): Promise<string> {
  return new Promise((r) => s.listen(0, host, () => r(`http://${host}:${(s.address() as { port: number }).port}`)));
}

// Both servers allow everything (credentials, any origin including `null`), so what decides the
// outcome is only what cors-doctor chose to send.
function allowAll(req: http.IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'GET, PUT',
    'Access-Control-Allow-Headers': 'authorization, x-custom',
  };
}

beforeAll(async () => {
  ensureBuilt();
  a = http.createServer((req, res) => {
    received.push({ server: 'a', method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (req.method === 'OPTIONS') return res.writeHead(204, allowAll(req)).end();
    if (req.url === '/to-other') return res.writeHead(307, { ...allowAll(req), Location: `${B}/collect` }).end();
    if (req.url === '/to-same') return res.writeHead(307, { ...allowAll(req), Location: '/final' }).end();
    res.writeHead(200, allowAll(req)).end('ok');
  });
  // The collector, on another loopback address: another host, another origin.
  b = http.createServer((req, res) => {
    received.push({ server: 'b', method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, allowAll(req)).end('ok');
  });
  A = await listen(a, '127.0.0.1');
  B = await listen(b, '127.0.0.2');
}, 120_000);
afterAll(() => {
  a?.close();
  b?.close();
});

const credentialed = ['-H', `Authorization: ${TOKEN}`, '-H', `Cookie: ${COOKIE}`, '--credentials'];
const atB = () => received.filter((r) => r.server === 'b');

describe('credentials across a cross-origin redirect (127.0.0.1 -> 307 -> 127.0.0.2)', () => {
  it('neither Authorization nor the Cookie reaches the other origin; the JSON says what was dropped and why', async () => {
    received.length = 0;
    const r = await runCli(['check', `${A}/to-other`, '--origin', PAGE, ...credentialed, '--json']);
    // The first origin got both: they were the user's to send there.
    const first = received.find((x) => x.server === 'a' && x.method === 'GET');
    expect(first?.headers.authorization).toBe(TOKEN);
    expect(first?.headers.cookie).toBe(COOKIE);
    expect(atB().map((x) => x.method)).toEqual(['GET']);
    for (const x of atB()) {
      expect(x.headers.authorization).toBeUndefined();
      expect(x.headers.cookie).toBeUndefined();
      expect(x.headers.origin).toBe('null');
    }
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout).failures[0];
    const notes = f.diagnosis.warnings.filter((w: { code: string }) => w.code.startsWith('redirect-'));
    expect(notes.map((w: { code: string; header: string }) => `${w.code} ${w.header}`)).toEqual([
      'redirect-removed-authorization Authorization',
      'redirect-withheld-cookie Cookie',
    ]);
    expect(notes[0].message).toContain('crosses origins');
    expect(notes[1].message).toContain('127.0.0.2');
    expect(r.stdout).not.toContain('S3cret');
  });

  it('the text output names each dropped header at the hop where it was dropped, and why', async () => {
    received.length = 0;
    const r = await runCli(['check', `${A}/to-other`, '--origin', PAGE, ...credentialed]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/redirect: Authorization removed: the redirect goes from http:\/\/127\.0\.0\.1:\d+ to another origin, http:\/\/127\.0\.0\.2:\d+/);
    expect(r.stdout).toContain('redirect: Cookie not sent: it was given for 127.0.0.1, not 127.0.0.2');
    expect(r.stdout).toContain('removes the Authorization header');
    expect(r.stdout).not.toContain('S3cret');
    expect(atB().every((x) => x.headers.authorization === undefined && x.headers.cookie === undefined)).toBe(true);
  });

  it('a preflighted request is preflighted again at the new origin without authorization in Access-Control-Request-Headers', async () => {
    received.length = 0;
    const r = await runCli(['check', `${A}/to-other`, '--origin', PAGE, '-X', 'PUT', '-H', 'X-Custom: 1', ...credentialed, '--json']);
    expect(r.code).toBe(0);
    expect(received.map((x) => `${x.server} ${x.method} ${x.headers['access-control-request-headers'] ?? '-'}`)).toEqual([
      'a OPTIONS authorization,x-custom',
      'a PUT -',
      'b OPTIONS x-custom',
      'b PUT -',
    ]);
    for (const x of atB()) {
      expect(x.headers.authorization).toBeUndefined();
      expect(x.headers.cookie).toBeUndefined();
    }
  });

  it('a GET only Authorization made non-simple is not preflighted at the new origin (as Chromium 156 does)', async () => {
    received.length = 0;
    await runCli(['check', `${A}/to-other`, '--origin', PAGE, '-H', `Authorization: ${TOKEN}`, '--json']);
    expect(atB().map((x) => x.method)).toEqual(['GET']);
    expect(atB()[0]?.headers.authorization).toBeUndefined();
  });

  it('a same-origin redirect keeps both, and says nothing was dropped', async () => {
    received.length = 0;
    const r = await runCli(['check', `${A}/to-same`, '--origin', PAGE, ...credentialed, '--json']);
    const final = received.find((x) => x.url === '/final' && x.method === 'GET');
    expect(final?.headers.authorization).toBe(TOKEN);
    expect(final?.headers.cookie).toBe(COOKIE);
    const codes = JSON.parse(r.stdout).failures[0].diagnosis.warnings.map((w: { code: string }) => w.code);
    expect(codes.filter((c: string) => c.startsWith('redirect-'))).toEqual([]);
  });
});
