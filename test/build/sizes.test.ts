// Issue 16's size limits (scripts/sizes.ts): no file in src/ over 400 lines, no function over 80.
// The real tree keeps them; planted oversized code is reported, so a measure that stopped
// counting would fail here.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_LINES, MAX_FUNCTION_LINES, oversized, oversizedIn } from '../../scripts/sizes';

const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('size limits', () => {
  it('src/ is within them', () => {
    expect(oversized(resolve(import.meta.dirname, '../..'))).toEqual([]);
  });

  it('reports a file over the limit, and not one at it', () => {
    const at = Array.from({ length: MAX_FILE_LINES }, (_, i) => `export const a${i} = ${i};`).join('\n') + '\n';
    expect(oversizedIn('src/core/at.ts', at)).toEqual([]);
    expect(oversizedIn('src/core/over.ts', `${at}export const last = 0;\n`)).toEqual([{ file: 'src/core/over.ts', line: 1, lines: MAX_FILE_LINES + 1 }]);
  });

  it.each([
    ['a function declaration', (b: string) => `export function big() {\n${b}\n}\n`, 'big'],
    ['an arrow function', (b: string) => `export const big = () => {\n${b}\n};\n`, 'big'],
    ['a method', (b: string) => `export class C {\n  big() {\n${b}\n  }\n}\n`, 'big'],
    ['a component in TSX', (b: string) => `export function Big() {\n${b}\n  return <div />;\n}\n`, 'Big'],
  ])('reports %s over the limit', (_what, wrap, name) => {
    const fits = oversizedIn('src/panel/x.tsx', wrap(body(MAX_FUNCTION_LINES - 3)));
    expect(fits).toEqual([]);
    const over = oversizedIn('src/panel/x.tsx', wrap(body(MAX_FUNCTION_LINES)));
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ name });
    expect(over[0]!.lines).toBeGreaterThan(MAX_FUNCTION_LINES);
  });
});
