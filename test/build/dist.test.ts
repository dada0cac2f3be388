import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');

function distManifest(): chrome.runtime.ManifestV3 {
  const path = join(DIST, 'manifest.json');
  if (!existsSync(path)) throw new Error('dist/manifest.json is missing: run `npm run build` (npm test does) before the build tests.');
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('built extension (dist/)', () => {
  it('is an MV3 manifest whose module service worker exists', () => {
    const m = distManifest();
    expect(m.manifest_version).toBe(3);
    expect(m.background).toMatchObject({ type: 'module' });
    const sw = (m.background as { service_worker: string }).service_worker;
    expect(existsSync(join(DIST, sw))).toBe(true);
    // crxjs emits a loader that imports the real worker chunk: it must exist too.
    const loader = readFileSync(join(DIST, sw), 'utf8');
    const imported = /import\s+['"]\.\/(.+?)['"]/.exec(loader)?.[1];
    expect(imported, `loader ${sw} imports nothing`).toBeTruthy();
    expect(existsSync(join(DIST, imported!))).toBe(true);
  });

  it('has the devtools page, and the panel page it registers is emitted', () => {
    const m = distManifest();
    expect(m.devtools_page).toBe('src/devtools/devtools.html');
    expect(existsSync(join(DIST, m.devtools_page!))).toBe(true);
    const panelHtml = join(DIST, 'src/panel/panel.html');
    expect(existsSync(panelHtml), 'panel.html not emitted: is it in build.rolldownOptions.input?').toBe(true);
    // The panel's script must be emitted and referenced.
    const html = readFileSync(panelHtml, 'utf8');
    const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    expect(existsSync(join(DIST, script!.replace(/^\//, '')))).toBe(true);
    // The devtools page's script names the panel by the path that exists in dist.
    const devtoolsHtml = readFileSync(join(DIST, m.devtools_page!), 'utf8');
    const devtoolsScript = /<script[^>]+src="([^"]+)"/.exec(devtoolsHtml)![1]!;
    const devtoolsJs = readFileSync(join(DIST, devtoolsScript.replace(/^\//, '')), 'utf8');
    expect(devtoolsJs).toMatch(/panels\.create\(\s*[`'"]CORS[`'"]\s*,[^,]+,\s*[`'"]\/src\/panel\/panel\.html[`'"]/);
  });

  it('asks only for the permissions the README justifies', () => {
    const m = distManifest();
    expect([...(m.permissions ?? [])].sort()).toEqual(['storage', 'webRequest']);
    expect(m.host_permissions).toEqual(['<all_urls>']);
    expect(m).not.toHaveProperty('content_scripts');
    expect(m).not.toHaveProperty('externally_connectable');
    expect(m).not.toHaveProperty('web_accessible_resources');
  });

  it('locks its own pages down with a strict CSP: no remote code, no network of its own', () => {
    const csp = (distManifest().content_security_policy as { extension_pages: string }).extension_pages;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-(inline|eval)|https?:/);
  });

  it('ships the toolbar icons at 16, 32, 48 and 128 px as real PNGs of that size', () => {
    const m = distManifest();
    const icons = (m.action as { default_icon: Record<string, string> }).default_icon;
    for (const size of ['16', '32', '48', '128']) {
      const file = join(DIST, icons[size]!);
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(Number(size));
      expect(png.readUInt32BE(20)).toBe(Number(size));
    }
  });

  it('keeps src/core self-contained: no import leaves it, no polyfill in it', () => {
    const offenders: string[] = [];
    for (const entry of readdirSync(join(ROOT, 'src/core'), { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts')) continue;
      // The compiler's own scanner finds import specifiers (not strings or comments that look like them).
      const text = readFileSync(join(ROOT, 'src/core', entry), 'utf8');
      for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
        const target = resolve(join(ROOT, 'src/core', entry, '..'), spec);
        if (!spec.startsWith('.') || !target.startsWith(join(ROOT, 'src/core'))) offenders.push(`${entry}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('tsconfig.core.json proves src/core is pure', () => {
  // Copies the core tsconfig next to a scratch file that mentions a browser or
  // Node global; the standalone config (types [], lib ES2022) must reject it.
  it.each(['document.title', 'chrome.runtime.id', 'process.env.HOME', 'window.location'])(
    'rejects a core file that uses %s',
    { timeout: 120_000 },
    (expr) => {
      const dir = mkdtempSync(join(tmpdir(), 'core-purity-'));
      try {
        const cfg = JSON.parse(readFileSync(join(ROOT, 'tsconfig.core.json'), 'utf8'));
        cfg.include = ['src/core/**/*.ts'];
        writeFileSync(join(dir, 'tsconfig.core.json'), JSON.stringify(cfg));
        execFileSync('mkdir', ['-p', join(dir, 'src/core')]);
        writeFileSync(join(dir, 'src/core/leak.ts'), `export const leak = () => ${expr};\n`);
        let failed = false;
        let output = '';
        try {
          execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.core.json')], {
            encoding: 'utf8',
            stdio: 'pipe',
          });
        } catch (error) {
          failed = true;
          output = String((error as { stdout?: string }).stdout);
        }
        expect(failed).toBe(true);
        expect(output).toMatch(/error TS(2304|2580|2584|2591): Cannot find name '(document|chrome|process|window)'/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  // Running tsc takes seconds on a busy 2-core machine: a generous limit, nothing timed.
  it('accepts the real src/core', { timeout: 120_000 }, () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.core.json')], {
      stdio: 'pipe',
    });
  });
});

describe('tsconfig.cli.json proves src/cli is Node only', () => {
  // The same scratch-file check for the CLI: Node's globals are there, a browser's are not. The
  // real src/cli is checked by npm test's typecheck step (scripts/test.sh).
  const tscCli = (expr: string): { failed: boolean; output: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-purity-'));
    try {
      const cfg = JSON.parse(readFileSync(join(ROOT, 'tsconfig.cli.json'), 'utf8'));
      cfg.include = ['src/cli/**/*.ts'];
      cfg.compilerOptions.typeRoots = [join(ROOT, 'node_modules/@types')];
      writeFileSync(join(dir, 'tsconfig.cli.json'), JSON.stringify(cfg));
      execFileSync('mkdir', ['-p', join(dir, 'src/cli')]);
      writeFileSync(join(dir, 'src/cli/leak.ts'), `export const leak = () => ${expr};\n`);
      try {
        execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.cli.json')], { encoding: 'utf8', stdio: 'pipe' });
        return { failed: false, output: '' };
      } catch (error) {
        return { failed: true, output: String((error as { stdout?: string }).stdout) };
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it.each(['document.title', 'chrome.runtime.id', 'window.location'])('rejects a CLI file that uses %s', { timeout: 120_000 }, (expr) => {
    const { failed, output } = tscCli(expr);
    expect(failed).toBe(true);
    expect(output).toMatch(/error TS(2304|2580|2584|2591): Cannot find name '(document|chrome|window)'/);
  });
  it('accepts a CLI file that uses Node (process.argv)', { timeout: 120_000 }, () => {
    expect(tscCli('process.argv.length')).toEqual({ failed: false, output: '' });
  });
});
