import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import manifest from './manifest.json' with { type: 'json' };

// One manifest for every browser (refined-github); the Firefox variant is
// derived later by a pure function. The panel page is named only in code
// (chrome.devtools.panels.create), so crxjs cannot find it: list it here or it
// is not emitted.
export default defineConfig({
  plugins: [preact(), crx({ manifest: manifest as never, browser: 'chrome' })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    rolldownOptions: {
      input: {
        panel: resolve(import.meta.dirname, 'src/panel/panel.html'),
      },
    },
  },
});
