// Finds test code that makes a browser page run code built from a string. Firefox ESR 140 applies an
// extension page's CSP to it: puppeteer's waitForFunction builds its predicate with `Function()`
// inside the page ("EvalError: call to Function() blocked by CSP"), and a string passed to
// evaluate is compiled in the page. Functions passed to evaluate travel as function declarations
// (CDP Runtime.callFunctionOn, BiDi script.callFunction) and are not subject to it.
// The type checker decides what a string is, so `evaluate(code)` with `code: string` is caught too.
import ts from 'typescript';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The methods of puppeteer and Playwright pages, frames, workers and handles that run code in the page, and which argument is the code. */
const RUNS_IN_PAGE = new Map([
  ['evaluate', 0],
  ['evaluateHandle', 0],
  ['evaluateOnNewDocument', 0],
  ['addInitScript', 0],
  ['$eval', 1],
  ['$$eval', 1],
]);

export interface Finding {
  file: string;
  line: number;
  call: string;
  why: string;
}

/** Every .ts file under the directories that drive browsers in tests (harness, e2e, fixture recorders, scripts). */
export function browserDrivingFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const d of ['test/e2e', 'test/fixtures', 'scripts']) walk(join(ROOT, d));
  return out.sort();
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT, undefined, configPath);
  return { ...parsed.options, noEmit: true };
}

/**
 * Scans `files` (absolute paths); `virtual` adds or replaces files by path (for the scanner's own
 * test). Returns every waitForFunction call, and every call of a RUNS_IN_PAGE method whose first
 * argument is a string.
 */
export function findStringEvaluation(files: string[], virtual: Record<string, string> = {}): Finding[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtual[resolve(fileName)];
    return text !== undefined ? ts.createSourceFile(fileName, text, languageVersion, true) : getSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => virtual[resolve(fileName)] !== undefined || fileExists(fileName);
  const roots = [...new Set([...files, ...Object.keys(virtual)])];
  const program = ts.createProgram({ rootNames: roots, options, host });
  const checker = program.getTypeChecker();
  const findings: Finding[] = [];

  for (const file of roots) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`not compiled: ${file}`);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        const at = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        const call = node.getText(sf).split('\n')[0]!.slice(0, 120);
        const where = { file: relative(ROOT, file), line: at, call };
        if (method === 'waitForFunction') {
          findings.push({ ...where, why: 'waitForFunction builds its predicate with Function() in the page: poll evaluate(() => …) with pollUntil instead' });
        } else if (RUNS_IN_PAGE.has(method) && node.arguments.length > RUNS_IN_PAGE.get(method)!) {
          const code = node.arguments[RUNS_IN_PAGE.get(method)!]!;
          const type = checker.getTypeAtLocation(code);
          const stringy = (t: ts.Type): boolean => (t.isUnion() ? t.types.some(stringy) : (t.flags & ts.TypeFlags.StringLike) !== 0);
          if (stringy(type)) findings.push({ ...where, why: `${method} is given a string (${checker.typeToString(type)}): pass a function, or evaluate over the protocol` });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return findings;
}
