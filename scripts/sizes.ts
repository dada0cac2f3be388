// The size limits of issue 16: no file in src/ over 400 lines, no function over 80 lines.
// A function is any function declaration, method, accessor, constructor, function expression or
// arrow function, measured from its first to its last line; an inner function counts on its own
// and inside its outer one. `npx tsx scripts/sizes.ts` prints every file and function over the
// limits and exits 1 when there is one; test/build/sizes.test.ts runs oversized() on the real tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 80;

export interface Oversize {
  file: string;
  /** The function's name (or `<anonymous>`), absent for the file itself. */
  name?: string;
  line: number;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function nameOf(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  if (named.name && (ts.isStringLiteral(named.name) || ts.isPrivateIdentifier(named.name))) return named.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '<anonymous>';
}

/** Files and functions over the limits in one source text. */
export function oversizedIn(file: string, text: string): Oversize[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Oversize[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const fileLines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  if (fileLines > MAX_FILE_LINES) out.push({ file, line: 1, lines: fileLines });
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as { body?: ts.Node }).body) {
      const start = lineOf(node.getStart(source));
      const lines = lineOf(node.getEnd()) - start + 1;
      if (lines > MAX_FUNCTION_LINES) out.push({ file, name: nameOf(node), line: start, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

export function oversized(root: string): Oversize[] {
  return sourceFiles(join(root, 'src')).flatMap((path) => oversizedIn(relative(root, path), readFileSync(path, 'utf8')));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const found = oversized(resolve(import.meta.dirname, '..'));
  for (const o of found) console.log(`${o.file}:${o.line}: ${o.name === undefined ? 'file' : `function ${o.name}`} has ${o.lines} lines (limit ${o.name === undefined ? MAX_FILE_LINES : MAX_FUNCTION_LINES})`);
  console.log(found.length === 0 ? 'sizes: within the limits' : `sizes: ${found.length} over the limits`);
  process.exit(found.length === 0 ? 0 : 1);
}
