// Classify the browser's error string: the CORS marker, a page abort, or "the server was not reached".

export type ErrorClass = 'none' | 'cors' | 'aborted' | 'network';

const CORS_MARKERS = new Set(['net::ERR_FAILED', 'NS_ERROR_DOM_BAD_URI']);
const ABORTS = new Set(['net::ERR_ABORTED', 'NS_BINDING_ABORTED']);

export function classifyError(error: string | undefined): ErrorClass {
  if (error === undefined || error === '') return 'none';
  if (CORS_MARKERS.has(error)) return 'cors';
  if (ABORTS.has(error)) return 'aborted';
  // DevTools' own re-fetch ends in ERR_CACHE_MISS (STYLE.md); it is no network failure.
  if (error === 'net::ERR_CACHE_MISS') return 'none';
  return 'network';
}

export function describeNetworkError(error: string): string {
  if (/LOCAL_NETWORK_ACCESS|PRIVATE_NETWORK_ACCESS/.test(error))
    return `${error}: Chromium's Local Network Access check stopped a public page from reaching a private or local address before any CORS check. The fix is the page's permission (or serving the page from the same network), not CORS headers.`;
  if (/CONNECTION_REFUSED/.test(error)) return `${error}: nothing is listening at that host and port; no CORS header can fix this.`;
  if (/NAME_NOT_RESOLVED|UNKNOWN_HOST/.test(error)) return `${error}: the host name does not resolve (DNS).`;
  if (/CERT|SSL|TLS/.test(error)) return `${error}: the TLS handshake failed (certificate or protocol), so no response was received.`;
  if (/BLOCKED_BY_CLIENT/.test(error)) return `${error}: a browser extension (often an ad blocker) cancelled the request.`;
  if (/TIMED_OUT|TIMEOUT/.test(error)) return `${error}: the server did not answer in time.`;
  if (/RESET|CLOSED|EMPTY_RESPONSE/.test(error)) return `${error}: the connection dropped before a response arrived.`;
  return `${error}: the request failed at the network level, before any CORS check could run.`;
}
