// Next.js 15/16 App Router route handler: OPTIONS exported explicitly, CORS headers on every
// answer, the 500 of a handler that throws included (run by next build + next start in
// test/e2e/fixes-nextjs-real.test.ts).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, headerList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-redirect':
      return '`trailingSlash: true` (or false) in next.config makes Next answer the other spelling with a 308, and preflights never follow redirects; call the canonical URL, or skip the redirect with `skipTrailingSlashRedirect`.';
    case 'preflight-auth':
      return '`proxy.ts` (`middleware.ts` before Next.js 16; auth, next-auth `auth()` as middleware) runs before the route handler and rejects the credential-less OPTIONS; return early for `request.method === "OPTIONS"` there.';
    case 'missing-origin':
    case 'preflight-no-route':
      return 'Without an exported OPTIONS, Next.js answers the preflight itself with 204 and an `Allow` header but no CORS headers.';
    case 'response-missing-origin':
      return 'The OPTIONS handler sends CORS headers but the GET/PUT/POST handler does not: the actual response needs Access-Control-Allow-Origin too.';
    case 'error-response':
      return 'A route handler that throws gets Next.js\'s own 500, which carries no CORS headers (the ones the handler meant to set are lost with it); catch in the exported handler and add them there, as below.';
    case 'multiple-origins':
      return 'Headers from `next.config` `headers()` (or vercel.json) are added on top of the ones the route handler sets; keep them in one place.';
    default:
      return genericPitfall(ctx);
  }
}

function routeFile(path: string): string {
  const clean = path.replace(/\/+$/, '');
  return `app${clean === '' ? '' : clean}/route.ts`;
}

export const nextjs: StackModule = {
  id: 'nextjs',
  name: 'Next.js (route handler)',
  language: 'ts',
  build(ctx) {
    const set = ['  if (origin !== null && ALLOWED_ORIGINS.has(origin)) {', "    headers.set('Access-Control-Allow-Origin', origin);"];
    if (ctx.credentials) set.push("    headers.set('Access-Control-Allow-Credentials', 'true');");
    if (ctx.exposeHeaders.length > 0) set.push(`    headers.set('Access-Control-Expose-Headers', ${dq(headerList(ctx.exposeHeaders))});`);
    set.push('  }', "  // Appended, not set: your handler's own Vary values stay.", "  headers.append('Vary', 'Origin');");
    const preflight = [`  headers.set('Access-Control-Allow-Methods', ${dq(headerList(ctx.methods))});`];
    if (ctx.headers.length > 0) preflight.push(`  headers.set('Access-Control-Allow-Headers', ${dq(headerList(ctx.headers))});`);
    preflight.push("  // Seconds the browser reuses this preflight (Chromium caps it at 7200).", `  headers.set('Access-Control-Max-Age', '${ctx.maxAge}');`);
    const method = ctx.method === 'OPTIONS' ? 'GET' : ctx.method;
    const handler = `handle${method}`;
    const snippet = [
      "import { unstable_rethrow } from 'next/navigation';",
      '',
      `const ALLOWED_ORIGINS = new Set([${dq(ctx.origin)}]);`,
      '',
      '// Echo the Origin only when it is on the list; `Vary: Origin` keeps caches from',
      "// serving one origin's answer to another.",
      'function addCors(headers: Headers, origin: string | null): void {',
      ...set,
      '}',
      '',
      '// Exported explicitly: the automatic OPTIONS answer of Next.js carries no CORS headers.',
      'export async function OPTIONS(request: Request): Promise<Response> {',
      '  const headers = new Headers();',
      "  addCors(headers, request.headers.get('Origin'));",
      ...preflight,
      '  return new Response(null, { status: 204, headers });',
      '}',
      '',
      `// Your ${method} handler as it was, renamed and no longer exported: its body replaces`,
      '// the two lines inside.',
      `async function ${handler}(request: Request): Promise<Response> {`,
      '  // … your handler …',
      '  return Response.json({ ok: true });',
      '}',
      '',
      `// Every answer gets the CORS headers, the 500 included: when a handler throws, Next.js`,
      '// answers with its own 500, which has none.',
      `export async function ${method}(request: Request): Promise<Response> {`,
      '  let response: Response;',
      '  try {',
      `    response = await ${handler}(request);`,
      '  } catch (error) {',
      '    // redirect(), notFound() and the like stay Next.js\'s to answer.',
      '    unstable_rethrow(error);',
      '    console.error(error);',
      '    response = new Response(null, { status: 500 });',
      '  }',
      '  // Re-wrapped: a Response from fetch() has immutable headers.',
      '  const answer = new Response(response.body, response);',
      "  addCors(answer.headers, request.headers.get('Origin'));",
      '  return answer;',
      '}',
      '',
    ].join('\n');
    return {
      title: 'Export OPTIONS from the route handler and add CORS headers to every answer, errors included',
      snippet,
      where: `\`${routeFile(ctx.path)}\` (App Router): your \`export async function ${method}\` becomes \`${handler}\`, unexported, and the exported ${method} below wraps it. For many routes, put the same checks in \`proxy.ts\` (\`middleware.ts\` before Next.js 16) with a \`matcher\` for the API paths.`,
      pitfall: pitfall(ctx),
      notes: [
        'Requires Next.js ≥ 15 (`unstable_rethrow`; the App Router route handlers themselves are 13.2+). Checked in Next.js 16.',
        'If your handler takes the second `{ params }` argument (a dynamic route), add it to both functions and pass it on.',
        '`next.config` `headers()` can only send one fixed Access-Control-Allow-Origin and cannot answer OPTIONS with 2xx on its own; use it only for a single origin whose routes already answer OPTIONS.',
      ],
    };
  },
};
