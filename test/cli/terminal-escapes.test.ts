// Every CLI message that quotes input reaches the terminal inert: control characters (ESC, C0,
// C1, DEL) and bidi controls written as \x1b / \u202e escapes, and credentials in quoted URLs
// masked, on stderr (errors, at the one edge in main.ts) and in the text report (On the wire).
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './run-cli';

// Any of these reaching a terminal raw can rewrite the screen, the window title or the reading order.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let server: http.Server;
let base = '';

beforeAll(async () => {
  ensureBuilt();
  server = http.createServer((req, res) => {
    const allow = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'x-custom' };
    if (req.method === 'OPTIONS') return res.writeHead(204, allow).end();
    if (req.url === '/login') return res.writeHead(302, { ...allow, Location: '/done?code=OAuthC0de-12345&state=ok' }).end();
    res.writeHead(200, allow).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 120_000);
afterAll(() => server?.close());

describe('errors on stderr', () => {
  it('a URL with a password in a usage error is masked', async () => {
    const r = await runCli(['check', 'https://user:hunter2pw@[bad', '--origin', 'https://app.test']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cors-doctor: not a URL: /);
    expect(r.stderr).toContain('@[bad');
    expect(r.stderr).not.toContain('hunter2pw');
  });

  it('a HAR file starting with an OSC title sequence: the error quotes it as escapes', async () => {
    const file = join(tmpdir(), `cors-doctor-osc-${process.pid}.har`);
    writeFileSync(file, '\u001b]0;pwned\u0007{"log":');
    const r = await runCli(['har', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cors-doctor: har: /);
    expect(r.stderr.replace(/\n$/, '')).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toContain('\\x1b');
  });

  it('C1, DEL and bidi controls in an argument are escaped, and the message stays one line', async () => {
    const r = await runCli(['x\u202ey\u2066z\u009b\u007f\nw']);
    expect(r.code).toBe(2);
    expect(r.stderr.replace(/\n$/, '')).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toContain('\\u202e');
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  });
});

describe('the text report', () => {
  it('a bidi override in a header value the user gave is shown escaped on the wire', async () => {
    const r = await runCli(['check', `${base}/x`, '--origin', 'https://app.test', '-H', 'X-Custom: abc\u202edef\u2067', '-v']);
    expect(r.stdout).toContain('X-Custom: abc\\u202edef\\u2067');
    expect(r.stdout.replace(/\n/g, '')).not.toMatch(RAW_CONTROL);
  });

  it('--json carries the same value, written with \\u escapes a terminal does not act on', async () => {
    const r = await runCli(['check', `${base}/x`, '--origin', 'https://app.test', '-H', 'X-Custom: abc\u202edef\u0085', '--json']);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('abc\\u202edef\\u0085');
    const headers = JSON.parse(r.stdout).failures[0].request.headers as Array<[string, string]>;
    expect(headers.find(([n]) => n === 'X-Custom')?.[1]).toBe('abc\u202edef\u0085');
  });

  it('On the wire masks a token in a Location and in the URL of the hop it leads to', async () => {
    const r = await runCli(['check', `${base}/login`, '--origin', 'https://app.test']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('On the wire:');
    expect(r.stdout).toContain('Location: /done?code=••••');
    expect(r.stdout).not.toContain('OAuthC0de');
  });
});
