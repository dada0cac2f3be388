// `npm run audit` (a release step, docs/SECURITY.md "Dependencies"): audits what ships.
//
// `npm audit --omit=dev` alone checks nothing that ships: the extension bundles preact and
// webextension-polyfill, which are devDependencies on purpose (the CLI package's install must
// stay dependency-free; its bundle imports node: builtins only). So:
//   1. the packages the extension bundles, at their locked versions, are audited as the
//      runtime dependencies of a throwaway project (what a user's browser runs);
//   2. the whole tree (build and test tools included) is audited too, at --audit-level=high.
// Needs the registry's audit endpoint (network); it is never part of `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cliPackages, extensionPackages, lockedVersion } from './shipped-packages';

/** The throwaway project whose runtime dependencies are exactly what the extension bundles. */
export function shippedAuditManifest(): { name: string; private: true; dependencies: Record<string, string> } {
  const dependencies: Record<string, string> = {};
  for (const name of extensionPackages()) dependencies[name] = lockedVersion(name);
  return { name: 'cors-doctor-shipped-audit', private: true, dependencies };
}

function run(cmd: string, args: string[], cwd: string): number {
  console.log(`$ ${cmd} ${args.join(' ')}   (in ${cwd === ROOT ? 'the checkout' : cwd})`);
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  return r.status ?? 1;
}

function main(): number {
  const cli = cliPackages();
  if (cli.length > 0) {
    console.error(`the CLI bundle must import node: builtins only, but src/cli and src/core import ${cli.join(', ')}`);
    return 1;
  }
  const manifest = shippedAuditManifest();
  console.log(`== shipped in the extension: ${Object.entries(manifest.dependencies).map(([n, v]) => `${n}@${v}`).join(', ')}`);
  console.log('== shipped in the CLI: none (node: builtins only)');
  const dir = mkdtempSync(join(tmpdir(), 'cors-doctor-audit-'));
  let shipped: number;
  try {
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    shipped = run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
    if (shipped === 0) shipped = run('npm', ['audit', '--omit=dev'], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('== the whole tree, build and test tools included (--audit-level=high)');
  const whole = run('npm', ['audit', '--audit-level=high'], ROOT);
  console.log(`== shipped packages: ${shipped === 0 ? 'no known vulnerabilities' : 'FAILED (see above)'}; whole tree: ${whole === 0 ? 'nothing high or critical' : 'FAILED (see above)'}`);
  return shipped !== 0 ? shipped : whole;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) process.exit(main());
