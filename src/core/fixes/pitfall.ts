// The pitfall for a failure kind when a stack has nothing more specific to say.
import type { FixContext } from './fix-context';

export function genericPitfall(ctx: FixContext): string {
  switch (ctx.kind) {
    case 'missing-origin':
      return `Nothing on the server answered the preflight with CORS headers: the CORS layer is missing, or does not cover ${ctx.path}.`;
    case 'response-missing-origin':
      return 'CORS headers are added to the OPTIONS preflight only: the actual response needs Access-Control-Allow-Origin too (Fetch "CORS check" runs on both).';
    case 'origin-mismatch':
      return `The allowed origin is not byte-for-byte \`${ctx.origin}\`: scheme, host and port must match, with no trailing slash and no path.`;
    case 'multiple-origins':
      return 'Two layers (a proxy or CDN and the app) both add Access-Control-Allow-Origin, and the browser joins them into one invalid value. Set CORS in exactly one layer.';
    case 'wildcard-credentials':
      return '`Access-Control-Allow-Origin: *` never works for a request with credentials (cookies, fetch credentials: "include"); the server must name the origin and send `Access-Control-Allow-Credentials: true`.';
    case 'missing-credentials':
      return 'The request carries credentials, so the server must send `Access-Control-Allow-Credentials: true` (exactly `true`) on the preflight and on the response.';
    case 'method-not-allowed':
      return `${ctx.method} is not in Access-Control-Allow-Methods; method names are case-sensitive and \`*\` is a literal name when credentials are sent.`;
    case 'method-case':
      return `The server already allows ${ctx.method}; the page sends it in lower case, which fetch() does not upper-case (only DELETE, GET, HEAD, OPTIONS, POST, PUT are), and method names match case-sensitively. Fix the client: \`method: '${ctx.method}'\`.`;
    case 'header-not-allowed':
      return `${ctx.missingHeaders.join(', ') || 'A request header'} is not in Access-Control-Allow-Headers; \`*\` does not cover headers when credentials are sent.`;
    case 'invalid-allow-methods':
      return 'Access-Control-Allow-Methods must be a comma-separated list of method names; one bad item (a semicolon, a quote) makes the browser reject the whole preflight.';
    case 'invalid-allow-headers':
      return 'Access-Control-Allow-Headers must be a comma-separated list of header names; one bad item makes the browser reject the preflight, even when the request needs no header from it.';
    case 'preflight-auth':
      return `Authentication runs before CORS: the preflight never carries cookies or an Authorization header, so the auth layer answered ${ctx.preflightStatus ?? 401}. Let OPTIONS through before authentication.`;
    case 'preflight-no-route':
      return `No handler answers OPTIONS ${ctx.path} (HTTP ${ctx.preflightStatus ?? '?'}): the CORS layer must answer the preflight itself with a 2xx, before the router.`;
    case 'preflight-redirect':
      return ctx.redirect?.why === 'trailing-slash'
        ? `The server redirects ${ctx.path} to ${ctx.redirect.to} (trailing slash), and a preflight never follows a redirect. Call the canonical URL, or turn off the slash redirect for OPTIONS.`
        : ctx.redirect?.why === 'https'
          ? 'The server redirects http to https, and a preflight never follows a redirect. Call the https URL from the page.'
          : `The preflight was redirected${ctx.redirect ? ` to ${ctx.redirect.to}` : ''}, and a preflight never follows a redirect. Answer OPTIONS at the URL the page calls.`;
    case 'error-response':
      return `The ${ctx.responseStatus ?? 'error'} response is produced by an error handler or error page that skips the CORS headers, so the page sees a CORS error instead of the real status. Add the headers to error responses too.`;
    case 'allowed':
      return ctx.exposeHeaders.length > 0
        ? `The request passes, but page JavaScript cannot read ${ctx.exposeHeaders.join(', ')}: list them in Access-Control-Expose-Headers.`
        : 'The request passes; keep the allow-list explicit rather than reflecting any Origin.';
    case 'network':
      return 'This failure is not CORS: the server was not reached. The config below is what the server needs once it is reachable.';
    default:
      return 'The browser blocked the request although the observed headers pass; check that every layer (CDN, proxy, app) sends the same CORS headers on the preflight and on the response.';
  }
}
