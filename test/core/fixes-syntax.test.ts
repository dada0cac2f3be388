// Every snippet is parsed by a real parser where one is at hand (TypeScript's for JS/TS, with
// a full type check of the TS snippets against the installed hono and the DOM lib; CPython's
// ast for Python; JSON.parse), and by a structural check written here for the rest. The Flask,
// Django and FastAPI snippets are also run for real in Debian's frameworks (test/e2e/fixes-flask,
// fixes-django, fixes-fastapi), the NestJS one in NestJS 12 (test/e2e/fixes-nestjs) and the Rails one
// in Debian's Rails 6.1 (test/e2e/fixes-rails); here every scenario's Python snippet is parsed,
// and every Ruby one compiled by Ruby.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../lab/scenarios';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import { labExchange } from '../fixtures/fixes/lab-exchange';

const ROOT = resolve(import.meta.dirname, '../..');

// One fix set per lab scenario: every diagnosis kind the lab produces, every stack.
const ALL: Fix[] = scenarios.flatMap((s) => {
  const ex = labExchange(s);
  return fixesFor(diagnose(ex), ex).map((f) => ({ ...f, title: `${s.id}` }));
});
const byLanguage = (lang: string): Array<[string, Fix]> => ALL.filter((f) => f.language === lang).map((f) => [`${f.stack} · ${f.title}`, f]);

describe('JavaScript and TypeScript snippets parse (TypeScript compiler)', () => {
  it.each([...byLanguage('js'), ...byLanguage('ts')])('%s', (_n, f) => {
    const out = ts.transpileModule(f.snippet, {
      fileName: f.language === 'ts' ? 'snippet.ts' : 'snippet.mjs',
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, allowJs: true },
    });
    expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) ?? []).toEqual([]);
  });
});

describe('TypeScript snippets type-check against the real packages (hono) and the DOM lib', () => {
  const dir = mkdtempSync(join(ROOT, 'node_modules/.cache-fixes-tsc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const checked = ALL.filter((f) => ['hono', 'nextjs', 'cloudflare-workers'].includes(f.stack));
  it(`${checked.length} snippets compile with strict tsc`, () => {
    const files = checked.map((f, i) => {
      const file = join(dir, `s${i}-${f.stack}.ts`);
      writeFileSync(file, f.snippet);
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: [],
      skipLibCheck: true,
      noUnusedLocals: true,
      isolatedModules: true,
    });
    const diags = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.split('/').pop()}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diags).toEqual([]);
    // One TypeScript program over every snippet and the packages' types: seconds on a busy machine.
  }, 60_000);
});

describe('Python snippets parse (CPython ast)', () => {
  const py = byLanguage('python');
  it(`${py.length} snippets`, () => {
    // One interpreter for all: a JSON list in, the first error per snippet out.
    const script = 'import ast,json,sys\nout=[]\nfor name,src in json.load(sys.stdin):\n    try:\n        ast.parse(src)\n    except SyntaxError as e:\n        out.append(f"{name}: {e}")\nprint(json.dumps(out))';
    const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(py.map(([n, f]) => [n, f.snippet])), encoding: 'utf8' });
    expect(r.error, 'python3 is on every machine of this kind (env/machines/node.md)').toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

describe('JSON snippets parse and have the shape their platform expects', () => {
  it.each(byLanguage('json'))('%s', (_n, f) => {
    const v = JSON.parse(f.snippet) as Record<string, unknown>;
    switch (f.stack) {
      case 'aws-s3': {
        const rules = (v as { CORSRules: Array<Record<string, unknown>> }).CORSRules;
        expect(rules).toHaveLength(1);
        for (const k of Object.keys(rules[0]!)) expect(['AllowedOrigins', 'AllowedMethods', 'AllowedHeaders', 'ExposeHeaders', 'MaxAgeSeconds', 'ID']).toContain(k);
        for (const m of rules[0]!['AllowedMethods'] as string[]) expect(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']).toContain(m);
        break;
      }
      case 'gcs': {
        expect(Array.isArray(v)).toBe(true);
        for (const k of Object.keys((v as unknown as Array<Record<string, unknown>>)[0]!)) expect(['origin', 'method', 'responseHeader', 'maxAgeSeconds']).toContain(k);
        break;
      }
      case 'vercel': {
        const h = (v as { headers: Array<{ source: string; headers: Array<{ key: string; value: string }> }> }).headers;
        expect(h[0]!.source).toMatch(/^\//);
        for (const e of h[0]!.headers) expect(Object.keys(e).sort()).toEqual(['key', 'value']);
        break;
      }
      case 'aws-apigw-http': {
        const cors = (v as { Resources: { HttpApi: { Properties: { CorsConfiguration: Record<string, unknown> } } } }).Resources.HttpApi.Properties.CorsConfiguration;
        for (const k of Object.keys(cors)) expect(['AllowOrigins', 'AllowMethods', 'AllowHeaders', 'AllowCredentials', 'ExposeHeaders', 'MaxAge']).toContain(k);
        break;
      }
      case 'aws-apigw-rest': {
        const r = (v as { Resources: Record<string, { Type: string }> }).Resources;
        expect(r['PreflightMethod']!.Type).toBe('AWS::ApiGateway::Method');
        // Mapping values are single-quoted static strings, as API Gateway requires.
        const params = (r['Default4xxResponse'] as unknown as { Properties: { ResponseParameters: Record<string, string> } }).Properties.ResponseParameters;
        for (const value of Object.values(params)) expect(value).toMatch(/^'[^']*'$/);
        break;
      }
      case 'aws-cloudfront': {
        const cfg = (v as { Resources: { CorsPolicy: { Properties: { ResponseHeadersPolicyConfig: { CorsConfig: Record<string, unknown> } } } } }).Resources.CorsPolicy.Properties.ResponseHeadersPolicyConfig.CorsConfig;
        for (const k of ['AccessControlAllowOrigins', 'AccessControlAllowMethods', 'AccessControlAllowHeaders', 'AccessControlAllowCredentials', 'OriginOverride']) expect(cfg).toHaveProperty(k);
        break;
      }
      default:
        throw new Error(`no shape check for ${f.stack}`);
    }
  });
});

// --- structural checks for languages without a parser on the npm registry here ---------------

/** Strips strings and comments, then checks (), [], {} nest and close. */
function bracketsBalance(src: string, opts: { lineComment: string; quotes: string }): string | undefined {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const rawLine of src.split('\n')) {
    const line = rawLine;
    let quote: string | undefined;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (line.startsWith(opts.lineComment, i)) break;
      if (opts.quotes.includes(c)) quote = c;
      else if ('([{'.includes(c)) stack.push(c);
      else if (')]}'.includes(c) && stack.pop() !== pairs[c]) return `unbalanced ${c} in: ${rawLine}`;
    }
    if (quote) return `unterminated string in: ${rawLine}`;
  }
  return stack.length === 0 ? undefined : `unclosed ${stack.join('')}`;
}

const C_LIKE = { lineComment: '//', quotes: '"' };

describe('Go snippets: package, imports used, balanced (go build runs in test/e2e/fixes-go.test.ts)', () => {
  it.each(byLanguage('go'))('%s', (_n, f) => {
    expect(f.snippet).toMatch(/^package main\n/);
    // The user's placeholders, each once: the only lines the e2e test fills in (test/fixtures/fixes/go.ts).
    expect(f.snippet.split('\t// … your routes …\n')).toHaveLength(2);
    expect(f.snippet.split('":8080"')).toHaveLength(2);
    expect(bracketsBalance(f.snippet, { lineComment: '//', quotes: '"`' })).toBeUndefined();
    // Go refuses unused imports: every imported package's name is used.
    const imports = [...f.snippet.matchAll(/^\t"([^"]+)"$/gm)].map((m) => m[1]!.split('/').pop()!);
    for (const name of imports) expect(f.snippet, name).toMatch(new RegExp(`\\b${name}\\.`));
    // Composite literal fields end with a comma on their line (gofmt shape).
    for (const line of f.snippet.split('\n').filter((l) => /^\t\t[A-Z][A-Za-z]+: /.test(l))) expect(line).toMatch(/,$/);
  });
});

describe('Java and C# snippets: balanced, statements terminated', () => {
  it.each([...byLanguage('java'), ...byLanguage('csharp')])('%s', (_n, f) => {
    expect(bracketsBalance(f.snippet, C_LIKE)).toBeUndefined();
    for (const line of f.snippet.split('\n')) {
      const code = line.replace(/(^|\s)\/\/.*$/, '').trim();
      if (/^(import|using) /.test(code)) expect(code).toMatch(/;$/);
      if (/^config\.set/.test(code)) expect(code).toMatch(/\);$/);
    }
  });
});

describe('Ruby snippets compile (Ruby\'s own parser)', () => {
  const rb = byLanguage('ruby');
  it(`${rb.length} snippets`, () => {
    // One interpreter for all: a JSON list in, the first error per snippet out. Compiling does
    // not run the snippet (Rails and Rack::Cors need not be loaded).
    const script = 'require "json"\nout = JSON.parse($stdin.read).filter_map do |name, src|\n  RubyVM::InstructionSequence.compile(src)\n  nil\nrescue SyntaxError => e\n  "#{name}: #{e.message}"\nend\nprint JSON.generate(out)';
    const r = spawnSync('/usr/bin/ruby', ['-e', script], { input: JSON.stringify(rb.map(([n, f]) => [n, f.snippet])), encoding: 'utf8' });
    expect(r.error, "/usr/bin/ruby is Debian's ruby (.ci/run installs it with Rails for test/e2e/fixes-rails)").toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

describe('Ruby snippets: do/end and brackets balance', () => {
  it.each(byLanguage('ruby'))('%s', (_n, f) => {
    expect(bracketsBalance(f.snippet, { lineComment: '#', quotes: `'"` })).toBeUndefined();
    const code = f.snippet.replace(/#.*$/gm, '');
    expect((code.match(/\bdo\b/g) ?? []).length).toBe((code.match(/^\s*end\b/gm) ?? []).length);
    // Options continue the `resource` call: every line but the last ends with a comma.
    const opts = f.snippet.split('\n').filter((l) => /^ {6}\w+: /.test(l));
    opts.slice(0, -1).forEach((l) => expect(l).toMatch(/,$/));
    expect(opts.at(-1)).not.toMatch(/,$/);
  });
});

describe('PHP snippets: an array returned, balanced', () => {
  it.each(byLanguage('php'))('%s', (_n, f) => {
    expect(f.snippet.startsWith('<?php\n')).toBe(true);
    expect(bracketsBalance(f.snippet.slice(5), { lineComment: '//', quotes: `'"` })).toBeUndefined();
    expect(f.snippet).toMatch(/^return \[$/m);
    expect(f.snippet.trimEnd().endsWith('];')).toBe(true);
    for (const line of f.snippet.split('\n').filter((l) => /^ {4}'/.test(l))) expect(line).toMatch(/^ {4}'[a-z_]+' => .+,$/);
  });
});

/** nginx: every statement ends in `;` or opens a block, blocks balance, directives are real. */
export function checkNginx(src: string): string[] {
  const known = new Set(['map', 'default', 'server', 'location', 'if', 'add_header', 'return', 'proxy_pass', 'proxy_hide_header']);
  const errors: string[] = [];
  let depth = 0;
  let inMap = false;
  for (const raw of src.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    if (line === '}') {
      depth--;
      if (depth < 0) errors.push('unbalanced }');
      if (inMap && depth === 0) inMap = false;
      continue;
    }
    const name = line.split(/\s+/)[0]!;
    if (line.endsWith('{')) {
      depth++;
      if (name === 'map') inMap = true;
      if (!known.has(name)) errors.push(`unknown block ${name}`);
      if (name === 'if' && !/^if \(\$[a-z_]+ = [A-Z]+\) \{$/.test(line)) errors.push(`odd if: ${line}`);
      continue;
    }
    if (!line.endsWith(';')) errors.push(`unterminated: ${line}`);
    if (!inMap && !known.has(name)) errors.push(`unknown directive ${name}`);
    if (name === 'add_header' && !/ always;$/.test(line)) errors.push(`add_header without always: ${line}`);
    if ((line.match(/"/g) ?? []).length % 2 !== 0) errors.push(`unbalanced quotes: ${line}`);
  }
  if (depth !== 0) errors.push(`unclosed blocks: ${depth}`);
  if (!/if \(\$request_method = OPTIONS\) \{[^}]*return 204;\s*\}/.test(src)) errors.push('OPTIONS not answered with 204 inside the if');
  return errors;
}

describe('nginx snippets: structure (nginx -t runs in test/e2e/fixes-nginx.test.ts)', () => {
  it.each(byLanguage('nginx'))('%s', (_n, f) => {
    expect(checkNginx(f.snippet)).toEqual([]);
    // add_header in the `if` replaces the outer ones, so ACAO must be repeated inside it.
    const inside = /if \(\$request_method = OPTIONS\) \{([^}]*)\}/.exec(f.snippet)![1]!;
    expect(inside).toContain('add_header Access-Control-Allow-Origin $cors_origin always;');
    expect(f.snippet).toMatch(/add_header Vary Origin always;/);
  });
});

describe('Apache snippets: sections balance, directives are mod_headers/mod_rewrite/authz ones (run in apache2 by test/e2e/fixes-apache.test.ts)', () => {
  it.each(byLanguage('apache'))('%s', (_n, f) => {
    // No `%` in a Header value: mod_headers has no `%{Origin}i` (mod_log_config's syntax); it
    // sends `i=98`, the idle percentage. Observed in Apache 2.4.71.
    const known = /^(Header always (set|merge) [A-Za-z-]+ "[^"%]*"|Header unset Access-Control-Allow-Origin|RewriteEngine On|RewriteCond %\{[A-Z_:a-z-]+\} \S+|RewriteRule \^ - \[R=204,L\]|Require all granted)$/;
    const sections: string[] = [];
    let openIf = '';
    for (const raw of f.snippet.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const open = /^<(IfModule|If)\s+[^>]+>$/.exec(line);
      const close = /^<\/(IfModule|If)>$/.exec(line);
      if (open) {
        sections.push(open[1]!);
        if (open[1] === 'If') openIf = line;
      } else if (close) expect(sections.pop(), line).toBe(close[1]);
      else expect(line).toMatch(known);
      // The login is lifted only for the preflights the RewriteRule answers itself.
      if (line === 'Require all granted') expect(openIf).toBe(`<If "%{REQUEST_METHOD} == 'OPTIONS' && -n %{HTTP:Access-Control-Request-Method}">`);
    }
    expect(sections).toEqual([]);
    expect(f.snippet).not.toMatch(/^\s*Header (set|add) /m);
    // The origin sent is the one the <If> compares with, written out.
    const origin = /<If "%\{HTTP:Origin\} == '([^']+)'">/.exec(f.snippet)![1]!;
    expect(f.snippet).toContain(`Header always set Access-Control-Allow-Origin "${origin}"`);
    expect(f.snippet).toContain('RewriteCond %{REQUEST_METHOD} OPTIONS\nRewriteCond %{HTTP:Access-Control-Request-Method} !^$\nRewriteRule ^ - [R=204,L]');
  });
});

describe('Caddyfile snippets: blocks balance, matchers defined before use (caddy validate runs in test/e2e/fixes-caddy.test.ts)', () => {
  it.each(byLanguage('caddyfile'))('%s', (_n, f) => {
    // The user's upstream, marked as theirs, once: the only line the e2e test fills in.
    expect(f.snippet).toContain('\t# Your own upstream (or file_server, php_fastcgi …), as before.\n\treverse_proxy 127.0.0.1:3000\n');
    expect(f.snippet.split('reverse_proxy 127.0.0.1:3000')).toHaveLength(2);
    expect(bracketsBalance(f.snippet, { lineComment: '#', quotes: '"' })).toBeUndefined();
    const defined = new Set([...f.snippet.matchAll(/^\t(@[a-z_]+)\b/gm)].map((m) => m[1]));
    for (const used of f.snippet.matchAll(/^\t(?:header|handle) (@[a-z_]+)/gm)) expect(defined).toContain(used[1]);
  });
});

describe('XML (IIS web.config) snippets are well-formed', () => {
  it.each(byLanguage('xml'))('%s', (_n, f) => {
    const body = f.snippet.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
    const stack: string[] = [];
    for (const m of body.matchAll(/<(\/?)([A-Za-z][\w.]*)((?:\s+[\w]+="[^"<]*")*)\s*(\/?)>/g)) {
      if (m[1]) expect(stack.pop(), m[0]).toBe(m[2]);
      else if (!m[4]) stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
    // Nothing left that is neither a tag nor whitespace.
    expect(body.replace(/<(\/?)([A-Za-z][\w.]*)((?:\s+[\w]+="[^"<]*")*)\s*(\/?)>/g, '').trim()).toBe('');
  });
});

describe('Netlify _headers snippets: a path line, then indented `Name: value` lines', () => {
  it.each(byLanguage('netlify-headers'))('%s', (_n, f) => {
    const lines = f.snippet.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(lines[0]).toMatch(/^\/\S*$/);
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {2}[A-Za-z-]+: \S.*$/);
  });
});

it('every language has a syntax check above', () => {
  const covered = ['js', 'ts', 'python', 'json', 'go', 'java', 'csharp', 'ruby', 'php', 'nginx', 'apache', 'caddyfile', 'xml', 'netlify-headers'];
  expect([...new Set(ALL.map((f) => f.language))].filter((l) => !covered.includes(l))).toEqual([]);
});
