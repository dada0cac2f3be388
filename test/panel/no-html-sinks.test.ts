import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Every value the panel shows comes from a server or a page: it is rendered as text (Preact
// escapes), never parsed as HTML. The hostile-values e2e test proves it in Chromium; this keeps
// the sinks out of the source.
const DIR = resolve(import.meta.dirname, '../../src/panel');

describe('the panel source', () => {
  it.each(readdirSync(DIR).filter((f) => /\.(ts|tsx)$/.test(f)))('%s uses no HTML sink', (file) => {
    const src = readFileSync(join(DIR, file), 'utf8');
    expect(src).not.toMatch(/dangerouslySetInnerHTML|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|new Function|\beval\(/);
  });

  it.each(readdirSync(DIR).filter((f) => /\.(ts|tsx)$/.test(f) && f !== 'main.tsx'))('%s does not touch chrome.*', (file) => {
    const code = readFileSync(join(DIR, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/\bchrome\./);
  });
});
