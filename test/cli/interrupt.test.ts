// Ctrl-C and SIGTERM stop the CLI as they stop other command-line tools: at once, with exit 130
// (SIGINT) or 143 (SIGTERM), whatever the command is waiting for, and `check` hangs up on the
// server it was waiting on.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInterrupted, Interrupted } from '../../src/cli/io';
import { CLI, ensureBuilt, ROOT } from './run-cli';

// A server that takes every request and never answers; it tells the test when a request is in
// and when the client hangs up.
let server: http.Server;
let base = '';
const arrivals: Array<() => void> = [];
const hangups: Array<() => void> = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  ensureBuilt();
  server = http.createServer((req) => {
    req.socket.once('close', () => hangups.shift()?.());
    arrivals.shift()?.();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 120_000);
afterAll(() => {
  for (const s of sockets) s.destroy();
  server?.close();
});

interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI, sends `signal` once `ready` resolves, and reports how it ended. */
function runAndStop(args: string[], signal: NodeJS.Signals, ready: (child: ReturnType<typeof spawn>) => Promise<void>): Promise<Stopped> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Only a safety net for a CLI that ignores the signal: the assertions are on the exit status.
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearTimeout(killer);
      resolve({ code, signal: sig, stdout, stderr });
    });
    ready(child).then(() => child.kill(signal), reject);
  });
}

const requestArrived = () => new Promise<void>((r) => arrivals.push(r));

describe('check during a slow server', () => {
  it.each([
    { signal: 'SIGINT' as const, code: 130 },
    { signal: 'SIGTERM' as const, code: 143 },
  ])('$signal: exit $code, nothing printed, and the connection to the server closed', async ({ signal, code }) => {
    const hungUp = new Promise<void>((r) => hangups.push(r));
    // --timeout 600: without the signal, the CLI would wait ten minutes.
    const r = await runAndStop(['check', `${base}/slow`, '--origin', 'https://app.test', '--timeout', '600'], signal, () => requestArrived());
    expect(r).toEqual({ code, signal: null, stdout: '', stderr: '' });
    await hungUp;
  });

  it('a preflight in flight is stopped as well', async () => {
    const r = await runAndStop(['check', `${base}/slow`, '--origin', 'https://app.test', '-X', 'PUT', '--timeout', '600', '--json'], 'SIGINT', () => requestArrived());
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
  });
});

describe('any command', () => {
  it('lab, which serves until stopped: SIGTERM exits 143 (the race in main(), not the command, decides)', async () => {
    const r = await runAndStop(['lab', '--page-port', '0', '--api-port', '0'], 'SIGTERM', (child) =>
      new Promise<void>((ready) => {
        let out = '';
        child.stdout?.on('data', (d: Buffer | string) => {
          out += String(d);
          if (out.includes('Ctrl-C to stop.')) ready();
        });
      }),
    );
    expect(r.code).toBe(143);
    expect(r.stderr).toBe('');
  });
});

describe('checkInterrupted, for commands that work in chunks (har)', () => {
  it('does nothing until a stop is requested, then throws the Interrupted with its exit status', () => {
    const stop = new AbortController();
    expect(() => checkInterrupted({ signal: stop.signal })).not.toThrow();
    stop.abort(new Interrupted('SIGTERM'));
    let thrown: unknown;
    try {
      checkInterrupted({ signal: stop.signal });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Interrupted);
    expect((thrown as Interrupted).exitCode).toBe(143);
  });
});
