// Ctrl-C and SIGTERM during `har` on a big file (issue 14, item 6): the command stops while it is
// still reading the file, with exit 130 (SIGINT) or 143 (SIGTERM) and nothing on stdout. "While
// reading" is observed, not guessed: the signal is sent once the file's read position (Linux
// /proc/<pid>/fdinfo) is past its start and short of its end.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHarFile } from '../../bench/har-file';
import { CLI, ensureBuilt, ROOT } from './run-cli';

const tmp = mkdtempSync(join(tmpdir(), 'cors-doctor-har-interrupt-'));
const HAR = join(tmp, 'big.har');
// 60,000 entries (about 70 MB): seconds of work even on a fast machine.
beforeAll(async () => {
  ensureBuilt();
  await writeHarFile(HAR, 60_000);
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Where the process is in reading `path`, if it has it open. */
function readPosition(pid: number, path: string): number | undefined {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target !== path) continue;
      const m = /^pos:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      if (m) return Number(m[1]);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** How far into the file the process had read when the signal was sent. */
  sentAt: number | undefined;
}

function runAndStopWhileReading(args: string[], signal: NodeJS.Signals): Promise<Stopped> {
  const size = statSync(HAR).size;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sentAt: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // A safety net for a CLI that ignores the signal: the assertions are on how it ended.
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const poll = setInterval(() => {
      const pos = child.pid === undefined ? undefined : readPosition(child.pid, HAR);
      if (pos !== undefined && pos > 0 && pos < size) {
        clearInterval(poll);
        sentAt = pos;
        child.kill(signal);
      }
    }, 5);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearInterval(poll);
      clearTimeout(killer);
      resolve({ code, signal: sig, stdout, stderr, sentAt });
    });
  });
}

describe('har during a big file', () => {
  it.each([
    { signal: 'SIGINT' as const, code: 130, args: ['--json'] },
    { signal: 'SIGTERM' as const, code: 143, args: [] },
  ])('$signal: exit $code, nothing printed', async ({ signal, code, args }) => {
    const r = await runAndStopWhileReading(['har', HAR, ...args], signal);
    expect(r.sentAt, 'the signal was sent while the file was being read').toBeGreaterThan(0);
    expect({ code: r.code, signal: r.signal, stdout: r.stdout, stderr: r.stderr }).toEqual({ code, signal: null, stdout: '', stderr: '' });
  }, 120_000);
});
