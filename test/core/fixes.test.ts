import { describe, expect, it } from 'vitest';
import { scenarios } from '../../lab/scenarios';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { fixContext, fixesFor, STACKS, type FailureKind, type Fix, type StackId } from '../../src/core/fixes/index';
import { labExchange, PAGE_ORIGIN } from '../fixtures/fixes/lab-exchange';

const U = 'https://api.example.com/v1/items';
const O = 'https://app.example.com';

/** How each stack spells "credentials allowed"; null where the platform has no switch (S3, GCS). */
const CREDENTIALS: Record<StackId, RegExp | null> = {
  express: /credentials: true,/,
  fastify: /credentials: true,/,
  koa: /credentials: true,/,
  nestjs: /credentials: true,/,
  hono: /credentials: true,/,
  nextjs: /'Access-Control-Allow-Credentials', 'true'/,
  'cloudflare-workers': /'Access-Control-Allow-Credentials', 'true'/,
  django: /^CORS_ALLOW_CREDENTIALS = True$/m,
  flask: /supports_credentials=True,/,
  fastapi: /allow_credentials=True,/,
  spring: /config\.setAllowCredentials\(true\);/,
  aspnet: /\.AllowCredentials\(\)/,
  'go-rs-cors': /AllowCredentials: true,/,
  'go-gin': /AllowCredentials: true,/,
  rails: /credentials: true/,
  laravel: /'supports_credentials' => true,/,
  nginx: /add_header Access-Control-Allow-Credentials "true" always;/,
  apache: /Header always set Access-Control-Allow-Credentials "true"/,
  caddy: /Access-Control-Allow-Credentials "true"/,
  iis: /allowCredentials="true"/,
  'aws-apigw-rest': /"gatewayresponse\.header\.Access-Control-Allow-Credentials": "'true'"/,
  'aws-apigw-http': /"AllowCredentials": true/,
  'aws-cloudfront': /"AccessControlAllowCredentials": true/,
  'aws-s3': null,
  gcs: null,
  vercel: /"key": "Access-Control-Allow-Credentials",\s*"value": "true"/,
  netlify: /^ {2}Access-Control-Allow-Credentials: true$/m,
};

/** Platforms that accept only some methods (S3 CORSRule, CloudFront response headers policy). */
const LIMITED_METHODS: Partial<Record<StackId, string[]>> = {
  'aws-s3': ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
};

/** Never in any fix: a wildcard or reflect-anything origin, or turning the browser's checks off. */
const UNSAFE: RegExp[] = [
  /origins?\s*[:=(]\s*\[?\s*["']\*["']/i,
  /Allow-?Origins?["']?\s*[:,]?\s*["']?\*(?!\w)/i,
  /AllowAnyOrigin|SetIsOriginAllowed|CORS_ALLOW_ALL_ORIGINS|origin:\s*true\b/,
  /allowed_origins' => \['\*'\]/,
  /AllowOrigins["']?:\s*\[\s*"\*"/,
];
/** Never in any text: turning the browser's checks off. */
const BROWSER_OFF = /disable-web-security|no-cors|--disable-site-isolation|allow-cors|cors unblock|moesif/i;

function allText(f: Fix): string {
  return [f.snippet, f.where, f.pitfall, f.verify, ...(f.notes ?? [])].join('\n');
}

function word(s: string): RegExp {
  return new RegExp(`(^|[^A-Za-z0-9-])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9-]|$)`, 'i');
}

function expectValues(f: Fix, v: { origin: string; methods: string[]; headers: string[]; credentials: boolean; maxAge?: number }): void {
  const where = `${f.stack}:\n${f.snippet}`;
  expect(f.snippet, where).toContain(v.origin);
  expect(f.snippet, where).not.toContain(`${v.origin}/`);
  for (const m of v.methods) expect(f.snippet, `${where}\nmethod ${m}`).toMatch(word(m));
  for (const h of v.headers) expect(f.snippet, `${where}\nheader ${h}`).toMatch(word(h));
  const cred = CREDENTIALS[f.stack];
  if (cred) expect(cred.test(f.snippet), `${where}\ncredentials ${v.credentials}`).toBe(v.credentials);
  if (v.maxAge !== undefined) expect(f.snippet, `${where}\nmax-age`).toMatch(word(String(v.maxAge)));
  for (const bad of UNSAFE) expect(f.snippet, `${where}\nunsafe ${bad}`).not.toMatch(bad);
  expect(allText(f)).not.toMatch(BROWSER_OFF);
}

function preflighted(opts: {
  method: string;
  reqHeaders?: HeaderList;
  acrh?: string;
  status?: number;
  pfHeaders: HeaderList;
  credentials?: 'include' | 'omit';
  response?: { status: number; headers: HeaderList; body?: string };
  body?: string;
  redirectTo?: string;
}): Exchange {
  const requestHeaders: HeaderList = [['Origin', O], ['Access-Control-Request-Method', opts.method], ...(opts.acrh ? [['Access-Control-Request-Headers', opts.acrh] as const] : [])];
  return {
    browser: 'chromium',
    request: { url: U, method: opts.method, origin: O, credentials: opts.credentials ?? 'omit', error: 'net::ERR_FAILED', ...(opts.reqHeaders ? { headers: opts.reqHeaders } : {}) },
    preflight: { kind: 'observed', requestHeaders, status: opts.status ?? 204, headers: opts.pfHeaders, ...(opts.body ? { body: opts.body } : {}), ...(opts.redirectTo ? { redirectTo: opts.redirectTo } : {}) },
    ...(opts.response ? { response: opts.response } : {}),
  };
}

interface Case {
  name: string;
  source: string;
  exchange: Exchange;
  kind: FailureKind;
  origin?: string;
  methods: string[];
  missingMethods?: string[];
  headers: string[];
  missingHeaders?: string[];
  credentials: boolean;
  maxAge?: number;
}

const ACAO: HeaderList = [['Access-Control-Allow-Origin', O]];

const CASES: Case[] = [
  {
    name: 'preflight 404 from a router without OPTIONS',
    source: 'lab preflight-404; Express "Cannot OPTIONS" (issue 3 realCause)',
    exchange: preflighted({ method: 'PUT', acrh: 'x-custom', reqHeaders: [['X-Custom', '1']], status: 404, pfHeaders: [['Content-Type', 'text/html']], body: '<pre>Cannot OPTIONS /v1/items</pre>' }),
    kind: 'preflight-no-route', methods: ['PUT'], missingMethods: ['PUT'], headers: ['X-Custom'], missingHeaders: ['X-Custom'], credentials: false, maxAge: 600,
  },
  {
    name: 'preflight 401 from auth middleware',
    source: 'lab preflight-401-auth; Fetch "CORS-preflight request" (no credentials on OPTIONS)',
    exchange: preflighted({ method: 'GET', acrh: 'authorization', reqHeaders: [['Authorization', 'Bearer x']], status: 401, pfHeaders: [['WWW-Authenticate', 'Bearer']] }),
    kind: 'preflight-auth', methods: ['GET'], headers: ['Authorization'], missingHeaders: ['Authorization'], credentials: false,
  },
  {
    name: 'preflight redirected to the trailing-slash URL',
    source: 'lab preflight-301-redirect; Fetch "CORS-preflight fetch" (redirects are network errors)',
    exchange: preflighted({ method: 'PUT', status: 301, pfHeaders: [['Location', `${U}/`]], redirectTo: `${U}/` }),
    kind: 'preflight-redirect', methods: ['PUT'], headers: [], credentials: false,
  },
  {
    name: 'preflight allows another origin',
    source: 'lab preflight-wrong-origin; Fetch "CORS check"',
    exchange: preflighted({ method: 'PUT', pfHeaders: [['Access-Control-Allow-Origin', 'https://prod.example.com'], ['Access-Control-Allow-Methods', 'PUT']] }),
    kind: 'origin-mismatch', methods: ['PUT'], missingMethods: [], headers: [], credentials: false,
  },
  {
    name: 'origin with a trailing slash',
    source: 'lab simple-origin-trailing-slash; WPT cors/origin.htm',
    exchange: { request: { url: U, method: 'GET', origin: O, credentials: 'omit', error: 'net::ERR_FAILED' }, response: { status: 200, headers: [['Access-Control-Allow-Origin', `${O}/`]] } },
    kind: 'origin-mismatch', methods: ['GET'], headers: [], credentials: false,
  },
  {
    name: 'wildcard with credentials on the preflight',
    source: 'lab preflight-wildcard-credentials; WPT fetch/api/cors/cors-preflight-star.any.js',
    exchange: preflighted({ method: 'POST', acrh: 'content-type', reqHeaders: [['Content-Type', 'application/json']], credentials: 'include', pfHeaders: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', 'POST'], ['Access-Control-Allow-Headers', 'Content-Type']] }),
    kind: 'wildcard-credentials', methods: ['POST'], headers: ['Content-Type'], credentials: true, maxAge: 600,
  },
  {
    name: 'wildcard with credentials on a simple GET',
    source: 'lab response-wildcard-credentials; Fetch "CORS check" step 3',
    exchange: { request: { url: U, method: 'GET', origin: O, credentials: 'include', error: 'net::ERR_FAILED' }, response: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } },
    kind: 'wildcard-credentials', methods: ['GET'], headers: [], credentials: true,
  },
  {
    name: 'wildcard with unknown credentials (inferred include)',
    source: 'issue 3 "inferred": passes without credentials, yet blocked',
    exchange: { request: { url: U, method: 'GET', origin: O, credentials: 'unknown', error: 'net::ERR_FAILED' }, response: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } },
    kind: 'wildcard-credentials', methods: ['GET'], headers: [], credentials: true,
  },
  {
    name: 'credentialed preflight without Allow-Credentials',
    source: 'lab preflight-missing-acac; Fetch "CORS check" step 5',
    exchange: preflighted({ method: 'PUT', credentials: 'include', pfHeaders: [...ACAO, ['Access-Control-Allow-Methods', 'PUT']] }),
    kind: 'missing-credentials', methods: ['PUT'], headers: [], credentials: true,
  },
  {
    name: 'DELETE missing from Allow-Methods: the missing one plus those already allowed',
    source: 'lab method-not-allowed; WPT cors-preflight-response-validation.any.js',
    exchange: preflighted({ method: 'DELETE', pfHeaders: [...ACAO, ['Access-Control-Allow-Methods', 'GET, POST']] }),
    kind: 'method-not-allowed', methods: ['GET', 'POST', 'DELETE'], missingMethods: ['DELETE'], headers: [], credentials: false,
  },
  {
    name: 'Allow-Methods `*` with credentials is a literal name',
    source: 'lab wildcard-methods-credentials; Fetch "CORS-preflight fetch" step 7.6',
    exchange: preflighted({ method: 'PUT', credentials: 'include', pfHeaders: [...ACAO, ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', '*']] }),
    kind: 'method-not-allowed', methods: ['PUT'], missingMethods: ['PUT'], headers: [], credentials: true,
  },
  {
    name: 'lower-case patch: the client is wrong, the server list stays',
    source: 'lab patch-lowercase; Fetch "normalize a method"',
    exchange: preflighted({ method: 'patch', pfHeaders: [...ACAO, ['Access-Control-Allow-Methods', 'GET, POST, PATCH']] }),
    kind: 'method-case', methods: ['GET', 'POST', 'PATCH'], missingMethods: [], headers: [], credentials: false,
  },
  {
    name: 'Authorization missing from Allow-Headers: the missing one plus those already allowed',
    source: 'lab header-not-allowed; WPT cors-preflight-response-validation.any.js',
    exchange: preflighted({ method: 'GET', acrh: 'authorization,x-trace-id', reqHeaders: [['Authorization', 'Bearer x'], ['X-Trace-Id', '1']], pfHeaders: [...ACAO, ['Access-Control-Allow-Headers', 'Content-Type, X-Trace-Id']] }),
    kind: 'header-not-allowed', methods: ['GET'], headers: ['Content-Type', 'X-Trace-Id', 'Authorization'], missingHeaders: ['Authorization'], credentials: false,
  },
  {
    name: 'unparsable Allow-Headers is rewritten as a list',
    source: 'lab preflight-invalid-allow-headers; Chromium preflight_result.cc',
    exchange: preflighted({ method: 'PUT', pfHeaders: [...ACAO, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'Content-Type; X-Custom']] }),
    kind: 'invalid-allow-headers', methods: ['PUT'], headers: ['Content-Type', 'X-Custom'], credentials: false,
  },
  {
    name: 'unparsable Allow-Methods is rewritten as a list',
    source: 'lab preflight-invalid-allow-methods; Chromium preflight_result.cc',
    exchange: preflighted({ method: 'PUT', pfHeaders: [...ACAO, ['Access-Control-Allow-Methods', 'GET; PUT']] }),
    kind: 'invalid-allow-methods', methods: ['GET', 'PUT'], headers: [], credentials: false,
  },
  {
    name: "the server's own max-age is kept",
    source: 'Chromium preflight_result.cc ParseAccessControlMaxAge',
    exchange: preflighted({ method: 'PUT', pfHeaders: [...ACAO, ['Access-Control-Allow-Methods', 'GET'], ['Access-Control-Max-Age', '3600']] }),
    kind: 'method-not-allowed', methods: ['GET', 'PUT'], headers: [], credentials: false, maxAge: 3600,
  },
  {
    name: 'good preflight, response without ACAO',
    source: 'lab response-missing-acao; Fetch "CORS check" on the actual response',
    exchange: preflighted({ method: 'PUT', pfHeaders: [...ACAO, ['Access-Control-Allow-Methods', 'PUT']], response: { status: 200, headers: [] } }),
    kind: 'response-missing-origin', methods: ['PUT'], headers: [], credentials: false,
  },
  {
    name: '500 error page without CORS headers',
    source: 'lab error-page-without-cors; issue 3 realCause error-response-without-cors',
    exchange: preflighted({ method: 'PUT', pfHeaders: [...ACAO, ['Access-Control-Allow-Methods', 'PUT']], response: { status: 500, headers: [['Content-Type', 'text/html']] } }),
    kind: 'error-response', methods: ['PUT'], headers: [], credentials: false,
  },
  {
    name: 'two ACAO lines from two layers',
    source: 'lab duplicate-acao; Chromium cors.cc (combined value)',
    exchange: { request: { url: U, method: 'GET', origin: O, error: 'net::ERR_FAILED' }, response: { status: 200, headers: [...ACAO, ['Server', 'nginx'], ...ACAO, ['X-Powered-By', 'Express']] } },
    kind: 'multiple-origins', methods: ['GET'], headers: [], credentials: false,
  },
  {
    name: 'allowed, but a response header is unreadable: expose it',
    source: 'Fetch "CORS-safelisted response-header name"',
    exchange: { request: { url: U, method: 'GET', origin: O, credentials: 'omit' }, response: { status: 200, headers: [...ACAO, ['X-Total-Count', '5']] } },
    kind: 'allowed', methods: ['GET'], headers: ['X-Total-Count'], credentials: false,
  },
  {
    name: 'connection refused still gets the full config',
    source: 'lab dead-port-preflight',
    exchange: { request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_CONNECTION_REFUSED', headers: [['X-Custom', '1']] }, preflight: { kind: 'network-error', error: 'net::ERR_FAILED' } },
    kind: 'network', methods: ['PUT'], headers: ['X-Custom'], credentials: false,
  },
];

describe('fix context from a diagnosis (what every stack is filled in with)', () => {
  it.each<Case>(CASES)('$name ($source)', (c) => {
    const d = diagnose(c.exchange);
    const ctx = fixContext(d, c.exchange);
    expect(ctx.kind).toBe(c.kind);
    expect(ctx.origin).toBe(c.origin ?? O);
    expect(ctx.methods).toEqual(c.methods);
    if (c.missingMethods) expect(ctx.missingMethods).toEqual(c.missingMethods);
    expect([...ctx.headers, ...ctx.exposeHeaders].map((h) => h.toLowerCase()).sort()).toEqual(c.headers.map((h) => h.toLowerCase()).sort());
    if (c.missingHeaders) expect(ctx.missingHeaders).toEqual(c.missingHeaders);
    expect(ctx.credentials).toBe(c.credentials);
    if (c.maxAge !== undefined) expect(ctx.maxAge).toBe(c.maxAge);
  });
});

describe('every stack, every diagnosis kind: exactly the values, nothing unsafe', () => {
  const rows = CASES.flatMap((c) => STACKS.map((s) => ({ ...c, stack: s.id, label: `${s.id} · ${c.name}` })));
  it.each(rows)('$label', (row) => {
    const d = diagnose(row.exchange);
    const fix = fixesFor(d, row.exchange).find((f) => f.stack === row.stack)!;
    expect(fix).toBeDefined();
    const ctx = fixContext(d, row.exchange);
    // S3, CloudFront and GCS accept only the standard methods; their notes say so.
    const limited = LIMITED_METHODS[row.stack];
    const methods = limited ? ctx.methods.filter((m) => limited.includes(m)) : ctx.methods;
    if (limited && methods.length < ctx.methods.length) expect(allText(fix)).toMatch(/cannot allow|only/i);
    expectValues(fix, { origin: O, methods, headers: [...ctx.headers, ...ctx.exposeHeaders], credentials: row.credentials, ...(ctx.preflight ? { maxAge: ctx.maxAge } : {}) });
    expect(fix.title.length).toBeGreaterThan(10);
    expect(fix.where.length).toBeGreaterThan(10);
    expect(fix.pitfall.length).toBeGreaterThan(30);
    expect(fix.verify).toMatch(/^curl -i /);
    expect(fix.verify).toContain(`'Origin: ${O}'`);
    if (fix.language !== 'json' && fix.language !== 'netlify-headers') {
      // Comments say why: every code snippet carries at least one.
      expect(fix.snippet).toMatch(/(\/\/|#|<!--) /);
    }
  });
});

describe('pitfalls follow the diagnosis', () => {
  type PitfallCase = { name: string; source: string; exchange: Exchange; stack: StackId; pitfall: RegExp };
  it.each<PitfallCase>([
    { name: 'Fastify v11 default methods', source: '@fastify/cors README (methods default GET,HEAD,POST)', exchange: CASES[9]!.exchange, stack: 'fastify', pitfall: /GET, HEAD and POST/ },
    { name: 'Koa error page', source: '@koa/cors keepHeadersOnError', exchange: CASES[17]!.exchange, stack: 'koa', pitfall: /keepHeadersOnError/ },
    { name: 'nginx error page', source: 'nginx add_header docs (always)', exchange: CASES[17]!.exchange, stack: 'nginx', pitfall: /always/ },
    { name: 'Apache error page', source: 'mod_headers docs (always)', exchange: CASES[17]!.exchange, stack: 'apache', pitfall: /Header always set/ },
    { name: 'API Gateway error page', source: 'API Gateway gateway responses', exchange: CASES[17]!.exchange, stack: 'aws-apigw-rest', pitfall: /DEFAULT_4XX/ },
    { name: 'Express 404 preflight', source: 'Express finalhandler "Cannot OPTIONS"', exchange: CASES[0]!.exchange, stack: 'express', pitfall: /Cannot OPTIONS/ },
    { name: 'Django slash redirect', source: 'Django APPEND_SLASH', exchange: CASES[2]!.exchange, stack: 'django', pitfall: /APPEND_SLASH/ },
    { name: 'Spring Security before MVC CORS', source: 'Spring Security CORS docs', exchange: CASES[1]!.exchange, stack: 'spring', pitfall: /Spring Security/ },
    { name: 'ASP.NET middleware order', source: 'ASP.NET Core middleware order docs', exchange: CASES[1]!.exchange, stack: 'aspnet', pitfall: /UseRouting, UseCors, UseAuthentication/ },
    { name: 'Rails insert_before 0', source: 'rack-cors README', exchange: CASES[1]!.exchange, stack: 'rails', pitfall: /insert_before 0/ },
    { name: 'FastAPI middleware order', source: 'Starlette middleware docs', exchange: CASES[1]!.exchange, stack: 'fastapi', pitfall: /outermost/ },
    { name: 'FastAPI error page', source: 'Starlette build_middleware_stack: ServerErrorMiddleware outside add_middleware (run in uvicorn 0.17)', exchange: CASES[17]!.exchange, stack: 'fastapi', pitfall: /app = CORSMiddleware\(app, \.\.\.\)/ },
    { name: 'Next.js error page', source: 'Next.js app-route module: a handler that throws gets its own header-less 500 (run in next start 16.4.6)', exchange: CASES[17]!.exchange, stack: 'nextjs', pitfall: /Next\.js's own 500/ },
    { name: 'HTTP API authorizer on ANY /{proxy+}', source: 'API Gateway HTTP API CORS docs', exchange: CASES[1]!.exchange, stack: 'aws-apigw-http', pitfall: /OPTIONS \/\{proxy\+\}/ },
    { name: 'lower-case patch is a client fix', source: 'Fetch "normalize a method"', exchange: CASES[11]!.exchange, stack: 'fastify', pitfall: /method: 'PATCH'/ },
    { name: 'duplicate ACAO behind nginx', source: 'lab duplicate-acao', exchange: CASES[18]!.exchange, stack: 'nginx', pitfall: /proxy_hide_header/ },
  ])('$stack: $name ($source)', ({ exchange, stack, pitfall }) => {
    const fix = fixesFor(diagnose(exchange), exchange).find((f) => f.stack === stack)!;
    expect(fix.pitfall).toMatch(pitfall);
  });
});

describe('Next.js: the 500 of a handler that throws keeps the CORS headers (run by next build + next start, test/e2e/fixes-nextjs-real.test.ts)', () => {
  const fix = fixesFor(diagnose(CASES[17]!.exchange), CASES[17]!.exchange).find((f) => f.stack === 'nextjs')!;
  it('the exported handler catches, lets Next.js\'s own redirect()/notFound() through, and answers 500 with the headers', () => {
    expect(fix.snippet).toMatch(/^import \{ unstable_rethrow \} from 'next\/navigation';$/m);
    expect(fix.snippet).toMatch(/try \{\n {4}response = await handlePUT\(request\);\n {2}\} catch \(error\) \{\n(?: {4}\/\/.*\n)? {4}unstable_rethrow\(error\);/);
    expect(fix.snippet).toContain('response = new Response(null, { status: 500 });');
    expect(fix.snippet).toMatch(/addCors\(answer\.headers, request\.headers\.get\('Origin'\)\);\n {2}return answer;/);
  });
  it('the user\'s handler keeps its own answer: it is renamed, and its body goes where the snippet marks it', () => {
    expect(fix.snippet).toContain("async function handlePUT(request: Request): Promise<Response> {\n  // … your handler …\n  return Response.json({ ok: true });\n}");
    expect(fix.where).toMatch(/`export async function PUT` becomes `handlePUT`/);
    expect(fix.notes?.join('\n')).toMatch(/Requires Next\.js ≥ 15 /);
  });
});

describe('Python fixes: the library version they need, and FastAPI wrapped outside its error middleware (run in Debian 12\'s frameworks, test/e2e/fixes-*.test.ts)', () => {
  const fixes = fixesFor(diagnose(CASES[17]!.exchange), CASES[17]!.exchange);
  it.each<[StackId, RegExp]>([
    ['flask', /Requires Flask-CORS ≥ 3\.0 /],
    ['django', /Requires django-cors-headers ≥ 3\.5 /],
    ['fastapi', /Requires FastAPI ≥ 0\.92 with Starlette ≥ 0\.26 /],
  ])('%s', (stack, requires) => {
    const fix = fixes.find((f) => f.stack === stack)!;
    expect(fix.notes?.join('\n')).toMatch(requires);
  });
  it('fastapi: CORSMiddleware wraps the whole app, last, so an unhandled exception\'s 500 gets the headers', () => {
    const { snippet } = fixes.find((f) => f.stack === 'fastapi')!;
    expect(snippet).not.toMatch(/add_middleware\(\s*CORSMiddleware/);
    expect(snippet).toMatch(/^app = CORSMiddleware\(\n {4}app,$/m);
    expect(snippet.indexOf('# ... your routes')).toBeLessThan(snippet.indexOf('app = CORSMiddleware('));
  });
});

describe('verify command', () => {
  it('reproduces the preflight the browser sent (Fetch "CORS-preflight request")', () => {
    const ex = CASES[12]!.exchange;
    const [fix] = fixesFor(diagnose(ex), ex);
    expect(fix!.verify).toBe(
      `curl -i -X OPTIONS '${U}' -H 'Origin: ${O}' -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Headers: authorization,x-trace-id'`,
    );
  });
  it('checks the actual request when the response failed', () => {
    const ex = CASES[17]!.exchange;
    const [fix] = fixesFor(diagnose(ex), ex);
    expect(fix!.verify).toBe(`curl -i -X PUT '${U}' -H 'Origin: ${O}'`);
  });
  it('quotes for the shell', () => {
    const ex: Exchange = { request: { url: "https://api.example.com/it's", method: 'GET', origin: O, error: 'net::ERR_FAILED' }, response: { status: 200, headers: [] } };
    const [fix] = fixesFor(diagnose(ex), ex);
    expect(fix!.verify).toContain(`'https://api.example.com/it'\\''s'`);
  });
});

describe('every lab scenario carries a fix for every stack', () => {
  it.each(scenarios.map((s) => [s.id, s] as const))('%s', (_id, s) => {
    const ex = labExchange(s);
    const d = diagnose(ex);
    const fixes = fixesFor(d, ex);
    expect(fixes.map((f) => f.stack).sort()).toEqual(STACKS.map((x) => x.id).sort());
    for (const f of fixes) {
      expect(f.snippet).toContain(PAGE_ORIGIN);
      for (const bad of UNSAFE) expect(f.snippet, `${f.stack} ${bad}`).not.toMatch(bad);
      expect(allText(f)).not.toMatch(BROWSER_OFF);
    }
  });
});

describe('hostile or empty input', () => {
  it.each<{ name: string; exchange: unknown }>([
    { name: 'empty object', exchange: {} },
    { name: 'null request', exchange: { request: null } },
    { name: 'origin with quotes and newlines', exchange: { request: { url: U, method: 'GET', origin: 'https://a.example"\n;evil', error: 'net::ERR_FAILED' }, response: { status: 200, headers: [] } } },
    { name: 'header names that are not tokens', exchange: { request: { url: U, method: 'PUT', origin: O, error: 'net::ERR_FAILED', headers: [['X-A"b', '1'], ['X-$(rm)', '1']] }, preflight: { kind: 'observed', status: 204, headers: [], requestHeaders: [['Access-Control-Request-Headers', 'x-a"b,x-$(rm)']] } } },
    { name: 'method with spaces', exchange: { request: { url: U, method: 'PU T', origin: O } } },
  ])('$name: placeholder origin, no injected text, never throws', ({ exchange }) => {
    const d = diagnose(exchange as Exchange);
    const fixes = fixesFor(d, exchange as Exchange);
    expect(fixes).toHaveLength(STACKS.length);
    for (const f of fixes) {
      expect(f.snippet).not.toMatch(/evil|\$\(rm\)|"b/);
      for (const bad of UNSAFE) expect(f.snippet).not.toMatch(bad);
      expect(allText(f)).not.toMatch(BROWSER_OFF);
    }
  });
});

describe('STACKS', () => {
  it('lists at least the 25 stacks of issue 4, each once', () => {
    const ids = STACKS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(25);
  });
});

describe('credentials the observer could not see', () => {
  const preflightFailed = (credentials: Exchange['request']['credentials']): Exchange => ({
    request: { url: U, method: 'PUT', origin: O, credentials, error: 'net::ERR_FAILED' },
    preflight: {
      kind: 'observed',
      status: 204,
      requestHeaders: [['Origin', O], ['Access-Control-Request-Method', 'PUT']],
      headers: [],
    },
  });
  const NOTE = /could not be observed[^]*Access-Control-Allow-Credentials: true/;

  it('a preflight that failed before the request: every fix says what to add if the page sends cookies', () => {
    const x = preflightFailed('unknown');
    const fixes = fixesFor(diagnose(x), x);
    expect(fixes).toHaveLength(STACKS.length);
    for (const f of fixes) expect((f.notes ?? []).join('\n'), f.stack).toMatch(NOTE);
  });

  it('no such note when the credentials mode was seen', () => {
    for (const mode of ['omit', 'include'] as const) {
      const x = preflightFailed(mode);
      for (const f of fixesFor(diagnose(x), x)) expect((f.notes ?? []).join('\n'), `${mode} ${f.stack}`).not.toMatch(NOTE);
    }
  });
});
