// Rails with rack-cors. Run for real in Debian's Rails 6.1 with rack-cors 1.1.1 and puma
// (test/e2e/fixes-rails.test.ts).
import type { FixContext } from './fix-context';
import type { StackModule } from './fix';
import { sq, sqList } from './literals';
import { genericPitfall } from './pitfall';

function pitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'preflight-auth':
    case 'preflight-no-route':
    case 'missing-origin':
      return 'Rack::Cors is missing, or inserted with `config.middleware.use` (at the end of the stack), so a middleware before it (Warden/Devise, ActionDispatch::SSL) answers the preflight first, and the error pages rendered above it get no CORS headers; it must be `insert_before 0`.';
    case 'preflight-redirect':
      return '`config.force_ssl` (ActionDispatch::SSL) redirects the http preflight to https before Rack::Cors runs; call the https URL.';
    case 'origin-mismatch':
      return "An `origins` entry with a trailing slash or a path never matches; write scheme://host[:port] (a regexp like /\\Ahttps:\\/\\/.*\\.example\\.com\\z/ for subdomains).";
    case 'error-response':
      return 'An exception rendered by ActionDispatch::ShowExceptions is still inside Rack::Cors only when Rack::Cors is first in the stack (`insert_before 0`).';
    default:
      return genericPitfall(ctx);
  }
}

export const rails: StackModule = {
  id: 'rails',
  name: 'Rails (rack-cors)',
  language: 'ruby',
  build(ctx) {
    const methods = ctx.methods.map((m) => `:${m.toLowerCase()}`);
    if (ctx.preflight && !methods.includes(':options')) methods.push(':options');
    const opts = [`      methods: [${methods.join(', ')}]`];
    if (ctx.headers.length > 0) opts.push(`      headers: [${sqList(ctx.headers)}]`);
    if (ctx.credentials) opts.push('      credentials: true');
    if (ctx.exposeHeaders.length > 0) opts.push(`      expose: [${sqList(ctx.exposeHeaders)}]`);
    if (ctx.preflight) opts.push(`      max_age: ${ctx.maxAge}`);
    const snippet = [
      '# First in the middleware stack: the preflight is answered before Devise/Warden,',
      '# ActionDispatch::SSL or the router can reject or redirect it.',
      'Rails.application.config.middleware.insert_before 0, Rack::Cors do',
      '  allow do',
      '    # Exact origins; a match is echoed with `Vary: Origin`.',
      `    origins ${sq(ctx.origin)}`,
      "    resource '*',",
      opts.join(',\n'),
      '  end',
      'end',
      '',
    ].join('\n');
    return {
      title: 'Rack::Cors inserted first (insert_before 0)',
      snippet,
      where: '`config/initializers/cors.rb` (add `gem "rack-cors"` to the Gemfile).',
      pitfall: pitfall(ctx),
      notes: [
        'Requires rack-cors ≥ 1.0 with Rails ≥ 5 (run in rack-cors 1.1.1 with Rails 6.1.7, Debian 12\'s, under puma 5.6). Before 1.0, `credentials` defaulted to true, so every allowed response carried Allow-Credentials. The current rack-cors README documents the same `allow`/`origins`/`resource` options.',
      ],
    };
  },
};
