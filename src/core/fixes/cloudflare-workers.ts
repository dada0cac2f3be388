// Cloudflare Workers (module syntax): the Worker answers the preflight and decorates responses.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, headerList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'multiple-origins':
      return 'The Worker adds Access-Control-Allow-Origin on top of the one the origin server already sends; `headers.set` (as below) replaces it instead of `append`.';
    case 'preflight-auth':
    case 'preflight-no-route':
    case 'missing-origin':
      return 'The Worker forwards OPTIONS to the origin (or to Cloudflare Access), which rejects it; answer the preflight in the Worker before any auth or fetch.';
    case 'origin-mismatch':
      return "A cached response (Cache API or Cloudflare's cache) was stored for another origin: the cache key must vary on Origin, or the headers must be added after the cache lookup, as below.";
    default:
      return genericPitfall(ctx);
  }
}

export const cloudflareWorkers: StackModule = {
  id: 'cloudflare-workers',
  name: 'Cloudflare Workers',
  language: 'ts',
  build(ctx) {
    const set = ['  if (origin !== null && ALLOWED_ORIGINS.has(origin)) {', "    headers.set('Access-Control-Allow-Origin', origin);"];
    if (ctx.credentials) set.push("    headers.set('Access-Control-Allow-Credentials', 'true');");
    if (ctx.exposeHeaders.length > 0) set.push(`    headers.set('Access-Control-Expose-Headers', ${dq(headerList(ctx.exposeHeaders))});`);
    set.push('  }', "  // Appended, not set: the origin server's own Vary values stay.", "  headers.append('Vary', 'Origin');");
    const preflight = [`      headers.set('Access-Control-Allow-Methods', ${dq(headerList(ctx.methods))});`];
    if (ctx.headers.length > 0) preflight.push(`      headers.set('Access-Control-Allow-Headers', ${dq(headerList(ctx.headers))});`);
    preflight.push(`      headers.set('Access-Control-Max-Age', '${ctx.maxAge}');`);
    const snippet = [
      `const ALLOWED_ORIGINS = new Set([${dq(ctx.origin)}]);`,
      '',
      '// Echo the Origin only when it is on the list; `set` replaces any ACAO the origin',
      '// server sent, so the browser never sees two values.',
      'function addCors(headers: Headers, origin: string | null): void {',
      ...set,
      '}',
      '',
      'async function handleRequest(request: Request): Promise<Response> {',
      '  // … your routes …',
      '  return fetch(request);',
      '}',
      '',
      'export default {',
      '  async fetch(request: Request): Promise<Response> {',
      "    const origin = request.headers.get('Origin');",
      "    if (request.method === 'OPTIONS' && request.headers.has('Access-Control-Request-Method')) {",
      '      // Answered here, before auth or the origin server: preflights carry no credentials.',
      '      const headers = new Headers();',
      '      addCors(headers, origin);',
      ...preflight,
      '      return new Response(null, { status: 204, headers });',
      '    }',
      '    const upstream = await handleRequest(request);',
      '    // Re-wrapped because fetched responses have immutable headers; errors get CORS too.',
      '    const response = new Response(upstream.body, upstream);',
      '    addCors(response.headers, origin);',
      '    return response;',
      '  },',
      '};',
      '',
    ].join('\n');
    return {
      title: 'Answer OPTIONS in the Worker and add CORS headers to every response',
      snippet,
      where: "The Worker's entry module (src/index.ts), wrapping whatever the Worker does today in `handleRequest`.",
      pitfall: pitfall(ctx),
      notes: [
        'Requires a Worker in the ES module format (`export default { fetch }`, the default since wrangler 2; run in workerd 1.20261117.1, the open-source Workers runtime). A Worker in the older service-worker format (`addEventListener(\'fetch\', …)`) needs the same logic moved into its listener.',
      ],
    };
  },
};
