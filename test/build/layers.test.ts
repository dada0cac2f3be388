// The layer rules (scripts/layers.ts): the real src/ keeps them, and each planted violation in a
// scratch tree is reported, so a rule that stopped looking would fail here.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers } from '../../scripts/layers';

const ROOT = resolve(import.meta.dirname, '../..');

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A scratch repository with these files under it. */
function tree(files: Record<string, string>): string {
  scratch = mkdtempSync(join(tmpdir(), 'layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
  return scratch;
}

describe('layer rules', () => {
  it('the real src/ has no violation', () => {
    expect(checkLayers(ROOT)).toEqual([]);
  });

  it.each([
    ['core importing chrome types', "import type {} from 'chrome';\n"],
    ['core importing a Node module', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n"],
    ['core importing a package', "import { h } from 'preact';\nvoid h;\n"],
    ['core importing the worker', "import { x } from '../background/store';\nvoid x;\n"],
  ])('reports %s', (_what, text) => {
    const root = tree({ 'src/core/leak.ts': text, 'src/background/store.ts': 'export const x = 1;\n' });
    expect(checkLayers(root)).toEqual([expect.objectContaining({ file: 'src/core/leak.ts', rule: 'core-is-pure' })]);
  });

  it('reports the panel importing the worker, and the worker importing the panel', () => {
    const root = tree({
      'src/panel/view.tsx': "import { store } from '../background/store';\nexport const view = store;\n",
      'src/background/store.ts': 'export const store = 1;\n',
      'src/background/badge.ts': "import type { view } from '../panel/view';\nexport type V = typeof view;\n",
    });
    expect(checkLayers(root).map((v) => `${v.file} ${v.rule}`).sort()).toEqual(['src/background/badge.ts background-not-panel', 'src/panel/view.tsx panel-not-background']);
  });

  it('reports the CLI importing the extension', () => {
    const root = tree({ 'src/cli/main.ts': "import { store } from '../background/store';\nvoid store;\n", 'src/background/store.ts': 'export const store = 1;\n' });
    expect(checkLayers(root)).toEqual([expect.objectContaining({ file: 'src/cli/main.ts', rule: 'cli-not-extension' })]);
  });

  it('reports a cycle through a dynamic import (the panel once had one: lazy -> DetailView -> ExportMenu -> lazy)', () => {
    const root = tree({
      'src/panel/lazy.ts': "export const detail = () => import('./DetailView');\nexport const other = 1;\n",
      'src/panel/DetailView.tsx': "import { ExportMenu } from './ExportMenu';\nexport const DetailView = ExportMenu;\n",
      'src/panel/ExportMenu.tsx': "import { other } from './lazy';\nexport const ExportMenu = other;\n",
      'src/panel/App.tsx': "import { detail } from './lazy';\nvoid detail;\n",
    });
    const found = checkLayers(root);
    expect(found).toHaveLength(1);
    expect(found[0]!.rule).toBe('cycle');
    expect(found[0]!.detail.split(' -> ').sort()).toEqual(['src/panel/DetailView.tsx', 'src/panel/ExportMenu.tsx', 'src/panel/lazy.ts']);
  });

  it('reports a type-only cycle and a self-import; an acyclic diamond is fine', () => {
    const root = tree({
      'src/core/a.ts': "import type { B } from './b';\nexport type A = B | 1;\n",
      'src/core/b.ts': "import type { A } from './a';\nexport type B = A | 2;\n",
      'src/core/self.ts': "export * from './self';\n",
      'src/core/top.ts': "import './left';\nimport './right';\n",
      'src/core/left.ts': "import './bottom';\n",
      'src/core/right.ts': "import './bottom';\n",
      'src/core/bottom.ts': 'export {};\n',
    });
    expect(checkLayers(root).map((v) => v.detail).sort()).toEqual(['src/core/a.ts -> src/core/b.ts', 'src/core/self.ts']);
  });
});

it("test/core tests the core alone: no import from the worker, the panel or the CLI", () => {
  const dir = join(ROOT, 'test/core');
  const offenders = readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f))
    .flatMap((f) =>
      ts.preProcessFile(readFileSync(join(dir, f), 'utf8'), true, true)
        .importedFiles.map((i) => i.fileName)
        .filter((spec) => /src\/(background|panel|cli|devtools)\//.test(spec))
        .map((spec) => `${f}: ${spec}`),
    );
  expect(offenders).toEqual([]);
});
