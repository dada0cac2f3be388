// The layer rules, checked over every import in src/ (static `import`/`export … from` and dynamic
// `import()` alike, as ts.preProcessFile reads them):
//   - src/core imports nothing outside src/core: no `chrome`, no DOM package, no `node:` module;
//   - src/panel never imports src/background (they talk through src/shared's port protocol);
//   - src/background never imports src/panel; src/cli imports neither;
//   - no import cycle among src/ files.
// `npx tsx scripts/layers.ts` prints each violation and exits 1; test/build/layers.test.ts runs
// checkLayers() on the real tree and on planted violations.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface Violation {
  file: string;
  rule: 'core-is-pure' | 'panel-not-background' | 'background-not-panel' | 'cli-not-extension' | 'cycle';
  detail: string;
}

const EXTENSIONS = ['.ts', '.tsx'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return EXTENSIONS.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names (`./x` -> x.ts, x.tsx or x/index.ts), or null. */
function resolveRelative(from: string, spec: string, files: ReadonlySet<string>): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => join(base, `index${e}`))]) {
    if (files.has(candidate)) return candidate;
  }
  return null;
}

const layerOf = (rel: string): string => rel.split('/')[1] ?? '';

/** Every violation under root/src (root: the repository). */
export function checkLayers(root: string): Violation[] {
  const src = join(root, 'src');
  const all = sourceFiles(src);
  const files = new Set(all);
  const edges = new Map<string, string[]>();
  const out: Violation[] = [];
  for (const file of all) {
    const rel = relative(root, file);
    const layer = layerOf(rel);
    const targets: string[] = [];
    for (const { fileName: spec } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      const target = spec.startsWith('.') ? resolveRelative(file, spec, files) : null;
      const targetRel = target ? relative(root, target) : spec;
      const targetLayer = target ? layerOf(targetRel) : null;
      if (target) targets.push(target);
      if (layer === 'core' && (target === null || targetLayer !== 'core')) out.push({ file: rel, rule: 'core-is-pure', detail: `imports ${spec}` });
      if (layer === 'panel' && targetLayer === 'background') out.push({ file: rel, rule: 'panel-not-background', detail: `imports ${targetRel}` });
      if (layer === 'background' && targetLayer === 'panel') out.push({ file: rel, rule: 'background-not-panel', detail: `imports ${targetRel}` });
      if (layer === 'cli' && (targetLayer === 'panel' || targetLayer === 'background')) out.push({ file: rel, rule: 'cli-not-extension', detail: `imports ${targetRel}` });
    }
    edges.set(file, targets);
  }
  for (const cycle of cycles(edges)) out.push({ file: relative(root, cycle[0]!), rule: 'cycle', detail: cycle.map((f) => relative(root, f)).join(' -> ') });
  return out;
}

/** One cycle per strongly connected component with more than one file (or a self-import). */
function cycles(edges: ReadonlyMap<string, string[]>): string[][] {
  // Tarjan's algorithm, iterative: linear in files plus imports.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const out = edges.get(top.node) ?? [];
      if (top.next < out.length) {
        const to = out[top.next++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        if (component.length > 1 || (edges.get(top.node) ?? []).includes(top.node)) found.push(component.reverse());
      }
    }
  }
  return found;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const violations = checkLayers(resolve(import.meta.dirname, '..'));
  for (const v of violations) console.log(`${v.file}: ${v.rule}: ${v.detail}`);
  console.log(violations.length === 0 ? 'layers: no violation' : `layers: ${violations.length} violation(s)`);
  process.exit(violations.length === 0 ? 0 : 1);
}
