// Caddy 2 Caddyfile: matcher on the allowed Origin, headers deferred, preflight answered with 204.
// Run for real in Debian's Caddy 2.6.2 (test/e2e/fixes-caddy.test.ts) as a reverse proxy in front
// of a CORS-unaware app, for the six journey cases; `caddy validate` accepts every lab scenario's
// fix. The site block replaces the user's own; its upstream line is the user's to keep.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { headerList } from './literals';
import { genericPitfall } from './pitfall';

function siteAddress(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(url);
  return m && m[1] ? m[1] : 'api.example.com';
}

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'multiple-origins':
      return "Caddy's `header` and the upstream both set Access-Control-Allow-Origin; `defer` plus `-Access-Control-Allow-Origin` in reverse_proxy's `header_down` keeps one.";
    case 'error-response':
      return '`header` does not apply to responses produced by `handle_errors`, and without `defer` the upstream can overwrite it; repeat the same `header @cors_origin` block inside handle_errors.';
    case 'preflight-redirect':
      return 'Caddy redirects http to https automatically (308) for a site with a domain name; call the https URL from the page.';
    default:
      return genericPitfall(ctx);
  }
}

export const caddy: StackModule = {
  id: 'caddy',
  name: 'Caddy',
  language: 'caddyfile',
  build(ctx) {
    const common = ['\t\tAccess-Control-Allow-Origin "{http.request.header.Origin}"'];
    if (ctx.credentials) common.push('\t\tAccess-Control-Allow-Credentials "true"');
    if (ctx.exposeHeaders.length > 0) common.push(`\t\tAccess-Control-Expose-Headers "${headerList(ctx.exposeHeaders)}"`);
    const pre = [`\t\t\tAccess-Control-Allow-Methods "${headerList(ctx.methods)}"`];
    if (ctx.headers.length > 0) pre.push(`\t\t\tAccess-Control-Allow-Headers "${headerList(ctx.headers)}"`);
    pre.push(`\t\t\tAccess-Control-Max-Age "${ctx.maxAge}"`);
    const snippet = [
      `${siteAddress(ctx.url)} {`,
      '\t# Only this exact Origin gets CORS headers.',
      `\t@cors_origin header Origin "${ctx.origin}"`,
      '\theader @cors_origin {',
      '\t\t# Deferred: applied after the upstream answered, replacing any copy it sent.',
      '\t\tdefer',
      ...common,
      '\t\t+Vary "Origin"',
      '\t}',
      '',
      '\t@preflight {',
      '\t\tmethod OPTIONS',
      `\t\theader Origin "${ctx.origin}"`,
      '\t\theader Access-Control-Request-Method *',
      '\t}',
      '\t# The preflight is answered here, before auth or the upstream can reject it.',
      '\thandle @preflight {',
      '\t\theader {',
      ...pre,
      '\t\t}',
      '\t\trespond 204',
      '\t}',
      '',
      '\t# Your own upstream (or file_server, php_fastcgi …), as before.',
      '\treverse_proxy 127.0.0.1:3000',
      '}',
      '',
    ].join('\n');
    return {
      title: 'Caddyfile: Origin matcher, deferred headers, preflight answered with 204',
      snippet,
      where: 'The Caddyfile site block that serves the API; check with `caddy validate --config Caddyfile`.',
      pitfall: pitfall(ctx),
      notes: [
        'Requires Caddy 2 (run in Caddy 2.6.2). Caddy ≥ 2.7 also has a shorter spelling for a deferred header, `header >Name value`; the `defer` block here works in 2.6 and in current releases alike.',
      ],
    };
  },
};
