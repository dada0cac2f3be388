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
    case 'preflight-no-route':
    case 'preflight-auth':
      return 'vercel.json headers decorate responses but do not answer OPTIONS: the function still receives the preflight and must return 2xx for it (or Vercel Deployment Protection answers 401 for preview URLs).';
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
