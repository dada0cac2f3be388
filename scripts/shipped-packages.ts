// Which npm packages ship, and where. The extension bundles what its pages and worker import
// (src/ outside src/cli); the CLI bundle imports node: builtins only (vite.cli.config.ts,
// test/cli/build.test.ts). Both lists are read from the source, not maintained by hand, so
// `npm run audit` audits what actually ships and test/build/shipped-packages.test.ts holds
// docs/SECURITY.md to it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** Every static or dynamic import specifier in a TypeScript source, type-only imports left out. */
export function importSpecifiers(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm)) {
    if (m[2] === undefined) out.push(m[3] as string);
  }
  for (const m of code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) out.push(m[1] as string);
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] as string);
  return out;
}

/** `preact/hooks` -> `preact`, `@scope/name/x` -> `@scope/name`; relative and node: -> null. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** npm packages imported by the code under `dirs` (relative to the root), sorted. */
export function packagesImportedBy(dirs: string[], exclude: string[] = []): string[] {
  const found = new Set<string>();
  for (const dir of dirs) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const rel = relative(ROOT, file).split(sep).join('/');
      if (exclude.some((e) => rel.startsWith(e))) continue;
      for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
        const pkg = packageOf(spec);
        if (pkg !== null) found.add(pkg);
      }
    }
  }
  return [...found].sort();
}

/** Bundled into the extension (dist/, dist-firefox/). */
export function extensionPackages(): string[] {
  return packagesImportedBy(['src'], ['src/cli/']);
}

/** Bundled into the CLI (dist-cli/cors-doctor.js): src/cli and the src/core it imports. */
export function cliPackages(): string[] {
  return packagesImportedBy(['src/cli', 'src/core']);
}

/** The locked version of a package (package-lock.json, lockfileVersion 3). */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in package-lock.json`);
  return version;
}
