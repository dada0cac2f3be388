import { defineConfig } from 'vite';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';

// The CLI bundle: src/cli + src/core + lab/ in one ESM file for Node 20, with zero runtime
// dependencies (node: builtins only), so `npm install --omit=dev` of the packed tarball runs it.
// No preact, no webextension-polyfill: nothing here imports them, and the build fails if
// anything tries to pull in a bare package (see `external` below).
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as { version: string };
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

export default defineConfig({
  publicDir: false,
  define: { __CORS_DOCTOR_VERSION__: JSON.stringify(pkg.version) },
  build: {
    ssr: resolve(import.meta.dirname, 'src/cli/cli.ts'),
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      external: (id) => {
        if (builtins.has(id)) return true;
        if (id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) return false;
        throw new Error(`vite.cli.config.ts: the CLI must not depend on the package ${JSON.stringify(id)} at run time`);
      },
      output: {
        entryFileNames: 'cors-doctor.js',
        banner: '#!/usr/bin/env node',
        codeSplitting: false,
      },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
