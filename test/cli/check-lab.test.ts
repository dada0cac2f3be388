// e2e: `cors-doctor check` against every lab scenario on 127.0.0.1. The expected first check is
// the scenario's `chromiumError`, which test/e2e/lab-scenarios.test.ts proves is real
// Chromium 156's verdict (CDP Audits corsErrorStatus) for the same request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab, type LabScenarioDefinition } from '../../lab/server';
import { scenarios } from '../../lab/scenarios';
import { ensureBuilt, runCli } from './run-cli';

let lab: Lab;
beforeAll(async () => {
  ensureBuilt();
  lab = await startLab();
}, 120_000);
afterAll(async () => {
  await lab?.close();
});

function argsFor(s: LabScenarioDefinition): string[] {
  const base = s.target === 'dead' ? lab.deadOrigin : lab.apiOrigin;
  const args = ['check', `${base}/s/${s.id}`, '--origin', lab.pageOrigin];
  if (s.spec.method !== 'GET') args.push('-X', s.spec.method);
  for (const [n, v] of s.spec.headers ?? []) args.push('-H', `${n}: ${v}`);
  if (s.spec.credentials === 'include') args.push('--credentials');
  if (s.spec.body !== undefined) args.push('--data', s.spec.body);
  return args;
}

const EXIT = { allowed: 0, blocked: 1, 'network-error': 3 } as const;

interface ReportShape {
  schema: string;
  failures: Array<{ browser: string; browserVersion: string | null; diagnosis: { verdict: string; checks: Array<{ code: string }>; browserMessage: string | null } }>;
}

describe('check over the lab: same verdict and first check as Chromium', () => {
  it.each(scenarios.map((s) => [s.id, s] as const))('%s', async (_id, s) => {
    const r = await runCli([...argsFor(s), '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as ReportShape;
    expect(report.schema).toBe('cors-doctor/report@2');
    const d = report.failures[0]?.diagnosis;
    expect(d?.verdict).toBe(s.expect);
    expect(d?.checks[0]?.code).toBe(s.chromiumError);
    // The CLI applies Chromium 156's rules, and says so in every failure.
    if (report.failures[0]) expect([report.failures[0].browser, report.failures[0].browserVersion]).toEqual(['chromium', '156']);
    expect(r.code).toBe(EXIT[s.expect]);
  });
});

describe('check: the preflight is the one Chromium sends', () => {
  it('control-ok: OPTIONS with Accept, ACRM, lower-case sorted ACRH, Origin; no Authorization or Cookie', async () => {
    const before = lab.requests.length;
    const r = await runCli(['check', `${lab.apiOrigin}/s/control-ok`, '-o', lab.pageOrigin, '-X', 'PUT', '-H', 'X-Custom: lab', '-H', 'X-B: 1', '-H', 'Authorization: Bearer secret-token', '-H', 'Cookie: sid=1', '--credentials']);
    expect(r.code).toBe(1); // the lab's control answer does not allow x-b/authorization with credentials
    const seen = lab.requests.slice(before);
    const pf = seen.find((q) => q.method === 'OPTIONS');
    // Node frames the request with Connection: close (no connection reuse); the rest is Chromium's set and order.
    expect(pf?.headers.map(([n]) => n).filter((n) => n !== 'Connection')).toEqual(['Host', 'Accept', 'Access-Control-Request-Method', 'Access-Control-Request-Headers', 'Origin', 'User-Agent', 'Sec-Fetch-Mode', 'Sec-Fetch-Site', 'Sec-Fetch-Dest']);
    const get = (n: string) => pf?.headers.find(([k]) => k === n)?.[1];
    expect(get('Accept')).toBe('*/*');
    expect(get('Access-Control-Request-Method')).toBe('PUT');
    expect(get('Access-Control-Request-Headers')).toBe('authorization,x-b,x-custom');
    expect(get('Origin')).toBe(lab.pageOrigin);
    // The preflight failed, so the actual request was never sent.
    expect(seen.filter((q) => q.method !== 'OPTIONS')).toEqual([]);
    expect(r.stdout).not.toContain('secret-token');
  });

  it('simple GET: no preflight; the actual request carries Origin', async () => {
    const before = lab.requests.length;
    const r = await runCli(['check', `${lab.apiOrigin}/s/simple-ok`, '-o', lab.pageOrigin]);
    expect(r.code).toBe(0);
    const seen = lab.requests.slice(before);
    expect(seen.map((q) => q.method)).toEqual(['GET']);
    expect(seen[0]?.headers.find(([n]) => n === 'Origin')?.[1]).toBe(lab.pageOrigin);
  });

  it('patch stays lower-case on the wire, in ACRM', async () => {
    const before = lab.requests.length;
    await runCli(['check', `${lab.apiOrigin}/s/patch-lowercase`, '-o', lab.pageOrigin, '-X', 'patch']);
    const pf = lab.requests.slice(before).find((q) => q.method === 'OPTIONS');
    expect(pf?.headers.find(([n]) => n === 'Access-Control-Request-Method')?.[1]).toBe('patch');
  });

  it('no preflight needed and the preflight route misconfigured: allowed', async () => {
    // A simple POST to the preflight-404 route never sends OPTIONS, and the actual answer is good.
    const r = await runCli(['check', `${lab.apiOrigin}/s/preflight-404`, '-o', lab.pageOrigin, '-X', 'POST', '-H', 'Content-Type: text/plain']);
    expect(r.code).toBe(0);
  });
});

describe('check: text output', () => {
  it('blocked: verdict, console line, failing check, fix; no ANSI when not a TTY', async () => {
    const r = await runCli(['check', `${lab.apiOrigin}/s/preflight-405`, '-o', lab.pageOrigin, '-X', 'PUT', '-H', 'X-Custom: lab']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BLOCKED');
    expect(r.stdout).toContain("has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.");
    expect(r.stdout).toContain('PreflightInvalidStatus');
    expect(r.stdout).toContain('Fix for nginx');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('--stack picks the fix', async () => {
    const r = await runCli(['check', `${lab.apiOrigin}/s/simple-missing-acao`, '-o', lab.pageOrigin, '--stack', 'django']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Fix for django (chosen with --stack)');
  });

  it('FORCE_COLOR colors, NO_COLOR wins over it', async () => {
    const args = ['check', `${lab.apiOrigin}/s/simple-ok`, '-o', lab.pageOrigin];
    expect((await runCli(args, { env: { FORCE_COLOR: '1' } })).stdout).toMatch(/\u001b\[/);
    expect((await runCli(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('check: unreachable servers exit 3 with the network error named', () => {
  it('dead port', async () => {
    const r = await runCli(['check', `${lab.deadOrigin}/x`, '-o', lab.pageOrigin]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('net::ERR_CONNECTION_REFUSED');
  });

  it('timeout', async () => {
    const net = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s)); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const r = await runCli(['check', `http://127.0.0.1:${port}/`, '-o', lab.pageOrigin, '--timeout', '300ms', '--json']);
      expect(r.code).toBe(3);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(JSON.parse(r.stdout).failures[0].request.error).toBe('net::ERR_TIMED_OUT');
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('DNS failure (a reserved .invalid name, no lookup leaves the machine)', async () => {
    const r = await runCli(['check', 'http://cors-doctor.invalid/', '-o', lab.pageOrigin]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('net::ERR_NAME_NOT_RESOLVED');
  });
});
