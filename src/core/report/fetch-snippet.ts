// A `fetch(...)` that reproduces the request from the page's DevTools console: same URL, method,
// author headers and credentials mode, so the browser repeats the same preflight decision.
import type { Diagnosis } from '../diagnose';
import type { Exchange } from '../exchange';
import { coerceHeaderList, combinedHeader, lowerAscii } from '../headers';
import { isForbiddenRequestHeader, normalizeMethod } from '../safelist';
import { jsString } from './js-string';

export { jsString } from './js-string';

/** An object-literal key for a header name: `__proto__` written as a plain key would set the
 * object's prototype instead of adding a header (ECMA-262 B.3.1), so it is a computed key. */
function jsKey(name: string): string {
  return name === '__proto__' ? `[${jsString(name)}]` : jsString(name);
}

// Added by Chromium below the fetch() call (network stack, variations), never by the page.
const BROWSER_ADDED = new Set(['priority', 'x-client-data']);

export interface FetchSnippetDiagnosis {
  credentials: Pick<Diagnosis['credentials'], 'mode'>;
}

/**
 * The request as page code: `fetch(url, { method, headers, credentials })`, logging the status
 * and the readable response headers, or the TypeError a CORS failure gives.
 * Headers the browser owns (Fetch "forbidden request-header": Origin, Cookie, Sec-*) are left to it.
 */
export function fetchSnippet(exchange: Exchange, diagnosis?: FetchSnippetDiagnosis, filter: (s: string) => string = (s) => s): string {
  const method = normalizeMethod(exchange.request.method);
  const lines: string[] = [];
  const init: string[] = [];
  if (method !== 'GET') init.push(`  method: ${jsString(filter(method))},`);
  const observed = exchange.request.headers ? coerceHeaderList(exchange.request.headers) : undefined;
  const headerLines: string[] = [];
  if (observed) {
    // One key per name: a repeated key would keep only its last value, and fetch() joins the
    // values of one name with ", " anyway (Fetch "combine").
    const values = new Map<string, string>();
    for (const [name, value] of observed) {
      const lower = lowerAscii(name);
      if (isForbiddenRequestHeader(name, value) || BROWSER_ADDED.has(lower)) continue;
      // fetch() sends Accept: */* by default.
      if (lower === 'accept' && value === '*/*') continue;
      const before = values.get(name);
      values.set(name, before === undefined ? value : `${before}, ${value}`);
    }
    for (const [name, value] of values) headerLines.push(`    ${jsKey(filter(name))}: ${jsString(filter(value))},`);
  } else {
    const pf = exchange.preflight;
    const acrh = pf && pf.kind !== 'not-observed' ? combinedHeader(coerceHeaderList(pf.requestHeaders), 'access-control-request-headers') : undefined;
    const names = (acrh ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (names.length > 0) {
      lines.push('// The request was never sent, so its header values were not observed: fill them in.');
      for (const n of names) headerLines.push(`    ${jsString(n)}: ${jsString('<value>')},`);
    }
  }
  if (headerLines.length > 0) init.push('  headers: {', ...headerLines, '  },');
  if (diagnosis?.credentials.mode === 'include') init.push("  credentials: 'include',");
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && method !== 'DELETE') {
    init.push('  // body: the request body was not captured; the preflight does not depend on it.');
  }
  const url = jsString(filter(exchange.request.url));
  lines.push(init.length > 0 ? `fetch(${url}, {\n${init.join('\n')}\n})` : `fetch(${url})`);
  lines.push(
    '  .then((r) => console.log(r.status, Object.fromEntries(r.headers)))',
    "  .catch((e) => console.error('failed (see the CORS message above):', e));",
  );
  return lines.join('\n');
}
