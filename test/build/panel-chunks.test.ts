// Opening the panel loads only what the list needs: the detail view, the fix generators and the
// report module are chunks loaded with import() on first use (issue 11: panel ≤ 60 kB on open).
// Reads the built dist/ the way bench/bundles.ts measures it.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { closure, importsOf, panelPageAssets } from '../../bench/bundles';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');

function page() {
  if (!existsSync(join(DIST, 'src/panel/panel.html'))) throw new Error('dist/ is missing: run `npm run build` (npm test does) before the build tests.');
  const { js } = panelPageAssets(DIST);
  const open = closure(DIST, js, 'static');
  const all = closure(DIST, js, 'all');
  return { open, lazy: all.filter((f) => !open.includes(f)) };
}

// One string from each part that must stay out of the first load (kept verbatim by the minifier).
const MARKERS = {
  'the detail view': 'Fix it on the server',
  'the fix generators': 'Flask (Flask-CORS)',
  'the report module': 'cors-doctor/report@2',
};

const containing = (files: string[], text: string) => files.filter((f) => readFileSync(f, 'utf8').includes(text)).map((f) => relative(DIST, f));

describe('the built panel (dist/)', () => {
  it.each(Object.entries(MARKERS))('does not load %s to open the panel, only when it is first needed', (_what, marker) => {
    const { open, lazy } = page();
    expect(containing(open, marker)).toEqual([]);
    expect(containing(lazy, marker).length).toBeGreaterThan(0);
  });

  it('loads its lazy chunks from the package with a relative import() (script-src \'self\'; no web_accessible_resources needed)', () => {
    const { open, lazy } = page();
    const dynamic = open.flatMap((f) => importsOf(readFileSync(f, 'utf8')).dynamic);
    expect(dynamic.length).toBeGreaterThan(0);
    for (const spec of dynamic) expect(spec).toMatch(/^\.\/[\w.-]+\.js$/);
    expect(lazy.every((f) => f.startsWith(join(DIST, 'assets')))).toBe(true);
  });
});

describe('importsOf (bench/bundles.ts) tells static imports from dynamic ones', () => {
  it('reads what Vite emits', () => {
    const code =
      'import"./polyfill.js";import{a as e,b as t}from"./shared-1.js";export{c as d}from"./re-1.js";export*from"./re-2.js";' +
      'const x=()=>e(()=>import(`./Detail-1.js`),[]);const y=()=>import("./export-1.js");export{x,y};';
    expect(importsOf(code)).toEqual({
      static: ['./polyfill.js', './shared-1.js', './re-1.js', './re-2.js'],
      dynamic: ['./Detail-1.js', './export-1.js'],
    });
  });

  it('is not fooled by strings, templates and comments that look like imports', () => {
    const code =
      'const s="import{x}from\\"./nope-1.js\\"",t=`import("./nope-2.js")`;/* import "./nope-3.js" */' +
      'const snippet=`import cors from "cors";\\nconst app = require("./app.js")`;export{s,t,snippet};';
    expect(importsOf(code)).toEqual({ static: [], dynamic: [] });
  });
});
