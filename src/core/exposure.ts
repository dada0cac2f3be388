// Which response headers page JavaScript can read: Fetch "CORS-safelisted response-header name"
// plus Access-Control-Expose-Headers, where `*` means all only without credentials.
import type { HeaderList } from './exchange';
import { combinedHeader, lowerAscii, parseTokenList } from './headers';
import { SAFELISTED_RESPONSE_HEADERS } from './safelist';

const NEVER_EXPOSED = new Set(['set-cookie', 'set-cookie2']);

/** Lower-cased names of response headers that `response.headers.get()` returns null for. */
export function unreadableResponseHeaders(headers: HeaderList, credentials: boolean): string[] {
  const expose = combinedHeader(headers, 'access-control-expose-headers');
  const listed = expose === undefined ? [] : parseTokenList(expose).items.map(lowerAscii);
  const all = !credentials && listed.includes('*');
  const out: string[] = [];
  const seen = new Set<string>();
  for (const [name] of headers) {
    const lower = lowerAscii(name);
    if (seen.has(lower)) continue;
    seen.add(lower);
    if (lower.startsWith('access-control-')) continue;
    if (NEVER_EXPOSED.has(lower)) {
      out.push(lower);
      continue;
    }
    if (SAFELISTED_RESPONSE_HEADERS.includes(lower)) continue;
    if (all || listed.includes(lower)) continue;
    out.push(lower);
  }
  return out;
}
