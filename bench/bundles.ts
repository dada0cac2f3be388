// Bundle sizes as shipped: the worker's and the panel's entry chunks with every chunk they
// import (followed transitively through the built files), minified as `vite build` emits
// them, raw and gzipped (zlib level 9, what a store's download compresses to, roughly).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { corsDoctorDir } from './builds';
import { figure, progress, type Figure } from './figures';

/** Relative static and dynamic imports of a built ES module. */
function importsOf(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?:\bimport|\bfrom)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) out.add(m[1]!);
  return [...out];
}

function closure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    // Strings in the code (fix templates) can look like imports: follow only built chunks that exist.
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), spec);
      if (spec.endsWith('.js') && existsSync(target)) visit(target);
    }
  };
  visit(entry);
  return [...seen];
}

function sizes(files: string[]): { raw: number; gzip: number } {
  const all = Buffer.concat(files.map((f) => readFileSync(f)));
  return { raw: all.length, gzip: gzipSync(all, { level: 9 }).length };
}

export async function benchBundles(): Promise<Figure[]> {
  const dir = corsDoctorDir();
  progress(`bundles: ${relative(process.cwd(), dir) || dir}`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { background: { service_worker: string } };
  const worker = closure(join(dir, manifest.background.service_worker));

  const panelHtml = readFileSync(join(dir, 'src/panel/panel.html'), 'utf8');
  const ref = (re: RegExp) => [...panelHtml.matchAll(re)].map((m) => join(dir, m[1]!.replace(/^\//, '')));
  const panelEntries = ref(/<script[^>]*\ssrc="([^"]+)"/g);
  const panelJs = [...new Set([...panelEntries, ...ref(/<link rel="modulepreload"[^>]*href="([^"]+)"/g)].flatMap(closure))];
  const panelCss = ref(/<link rel="stylesheet"[^>]*href="([^"]+)"/g);

  const kB = (n: number) => n / 1000;
  const list = (files: string[]) => files.map((f) => relative(dir, f)).join(', ');
  const w = sizes(worker);
  const p = sizes(panelJs);
  const c = sizes(panelCss);
  return [
    figure('bundles.worker', 'bundle: worker JS, minified', 'kB', [kB(w.raw)], { target: 30, note: list(worker) }),
    figure('bundles.worker.gzip', 'bundle: worker JS, gzip', 'kB', [kB(w.gzip)]),
    figure('bundles.panel', 'bundle: panel JS, minified', 'kB', [kB(p.raw)], { target: 60, note: list(panelJs) }),
    figure('bundles.panel.gzip', 'bundle: panel JS, gzip', 'kB', [kB(p.gzip)]),
    figure('bundles.panel.css', 'bundle: panel CSS, minified', 'kB', [kB(c.raw)], { note: list(panelCss) }),
  ];
}
