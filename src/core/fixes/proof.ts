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

export type JourneyCaseId = (typeof JOURNEY_CASES)[number];

export type SyntaxTool =
  | 'TypeScript parser'
  | 'JSON parse and shape'
  | 'XML well-formed'
  | 'structure check'
  | 'IIS CORS Module XML schema'
  | 'CloudFormation property spec'
  | 'Cloud Storage cors resource'
  | 'Netlify _headers parser'
  | 'php -l, PHP 8.2 and Laravel config keys'
  | 'javac against Spring 6 API signatures'
  | 'C# compiler against ASP.NET Core 10 API signatures';

export type Proof =
  | {
      kind: 'run';
      /** What ran the snippet, with versions: "Apache 2.4.71 (Debian)". */
      runtime: string;
      /** The e2e test file that runs it, from the repository root. */
      test: string;
      /** The journey cases it runs: all six, or the ones its runtime can (with `subset` saying why). */
      cases: readonly JourneyCaseId[];
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
const someCases = (runtime: string, test: string, cases: readonly JourneyCaseId[], subset: string): Proof => ({ kind: 'run', runtime, test, cases, subset });
const syntax = (tool: SyntaxTool, note: string): Proof => ({ kind: 'syntax', tool, note });

export const PROOFS: Readonly<Record<StackId, Proof>> = {
  express: journey('Express 5.3.0 with cors 2.8.6', 'test/e2e/fixes-express.test.ts'),
  fastify: journey('Fastify 5.12.8 with @fastify/cors 11.4.3', 'test/e2e/fixes-fastify.test.ts'),
  koa: journey('Koa 3.3.0 with @koa/cors 5.0.0', 'test/e2e/fixes-koa.test.ts'),
  hono: journey('Hono 4.13.19 on @hono/node-server 2.1.9', 'test/e2e/fixes-hono.test.ts'),
  nestjs: journey('NestJS 12.6.3 with @nestjs/platform-express 12.6.3 (Express 5.3.0)', 'test/e2e/fixes-nestjs.test.ts'),
  nextjs: journey('Next.js 16.4.6', 'test/e2e/fixes-nextjs-real.test.ts', 'built by `next build` (Turbopack, with its TypeScript check) and served by `next start` (the self-hosted Node server, not Vercel); the six routes in one project, rebuilt in place after the fixes'),
  django: journey('Django 3.2.25 with django-cors-headers 3.14.0 (Debian)', 'test/e2e/fixes-django.test.ts'),
  flask: journey('Flask 2.2.2 with Flask-CORS 3.0.10 (Debian)', 'test/e2e/fixes-flask.test.ts'),
  fastapi: journey('FastAPI 0.92.0, Starlette 0.26.1 and uvicorn 0.17.6 (Debian)', 'test/e2e/fixes-fastapi.test.ts'),
  spring: syntax('javac against Spring 6 API signatures', "javac 17 compiles every scenario's snippet against Spring Framework 6 / Spring Security 6 signatures copied from their javadoc (those Spring 4.3 already had checked against Debian's 4.3.30 jars); no Spring 6 or Spring Security here to run it"),
  aspnet: syntax('C# compiler against ASP.NET Core 10 API signatures', "Mono's C# compiler (mcs 6.8, Debian) compiles every scenario's Program.cs against ASP.NET Core 10 signatures from the API reference, with the Web SDK's implicit usings; API names and middleware order checked against the docs; no .NET here to run it"),
  'go-rs-cors': journey('rs/cors 1.7.0 on go1.19.8 (Debian)', 'test/e2e/fixes-go.test.ts'),
  'go-gin': journey('gin 1.8.1 with gin-contrib/cors 1.4.0 on go1.19.8 (Debian)', 'test/e2e/fixes-go.test.ts'),
  rails: journey('Rails 6.1.7.10 with rack-cors 1.1.1 under puma 5.6.5 (Debian)', 'test/e2e/fixes-rails.test.ts'),
  laravel: syntax('php -l, PHP 8.2 and Laravel config keys', "php -l and PHP 8.2 (Debian) load every scenario's config/cors.php: exactly Laravel's keys and value types, and Laravel 8.83's Request::is matches its paths; not run: HandleCors (Laravel ≥ 9.2) and fruitcake/laravel-cors need fruitcake/php-cors, which Debian does not package"),
  nginx: journey('nginx 1.22.1 (Debian)', 'test/e2e/fixes-nginx.test.ts', 'the fix placed as its where says: the `map` at http {} level in conf.d, the `location` inside the user\'s server {} in front of the app (`nginx -t` accepts every lab scenario\'s fix placed the same way)'),
  apache: journey('Apache 2.4.71 (Debian)', 'test/e2e/fixes-apache.test.ts', 'each case in a `<VirtualHost>`, in an `.htaccess` (`AllowOverride All`), and in an `.htaccess` whose directory asks for a Basic login'),
  caddy: journey('Caddy 2.6.2 (Debian)', 'test/e2e/fixes-caddy.test.ts'),
  iis: syntax('IIS CORS Module XML schema', "web.config validated by xmllint (libxml2 2.9.14) against the IIS CORS Module configuration schema transcribed from Microsoft's reference, then held to its rules: enabled, the exact origin only (failUnlistedOrigins answers others 403), allowCredentials only on a named origin, the method and headers the preflight asks for; no IIS here to run it"),
  'aws-apigw-rest': syntax('CloudFormation property spec', "the template validated by Ajv against the AWS::ApiGateway::Method and GatewayResponse property specifications (CloudFormation registry schemas), then held to API Gateway's rules: OPTIONS without authorization, the MOCK status selected, every mapped header declared in the method response, static values in single quotes, the exact origin, method and headers; API Gateway cannot run here"),
  'aws-apigw-http': syntax('CloudFormation property spec', 'the template validated by Ajv against the AWS::ApiGatewayV2::Api property specification, then held to its rules: CorsConfiguration on an HTTP API, no AllowCredentials with AllowOrigins *, the exact origin, method and headers; API Gateway cannot run here'),
  'aws-cloudfront': syntax('CloudFormation property spec', 'the template validated by Ajv against the AWS::CloudFront::ResponseHeadersPolicy property specification (required CorsConfig members, the methods enum), then checked for the exact origin, method and headers; CloudFront cannot run here'),
  'aws-s3': someCases('s3rver 3.7.1, a local S3', 'test/e2e/fixes-s3.test.ts', ['put-custom-header', 'post-json', 'credentialed-simple-get', 'put-other-origin'], "s3rver answers every matched preflight with `Access-Control-Allow-Origin: *` and no Allow-Credentials (S3 names the origin and adds `Allow-Credentials: true`), so the credentialed DELETE cannot pass there (shown blocked in Chromium); S3 serves objects, no app code, so nothing answers a 500 error page (S3's own error answers carry the rule's headers: the JSON POST reads s3rver's 501)"),
  gcs: syntax('Cloud Storage cors resource', "cors.json held exactly to the bucket resource's cors[] members and types (origin, method, responseHeader, maxAgeSeconds) with the exact origin, method and headers; it has no credentials setting and the fix says so; Cloud Storage cannot run here"),
  'cloudflare-workers': journey('workerd 1.20261117.1', 'test/e2e/fixes-workerd.test.ts', 'the generated module verbatim as the Worker in front of the origin; workerd is Cloudflare\'s open-source Workers runtime, without its edge'),
  vercel: journey("a local emulation of Vercel's routing (@vercel/routing-utils 6.6.0)", 'test/e2e/fixes-vercel.test.ts', "Vercel's edge cannot run here: vercel.json is compiled as Vercel compiles it and its routes applied by a local edge in front of a Vercel Function with method exports; vercel.json headers never answer a preflight and Vercel answers an unexported OPTIONS with 405, so the five preflighted cases pass once the function adds the OPTIONS export the fix's pitfall gives (with the vercel.json alone they stay blocked, shown), the credentialed GET with the vercel.json alone; the 500 is the function's own error page (Vercel's FUNCTION_INVOCATION_FAILED page is not modelled)"),
  netlify: syntax('Netlify _headers parser', "_headers parsed by @netlify/headers-parser 10.1.1 (the parser Netlify's build uses): no error, no dropped line, the rule's path matches the request, no header Netlify ignores; the fix says _headers cannot answer OPTIONS; Netlify cannot run here"),
};

/** What ran, or what was checked: "the six journey cases", "4 of the six journey cases (`a`, …); why". */
export function proofDetail(p: Proof): string {
  if (p.kind === 'syntax') return p.note;
  const cases = p.cases === JOURNEY_CASES || sameCases(p.cases, JOURNEY_CASES)
    ? 'the six journey cases'
    : `${p.cases.length} of the six journey cases (${p.cases.map((c) => `\`${c}\``).join(', ')})`;
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
