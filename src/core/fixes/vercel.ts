// Vercel: vercel.json `headers` for the API path.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { headerList } from './literals';
import { genericPitfall } from './pitfall';

export function sourcePattern(path: string): string {
  const seg = path.split('/').filter((s) => s !== '')[0];
  return seg === undefined || !/^[A-Za-z0-9._~-]+$/.test(seg) ? '/(.*)' : `/${seg}/(.*)`;
}

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    // @vercel/node routes a function with HTTP method exports by method and answers 405 for a
    // method it does not export, OPTIONS included (helpers-web.ts, defaultHttpHandler); Vercel's
    // own CORS guide answers the preflight with an OPTIONS export.
    case 'preflight-no-route':
      return `vercel.json headers decorate the function's responses but never answer OPTIONS: the preflight still reaches the function, which answered ${ctx.preflightStatus ?? '?'}, and it needs a 2xx. Vercel answers 405 for any method a function does not export, OPTIONS included: add \`export function OPTIONS() { return new Response(null, { status: 204 }); }\` to the function (in a \`(req, res)\` handler, first \`if (req.method === 'OPTIONS') return res.status(204).end();\`).`;
    case 'preflight-auth':
      return `The preflight never carries cookies or an Authorization header, and vercel.json headers do not answer it: the function, or Vercel Deployment Protection on a protected URL, answered ${ctx.preflightStatus ?? 401}. Answer OPTIONS with 204 before the function's authentication; for Deployment Protection, add the path to its OPTIONS Allowlist.`;
    case 'multiple-origins':
      return 'Both vercel.json (or next.config headers) and the function set Access-Control-Allow-Origin; keep one.';
    default:
      return genericPitfall(ctx);
  }
}

export const vercel: StackModule = {
  id: 'vercel',
  name: 'Vercel (vercel.json)',
  language: 'json',
  build(ctx) {
    const h: Array<{ key: string; value: string }> = [{ key: 'Access-Control-Allow-Origin', value: ctx.origin }];
    if (ctx.credentials) h.push({ key: 'Access-Control-Allow-Credentials', value: 'true' });
    h.push({ key: 'Access-Control-Allow-Methods', value: headerList(ctx.methods) });
    if (ctx.headers.length > 0) h.push({ key: 'Access-Control-Allow-Headers', value: headerList(ctx.headers) });
    if (ctx.exposeHeaders.length > 0) h.push({ key: 'Access-Control-Expose-Headers', value: headerList(ctx.exposeHeaders) });
    if (ctx.preflight) h.push({ key: 'Access-Control-Max-Age', value: String(ctx.maxAge) });
    h.push({ key: 'Vary', value: 'Origin' });
    return {
      title: 'vercel.json headers for the API path',
      snippet: JSON.stringify({ headers: [{ source: sourcePattern(ctx.path), headers: h }] }, null, 2) + '\n',
      where: 'vercel.json at the project root (merge into an existing `headers` array); redeploy.',
      pitfall: pitfall(ctx),
      notes: ['vercel.json headers are static: one fixed origin. For several origins, echo an allow-listed Origin in the function or middleware instead.'],
    };
  },
};
