// Issue 14 item 3: `check` masks secrets in its text (the report and the "On the wire" lines, -v
// included) and in --json, whatever header, parameter, redirect or body field carries them.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './run-cli';

const S = {
  xAuthorization: 'xauth-S3cr3t-0001',
  csrf: 'csrf-S3cr3t-0002',
  session: 'sess-S3cr3t-0003',
  accessToken: 'at-S3cr3t-0004',
  pw: 'pw-S3cr3t-0005',
  matrix: 'mx-S3cr3t-0006',
  code: 'code-S3cr3t-0007',
  bodyToken: 'body-S3cr3t-0008',
  bodyRefresh: 'rt-S3cr3t-0009',
  setCookie: 'sc-S3cr3t-0010',
  short: 'Zq9',
};
const PAGE = 'http://page.example';
let server: http.Server;
let base = '';

beforeAll(async () => {
  ensureBuilt();
  server = http.createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-authorization, x-csrftoken, x-session-id' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    if (req.url?.startsWith('/start')) return res.writeHead(302, { ...cors, Location: `/cb?code=${S.code}&state=1`, 'Set-Cookie': `sid=${S.setCookie}; Path=/` }).end();
    // The final hop: no Access-Control-Allow-Origin, a JSON body with tokens.
    res.writeHead(401, { 'Content-Type': 'application/json', 'Content-Location': `/cb?code=${S.code}` }).end(JSON.stringify({ accessToken: S.bodyToken, refresh_token: S.bodyRefresh, error: 'expired' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 120_000);

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const args = () => [
  'check',
  `${base}/start;token=${S.matrix}?accessToken=${S.accessToken}&pw=${S.pw}`,
  '--origin', PAGE,
  '-X', 'PUT',
  '-H', `X-Authorization: Bearer ${S.xAuthorization}`,
  '-H', `X-CSRFToken: ${S.csrf}`,
  '-H', `X-Session-Id: ${S.session}`,
  '-H', `Authentication: ${S.short}`,
];

describe('check masks every secret shape', () => {
  it.each([
    ['text', [] as string[]],
    ['text, every header (-v)', ['-v']],
    ['--json', ['--json']],
  ])('%s', async (_name, extra) => {
    const run = await runCli([...args(), ...extra]);
    const out = run.stdout + run.stderr;
    expect(run.stdout.length).toBeGreaterThan(200);
    for (const [name, secret] of Object.entries(S)) {
      if (name === 'short') continue;
      expect(out, `${name} leaked`).not.toContain(secret);
    }
    expect(out).not.toMatch(/Authentication: Zq9\b/);
    expect(out).toContain('••••(');
  }, 60_000);
});
