// Apache httpd 2.4: an exact <If> origin check, Header always set, OPTIONS answered with 204.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { headerList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'error-response':
      return '`Header set` (without `always`) writes to the success header table only; error responses (4xx/5xx, including ones from the proxied app) need `Header always set`.';
    case 'multiple-origins':
      return 'Apache sets Access-Control-Allow-Origin and the proxied app sends its own: use `Header always set` (replaces) rather than `add`, and unset the app\'s copy.';
    case 'preflight-auth':
      return 'A `Require valid-user` / AuthType block applies to OPTIONS too and answers 401; wrap it in `<LimitExcept OPTIONS>` or answer OPTIONS with the RewriteRule below placed in the <VirtualHost>, where mod_rewrite runs before authorization (in .htaccess it runs after).';
    case 'preflight-no-route':
    case 'missing-origin':
      return 'OPTIONS reaches the app (or a script that does not handle it) and gets 404/405; answer it in Apache with the RewriteRule below.';
    default:
      return genericPitfall(ctx);
  }
}

export const apache: StackModule = {
  id: 'apache',
  name: 'Apache httpd',
  language: 'apache',
  build(ctx) {
    const cond = ['    <If "%{HTTP:Origin} == \'' + ctx.origin + '\'">', '        # `always`: error responses (4xx/5xx) need the headers too.', '        Header always set Access-Control-Allow-Origin "%{Origin}i"'];
    if (ctx.credentials) cond.push('        Header always set Access-Control-Allow-Credentials "true"');
    cond.push(`        Header always set Access-Control-Allow-Methods "${headerList(ctx.methods)}"`);
    if (ctx.headers.length > 0) cond.push(`        Header always set Access-Control-Allow-Headers "${headerList(ctx.headers)}"`);
    if (ctx.exposeHeaders.length > 0) cond.push(`        Header always set Access-Control-Expose-Headers "${headerList(ctx.exposeHeaders)}"`);
    if (ctx.preflight) cond.push(`        Header always set Access-Control-Max-Age "${ctx.maxAge}"`);
    cond.push('    </If>');
    const lines = [
      '# Inside the <VirtualHost>; needs mod_headers and mod_rewrite.',
      '<IfModule mod_headers.c>',
      '    # Echo the Origin only when it equals the allowed origin exactly (a string compare,',
      '    # not a regex, so no look-alike origin slips through).',
      ...cond,
      '    Header always merge Vary "Origin"',
      '</IfModule>',
      '',
      '<IfModule mod_rewrite.c>',
      '    RewriteEngine On',
      '    # Answer preflights here with 204, before authentication or the app sees them.',
      '    RewriteCond %{REQUEST_METHOD} OPTIONS',
      '    RewriteCond %{HTTP:Access-Control-Request-Method} !^$',
      '    RewriteRule ^ - [R=204,L]',
      '</IfModule>',
      '',
    ];
    return {
      title: 'Header always set with an Origin allow-list; OPTIONS answered with 204',
      snippet: lines.join('\n'),
      where: 'The <VirtualHost> that serves the API (not .htaccess: there mod_rewrite runs after authentication); enable the modules with `a2enmod headers rewrite`, then `apachectl configtest`.',
      pitfall: pitfall(ctx),
    };
  },
};
