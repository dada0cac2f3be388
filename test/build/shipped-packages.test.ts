// docs/SECURITY.md must say what ships where and what is stored where, as the code does it:
// the audit (`npm run audit`) covers the packages the extension bundles, and the CLI bundles none.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedAuditManifest } from '../../scripts/audit';
import { ROOT, cliPackages, extensionPackages, importSpecifiers, lockedVersion, packageOf } from '../../scripts/shipped-packages';

const security = readFileSync(join(ROOT, 'docs/SECURITY.md'), 'utf8');

/** The first column of the "Dependencies: what ships where" table, per "ships in" column. */
function documentedShipping(): Map<string, string> {
  const section = security.split('## Dependencies: what ships where')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\| `([^`]+)` \| ([^|]+) \|/.exec(line);
    if (m) rows.set(m[1] as string, (m[2] as string).trim());
  }
  return rows;
}

describe('import scanning', () => {
  it.each<[string, string[]]>([
    [`import { h } from 'preact';`, ['preact']],
    [`import type { Runtime } from 'webextension-polyfill';`, []],
    [`export { x } from './x';`, ['./x']],
    [`export type { Y } from 'some-types';`, []],
    [`const m = await import('./lazy');`, ['./lazy']],
    [`import './side-effect.css';`, ['./side-effect.css']],
    [`import {\n  useState,\n  useEffect,\n} from 'preact/hooks';`, ['preact/hooks']],
  ])('%s', (code, specs) => {
    expect(importSpecifiers(code)).toEqual(specs);
  });

  it.each<[string, string | null]>([
    ['preact/hooks', 'preact'],
    ['@scope/pkg/sub', '@scope/pkg'],
    ['node:http', null],
    ['../core/x', null],
  ])('package of %s', (spec, pkg) => {
    expect(packageOf(spec)).toBe(pkg);
  });
});

describe('what ships where (docs/SECURITY.md)', () => {
  it('the extension bundles exactly the packages SECURITY.md lists for it', () => {
    const shipped = extensionPackages();
    expect(shipped.length).toBeGreaterThan(0);
    const documented = [...documentedShipping()].filter(([, where]) => where.startsWith('the extension')).map(([name]) => name);
    expect(documented.sort()).toEqual(shipped);
  });

  it('the CLI bundle imports no package (node: builtins only), as SECURITY.md says', () => {
    expect(cliPackages()).toEqual([]);
    expect(security).toMatch(/\| \(none\) \| the CLI/);
  });

  it('the release audit covers each shipped package at its locked version', () => {
    const manifest = shippedAuditManifest();
    expect(Object.keys(manifest.dependencies).sort()).toEqual(extensionPackages());
    for (const [name, version] of Object.entries(manifest.dependencies)) expect(version).toBe(lockedVersion(name));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies?: Record<string, string> };
    expect(pkg.scripts.audit).toContain('scripts/audit.ts');
    // The npm package (the CLI) installs nothing else.
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});

describe('what is stored where (docs/SECURITY.md)', () => {
  const sources: Array<{ file: string; code: string }> = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) sources.push({ file: path, code: readFileSync(path, 'utf8') });
    }
  };
  walk(join(ROOT, 'src'));

  it('every storage.local key the code uses is documented, and nothing uses storage.sync', () => {
    const users = sources.filter((s) => /\bstorage\.local\.(get|set|remove)\(/.test(s.code));
    expect(users.length).toBeGreaterThan(0);
    const keys = users.flatMap((s) => [...s.code.matchAll(/const \w*KEY\w* = '([^']+)'/g)].map((m) => m[1] as string));
    expect(keys.length).toBe(users.length);
    for (const key of keys) expect(security).toContain(`\`${key}\``);
    expect(security).not.toMatch(/Nothing goes to `chrome\.storage\.local`/);
    expect(sources.filter((s) => /\bstorage\.sync\b/.test(s.code)).map((s) => s.file)).toEqual([]);
  });
});
