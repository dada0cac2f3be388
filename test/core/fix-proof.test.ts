// Every fix tells the user how it was proven (src/core/fixes/proof.ts), and the claim is checked
// here: a stack marked `run` names an e2e file that exists and really runs that stack with the
// cases it lists, in the versions installed here (package-lock for npm, dpkg for Debian); a stack
// that no e2e file runs is marked syntax only, with the check test/core/fixes-syntax.test.ts
// really gives its language; the README's stack table is this table.
// Regenerate the README table with UPDATE_README_PROOF=1 npx vitest run --project core test/core/fix-proof.test.ts
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../lab/scenarios';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor, STACKS, type StackId } from '../../src/core/fixes/index';
import { JOURNEY_CASES, PROOFS, proofDetail, proofSummary, provenBy, type Proof } from '../../src/core/fixes/proof';
import { journeyCases } from '../e2e/fix-journey-cases';
import { labExchange } from '../fixtures/fixes/lab-exchange';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const runs = (p: Proof): p is Extract<Proof, { kind: 'run' }> => p.kind === 'run';
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ways an e2e file picks one stack's fix out of fixesFor(…) and runs it. */
function runsStack(source: string, stack: StackId): boolean {
  const s = esc(stack);
  return [
    new RegExp(`fixesFor\\([^)]*only: \\['${s}'\\]`),
    new RegExp(`f\\.stack === '${s}'`),
    new RegExp(`\\bstack: '${s}'`),
    new RegExp(`describePythonJourney\\('${s}'\\)`),
  ].some((re) => re.test(source));
}

const E2E_FILES = readdirSync(join(ROOT, 'test/e2e')).filter((f) => f.endsWith('.test.ts')).map((f) => `test/e2e/${f}`);

describe('every stack has a proof, and every fix carries it', () => {
  it('one proof per stack, no more', () => {
    expect(Object.keys(PROOFS).sort()).toEqual(STACKS.map((s) => s.id).sort());
  });

  it('each fix fixesFor builds says how its stack is proven', () => {
    const s = scenarios.find((x) => x.id === 'preflight-404')!;
    const ex = labExchange(s);
    const fixes = fixesFor(diagnose(ex), ex);
    expect(fixes).toHaveLength(STACKS.length);
    for (const f of fixes) {
      expect(f.provenBy, f.stack).toEqual(provenBy(f.stack));
      expect(f.provenBy.summary).toMatch(/^(run in .+|syntax checked only \(.+\))$/);
    }
    expect(fixes.find((f) => f.stack === 'apache')!.provenBy.summary).toBe('run in Apache 2.4.71 (Debian)');
    expect(fixes.find((f) => f.stack === 'iis')!.provenBy.summary).toBe('syntax checked only (IIS CORS Module XML schema)');
  });

  it('the journey case ids are the six of test/e2e/fix-journey-cases.ts', () => {
    expect([...JOURNEY_CASES]).toEqual(journeyCases.map((c) => c.id));
  });
});

describe('a stack marked run names an e2e file that runs it, with the cases it lists', () => {
  const run = STACKS.filter((s) => runs(PROOFS[s.id])).map((s) => [s.id, PROOFS[s.id] as Extract<Proof, { kind: 'run' }>] as const);
  it.each(run)('%s', (stack, p) => {
    expect(existsSync(join(ROOT, p.test)), `${p.test} does not exist`).toBe(true);
    expect(p.test).toMatch(/^test\/e2e\/.+\.test\.ts$/);
    const source = read(p.test);
    expect(runsStack(source, stack), `${p.test} does not run ${stack}`).toBe(true);
    if (p.cases === JOURNEY_CASES) {
      // The six journey cases: the file iterates journeyCases (itself, or through the app journey).
      const journey = /describe(Python|App)Journey\(/.test(source) ? read('test/e2e/app-fix-journey.ts') : source;
      expect(journey, `${p.test} does not run the journey cases`).toMatch(/it\.each\(journeyCases[\s.)]/);
    } else {
      // Some of the journey cases (proof.ts types them as journey case ids): the file iterates
      // them, and names each one it does not run, with the reason.
      expect(p.subset, `${stack} runs fewer than the six journey cases: say which and why`).toBeTruthy();
      expect(p.cases.length).toBeGreaterThan(0);
      expect(source).toMatch(/it\.each\(journeyCases[\s.)]/);
      for (const c of JOURNEY_CASES.filter((x) => !p.cases.includes(x))) expect(source, `${p.test} does not say why ${c} is not run`).toMatch(new RegExp(`'${esc(c)}':`));
    }
  });
});

describe('a stack no e2e file runs is marked syntax only, with the check its language really gets', () => {
  const ALL = scenarios.flatMap((s) => {
    const ex = labExchange(s);
    return fixesFor(diagnose(ex), ex);
  });
  const syntaxTest = read('test/core/fixes-syntax.test.ts');
  /** The describe in fixes-syntax.test.ts that checks a language, per tool. */
  const CHECK: Record<string, string> = {
    'TypeScript parser/ts': "describe('JavaScript and TypeScript snippets parse (TypeScript compiler)'",
    'TypeScript parser/js': "describe('JavaScript and TypeScript snippets parse (TypeScript compiler)'",
    'XML well-formed/xml': "describe('XML (IIS web.config) snippets are well-formed'",
    'JSON parse and shape/json': "describe('JSON snippets parse and have the shape their platform expects'",
    'structure check/java': "describe('Java and C# snippets: balanced, statements terminated'",
    'structure check/csharp': "describe('Java and C# snippets: balanced, statements terminated'",
    'structure check/ruby': "describe('Ruby snippets: do/end and brackets balance'",
    'structure check/php': "describe('PHP snippets: an array returned, balanced'",
    'structure check/netlify-headers': "describe('Netlify _headers snippets: a path line, then indented `Name: value` lines'",
  };
  /**
   * The stricter checks of one stack's snippets (a platform's schema, parser or compiler), per
   * stack: the tool the proof names, the test file and its describe.
   */
  const STRICT: Partial<Record<StackId, { tool: string; file: string; describe: string }>> = {
    laravel: { tool: 'php -l, PHP 8.2 and Laravel config keys', file: 'test/core/fixes-strict-php-jvm.test.ts', describe: "describe('Laravel config/cors.php snippets: php -l, loaded by PHP 8.2 with the keys and value types of Laravel config/cors.php, paths matched by Illuminate Request::is'" },
    spring: { tool: 'javac against Spring 6 API signatures', file: 'test/core/fixes-strict-php-jvm.test.ts', describe: "describe('Spring snippets compile with javac 17 against Spring Framework 6 and Spring Security 6 API signatures'" },
    aspnet: { tool: 'C# compiler against ASP.NET Core 10 API signatures', file: 'test/core/fixes-strict-php-jvm.test.ts', describe: "describe('ASP.NET Core snippets compile with the Mono C# compiler against ASP.NET Core 10 API signatures, and call the documented API in the documented order'" },
    iis: { tool: 'IIS CORS Module XML schema', file: 'test/core/fixes-strict-config.test.ts', describe: "describe('IIS web.config snippets: valid against the IIS CORS Module schema (xmllint) and its documented rules'" },
    'aws-apigw-rest': { tool: 'CloudFormation property spec', file: 'test/core/fixes-strict-config.test.ts', describe: "describe('API Gateway REST snippets: the CloudFormation resource specification (AWS::ApiGateway::Method, AWS::ApiGateway::GatewayResponse) and the API Gateway mapping rules'" },
    'aws-apigw-http': { tool: 'CloudFormation property spec', file: 'test/core/fixes-strict-config.test.ts', describe: "describe('API Gateway HTTP snippets: the CloudFormation resource specification (AWS::ApiGatewayV2::Api CorsConfiguration) and its documented rules'" },
    'aws-cloudfront': { tool: 'CloudFormation property spec', file: 'test/core/fixes-strict-config.test.ts', describe: "describe('CloudFront snippets: the CloudFormation resource specification (AWS::CloudFront::ResponseHeadersPolicy CorsConfig)'" },
    gcs: { tool: 'Cloud Storage cors resource', file: 'test/core/fixes-strict-config.test.ts', describe: "describe('Cloud Storage cors.json snippets: exactly the bucket cors[] resource, and honest about credentials'" },
    netlify: { tool: 'Netlify _headers parser', file: 'test/core/fixes-strict-config.test.ts', describe: "describe('Netlify _headers snippets: the parser Netlify builds with (@netlify/headers-parser), its documented limits, and honest about OPTIONS'" },
  };
  const syntax = STACKS.filter((s) => !runs(PROOFS[s.id])).map((s) => [s.id, PROOFS[s.id] as Extract<Proof, { kind: 'syntax' }>] as const);
  it.each(syntax)('%s', (stack, p) => {
    const runners = E2E_FILES.filter((f) => runsStack(read(f), stack));
    expect(runners, `${stack} is run by ${runners.join(', ')}: mark it run (when that test passes)`).toEqual([]);
    const languages = new Set(ALL.filter((f) => f.stack === stack).map((f) => f.language));
    expect(languages.size).toBe(1);
    const strict = STRICT[stack];
    if (strict) {
      expect(p.tool, `${stack}: the proof names another tool than its strict check`).toBe(strict.tool);
      expect(read(strict.file)).toContain(strict.describe);
      expect(p.note).toBeTruthy();
      return;
    }
    const check = CHECK[`${p.tool}/${[...languages][0]}`];
    expect(check, `no "${p.tool}" check for ${[...languages][0]}`).toBeDefined();
    expect(syntaxTest).toContain(check);
    if (p.tool === 'JSON parse and shape') expect(syntaxTest).toContain(`case '${stack}':`);
    expect(p.note).toBeTruthy();
  });
});

describe('each fix states the minimum version it needs', () => {
  // Hosted platforms have no version for the user to choose: their fixes say what the platform
  // does instead. Every other stack's fix opens a note with `Requires …` (a framework, package,
  // server or module version), on every lab scenario.
  const PLATFORMS: readonly StackId[] = ['aws-apigw-rest', 'aws-apigw-http', 'aws-cloudfront', 'aws-s3', 'gcs', 'vercel', 'netlify'];
  const versioned = STACKS.map((s) => s.id).filter((id) => !PLATFORMS.includes(id));
  it.each(versioned)('%s', (stack) => {
    for (const s of scenarios) {
      const ex = labExchange(s);
      const fix = fixesFor(diagnose(ex), ex, { only: [stack] })[0]!;
      expect(fix.notes?.some((n) => /^Requires .*\d/.test(n)), `${stack} on ${s.id}: no "Requires <version>" note`).toBe(true);
    }
  });
});

describe('the runtime versions named are the ones installed here', () => {
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string }> };
  const npm = (name: string) => lock.packages[`node_modules/${name}`]?.version ?? `${name} (not in package-lock)`;
  /**
   * The upstream release series of an installed Debian package ("2.4.71-1~deb12u1" -> "2.4",
   * "3:3.2.25-0+deb12u7" -> "3.2"). proof.ts names the full version proven when it was written;
   * a Debian point release on the CI machine (2.4.71 -> 2.4.72) keeps the claim, a new series
   * (2.4 -> 2.6) means the journey must be re-run and the table updated. npm versions are locked,
   * so they are compared exactly.
   */
  const deb = (name: string) => {
    const r = spawnSync('dpkg-query', ['-W', '-f', '${Version}', name], { encoding: 'utf8' });
    if (r.status !== 0 || r.stdout.trim() === '') return `${name} (not installed)`;
    const upstream = r.stdout.trim().replace(/^\d+:/, '').split(/[-~+]/)[0] as string;
    return upstream.split('.').slice(0, 2).join('.');
  };
  const VERSIONS: Partial<Record<StackId, () => string[]>> = {
    express: () => [`Express ${npm('express')}`, `cors ${npm('cors')}`],
    fastify: () => [`Fastify ${npm('fastify')}`, `@fastify/cors ${npm('@fastify/cors')}`],
    koa: () => [`Koa ${npm('koa')}`, `@koa/cors ${npm('@koa/cors')}`],
    hono: () => [`Hono ${npm('hono')}`, `@hono/node-server ${npm('@hono/node-server')}`],
    nextjs: () => [`Next.js ${npm('next')}`],
    nestjs: () => [`NestJS ${npm('@nestjs/core')}`, `@nestjs/platform-express ${npm('@nestjs/platform-express')}`, `Express ${npm('express')}`],
    rails: () => [`Rails ${deb('ruby-railties')}`, `rack-cors ${deb('ruby-rack-cors')}`, `puma ${deb('puma')}`],
    'cloudflare-workers': () => [`workerd ${npm('workerd')}`],
    'aws-s3': () => [`s3rver ${npm('s3rver')}`],
    vercel: () => [`@vercel/routing-utils ${npm('@vercel/routing-utils')}`],
    nginx: () => [`nginx ${deb('nginx')}`],
    apache: () => [`Apache ${deb('apache2')}`],
    caddy: () => [`Caddy ${deb('caddy')}`],
    flask: () => [`Flask ${deb('python3-flask')}`, `Flask-CORS ${deb('python3-flask-cors')}`],
    django: () => [`Django ${deb('python3-django')}`, `django-cors-headers ${deb('python3-django-cors-headers')}`],
    fastapi: () => [`FastAPI ${deb('python3-fastapi')}`, `Starlette ${deb('python3-starlette')}`, `uvicorn ${deb('python3-uvicorn')}`],
    'go-rs-cors': () => [`rs/cors ${deb('golang-github-rs-cors-dev')}`, `go${deb('golang-1.19-go')}`],
    'go-gin': () => [`gin ${deb('golang-github-gin-gonic-gin-dev')}`, `gin-contrib/cors ${deb('golang-github-gin-contrib-cors-dev')}`, `go${deb('golang-1.19-go')}`],
  };
  it('every run stack says which versions it checks', () => {
    expect(Object.keys(VERSIONS).sort()).toEqual(STACKS.filter((s) => runs(PROOFS[s.id])).map((s) => s.id).sort());
  });
  it.each(Object.entries(VERSIONS))('%s', (stack, versions) => {
    const p = PROOFS[stack as StackId];
    if (!runs(p)) throw new Error(`${stack} is not run`);
    for (const v of versions()) expect(p.runtime, `proof.ts names another version than this machine's ${v}: re-run ${p.test} and update it`).toContain(v);
  });
  /** The tools of the syntax-only stacks that name a version in their note. */
  const TOOL_VERSIONS: Partial<Record<StackId, () => string[]>> = {
    iis: () => [`libxml2 ${deb('libxml2-utils')}`],
    laravel: () => [`PHP ${deb('php8.2-cli')}`, `Laravel ${deb('php-laravel-framework')}`],
    aspnet: () => [`mcs ${deb('mono-mcs')}`],
    netlify: () => [`@netlify/headers-parser ${npm('@netlify/headers-parser')}`],
  };
  it.each(Object.entries(TOOL_VERSIONS))('%s (syntax only: the checking tool)', (stack, versions) => {
    const p = PROOFS[stack as StackId];
    if (p.kind !== 'syntax') throw new Error(`${stack} is not syntax only`);
    for (const v of versions()) expect(p.note, `proof.ts names another version than this machine's ${v}`).toContain(v);
  });
});

// ---------------------------------------------------------------------------------------------
// The README table

const START = '<!-- stack-proofs:start (generated from src/core/fixes/proof.ts by test/core/fix-proof.test.ts) -->';
const END = '<!-- stack-proofs:end -->';

/** A table cell: pipes escaped; `<`, `>` escaped outside code spans (inside them Markdown shows them as is). */
const cell = (s: string) =>
  s
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('')
    .replace(/\|/g, '\\|');

function readmeTable(): string {
  const rows = STACKS.map(({ id, name }) => {
    const p = PROOFS[id];
    const test = p.kind === 'run' ? `; [${p.test.split('/').pop()}](${p.test})` : '';
    return `| ${cell(name)} | ${cell(proofSummary(p))} | ${cell(proofDetail(p))}${test} |`;
  });
  return [START, '| Stack | How its fix is proven | What ran, or what was checked |', '|---|---|---|', ...rows, END].join('\n');
}

it("the README's stack table is the proof table", () => {
  const readme = read('README.md');
  const expected = readmeTable();
  const at = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (process.env.UPDATE_README_PROOF === '1' && at >= 0 && end > at) {
    writeFileSync(join(ROOT, 'README.md'), readme.slice(0, at) + expected + readme.slice(end + END.length));
    return;
  }
  expect(at, 'README.md has no stack table').toBeGreaterThanOrEqual(0);
  expect(readme.slice(at, end + END.length), 'README stack table differs (UPDATE_README_PROOF=1 to regenerate)').toBe(expected);
});
