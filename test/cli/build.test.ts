// Assertions over the built CLI and the packed package: one file, node: builtins only, and a
// tarball that installs with --omit=dev and runs offline against the lab.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/server';
import { CLI, ROOT, ensureBuilt } from './run-cli';

beforeAll(() => ensureBuilt(), 120_000);

describe('dist-cli/cors-doctor.js', () => {
  it('is a single ESM file with a shebang that imports only node: builtins', () => {
    expect(readdirSync(join(ROOT, 'dist-cli'))).toEqual(['cors-doctor.js']);
    const code = readFileSync(CLI, 'utf8');
    expect(code.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const specifiers = [...code.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm), ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] as string);
    expect(specifiers.length).toBeGreaterThan(0);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect(specifiers.filter((s) => !builtins.has(s))).toEqual([]);
    expect(code).not.toMatch(/webextension-polyfill|from ['"]preact/);
  });

  it('package.json: bin, files and the prepare build', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[]; scripts: Record<string, string> };
    expect(pkg.bin['cors-doctor']).toBe('dist-cli/cors-doctor.js');
    expect(pkg.files).toContain('dist-cli/');
    expect(pkg.scripts.prepare).toContain('build:cli');
  });
});

describe('npm pack -> npm install --omit=dev -> run offline against the lab', () => {
  let dir: string;
  let lab: Lab;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cors-doctor-pack-'));
    lab = await startLab();
  });
  afterAll(async () => {
    await lab?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs and runs with no devDependencies', async () => {
    const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, env, encoding: 'utf8' }).trim().split('\n').pop() as string;
    const tgz = join(dir, packed);
    expect(statSync(tgz).size).toBeLessThan(1024 * 1024);
    const app = join(dir, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{"name":"app","private":true}');
    // --prefer-offline: served from the npm cache the repo's own install filled.
    const install = spawnSync('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--ignore-scripts', tgz], { cwd: app, env, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    const bin = join(app, 'node_modules/.bin/cors-doctor');
    // Asynchronous: the lab answers from this process's event loop.
    const run = await promisify(execFile)(bin, ['check', `${lab.apiOrigin}/s/preflight-wrong-origin`, '--origin', lab.pageOrigin, '-X', 'PUT', '-H', 'X-Custom: lab', '--json'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).failures[0].diagnosis.checks[0].code).toBe('PreflightAllowOriginMismatch');
    // Nothing from devDependencies was installed.
    const installed = readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(installed).not.toContain('vite');
    expect(installed).not.toContain('tsx');
  }, 120_000);
});
