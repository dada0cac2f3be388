// The method and the CORS-unsafe request header names the preflight is checked against: read
// from the preflight's Access-Control-Request-Method/-Headers when it was seen (what the browser
// itself asked), else computed from the request's own headers (Fetch "CORS-unsafe request-header
// names").
import type { HeaderList } from '../exchange';
import { combinedHeader, lowerAscii, trimLws } from '../headers';
import { corsUnsafeRequestHeaderNames } from '../safelist';
import { preflightRequestHeaders, type Norm } from './normalize';

// Added below the CORS layer (network stack, Chrome itself), so never part of Chromium's decision.
const BROWSER_ADDED = new Set(['priority', 'x-client-data']);

export interface RequestShape {
  /** The method as the preflight asked for it (Access-Control-Request-Method), else the request's. */
  method: string;
  /** Access-Control-Request-Headers, parsed (lower-case); [] when the preflight named none; undefined when not seen. */
  acrh: string[] | undefined;
  /** The request's headers without those the browser adds below CORS; undefined when not seen. */
  requestHeaders: HeaderList | undefined;
  /** Lower-case CORS-unsafe header names in the order reported; undefined when unknown. */
  unsafeHeaders: string[] | undefined;
}

export function requestShape(n: Norm): RequestShape {
  const pfRequestHeaders = preflightRequestHeaders(n);
  const acrm = pfRequestHeaders ? combinedHeader(pfRequestHeaders, 'access-control-request-method') : undefined;
  const method = acrm !== undefined && acrm !== '' ? acrm : n.method;
  const acrhRaw = pfRequestHeaders ? combinedHeader(pfRequestHeaders, 'access-control-request-headers') : undefined;
  const acrh = acrhRaw !== undefined ? parseAcrh(acrhRaw) : pfRequestHeaders && acrm !== undefined ? [] : undefined;
  const requestHeaders = n.headers ? n.headers.filter(([name]) => !BROWSER_ADDED.has(lowerAscii(name))) : undefined;
  // Chromium checks the request's own header order; Blink's fetch header list is sorted by name,
  // so sorted order (the Access-Control-Request-Headers order) is what we report.
  const unsafeHeaders: string[] | undefined =
    acrh ?? (requestHeaders ? [...new Set(corsUnsafeRequestHeaderNames(requestHeaders))].sort() : undefined);
  return { method, acrh, requestHeaders, unsafeHeaders };
}

/** Access-Control-Request-Headers as a list of lower-case names, empty items dropped. */
export function parseAcrh(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const comma = value.indexOf(',', start);
    const item = lowerAscii(trimLws(comma < 0 ? value.slice(start) : value.slice(start, comma)));
    if (item !== '') out.push(item);
    if (comma < 0) return out;
    start = comma + 1;
  }
}
