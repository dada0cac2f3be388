// `check` follows redirects as Fetch "HTTP-redirect fetch" does: the CORS check on every hop,
// `Origin: null` after a cross-origin hop, a fresh preflight at the new URL, at most 20.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './run-cli';

interface Seen {
  server: 'a' | 'b';
  method: string;
  url: string;
  origin: string | undefined;
}
const seen: Seen[] = [];
let a: http.Server;
let b: http.Server;
let A = '';
let B = '';
const PAGE = 'http://page.example';

function listen(s: http.Server): Promise<string> {
  return new Promise((r) => s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(s.address() as { port: number }).port}`)));
}

beforeAll(async () => {
  ensureBuilt();
  // Server a: /to-b redirects to b (cross-origin); /loop redirects to itself forever; every hop allows the page origin.
  a = http.createServer((req, res) => {
    seen.push({ server: 'a', method: req.method ?? '', url: req.url ?? '', origin: req.headers.origin });
    const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-custom' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    if (req.url?.startsWith('/to-b')) return res.writeHead(307, { ...cors, Location: `${B}/final` }).end();
    if (req.url?.startsWith('/loop')) return res.writeHead(302, { ...cors, Location: '/loop' }).end();
    res.writeHead(200, cors).end('ok');
  });
  // Server b allows only the page origin, not `null`.
  b = http.createServer((req, res) => {
    seen.push({ server: 'b', method: req.method ?? '', url: req.url ?? '', origin: req.headers.origin });
    const cors = { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-custom' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    res.writeHead(200, cors).end('ok');
  });
  A = await listen(a);
  B = await listen(b);
}, 120_000);
afterAll(() => {
  a?.close();
  b?.close();
});

describe('redirects', () => {
  it('after a cross-origin hop the origin is null, and b, which allows only the page origin, blocks it', async () => {
    seen.length = 0;
    const r = await runCli(['check', `${A}/to-b`, '--origin', PAGE, '--json']);
    const report = JSON.parse(r.stdout);
    const f = report.failures[0];
    expect(f.diagnosis.checks[0].code).toBe('AllowOriginMismatch');
    expect(f.diagnosis.origin.tainted).toBe(true);
    expect(f.request.initialUrl).toBe(`${A}/to-b`);
    expect(seen.filter((s) => s.server === 'b').map((s) => s.origin)).toEqual(['null']);
    expect(r.code).toBe(1);
  });

  it('a preflighted request is preflighted again at the new URL, with Origin: null', async () => {
    seen.length = 0;
    await runCli(['check', `${A}/to-b`, '--origin', PAGE, '-X', 'PUT', '-H', 'X-Custom: 1']);
    expect(seen.map((s) => `${s.server} ${s.method} ${s.origin}`)).toEqual([`a OPTIONS ${PAGE}`, `a PUT ${PAGE}`, 'b OPTIONS null']);
  });

  it('more than 20 redirects: net::ERR_TOO_MANY_REDIRECTS, exit 3', async () => {
    seen.length = 0;
    const r = await runCli(['check', `${A}/loop`, '--origin', PAGE, '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).failures[0].request.error).toBe('net::ERR_TOO_MANY_REDIRECTS');
    expect(seen).toHaveLength(21);
  });
});
