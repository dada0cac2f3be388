// Apache httpd 2.4: an exact <If> origin check, Header always set, OPTIONS answered with 204.
// Run for real in Debian's apache2 (test/e2e/fixes-apache.test.ts), in a <VirtualHost> and in an
// .htaccess, with and without a login configured for the directory.
//
// Why the allowed origin is written out, not echoed: mod_headers has no `%{Origin}i` (that is
// mod_log_config's syntax); in a Header value `%i` is the server's idle percentage, and Apache
// 2.4 sends `Access-Control-Allow-Origin: i=98`. Inside the exact-match <If> the literal origin
// is the same value, needs no `expr=` (2.4.10+) and no SetEnvIf.
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { headerList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'error-response':
      return '`Header set` (without `always`) writes to the success header table only; error responses (4xx/5xx, including ones from the proxied app) need `Header always set`.';
    case 'multiple-origins':
      return 'Apache sets Access-Control-Allow-Origin and the proxied app sends its own: `Header always set` fills the error-response table and leaves the app\'s copy in the success table, so the snippet also removes it there with `Header unset` (no `always`). Removing it in the app instead works too.';
    case 'preflight-auth':
      return 'A login (`AuthType` with `Require valid-user`) applies to OPTIONS too and answers the preflight, which never carries credentials, with 401. In the <VirtualHost> the RewriteRule answers preflights before authentication; in .htaccess mod_rewrite runs after it, so the `<If>` with `Require all granted` lets exactly the requests the rule answers (OPTIONS with Access-Control-Request-Method) past the login, and nothing else.';
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
    const preflightTest = "%{REQUEST_METHOD} == 'OPTIONS' && -n %{HTTP:Access-Control-Request-Method}";
    const cond = ['<If "%{HTTP:Origin} == \'' + ctx.origin + '\'">', '    # `always`: error responses (4xx/5xx) need the headers too.'];
    if (ctx.duplicateLayers || ctx.kind === 'multiple-origins') cond.push("    # The app's own copy sits in the success table: `always` does not replace it there.", '    Header unset Access-Control-Allow-Origin');
    cond.push(`    Header always set Access-Control-Allow-Origin "${ctx.origin}"`);
    if (ctx.credentials) cond.push('    Header always set Access-Control-Allow-Credentials "true"');
    cond.push(`    Header always set Access-Control-Allow-Methods "${headerList(ctx.methods)}"`);
    if (ctx.headers.length > 0) cond.push(`    Header always set Access-Control-Allow-Headers "${headerList(ctx.headers)}"`);
    if (ctx.exposeHeaders.length > 0) cond.push(`    Header always set Access-Control-Expose-Headers "${headerList(ctx.exposeHeaders)}"`);
    if (ctx.preflight) cond.push(`    Header always set Access-Control-Max-Age "${ctx.maxAge}"`);
    cond.push('</If>');
    // No <IfModule> around it: without mod_headers or mod_rewrite, `apachectl configtest` (or the
    // .htaccess) fails loudly instead of silently serving no CORS headers.
    const lines = [
      '# Needs mod_headers and mod_rewrite. Every line works in the <VirtualHost> and in .htaccess.',
      '# The allowed origin is written out only when the request\'s Origin equals it exactly',
      '# (a string compare, not a regex, so no look-alike origin slips through).',
      ...cond,
      'Header always merge Vary "Origin"',
      '',
      'RewriteEngine On',
      '# Answer preflights here with 204, before the app (or a login) sees them.',
      'RewriteCond %{REQUEST_METHOD} OPTIONS',
      'RewriteCond %{HTTP:Access-Control-Request-Method} !^$',
      'RewriteRule ^ - [R=204,L]',
      '# In .htaccess mod_rewrite runs after authentication: let the preflights this rule answers',
      '# past a `Require valid-user` (browsers never send credentials on a preflight).',
      `<If "${preflightTest}">`,
      '    Require all granted',
      '</If>',
      '',
    ];
    return {
      title: 'Header always set with an Origin allow-list; OPTIONS answered with 204',
      snippet: lines.join('\n'),
      where:
        'In the <VirtualHost> that serves the API, or at the top of the API directory\'s .htaccess, above your own RewriteRules (the directory needs `AllowOverride FileInfo AuthConfig`, or `All`). Enable the modules with `a2enmod headers rewrite`; for the <VirtualHost>, `apachectl configtest` then a reload (an .htaccess is read on every request).',
      pitfall: pitfall(ctx),
      notes: [
        'Requires Apache httpd 2.4 with mod_headers and mod_rewrite (run in Apache 2.4.71, Debian 12\'s): `<If>` and its expressions are 2.4\'s, and Apache 2.2 has neither. `%{Origin}i`, which older guides give, is not a mod_headers format in any release.',
      ],
    };
  },
};
