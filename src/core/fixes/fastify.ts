// Fastify 5 with @fastify/cors 11.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, dqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'method-not-allowed':
      return `@fastify/cors v11 allows only GET, HEAD and POST when \`methods\` is not set, so ${ctx.method} is refused. List every method the page uses.`;
    case 'preflight-auth':
      return 'An `onRequest` auth hook (or @fastify/jwt/@fastify/auth) registered before @fastify/cors answers the credential-less OPTIONS with 401. Register @fastify/cors first, or return early for OPTIONS in the auth hook.';
    case 'preflight-no-route':
    case 'missing-origin':
      return '@fastify/cors is not registered in the scope of this route (plugins are encapsulated): Fastify answers OPTIONS with 404 `Route OPTIONS:/… not found`. Register it on the root instance, before the routes.';
    case 'error-response':
      return "With `hook: 'preHandler'` or a custom error handler that calls `reply.headers({})`, error replies lose the CORS headers. Keep the default `hook: 'onRequest'` so headers are set before anything can fail.";
    default:
      return genericPitfall(ctx);
  }
}

export const fastify: StackModule = {
  id: 'fastify',
  name: 'Fastify (@fastify/cors)',
  language: 'js',
  build(ctx) {
    const opts = [
      '  // An allow-list: the Origin is echoed only when listed, with `Vary: Origin`.',
      `  origin: [${dq(ctx.origin)}],`,
      '  // v11 defaults to GET, HEAD and POST only: every method the page uses is listed.',
      `  methods: [${dqList(ctx.methods)}],`,
    ];
    if (ctx.headers.length > 0) opts.push(`  allowedHeaders: [${dqList(ctx.headers)}],`);
    if (ctx.credentials) opts.push("  // The page sends cookies: a named origin plus this, never origin '*'.", '  credentials: true,');
    if (ctx.exposeHeaders.length > 0) opts.push(`  exposedHeaders: [${dqList(ctx.exposeHeaders)}],`);
    if (ctx.preflight) opts.push('  // Seconds the browser reuses this preflight (Chromium caps it at 7200).', `  maxAge: ${ctx.maxAge},`);
    const snippet = [
      "import Fastify from 'fastify';",
      "import cors from '@fastify/cors';",
      '',
      'const fastify = Fastify();',
      '',
      '// On the root instance, before auth hooks and routes: its onRequest hook answers the',
      '// preflight with 204 before anything else can reject it.',
      'await fastify.register(cors, {',
      ...opts,
      '});',
      '',
      '// … your routes …',
      '',
    ].join('\n');
    return {
      title: 'Register @fastify/cors with the methods and headers this request needs',
      snippet,
      where: 'Where the Fastify instance is created: `register(cors, …)` on the root instance before auth plugins and routes (ESM, top-level await).',
      pitfall: pitfall(ctx),
      notes: [
        'Requires @fastify/cors ≥ 10 with Fastify 5 (run in @fastify/cors 11.4.3 with Fastify 5.12.8); on Fastify 4 use @fastify/cors 9, which reads the same options. From 11.0 the default methods are GET, HEAD and POST only, which is why `methods` is listed.',
      ],
    };
  },
};
