// How each stack's fix is proven, shown to the user with every fix (panel, reports, README).
// A claim here is checked by test/core/fix-proof.test.ts: a `run` stack names the e2e file that
// runs it and the cases it runs, and its runtime string carries the versions installed on the
// machine that proved it (package-lock for npm, dpkg for Debian); a stack no e2e file runs is
// `syntax`, with the check test/core/fixes-syntax.test.ts gives its language.
import type { StackId } from '../stack-ids';

/** The six requests of test/e2e/fix-journey-cases.ts, the journey every stack's fix should pass. */
export const JOURNEY_CASES = [
  'put-custom-header',
  'credentialed-delete-authorization',
  'post-json',
  'credentialed-simple-get',
  'put-500-error-page',
  'put-other-origin',
] as const;

export type SyntaxTool = 'TypeScript parser' | 'JSON parse and shape' | 'XML well-formed' | 'structure check';

export type Proof =
  | {
      kind: 'run';
      /** What ran the snippet, with versions: "Apache 2.4.71 (Debian)". */
      runtime: string;
      /** The e2e test file that runs it, from the repository root. */
      test: string;
      /** Journey case ids, or lab scenario ids (test/e2e names them). */
      cases: readonly string[];
      /** Why the cases are fewer than the six journey cases, and what the runtime is not. */
      subset?: string;
      /** How the cases were run, where that says more than the runtime does. */
      note?: string;
    }
  | {
      kind: 'syntax';
      tool: SyntaxTool;
      /** What the check covers, and why the stack is not run. */
      note: string;
    };

/** What a Fix carries: the proof plus the one line the user reads ("run in Caddy 2.6.2"). */
export type ProvenBy = Proof & { summary: string };

const journey = (runtime: string, test: string, note?: string): Proof => ({ kind: 'run', runtime, test, cases: JOURNEY_CASES, ...(note ? { note } : {}) });
const scenarios = (runtime: string, test: string, cases: readonly string[], subset: string): Proof => ({ kind: 'run', runtime, test, cases, subset });
const syntax = (tool: SyntaxTool, note: string): Proof => ({ kind: 'syntax', tool, note });

export const PROOFS: Readonly<Record<StackId, Proof>> = {
  express: journey('Express 5.3.0 with cors 2.8.6', 'test/e2e/fixes-express.test.ts'),
  fastify: journey('Fastify 5.12.8 with @fastify/cors 11.4.3', 'test/e2e/fixes-fastify.test.ts'),
  koa: journey('Koa 3.3.0 with @koa/cors 5.0.0', 'test/e2e/fixes-koa.test.ts'),
  hono: journey('Hono 4.13.19 on @hono/node-server 2.1.9', 'test/e2e/fixes-hono.test.ts'),
  nestjs: journey('NestJS 12.6.3 with @nestjs/platform-express 12.6.3 (Express 5.3.0)', 'test/e2e/fixes-nestjs.test.ts'),
  nextjs: scenarios('Next.js 16.4.6', 'test/e2e/fixes-nextjs-real.test.ts', ['preflight-404', 'preflight-401-auth', 'preflight-wildcard-credentials'], 'built and served by `next build` and `next start`, not yet the six journey cases'),
  django: journey('Django 3.2.25 with django-cors-headers 3.14.0 (Debian)', 'test/e2e/fixes-django.test.ts'),
  flask: journey('Flask 2.2.2 with Flask-CORS 3.0.10 (Debian)', 'test/e2e/fixes-flask.test.ts'),
  fastapi: journey('FastAPI 0.92.0, Starlette 0.26.1 and uvicorn 0.17.6 (Debian)', 'test/e2e/fixes-fastapi.test.ts'),
  spring: syntax('structure check', 'brackets balance and statements end; no JVM here to compile or run it'),
  aspnet: syntax('structure check', 'brackets balance and statements end; no .NET here to compile or run it'),
  'go-rs-cors': journey('rs/cors 1.7.0 on go1.19.8 (Debian)', 'test/e2e/fixes-go.test.ts'),
  'go-gin': journey('gin 1.8.1 with gin-contrib/cors 1.4.0 on go1.19.8 (Debian)', 'test/e2e/fixes-go.test.ts'),
  rails: journey('Rails 6.1.7.10 with rack-cors 1.1.1 under puma 5.6.5 (Debian)', 'test/e2e/fixes-rails.test.ts'),
  laravel: syntax('structure check', 'a PHP array returned, brackets balance; Debian has no Laravel CORS middleware package to run it in'),
  nginx: journey('nginx 1.22.1 (Debian)', 'test/e2e/fixes-nginx.test.ts', 'the fix placed as its where says: the `map` at http {} level in conf.d, the `location` inside the user\'s server {} in front of the app (`nginx -t` accepts every lab scenario\'s fix placed the same way)'),
  apache: journey('Apache 2.4.71 (Debian)', 'test/e2e/fixes-apache.test.ts', 'each case in a `<VirtualHost>`, in an `.htaccess` (`AllowOverride All`), and in an `.htaccess` whose directory asks for a Basic login'),
  caddy: journey('Caddy 2.6.2 (Debian)', 'test/e2e/fixes-caddy.test.ts'),
  iis: syntax('XML well-formed', 'web.config parsed as XML; no IIS here to run it'),
  'aws-apigw-rest': syntax('JSON parse and shape', 'CloudFormation JSON parsed and its CORS resources checked; API Gateway cannot run here'),
  'aws-apigw-http': syntax('JSON parse and shape', 'CloudFormation JSON parsed and its CorsConfiguration keys checked; API Gateway cannot run here'),
  'aws-cloudfront': syntax('JSON parse and shape', 'CloudFormation JSON parsed and its CorsConfig keys checked; CloudFront cannot run here'),
  'aws-s3': scenarios('s3rver 3.7.1, a local S3', 'test/e2e/fixes-s3.test.ts', ['preflight-missing-acao', 'method-not-allowed', 'header-not-allowed', 'response-wildcard-credentials'], 's3rver answers a matched preflight with `Access-Control-Allow-Origin: *` and no Allow-Credentials (S3 names the origin), so no credentialed preflighted request is run'),
  gcs: syntax('JSON parse and shape', 'cors.json parsed and its keys checked; Cloud Storage cannot run here'),
  'cloudflare-workers': journey('workerd 1.20261117.1', 'test/e2e/fixes-workerd.test.ts', 'the generated module verbatim as the Worker in front of the origin; workerd is Cloudflare\'s open-source Workers runtime, without its edge'),
  vercel: scenarios("a local emulation of Vercel's routing (@vercel/routing-utils 6.6.0)", 'test/e2e/fixes-vercel.test.ts', ['preflight-missing-acao', 'method-not-allowed', 'header-not-allowed', 'preflight-wildcard-credentials', 'response-wildcard-credentials'], "Vercel's edge cannot run here: vercel.json is compiled as Vercel compiles it and its routes applied by a local edge in front of the function"),
  netlify: syntax('structure check', 'a path line, then indented `Name: value` lines; Netlify cannot run here'),
};

/** What ran, or what was checked: "the six journey cases", "2 lab scenarios (`a`, `b`): why". */
export function proofDetail(p: Proof): string {
  if (p.kind === 'syntax') return p.note;
  const cases = p.cases === JOURNEY_CASES || sameCases(p.cases, JOURNEY_CASES)
    ? 'the six journey cases'
    : `${p.cases.length} of the lab's scenarios (${p.cases.map((c) => `\`${c}\``).join(', ')})`;
  return [cases, p.subset, p.note].filter(Boolean).join('; ');
}

function sameCases(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/** The one line shown with a fix: "run in Apache 2.4.71 (Debian)" or "syntax checked only (XML well-formed)". */
export function proofSummary(p: Proof): string {
  return p.kind === 'run' ? `run in ${p.runtime}` : `syntax checked only (${p.tool})`;
}

export function provenBy(stack: StackId): ProvenBy {
  const p = PROOFS[stack];
  const summary = proofSummary(p);
  return p.kind === 'run' ? { summary, ...p, cases: [...p.cases] } : { summary, ...p };
}
