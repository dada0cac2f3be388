// Koa 3 with @koa/cors 5.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'error-response':
      return "Koa's default error handler removes every header set before the error; @koa/cors survives that only with `keepHeadersOnError: true` and only when it is registered before the middleware that throws.";
    case 'preflight-auth':
      return 'An auth middleware (koa-jwt, koa-passport) is `app.use`d before @koa/cors, so the credential-less OPTIONS gets 401. `app.use(cors(...))` first.';
    case 'wildcard-credentials':
      return "With `origin` left at its default '*', @koa/cors reflects any Origin once credentials are on: use a function that checks an allow-list.";
    case 'preflight-no-route':
    case 'missing-origin':
      return 'Without @koa/cors in front, the router has no OPTIONS route and Koa answers 404 or 405 (`router.allowedMethods()`). Register cors before the router.';
    default:
      return genericPitfall(ctx);
  }
}

export const koa: StackModule = {
  id: 'koa',
  name: 'Koa (@koa/cors)',
  language: 'js',
  build(ctx) {
    const opts = [
      '  // Echo the Origin only when it is on the list; @koa/cors adds `Vary: Origin` itself.',
      "  origin: (ctx) => (allowedOrigins.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),",
      `  allowMethods: [${dqList(ctx.methods)}],`,
    ];
    if (ctx.headers.length > 0) opts.push(`  allowHeaders: [${dqList(ctx.headers)}],`);
    if (ctx.credentials) opts.push('  // The page sends cookies: the named origin above plus this.', '  credentials: true,');
    if (ctx.exposeHeaders.length > 0) opts.push(`  exposeHeaders: [${dqList(ctx.exposeHeaders)}],`);
    if (ctx.preflight) opts.push('  // Seconds the browser reuses this preflight (Chromium caps it at 7200).', `  maxAge: ${ctx.maxAge},`);
    opts.push("  // Koa's error handler clears headers; this puts them back on error responses.", '  keepHeadersOnError: true,');
    const snippet = [
      "import Koa from 'koa';",
      "import cors from '@koa/cors';",
      '',
      'const app = new Koa();',
      '',
      `const allowedOrigins = new Set([${dq(ctx.origin)}]);`,
      '',
      '// First middleware: it answers the preflight with 204 before auth or the router runs.',
      'app.use(cors({',
      ...opts,
      '}));',
      '',
      '// … your routes …',
      '',
    ].join('\n');
    return {
      title: 'Use @koa/cors first, with an allow-list and keepHeadersOnError',
      snippet,
      where: 'Your Koa entry file: `app.use(cors(...))` before any auth middleware and before `app.use(router.routes())`.',
      pitfall: pitfall(ctx),
      notes: [
        'Requires @koa/cors ≥ 3 with Koa 2 or 3 (run in @koa/cors 5.0.0 with Koa 3.3.0). 5.0 changed only the default origin (to `*`), which this snippet sets itself through the allow-list.',
      ],
    };
  },
};
