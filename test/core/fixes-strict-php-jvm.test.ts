// The strongest check this machine can give the Laravel, Spring Boot and ASP.NET Core fixes,
// whose servers cannot run here, over every lab scenario's fix:
//
// - Laravel: `php -l` (PHP 8.2, Debian's php-cli) on each config/cors.php; PHP loads it, and the
//   array returned has exactly the keys, order and value types of Laravel's config/cors.php;
//   Laravel's own Request::is / fullUrlIs (Debian's php-laravel-framework 8.83) match the request
//   path against its `paths`, with HandleCors::hasMatchingPath's loop. The CORS middleware itself
//   cannot run: Laravel 9.2+'s Illuminate\Http\Middleware\HandleCors and Laravel 7-8's
//   fruitcake/laravel-cors both delegate to fruitcake/php-cors (Fruitcake\Cors\CorsService), which
//   Debian does not package (nor asm89/stack-cors, which laravel-cors 1.x/2.x used), and Debian's
//   Laravel 8.83 has no HandleCors of its own.
// - Spring: javac 17 compiles each snippet against Spring Framework 6 / Spring Security 6 API
//   signatures copied from their javadoc (test/fixtures/fixes/spring6-api; Debian has Spring 4.3.30
//   and no Spring Security, and compiling against 4.3 would prove the wrong API: no
//   setMaxAge(Duration) before 5.2, no requestMatchers before Security 5.8). The members that 4.3
//   already had are checked against Debian's real 4.3.30 jars with javap.
// - ASP.NET Core: Mono's C# compiler (mcs 6.8, Debian's mono-mcs) compiles each Program.cs against
//   ASP.NET Core 10 API signatures copied from the API reference
//   (test/fixtures/fixes/aspnetcore-api), with the Web SDK's implicit usings and nothing else; the
//   API names and the middleware order are also checked against a table from the docs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../lab/scenarios';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import { labExchange } from '../fixtures/fixes/lab-exchange';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/fixes');

/** Every lab scenario's fix for one stack, with the request it was built from. */
interface Case {
  scenario: string;
  url: string;
  method: string;
  fix: Fix;
}
const ALL: Case[] = scenarios.flatMap((s) => {
  const ex = labExchange(s);
  return fixesFor(diagnose(ex), ex).map((fix) => ({ scenario: s.id, url: ex.request.url, method: ex.request.method, fix }));
});
const casesOf = (stack: string): Case[] => ALL.filter((c) => c.fix.stack === stack);

const work = mkdtempSync(join(tmpdir(), 'cors-doctor-strict-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Comment lines of a C-like snippet (`//`), for the claims they make. */
const comments = (src: string): string[] => src.split('\n').filter((l) => /^\s*\/\//.test(l)).map((l) => l.trim());

// ---------------------------------------------------------------------------------------------
// Laravel

/**
 * Laravel's config/cors.php, key by key, in its order, with the type each value has in the
 * framework's published file (Laravel 9.2+ `config/cors.php`; fruitcake/php-cors' CorsService
 * reads the same keys: lists of strings, `max_age` an int, `supports_credentials` a bool).
 * Source: laravel/framework config/cors.php and fruitcake/php-cors src/CorsService.php.
 */
const LARAVEL_CORS_KEYS: Array<[string, RegExp]> = [
  ['paths', /^list<(string|empty)>$/],
  ['allowed_methods', /^list<(string|empty)>$/],
  ['allowed_origins', /^list<(string|empty)>$/],
  ['allowed_origins_patterns', /^list<(string|empty)>$/],
  ['allowed_headers', /^list<(string|empty)>$/],
  ['exposed_headers', /^list<(string|empty)>$/],
  ['max_age', /^int$/],
  ['supports_credentials', /^bool$/],
];

interface PhpLoad {
  file: string;
  export: string;
  keys: string[];
  types: Record<string, string>;
  pathMatched: boolean;
  illuminate: string;
}

describe('Laravel config/cors.php snippets: php -l, loaded by PHP 8.2 with the keys and value types of Laravel config/cors.php, paths matched by Illuminate Request::is', () => {
  const cases = casesOf('laravel');
  const files = cases.map((c, i) => {
    const dir = join(work, `laravel-${i}`, 'config');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'cors.php');
    writeFileSync(file, c.fix.snippet);
    return file;
  });
  // The control: config/cors.php as Laravel 9.2-10 ship it (laravel/laravel config/cors.php), whose
  // `paths` cover only api/* and sanctum/csrf-cookie. It must pass the key check and miss the lab URL.
  const laravelDefault = join(work, 'laravel-default', 'config', 'cors.php');
  mkdirSync(join(work, 'laravel-default', 'config'), { recursive: true });
  writeFileSync(
    laravelDefault,
    [
      '<?php',
      '',
      'return [',
      "    'paths' => ['api/*', 'sanctum/csrf-cookie'],",
      "    'allowed_methods' => ['*'],",
      "    'allowed_origins' => ['*'],",
      "    'allowed_origins_patterns' => [],",
      "    'allowed_headers' => ['*'],",
      "    'exposed_headers' => [],",
      "    'max_age' => 0,",
      "    'supports_credentials' => false,",
      '];',
      '',
    ].join('\n'),
  );
  let loaded: PhpLoad[] | undefined;
  const load = (): PhpLoad[] => {
    if (loaded) return loaded;
    const input = [...cases.map((c, i) => [files[i], c.url, c.method]), [laravelDefault, cases[0]!.url, cases[0]!.method]];
    const r = spawnSync('php', [join(FIXTURES, 'laravel-cors-config.php')], { input: JSON.stringify(input), encoding: 'utf8' });
    expect(r.error, "php is Debian's php-cli (.ci/run installs it with php-laravel-framework)").toBeUndefined();
    expect(r.status, r.stderr + r.stdout).toBe(0);
    loaded = JSON.parse(r.stdout) as PhpLoad[];
    return loaded;
  };

  it('runs on PHP 8.2 and Laravel 8.83 from Debian', () => {
    const v = spawnSync('php', ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' });
    expect(v.stdout).toMatch(/^8\.\d+\.\d+/);
    expect(load()[0]!.illuminate).toMatch(/^8\.83\./);
    expect(cases.length).toBe(scenarios.length);
  });

  // php -l, once per distinct snippet (many scenarios build the same fix).
  const linted = new Map<string, { status: number | null; output: string }>();
  it.each(cases.map((c, i) => [c.scenario, i] as const))('%s: php -l', (_s, i) => {
    const snippet = cases[i]!.fix.snippet;
    let r = linted.get(snippet);
    if (!r) {
      const p = spawnSync('php', ['-l', files[i]!], { encoding: 'utf8' });
      expect(p.error, "php is Debian's php-cli (.ci/run installs it)").toBeUndefined();
      r = { status: p.status, output: p.stdout + p.stderr };
      linted.set(snippet, r);
    }
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('No syntax errors detected');
  }, 30_000);

  it("Laravel's own default config has these keys and types, and its paths miss the lab URL (the check can fail)", () => {
    const got = load().at(-1)!;
    expect(got.file).toBe(laravelDefault);
    expect(got.keys).toEqual(LARAVEL_CORS_KEYS.map(([k]) => k));
    for (const [k, type] of LARAVEL_CORS_KEYS) expect(got.types[k], k).toMatch(type);
    expect(got.pathMatched).toBe(false);
  });

  it.each(cases.map((c, i) => [c.scenario, i] as const))('%s: the array Laravel reads', (_s, i) => {
    const got = load()[i]!;
    const c = cases[i]!;
    expect(got.file).toBe(files[i]);
    expect(got.keys).toEqual(LARAVEL_CORS_KEYS.map(([k]) => k));
    for (const [k, type] of LARAVEL_CORS_KEYS) expect(got.types[k], `${k}: ${got.export}`).toMatch(type);
    // The request the fix was built for is one HandleCors handles (a `paths` miss leaves it alone).
    expect(got.pathMatched, `paths in ${got.export} do not cover ${c.url}`).toBe(true);
    // php-cors treats `*` in allowed_origins as "any origin" (sent as `*` unless credentials) and
    // a `*` inside an origin as a pattern: the fix names exact origins.
    expect(got.export).not.toMatch(/'allowed_origins' =>\s*array \(\s*0 => '[^']*\*/);
  });

  it.each(cases.map((c) => [c.scenario, c] as const))('%s: what its comments and notes say about Laravel is so', (_s, c) => {
    // php-cors (CorsService::configureAllowedOrigin): one allowed origin is sent as is on every
    // response, with no `Vary: Origin`; only several origins (or patterns) are echoed with Vary.
    for (const line of comments(c.fix.snippet).filter((l) => /Vary/.test(l))) expect(line).toMatch(/several|more than one/);
    const text = [c.fix.where, ...(c.fix.notes ?? [])].join('\n');
    // config/cors.php came with Laravel 7; HandleCors is in the framework from 9.2 (before it,
    // fruitcake/laravel-cors); `php artisan config:publish` exists from Laravel 11.
    expect(text).toMatch(/Laravel ≥ 9\.2/);
    expect(text).toMatch(/Laravel 7/);
    expect(text).toMatch(/fruitcake\/laravel-cors/);
    expect(text).toMatch(/Laravel 11\+?[^.]*config:publish cors|config:publish cors[^.]*Laravel 11/);
  });
});

// ---------------------------------------------------------------------------------------------
// Spring

const SPRING_STUBS = join(FIXTURES, 'spring6-api');
const javaFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.java'))
    .map((e) => join(e.parentPath, e.name));

/** Short-lived JVMs: C1 only and the serial collector start faster (javac/javap take them after -J). */
const QUICK_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
const J = QUICK_JVM.map((f) => `-J${f}`);

let springClasses: string | undefined;
/** The Spring 6 signature stubs, compiled once. */
function springStubClasses(): string {
  if (springClasses) return springClasses;
  const out = join(work, 'spring6-classes');
  const r = spawnSync('javac', [...J, '-proc:none', '-d', out, ...javaFiles(SPRING_STUBS)], { encoding: 'utf8' });
  expect(r.error, 'javac is the JDK 17 of this machine (openjdk-17-jdk-headless)').toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  springClasses = out;
  return out;
}

describe('Spring snippets compile with javac 17 against Spring Framework 6 and Spring Security 6 API signatures', () => {
  const cases = casesOf('spring');
  // Identical snippets (many scenarios build the same fix) are compiled once.
  const unique = [...new Set(cases.map((c) => c.fix.snippet))];
  let results: Array<{ dir: string; ok: boolean; diagnostics: string }> | undefined;

  const compileAll = (): typeof results & object => {
    if (results) return results;
    // The class is public CorsConfig, so each snippet goes into CorsConfig.java in its own directory.
    const dirs = unique.map((snippet, i) => {
      const dir = join(work, `spring-${i}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${/public class (\w+)/.exec(snippet)?.[1] ?? 'Missing'}.java`), snippet);
      return dir;
    });
    // A deliberately wrong copy: the check must refuse a method Spring 6 does not have.
    const bad = join(work, 'spring-wrong-name');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'CorsConfig.java'), unique[0]!.replace('setAllowedOrigins(', 'setAllowedOrigin('));
    const r = spawnSync('java', [...QUICK_JVM, join(FIXTURES, 'JavacEach.java'), springStubClasses(), ...dirs, bad], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    results = JSON.parse(r.stdout) as typeof results & object;
    return results;
  };

  it('the check refuses a name Spring 6 does not have (setAllowedOrigin)', () => {
    const wrong = compileAll().at(-1)!;
    expect(wrong.ok).toBe(false);
    expect(wrong.diagnostics).toMatch(/cannot find symbol[\s\S]*setAllowedOrigin\(/);
  }, 120_000);

  it.each(cases.map((c, i) => [c.scenario, i] as const))('%s', (_s, i) => {
    const r = compileAll()[unique.indexOf(cases[i]!.fix.snippet)]!;
    expect(r.diagnostics).toBe('');
    expect(r.ok).toBe(true);
    const src = cases[i]!.fix.snippet;
    // javac accepts unused imports; the snippet should not carry any.
    for (const m of src.matchAll(/^import [\w.]+\.(\w+);$/gm)) expect(src.match(new RegExp(`\\b${m[1]}\\b`, 'g'))!.length, `${m[1]} imported but unused`).toBeGreaterThan(1);
    // Spring Security auto-applies CORS (no http.cors) only for a single UrlBasedCorsConfigurationSource
    // bean (spring-security gh-15444, 6.2.x+; the reference's CORS example returns that type).
    expect(src).toMatch(/@Bean\n {4}UrlBasedCorsConfigurationSource corsConfigurationSource\(\)/);
    // CorsConfiguration#setAllowedMethods (Spring 6 javadoc): "If not set, only GET and HEAD are
    // allowed"; GET, HEAD, POST is applyPermitDefaultValues' (@CrossOrigin, addCorsMappings).
    expect(src).toMatch(/\/\/ Unset, a new CorsConfiguration allows GET and HEAD only[^\n]*\n\s*config\.setAllowedMethods\(/);
    // Not the pre-6 DSL: cors() without a Customizer and and() are deprecated in 6.1, gone in 7.
    expect(src).not.toMatch(/\.cors\(\)|\.and\(\)|antMatchers|WebSecurityConfigurerAdapter/);
  }, 120_000);

  it('every fix states the Spring versions it needs', () => {
    for (const c of cases) expect((c.fix.notes ?? []).join('\n')).toMatch(/Requires Spring Security ≥ 5\.8 and Spring Framework ≥ 5\.2/);
  });
});

describe('the Spring 6 signatures agree with the Debian Spring 4.3.30 jars where the API is older than 5.0', () => {
  // Each stub member is either in the real 4.3.30 class with the same signature (javap's
  // rendering), or listed here with the version that added it (Spring javadoc @since).
  const NEWER: Record<string, string> = {
    'public org.springframework.web.cors.CorsConfiguration setAllowedOriginPatterns(java.util.List<java.lang.String>);': '5.3',
    'public void addAllowedOriginPattern(java.lang.String);': '5.3',
    'public void setMaxAge(java.time.Duration);': '5.2',
    'public abstract boolean autowireCandidate();': '5.1',
    'public abstract boolean proxyBeanMethods();': '5.2',
  };
  const CLASSES = [
    'org.springframework.web.cors.CorsConfiguration',
    'org.springframework.web.cors.UrlBasedCorsConfigurationSource',
    'org.springframework.context.annotation.Bean',
    'org.springframework.context.annotation.Configuration',
  ];
  /** Debian's libspring-web-java and libspring-context-java (4.3.30; the file names say spring3). */
  const JARS = '/usr/share/java/spring3-web.jar:/usr/share/java/spring3-context.jar';
  /** javap's public members per class, one javap run for all classes. */
  const javap = (cp: string): Map<string, string[]> => {
    const r = spawnSync('javap', [...J, '-cp', cp, ...CLASSES], { encoding: 'utf8' });
    expect(r.status, `${r.stderr} (libspring-web-java / libspring-context-java, installed by .ci/run)`).toBe(0);
    const byClass = new Map<string, string[]>();
    let current: string[] = [];
    for (const raw of r.stdout.split('\n')) {
      const line = raw.trim();
      const head = /^public (?:abstract )?(?:final )?(?:class|interface) ([\w.]+)/.exec(line);
      if (head) byClass.set(head[1]!, (current = []));
      else if (line.startsWith('public ') && line.endsWith(';')) current.push(line);
    }
    return byClass;
  };
  let both: { stub: Map<string, string[]>; real: Map<string, string[]> } | undefined;
  it.each(CLASSES)('%s', (cls) => {
    both ??= { stub: javap(springStubClasses()), real: javap(JARS) };
    const real = new Set(both.real.get(cls));
    const stub = both.stub.get(cls) ?? [];
    expect(real.size, `${cls} not in the Debian jars`).toBeGreaterThan(0);
    expect(stub.length).toBeGreaterThan(0);
    for (const m of stub) if (!real.has(m)) expect(NEWER[m], `${cls}: ${m} is neither in Spring 4.3.30 nor listed as newer`).toBeDefined();
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// ASP.NET Core

/**
 * The API the ASP.NET Core fix calls, as the .NET 10 docs name it (the current major release):
 * https://learn.microsoft.com/aspnet/core/security/cors?view=aspnetcore-10.0 (Enable CORS: AddCors,
 * AddPolicy, WithOrigins, UseCors "after UseRouting and before UseAuthorization"),
 * https://learn.microsoft.com/dotnet/api/microsoft.aspnetcore.cors.infrastructure.corspolicybuilder?view=aspnetcore-10.0
 * (WithOrigins, WithMethods, WithHeaders, WithExposedHeaders, AllowCredentials, SetPreflightMaxAge),
 * https://learn.microsoft.com/aspnet/core/fundamentals/middleware/?view=aspnetcore-10.0#middleware-order
 * (UseRouting, UseCors, UseAuthentication, UseAuthorization, then the endpoints).
 */
const ASPNET_API: Array<{ name: string; on: string; docs: string }> = [
  { name: 'CreateBuilder', on: 'WebApplication', docs: 'microsoft.aspnetcore.builder.webapplication.createbuilder' },
  { name: 'AddCors', on: 'IServiceCollection (CorsServiceCollectionExtensions)', docs: 'microsoft.extensions.dependencyinjection.corsservicecollectionextensions.addcors' },
  { name: 'AddPolicy', on: 'CorsOptions', docs: 'microsoft.aspnetcore.cors.infrastructure.corsoptions.addpolicy' },
  { name: 'WithOrigins', on: 'CorsPolicyBuilder', docs: 'microsoft.aspnetcore.cors.infrastructure.corspolicybuilder.withorigins' },
  { name: 'WithMethods', on: 'CorsPolicyBuilder', docs: 'microsoft.aspnetcore.cors.infrastructure.corspolicybuilder.withmethods' },
  { name: 'WithHeaders', on: 'CorsPolicyBuilder', docs: 'microsoft.aspnetcore.cors.infrastructure.corspolicybuilder.withheaders' },
  { name: 'WithExposedHeaders', on: 'CorsPolicyBuilder', docs: 'microsoft.aspnetcore.cors.infrastructure.corspolicybuilder.withexposedheaders' },
  { name: 'AllowCredentials', on: 'CorsPolicyBuilder', docs: 'microsoft.aspnetcore.cors.infrastructure.corspolicybuilder.allowcredentials' },
  { name: 'SetPreflightMaxAge', on: 'CorsPolicyBuilder', docs: 'microsoft.aspnetcore.cors.infrastructure.corspolicybuilder.setpreflightmaxage' },
  { name: 'FromSeconds', on: 'System.TimeSpan', docs: 'system.timespan.fromseconds' },
  { name: 'Build', on: 'WebApplicationBuilder', docs: 'microsoft.aspnetcore.builder.webapplicationbuilder.build' },
  { name: 'UseRouting', on: 'IApplicationBuilder (EndpointRoutingApplicationBuilderExtensions)', docs: 'microsoft.aspnetcore.builder.endpointroutingapplicationbuilderextensions.userouting' },
  { name: 'UseCors', on: 'IApplicationBuilder (CorsMiddlewareExtensions)', docs: 'microsoft.aspnetcore.builder.corsmiddlewareextensions.usecors' },
  { name: 'UseAuthentication', on: 'IApplicationBuilder (AuthAppBuilderExtensions)', docs: 'microsoft.aspnetcore.builder.authappbuilderextensions.useauthentication' },
  { name: 'UseAuthorization', on: 'IApplicationBuilder (AuthorizationAppBuilderExtensions)', docs: 'microsoft.aspnetcore.builder.authorizationappbuilderextensions.useauthorization' },
  { name: 'MapControllers', on: 'IEndpointRouteBuilder (ControllerEndpointRouteBuilderExtensions)', docs: 'microsoft.aspnetcore.builder.controllerendpointroutebuilderextensions.mapcontrollers' },
  { name: 'Run', on: 'WebApplication', docs: 'microsoft.aspnetcore.builder.webapplication.run' },
];
/** The middleware order the docs give, as far as the fix places middleware. */
const ASPNET_ORDER = ['UseRouting', 'UseCors', 'UseAuthentication', 'UseAuthorization', 'MapControllers', 'Run'];

/**
 * The Web SDK's implicit global usings (Microsoft.NET.Sdk.Web, ImplicitUsings enabled, the .NET 6+
 * template default): https://learn.microsoft.com/dotnet/core/project-sdk/overview#implicit-using-directives
 * A Program.cs gets these and nothing else, so a call resolving only through another namespace fails.
 */
const WEB_SDK_USINGS = [
  'System', 'System.Collections.Generic', 'System.IO', 'System.Linq', 'System.Net.Http', 'System.Net.Http.Json', 'System.Threading', 'System.Threading.Tasks',
  'Microsoft.AspNetCore.Builder', 'Microsoft.AspNetCore.Hosting', 'Microsoft.AspNetCore.Http', 'Microsoft.AspNetCore.Routing',
  'Microsoft.Extensions.Configuration', 'Microsoft.Extensions.DependencyInjection', 'Microsoft.Extensions.Hosting', 'Microsoft.Extensions.Logging',
];

/**
 * A Program.cs of top-level statements as the C# compiler sees it (C# 9 spec, "Top-level
 * statements": the statements become the body of a generated static Main(string[] args) of a
 * class Program), for mcs, which predates them. The snippet is pasted unchanged.
 */
const topLevelProgram = (snippet: string, className: string): string =>
  [...WEB_SDK_USINGS.map((u) => `using ${u};`), `static class ${className}`, '{', '    static void Main(string[] args)', '    {', snippet, '    }', '}', ''].join('\n');

describe('ASP.NET Core snippets compile with the Mono C# compiler against ASP.NET Core 10 API signatures, and call the documented API in the documented order', () => {
  const cases = casesOf('aspnet');
  const stubs = join(FIXTURES, 'aspnetcore-api', 'AspNetCore.cs');
  /** One mcs run over many Program.cs (a class each: mcs reports errors by file), as a library so several Mains may coexist. */
  const mcs = (name: string, snippets: string[]) => {
    const dir = join(work, `aspnet-${name}`);
    mkdirSync(dir, { recursive: true });
    const files = snippets.map((snippet, i) => {
      const file = join(dir, `Program${i}.cs`);
      writeFileSync(file, topLevelProgram(snippet, `Program${i}`));
      return file;
    });
    // -warnaserror: an unused variable or unreachable code in a snippet fails too.
    const r = spawnSync('mcs', ['-nologo', '-target:library', '-warnaserror+', `-out:${join(dir, 'Programs.dll')}`, stubs, ...files], { encoding: 'utf8' });
    expect(r.error, "mcs is Debian's mono-mcs (.ci/run installs it)").toBeUndefined();
    return { status: r.status, output: r.stdout + r.stderr, files };
  };
  // Identical snippets (many scenarios build the same fix) are compiled once.
  const unique = [...new Set(cases.map((c) => c.fix.snippet))];
  let all: ReturnType<typeof mcs> | undefined;
  const compileAll = () => (all ??= mcs('all', unique));

  it('the check refuses a name ASP.NET Core does not have (WithOrigin)', () => {
    const r = mcs('wrong-name', [cases[0]!.fix.snippet.replace('.WithOrigins(', '.WithOrigin(')]);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/error CS1061: Type `Microsoft\.AspNetCore\.Cors\.Infrastructure\.CorsPolicyBuilder' does not contain a definition for `WithOrigin'/);
  }, 120_000);

  it(`${unique.length} distinct snippets compile without an error or warning`, () => {
    const r = compileAll();
    // With -nologo mcs prints nothing on success.
    expect(r.output.trim()).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  it.each(cases.map((c) => [c.scenario, c] as const))('%s', (_scenario, c) => {
    const r = compileAll();
    const file = r.files[unique.indexOf(c.fix.snippet)]!;
    expect(r.output.split('\n').filter((l) => l.startsWith(file))).toEqual([]);
    const src = c.fix.snippet;
    // Every method called is one of the documented API above.
    const called = [...new Set([...src.matchAll(/\.(\w+)\(/g)].map((m) => m[1]!))];
    for (const name of called) expect(ASPNET_API.map((a) => a.name), `${name} is not in the docs table`).toContain(name);
    // The middleware order of the docs.
    const at = ASPNET_ORDER.map((m) => src.indexOf(`app.${m}(`));
    expect(at.every((i) => i >= 0), `missing one of ${ASPNET_ORDER.join(', ')}`).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The named policy UseCors applies is the one AddPolicy registered.
    const policy = /const string (\w+) = "([^"]+)";/.exec(src)!;
    expect(src).toContain(`options.AddPolicy(${policy[1]},`);
    expect(src).toContain(`app.UseCors(${policy[1]});`);
    // CorsService.PopulateResult: VaryByOrigin = Origins.Count > 1 (or a custom IsOriginAllowed),
    // so one listed origin gets no `Vary: Origin`.
    for (const line of comments(src).filter((l) => /Vary/.test(l))) expect(line).toMatch(/several|more than one/);
    // MapControllers and UseAuthentication need services the snippet does not register (ASP.NET
    // Core throws without AddControllers / AddAuthentication): the user's own registrations are
    // marked as theirs, once, right after CreateBuilder.
    expect(src.split('\n// … your services (AddControllers, AddAuthentication …), as before.\n')).toHaveLength(2);
    expect(src).toMatch(/^var builder = WebApplication\.CreateBuilder\(args\);\n\/\/ … your services/);
    // Credentials with AllowAnyOrigin throw at startup; the fix lists origins.
    expect(src).not.toMatch(/AllowAnyOrigin|SetIsOriginAllowed/);
  }, 120_000);

  it('every fix states the ASP.NET Core version it needs', () => {
    for (const c of cases) expect((c.fix.notes ?? []).join('\n')).toMatch(/Requires ASP\.NET Core ≥ 6/);
  });
});
