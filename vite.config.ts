import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import manifest from './manifest.json' with { type: 'json' };
import { toFirefoxManifest } from './scripts/firefox-manifest.ts';

// One manifest for every browser (refined-github); `--mode firefox` derives the
// Firefox variant with a pure function and writes dist-firefox/. The panel page
// is named only in code (chrome.devtools.panels.create), so crxjs cannot find
// it: list it here or it is not emitted.
export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  return {
    plugins: [
      preact(),
      crx({ manifest: (firefox ? toFirefoxManifest(manifest) : manifest) as never, browser: firefox ? 'firefox' : 'chrome' }),
    ],
    build: {
      outDir: firefox ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      target: firefox ? 'firefox140' : 'chrome120',
      sourcemap: false,
      rolldownOptions: {
        input: {
          panel: resolve(import.meta.dirname, 'src/panel/panel.html'),
        },
      },
    },
  };
});
