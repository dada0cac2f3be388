// "Copy as cURL": the preflight exactly as the browser sent it (Fetch "CORS-preflight request":
// OPTIONS with Origin, Access-Control-Request-Method and, when non-empty,
// Access-Control-Request-Headers), and the actual request with the headers the browser sent.
import type { Diagnosis } from '../diagnose';
import type { Exchange, HeaderList } from '../exchange';
import { coerceHeaderList, combinedHeader, headerValues, lowerAscii } from '../headers';
import { accessControlRequestHeadersValue, normalizeMethod } from '../safelist';
import { commentText, shellCommand, type ShellCommand, type Word } from './shell-quote';

export { shellQuote } from './shell-quote';

export interface CurlCommand {
  /** The command, or one `#` comment line saying why it cannot be written (see `refused`). */
  command: string;
  /** What the command could not reproduce (headers never observed), for the reader. */
  note?: string;
  /** Set when a captured value holds what no shell word can pass on (NUL, CR, LF): the reason. */
  refused?: string;
}

/**
 * Applied to every captured value before it is quoted. A report passes its redactor here, so that
 * masking happens on the values: replacing text in a command after quoting can cut a quoted word
 * open (a secret that spans a closing quote leaves the rest of the line unquoted).
 */
export type ValueFilter = (s: string) => string;

const same: ValueFilter = (s) => s;

// Framing headers curl computes itself (sending them stale corrupts the request), and
// Accept-Encoding, replaced by --compressed so the body prints as text.
const CURL_OWNED = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'accept-encoding']);

function header(name: string, value: string, filter: ValueFilter): Word {
  return { value: filter(`${name}: ${value}`), what: `header ${name}` };
}

function result(cmd: ShellCommand, note: string | undefined): CurlCommand {
  return { command: cmd.command, ...(note ? { note } : {}), ...(cmd.refused !== undefined ? { refused: cmd.refused } : {}) };
}

function sentOrigin(exchange: Exchange, diagnosis?: Pick<Diagnosis, 'origin'>): string | undefined {
  const pf = exchange.preflight;
  const fromPreflight = pf && pf.kind !== 'not-observed' ? headerValues(coerceHeaderList(pf.requestHeaders), 'origin')[0] : undefined;
  const fromRequest = headerValues(coerceHeaderList(exchange.request.headers), 'origin')[0];
  return fromPreflight ?? fromRequest ?? diagnosis?.origin.sent ?? exchange.request.origin ?? undefined;
}

/**
 * The preflight as the browser sent it: the observed Access-Control-Request-* values verbatim
 * when the preflight's request headers were seen, otherwise what Chromium computes
 * (preflight_controller.cc CreatePreflightRequest) from the request headers.
 * Null when the request needed no preflight.
 */
export function preflightCurl(exchange: Exchange, diagnosis?: Pick<Diagnosis, 'origin' | 'preflightNeeded'>, filter: ValueFilter = same): CurlCommand | null {
  const pf = exchange.preflight;
  const observed = pf !== undefined && pf.kind !== 'not-observed';
  if (!observed && diagnosis?.preflightNeeded !== true) return null;
  const sent = observed && pf.requestHeaders ? coerceHeaderList(pf.requestHeaders) : undefined;
  const requestHeaders = exchange.request.headers ? coerceHeaderList(exchange.request.headers) : undefined;
  const method = (sent && combinedHeader(sent, 'access-control-request-method')) ?? normalizeMethod(exchange.request.method);
  let acrh: string | undefined;
  let note: string | undefined;
  if (sent) acrh = combinedHeader(sent, 'access-control-request-headers');
  else if (requestHeaders) acrh = accessControlRequestHeadersValue(requestHeaders) || undefined;
  else note = "The preflight's request headers were not observed, so Access-Control-Request-Headers may be missing from this command.";
  const origin = sentOrigin(exchange, diagnosis);
  const parts: Word[][] = [['curl', '-i', '-X', 'OPTIONS', { value: filter(exchange.request.url), what: 'the URL' }]];
  if (origin !== undefined) parts.push(['-H', header('Origin', origin, filter)]);
  parts.push(['-H', header('Access-Control-Request-Method', method, filter)]);
  if (acrh !== undefined && acrh !== '') parts.push(['-H', header('Access-Control-Request-Headers', acrh, filter)]);
  return result(shellCommand(parts), note);
}

/** The actual request with every header the browser sent (cookies included, as the exchange holds them). */
export function requestCurl(exchange: Exchange, diagnosis?: Pick<Diagnosis, 'origin'>, filter: ValueFilter = same): CurlCommand {
  const method = normalizeMethod(exchange.request.method);
  const first: Word[] = ['curl', '-i'];
  if (method === 'HEAD') first.push('--head');
  else if (method !== 'GET') first.push('-X', { value: filter(method), what: 'the method' });
  first.push({ value: filter(exchange.request.url), what: 'the URL' });
  const parts: Word[][] = [first];
  const headers: HeaderList | undefined = exchange.request.headers ? coerceHeaderList(exchange.request.headers) : undefined;
  let note: string | undefined;
  if (headers) {
    let compressed = false;
    for (const [name, value] of headers) {
      const lower = lowerAscii(name);
      if (lower === 'accept-encoding') compressed = true;
      if (CURL_OWNED.has(lower)) continue;
      parts.push(['-H', header(name, value, filter)]);
    }
    if (!headers.some(([n]) => lowerAscii(n) === 'origin')) {
      const origin = sentOrigin(exchange, diagnosis);
      if (origin !== undefined) parts.push(['-H', header('Origin', origin, filter)]);
    }
    if (compressed) parts.push(['--compressed']);
  } else {
    const origin = sentOrigin(exchange, diagnosis);
    if (origin !== undefined) parts.push(['-H', header('Origin', origin, filter)]);
    const pf = exchange.preflight;
    const acrh = pf && pf.kind !== 'not-observed' ? combinedHeader(coerceHeaderList(pf.requestHeaders), 'access-control-request-headers') : undefined;
    note =
      'The request was never sent, so its headers were not observed' +
      (acrh ? `; add the page's values for: ${commentText(filter(acrh), 200)}.` : '.');
  }
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
    note = (note ? `${note} ` : '') + 'The request body was not captured.';
  }
  return result(shellCommand(parts), note);
}
