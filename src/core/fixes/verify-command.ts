// The one-line curl that shows whether the fix took: the preflight as the browser sends it
// (Fetch "CORS-preflight request": Origin, Access-Control-Request-Method, and the
// Access-Control-Request-Headers names lower-cased and sorted), or the actual request when
// the failure was on the response.
import type { FixContext } from './fix-context';

/** POSIX shell single-quoting: nothing inside is expanded. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function verifyCommand(ctx: FixContext): string {
  const url = ctx.url === '' ? 'https://api.example.com/' : ctx.url;
  const responseStage = ctx.kind === 'response-missing-origin' || ctx.kind === 'error-response' || (!ctx.preflight && ctx.kind !== 'allowed');
  const parts = ['curl -i'];
  if (ctx.preflight && !responseStage) {
    parts.push('-X OPTIONS', shellQuote(url), '-H', shellQuote(`Origin: ${ctx.origin}`), '-H', shellQuote(`Access-Control-Request-Method: ${ctx.method}`));
    const names = [...new Set(ctx.requestHeaders.map((h) => h.toLowerCase()))].sort();
    if (names.length > 0) parts.push('-H', shellQuote(`Access-Control-Request-Headers: ${names.join(',')}`));
  } else {
    if (ctx.method !== 'GET') parts.push('-X', ctx.method);
    parts.push(shellQuote(url), '-H', shellQuote(`Origin: ${ctx.origin}`));
  }
  return parts.join(' ');
}

/** What the verify command's output must show, said once for every stack. */
export function verifyExpectation(ctx: FixContext): string {
  const responseStage = ctx.kind === 'response-missing-origin' || ctx.kind === 'error-response' || !ctx.preflight;
  const lines = [`exactly one \`Access-Control-Allow-Origin: ${ctx.origin}\``];
  if (ctx.credentials) lines.push('`Access-Control-Allow-Credentials: true`');
  if (ctx.preflight && !responseStage) {
    lines.push(`Access-Control-Allow-Methods listing ${ctx.method}`);
    if (ctx.requestHeaders.length > 0) lines.push(`Access-Control-Allow-Headers listing ${ctx.requestHeaders.join(', ')}`);
  }
  lines.push('`Vary: Origin`');
  const status = ctx.preflight && !responseStage ? 'a 2xx status (204 or 200, no Location)' : 'the real status';
  return `Expect ${status} with ${lines.join(', ')}.`;
}
