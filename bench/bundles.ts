// Bundle sizes as shipped, minified as `vite build` emits them, raw and gzipped (zlib level 9, what a
// store's download compresses to, roughly). Imports are followed through the built files:
// - the worker: its entry chunk with every chunk it imports;
// - the panel, twice. "To open the panel" is what panel.html makes the browser load: its <script>
//   and every <link rel="modulepreload">, with their static imports (`import{..}from"./x.js"`,
//   `import"./x.js"`, `export{..}from"./x.js"`), transitively; the 60 kB target is about this
//   figure. "Including lazily loaded chunks" also follows dynamic `import("./x.js")` (what the detail
//   view and Export load on first use; Vite wraps it in __vitePreload, whose dependency list names
//   chunks the dynamic chunk imports statically anyway), i.e. every byte of panel JS there is.
// The built code is parsed (TypeScript's parser), not searched: fix templates and strings in the
// code can look like imports.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { corsDoctorDir } from './builds';
import { figure, progress, type Figure } from './figures';

export interface ChunkImports {
  /** Loaded with the module, before it runs: import declarations and re-exports. */
  static: string[];
  /** Loaded when the code runs `import()` with a literal specifier. */
  dynamic: string[];
}

/** The module specifiers a built ES module imports, statically and dynamically. */
export function importsOf(code: string): ChunkImports {
  const file = ts.createSourceFile('chunk.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const statics = new Set<string>();
  const dynamics = new Set<string>();
  for (const st of file.statements) {
    if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      // `import type` cannot appear in emitted JavaScript; nothing to skip.
      statics.add(st.moduleSpecifier.text);
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) dynamics.add(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { static: [...statics], dynamic: [...dynamics] };
}

/** The built file a specifier names: relative to the importer, or to the package root for "/x". */
function target(dir: string, importer: string, spec: string): string | null {
  if (spec.startsWith('/')) return join(dir, spec.slice(1));
  if (spec.startsWith('./') || spec.startsWith('../')) return resolve(dirname(importer), spec);
  return null; // a bare specifier: nothing in an extension package (chrome.* is a global)
}

/** The entries and every file they import, statically only or also dynamically. */
export function closure(dir: string, entries: readonly string[], follow: 'static' | 'all'): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    if (!existsSync(file)) throw new Error(`bundles: ${relative(dir, file)} is imported but was not built`);
    seen.add(file);
    const imports = importsOf(readFileSync(file, 'utf8'));
    for (const spec of follow === 'all' ? [...imports.static, ...imports.dynamic] : imports.static) {
      const next = target(dir, file, spec);
      if (next) visit(next);
    }
  };
  for (const entry of entries) visit(entry);
  return [...seen];
}

function sizes(files: string[]): { raw: number; gzip: number } {
  const all = Buffer.concat(files.map((f) => readFileSync(f)));
  return { raw: all.length, gzip: gzipSync(all, { level: 9 }).length };
}

/** panel.html's scripts and module preloads (both loaded on open), and its stylesheets. */
export function panelPageAssets(dir: string): { js: string[]; css: string[] } {
  const html = readFileSync(join(dir, 'src/panel/panel.html'), 'utf8');
  const attr = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']+)["']`).exec(tag)?.[1];
  const toFile = (href: string) => (href.startsWith('/') ? join(dir, href.slice(1)) : resolve(join(dir, 'src/panel'), href));
  const js: string[] = [];
  const css: string[] = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    const src = attr(tag, 'src');
    if (src) js.push(toFile(src));
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const rel = attr(tag, 'rel')?.toLowerCase().split(/\s+/) ?? [];
    const href = attr(tag, 'href');
    if (!href) continue;
    if (rel.includes('modulepreload')) js.push(toFile(href));
    else if (rel.includes('stylesheet')) css.push(toFile(href));
  }
  return { js, css };
}

export async function benchBundles(): Promise<Figure[]> {
  const dir = corsDoctorDir();
  progress(`bundles: ${relative(process.cwd(), dir) || dir}`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { background: { service_worker: string } };
  // The worker has no dynamic imports; following them too keeps the figure honest if it gains one.
  const worker = closure(dir, [join(dir, manifest.background.service_worker)], 'all');

  const page = panelPageAssets(dir);
  const panelOpen = closure(dir, page.js, 'static');
  const panelAll = closure(dir, page.js, 'all');
  const lazyOnly = panelAll.filter((f) => !panelOpen.includes(f));

  const kB = (n: number) => n / 1000;
  const list = (files: string[]) => files.map((f) => relative(dir, f)).join(', ');
  const w = sizes(worker);
  const open = sizes(panelOpen);
  const all = sizes(panelAll);
  const c = sizes(page.css);
  return [
    figure('bundles.worker', 'bundle: worker JS, minified', 'kB', [kB(w.raw)], { target: 30, note: list(worker) }),
    figure('bundles.worker.gzip', 'bundle: worker JS, gzip', 'kB', [kB(w.gzip)]),
    figure('bundles.panel', 'bundle: panel JS loaded to open the panel (entry + static imports), minified', 'kB', [kB(open.raw)], {
      target: 60,
      note: list(panelOpen),
    }),
    figure('bundles.panel.gzip', 'bundle: panel JS loaded to open the panel, gzip', 'kB', [kB(open.gzip)]),
    figure('bundles.panel.all', 'bundle: panel JS including lazily loaded chunks, minified', 'kB', [kB(all.raw)], {
      note: lazyOnly.length > 0 ? `lazily loaded: ${list(lazyOnly)}` : 'no lazily loaded chunks',
    }),
    figure('bundles.panel.all.gzip', 'bundle: panel JS including lazily loaded chunks, gzip', 'kB', [kB(all.gzip)]),
    figure('bundles.panel.css', 'bundle: panel CSS, minified', 'kB', [kB(c.raw)], { note: list(page.css) }),
  ];
}
