// nginx: map the allow-list, add_header … always, answer OPTIONS with 204.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { dq, headerList } from './literals';
import { genericPitfall } from './pitfall';

export function locationPrefix(path: string): string {
  const seg = path.split('/').filter((s) => s !== '')[0];
  return seg === undefined || !/^[A-Za-z0-9._~-]+$/.test(seg) ? '/' : `/${seg}/`;
}

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'error-response':
      return `add_header without \`always\` applies only to 2xx/3xx responses, so the ${ctx.responseStatus ?? 'error'} response has no CORS headers; every CORS add_header needs \`always\`.`;
    case 'multiple-origins':
      return 'nginx adds Access-Control-Allow-Origin and the proxied app sends its own, so the browser sees two values; `proxy_hide_header` drops the app\'s copy.';
    case 'preflight-no-route':
    case 'preflight-auth':
    case 'missing-origin':
      return 'OPTIONS is passed to the app (or to auth_request / auth_basic), which rejects it; answer it in nginx with `return 204`. Inside that `if`, add_header lines from the enclosing block are not inherited, so they are repeated.';
    case 'response-missing-origin':
      return 'The CORS add_header lines are only inside the `if ($request_method = OPTIONS)` block; a level that has its own add_header does not inherit the outer ones, so the actual response gets none.';
    default:
      return genericPitfall(ctx);
  }
}

export const nginx: StackModule = {
  id: 'nginx',
  name: 'nginx',
  language: 'nginx',
  build(ctx) {
    const common = ['add_header Access-Control-Allow-Origin $cors_origin always;'];
    if (ctx.credentials) common.push('add_header Access-Control-Allow-Credentials "true" always;');
    common.push('add_header Vary Origin always;');
    const actualOnly = ctx.exposeHeaders.length > 0 ? [`add_header Access-Control-Expose-Headers ${dq(headerList(ctx.exposeHeaders))} always;`] : [];
    const preflightOnly = [`add_header Access-Control-Allow-Methods ${dq(headerList(ctx.methods))} always;`];
    if (ctx.headers.length > 0) preflightOnly.push(`add_header Access-Control-Allow-Headers ${dq(headerList(ctx.headers))} always;`);
    preflightOnly.push(`add_header Access-Control-Max-Age ${ctx.maxAge} always;`);
    const ind = (n: number, lines: string[]): string[] => lines.map((l) => ' '.repeat(n) + l);
    const snippet = [
      '# http {} level: echo the Origin only when it is on the list; an empty value makes',
      '# add_header send nothing, so other origins get no CORS headers.',
      'map $http_origin $cors_origin {',
      '    default "";',
      `    ${dq(ctx.origin)} $http_origin;`,
      '}',
      '',
      'server {',
      '    # ... your listen / server_name ...',
      '',
      `    location ${locationPrefix(ctx.path)} {`,
      "        # The app's own CORS headers are dropped so the browser sees exactly one value.",
      '        proxy_hide_header Access-Control-Allow-Origin;',
      '        proxy_hide_header Access-Control-Allow-Credentials;',
      '        proxy_hide_header Access-Control-Allow-Methods;',
      '        proxy_hide_header Access-Control-Allow-Headers;',
      '',
      '        # `always`: error responses (4xx/5xx) need the headers too, or the page sees a',
      '        # CORS error instead of the real status.',
      ...ind(8, common),
      ...ind(8, actualOnly),
      '',
      '        if ($request_method = OPTIONS) {',
      '            # add_header in this block replaces the outer ones: repeat them. The preflight is',
      '            # answered here, before auth or the app can reject it.',
      ...ind(12, common),
      ...ind(12, preflightOnly),
      '            return 204;',
      '        }',
      '',
      '        # Your own upstream (or root, fastcgi_pass …), as before.',
      '        proxy_pass http://127.0.0.1:3000;',
      '    }',
      '}',
      '',
    ].join('\n');
    return {
      title: 'map $http_origin allow-list, add_header … always, OPTIONS answered with 204',
      snippet,
      where: `The \`map\` block at http {} level (e.g. /etc/nginx/conf.d/cors.conf); the \`location ${locationPrefix(ctx.path)}\` part inside the server {} that proxies the API. Reload with \`nginx -t && nginx -s reload\`.`,
      pitfall: pitfall(ctx),
      notes: [
        'Requires nginx ≥ 1.7.5, where add_header gained `always` (needed for the error pages; run in nginx 1.22.1, Debian 12\'s). Current releases read the same lines.',
        'add_header is inherited from an outer level only when the inner level has no add_header of its own: a location with any add_header (say, for caching) must repeat the CORS lines.',
      ],
    };
  },
};
