// The one-line curl that shows whether the fix took: the preflight as the browser sends it
// (Fetch "CORS-preflight request": Origin, Access-Control-Request-Method, and the
// Access-Control-Request-Headers names lower-cased and sorted), or the actual request when
// the failure was on the response.
import { shellCommand, type Word } from '../report/shell-quote';
import type { FixContext } from './fix-context';

/**
 * One line of POSIX sh (quoted by the report's shellQuote, inert in dash, bash and zsh), or a `#`
 * comment saying why no command could be written (a URL holding a line break or NUL). `filter`
 * is applied to each value before quoting: a report passes its redactor here rather than
 * rewriting the quoted text.
 */
export function verifyCommand(ctx: FixContext, filter: (s: string) => string = (s) => s): string {
  const url = ctx.url === '' ? 'https://api.example.com/' : ctx.url;
  const responseStage = ctx.kind === 'response-missing-origin' || ctx.kind === 'error-response' || (!ctx.preflight && ctx.kind !== 'allowed');
  const value = (v: string, what: string): Word => ({ value: filter(v), what, quoted: true });
  // Only the captured part of a header goes through the filter: the name is this project's text.
  const header = (name: string, v: string, what: string): Word => ({ value: `${name}: ${filter(v)}`, what, quoted: true });
  const words: Word[] = ['curl', '-i'];
  if (ctx.preflight && !responseStage) {
    words.push('-X', 'OPTIONS', value(url, 'the URL'), '-H', header('Origin', ctx.origin, 'the origin'));
    words.push('-H', header('Access-Control-Request-Method', ctx.method, 'the method'));
    const names = [...new Set(ctx.requestHeaders.map((h) => h.toLowerCase()))].sort();
    if (names.length > 0) words.push('-H', header('Access-Control-Request-Headers', names.join(','), 'the request header names'));
  } else {
    if (ctx.method !== 'GET') words.push('-X', { value: filter(ctx.method), what: 'the method' });
    words.push(value(url, 'the URL'), '-H', header('Origin', ctx.origin, 'the origin'));
  }
  return shellCommand([words]).command;
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
  const status = ctx.preflight && !responseStage ? 'a 2xx status (204 or 200, no Location)' : 'the real status';
  // Vary is for caches, not for the browser's check: a server that picks the origin from a list
  // sends it, one that writes a single fixed origin may not (php-cors, ASP.NET Core with one origin).
  return `Expect ${status} with ${lines.join(', ')}; and \`Vary: Origin\` where the server picks the origin from a list.`;
}
