// A response whose body never ends (server-sent events, a long poll, a stream) is judged on its
// head, as the browser judges it: fetch() resolves once the headers pass the CORS check, and the
// preflight is read headers-only. Not a timeout, not "unreachable".
import http from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './run-cli';

const PAGE = 'https://app.test';
let server: http.Server;
let base = '';
const sockets = new Set<Socket>();
const tickers = new Set<ReturnType<typeof setInterval>>();

// Every route answers with its head and a first event, then keeps the body open forever.
function stream(res: http.ServerResponse, status: number, headers: Record<string, string>): void {
  res.writeHead(status, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', ...headers });
  res.write('data: hello\n\n');
  const t = setInterval(() => res.write(': keep-alive\n\n'), 100);
  tickers.add(t);
  res.on('close', () => {
    clearInterval(t);
    tickers.delete(t);
  });
}

beforeAll(async () => {
  ensureBuilt();
  server = http.createServer((req, res) => {
    const allow = { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-custom', Vary: 'Origin' };
    if (req.url === '/events') return stream(res, 200, allow);
    // A streamed response whose head fails the CORS check: blocked, on the head as well.
    if (req.url === '/events-other-origin') return stream(res, 200, { 'Access-Control-Allow-Origin': 'https://other.test' });
    res.writeHead(404).end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 120_000);
afterAll(() => {
  for (const t of tickers) clearInterval(t);
  for (const s of sockets) s.destroy();
  server?.close();
});

interface Report {
  failures: Array<{ diagnosis: { verdict: string; checks: Array<{ code: string }>; warnings: Array<{ code: string; message: string }> }; request: { error?: string | null } }>;
}

describe('a never-ending body', () => {
  it('with correct CORS headers: allowed (exit 0), with a note that the body was still arriving', async () => {
    const r = await runCli(['check', `${base}/events`, '--origin', PAGE, '--timeout', '5', '--json']);
    const f = (JSON.parse(r.stdout) as Report).failures[0];
    expect(f?.request.error ?? null).toBeNull();
    expect(f?.diagnosis.verdict).toBe('allowed');
    expect(f?.diagnosis.warnings.map((w) => w.code)).toContain('response-body-streaming');
    expect(r.code).toBe(0);
  });

  it('a preflight whose body never ends is judged on its head too', async () => {
    const r = await runCli(['check', `${base}/events`, '--origin', PAGE, '-X', 'PUT', '-H', 'X-Custom: 1', '--timeout', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ALLOWED');
    expect(r.stdout).toContain('body still arriving: judged on the headers, as the browser does');
    expect(r.stdout).not.toContain('ERR_TIMED_OUT');
  });

  it('with a wrong Access-Control-Allow-Origin: blocked (exit 1), not unreachable', async () => {
    const r = await runCli(['check', `${base}/events-other-origin`, '--origin', PAGE, '--timeout', '5', '--json']);
    const f = (JSON.parse(r.stdout) as Report).failures[0];
    expect(f?.diagnosis.verdict).toBe('blocked');
    expect(f?.diagnosis.checks[0]?.code).toBe('AllowOriginMismatch');
    expect(r.code).toBe(1);
  });
});
