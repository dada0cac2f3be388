// The bench-only panel page: the real App and panel.css, a fake store and environment.
// Built into bench/.out/panel-page; never part of the extension (vite.config.ts does not list it).
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [preact()],
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../.out/panel-page'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
  },
});
