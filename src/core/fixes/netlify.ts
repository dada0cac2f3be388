// Netlify: the _headers file.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { headerList } from './literals';
import { genericPitfall } from './pitfall';

function pathPattern(path: string): string {
  const seg = path.split('/').filter((s) => s !== '')[0];
  return seg === undefined || !/^[A-Za-z0-9._~-]+$/.test(seg) ? '/*' : `/${seg}/*`;
}

// _headers adds headers to what Netlify serves from its own store; it answers no request itself
// and changes no status (https://docs.netlify.com/manage/routing/headers/, Limitations).
const NO_OPTIONS =
  '`_headers` cannot answer OPTIONS: it only adds headers to files Netlify serves from its own store (not to what a Function, an SSR route or a proxied backend returns), and it never changes a status. A preflight answered 404 or 405 stays blocked: answer OPTIONS with 204 and these headers in that Function or in an Edge Function.';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-no-route':
      return `The OPTIONS preflight got ${ctx.preflightStatus ?? 'an error'}, and \`_headers\` cannot answer OPTIONS or change a status: the Function, SSR route or proxied backend behind ${ctx.path} must answer OPTIONS with 204 itself (or an Edge Function in front of it).`;
    case 'preflight-auth':
    case 'response-missing-origin':
    case 'missing-origin':
      return '_headers rules apply to what Netlify serves from its CDN; a Netlify Function (or a proxied `200` rewrite to another backend) must answer OPTIONS and set CORS headers in its own response.';
    default:
      return genericPitfall(ctx);
  }
}

export const netlify: StackModule = {
  id: 'netlify',
  name: 'Netlify (_headers)',
  language: 'netlify-headers',
  build(ctx) {
    const lines = [
      '# Static headers: one fixed origin. For several origins, echo an allow-listed Origin',
      '# from a Function or Edge Function instead.',
      pathPattern(ctx.path),
      `  Access-Control-Allow-Origin: ${ctx.origin}`,
    ];
    if (ctx.credentials) lines.push('  Access-Control-Allow-Credentials: true');
    lines.push(`  Access-Control-Allow-Methods: ${headerList(ctx.methods)}`);
    if (ctx.headers.length > 0) lines.push(`  Access-Control-Allow-Headers: ${headerList(ctx.headers)}`);
    if (ctx.exposeHeaders.length > 0) lines.push(`  Access-Control-Expose-Headers: ${headerList(ctx.exposeHeaders)}`);
    if (ctx.preflight) lines.push(`  Access-Control-Max-Age: ${ctx.maxAge}`);
    lines.push('  Vary: Origin', '');
    return {
      title: ctx.kind === 'preflight-no-route' ? '_headers rule for the API path (the preflight also needs a Function that answers OPTIONS)' : '_headers rule for the API path',
      snippet: lines.join('\n'),
      where: 'A `_headers` file in the publish directory (or the same rule as `[[headers]]` in netlify.toml); redeploy.',
      pitfall: pitfall(ctx),
      ...(ctx.preflight ? { notes: [NO_OPTIONS] } : {}),
    };
  },
};
