// Hono 4 with its built-in hono/cors middleware.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
      return "`app.use('*', bearerAuth(...))` (or jwt()) is registered before cors(): Hono runs middleware in registration order, so the credential-less OPTIONS gets 401. Register cors() first.";
    case 'preflight-no-route':
    case 'missing-origin':
      return "cors() is registered on a path pattern that does not match this URL (`app.use('/api/*', cors())` vs a route outside /api), so Hono answers OPTIONS with 404.";
    case 'error-response':
      return 'The error is raised by a middleware registered before cors() (auth, a body validator) or by a proxy in front of Hono, so cors() never ran for that response. Register cors() first; errors from later handlers keep its headers.';
    default:
      return genericPitfall(ctx);
  }
}

export const hono: StackModule = {
  id: 'hono',
  name: 'Hono (hono/cors)',
  language: 'ts',
  build(ctx) {
    const opts = [
      '    // An allow-list: the Origin is echoed only when listed, with `Vary: Origin`.',
      `    origin: [${dq(ctx.origin)}],`,
      `    allowMethods: [${dqList(ctx.methods)}],`,
    ];
    if (ctx.headers.length > 0) opts.push(`    allowHeaders: [${dqList(ctx.headers)}],`);
    if (ctx.credentials) opts.push("    // The page sends cookies: a named origin plus this, never '*'.", '    credentials: true,');
    if (ctx.exposeHeaders.length > 0) opts.push(`    exposeHeaders: [${dqList(ctx.exposeHeaders)}],`);
    if (ctx.preflight) opts.push('    // Seconds the browser reuses this preflight (Chromium caps it at 7200).', `    maxAge: ${ctx.maxAge},`);
    const snippet = [
      "import { Hono } from 'hono';",
      "import { cors } from 'hono/cors';",
      '',
      'const app = new Hono();',
      '',
      '// Before auth middleware and every route: it answers the preflight with 204 itself.',
      "// Errors thrown after it keep its headers: Hono's own error handler (and an app.onError",
      '// of yours) answers through the same context, so the page can read the real status.',
      'app.use(',
      "  '*',",
      '  cors({',
      ...opts,
      '  }),',
      ');',
      '',
      '// … your routes …',
      '',
      'export default app;',
      '',
    ].join('\n');
    return {
      title: "app.use('*', cors(...)) before auth and routes",
      snippet,
      where: "Where the Hono app is created: `app.use('*', cors(...))` before any auth middleware and route.",
      pitfall: pitfall(ctx),
      notes: [
        'Requires Hono ≥ 4 (run in Hono 4.13.19 on @hono/node-server 2.1.9; Bun, Deno and Workers run the same `hono/cors` middleware).',
      ],
    };
  },
};
