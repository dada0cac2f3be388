// Fetch "HTTP-redirect fetch" for `cors-doctor check`: whether a hop's response is a redirect,
// whether the fetch may follow it, and what the page's request keeps on the way: the method and
// body (a POST turned into a GET), Authorization (removed across origins), the `-H Cookie` (only to
// the host it was given for), and the origin (tainted to `null` after a cross-origin hop).
import type { Warning } from '../core/diagnose';
import type { HeaderList } from '../core/exchange';
import { hasHeader } from '../core/headers';
import type { WireResult } from './send';

/** Fetch "HTTP-redirect fetch": at most 20 redirects. */
export const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Fetch "request-body-header name": dropped when a redirect turns the request into a GET.
const REQUEST_BODY_HEADERS = new Set(['content-encoding', 'content-language', 'content-location', 'content-type']);

/** A request header the browser would not carry to a hop, and why. */
export interface DroppedHeader {
  name: string;
  /** One sentence, for the hop's line in the transcript. */
  why: string;
}

/** The page's request as the redirects so far have left it. */
export interface PageRequest {
  url: URL;
  method: string;
  headers: HeaderList;
  body: string | undefined;
  /** A cross-origin hop happened: the Origin header is `null` from here on. */
  tainted: boolean;
  /** The URL the page asked for, once a redirect has moved away from it. */
  initialUrl?: string;
}

/** The Location of a redirect response: resolved against the hop's URL, or only raw when it does not parse. */
export function locationOf(result: WireResult, base: URL): { url?: URL; raw?: string } {
  if (result.kind !== 'response' || !REDIRECT_STATUSES.has(result.status)) return {};
  const raw = result.headers.find(([n]) => n.toLowerCase() === 'location')?.[1];
  if (raw === undefined) return {};
  try {
    return { url: new URL(raw, base), raw };
  } catch {
    return { raw };
  }
}

/**
 * Where the fetch goes after this redirect, or the net error Chromium stops it with.
 * `redirects`: how many were followed before this one.
 */
export function redirectTarget(next: URL | undefined, redirects: number): { url: URL } | { error: string } {
  if (next === undefined) return { error: 'net::ERR_INVALID_REDIRECT' };
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return { error: 'net::ERR_UNSAFE_REDIRECT' };
  if (redirects + 1 > MAX_REDIRECTS) return { error: 'net::ERR_TOO_MANY_REDIRECTS' };
  return { url: next };
}

/** Fetch "HTTP-redirect fetch" step 12: 301/302 after a POST, 303 after anything but GET/HEAD, become a GET without a body. */
export function redirectsToGet(status: number, method: string): boolean {
  return ((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD');
}

/**
 * Whether the `-H Cookie`, given for `first`, goes to `url`. It stands for the browser's cookie jar
 * for the URL on the command line: a cookie goes back only to the host that set it (RFC 6265
 * §5.4, host-only; ports do not matter), so another host gets none of it. Going from https to
 * http it is withheld too: cors-doctor cannot tell whether the cookie is `Secure`, and a browser
 * never sends a `Secure` cookie over http.
 */
export function cookieGoesTo(url: URL, first: URL): boolean {
  if (url.hostname !== first.hostname) return false;
  return !(first.protocol === 'https:' && url.protocol === 'http:');
}

/** What following one redirect did to the request, said in the transcript (dropped) and the report (notes). */
export interface Redirected {
  request: PageRequest;
  dropped: DroppedHeader[];
  notes: Warning[];
}

/**
 * Fetch "HTTP-redirect fetch": when the redirect crosses origins, Authorization is removed from
 * the request for good (observed in Chromium 156: it reaches neither the new origin nor its
 * preflight's Access-Control-Request-Headers, and a request it alone made non-simple goes
 * unpreflighted).
 */
function removeAuthorization(from: URL, next: URL, headers: HeaderList, out: Redirected): HeaderList {
  if (next.origin === from.origin || !hasHeader(headers, 'authorization')) return headers;
  out.dropped.push({ name: 'Authorization', why: `removed: the redirect goes from ${from.origin} to another origin, ${next.origin}` });
  out.notes.push({
    code: 'redirect-removed-authorization',
    severity: 'info',
    header: 'Authorization',
    message: `The redirect from ${from.origin} to ${next.origin} crosses origins, so the browser removes the Authorization header (Fetch "HTTP-redirect fetch", as Chromium and Firefox do): ${next.origin} received no Authorization, and no preflight there asked for it. If ${next.origin} needs a token, the page has to call it directly.`,
  });
  return headers.filter(([n]) => n.toLowerCase() !== 'authorization');
}

/** The `-H Cookie` stops at the hop where {@link cookieGoesTo} first says no; the note is said once per run. */
function withholdCookie(from: URL, next: URL, first: URL, noted: readonly Warning[], out: Redirected): void {
  if (!cookieGoesTo(from, first) || cookieGoesTo(next, first)) return;
  const otherHost = next.hostname !== first.hostname;
  out.dropped.push({ name: 'Cookie', why: `not sent: ${otherHost ? `it was given for ${first.hostname}, not ${next.hostname}` : `${next.origin} is plain http and the cookie may be Secure`}` });
  const code = 'redirect-withheld-cookie';
  if (noted.some((n) => n.code === code)) return;
  out.notes.push({
    code,
    severity: 'info',
    header: 'Cookie',
    message: otherHost
      ? `The -H Cookie stands for the browser's cookies for ${first.hostname}; a browser sends a host's cookies to that host only, so the redirected request to ${next.hostname} went without it (with credentials included, a browser would send ${next.hostname}'s own cookies, which cors-doctor does not have).`
      : `The redirect leaves https for ${next.origin}: the -H Cookie was not sent there, since a browser never sends a Secure cookie over http and cors-doctor cannot tell whether it is Secure.`,
  });
}

/**
 * The request the browser sends to `next` after a `status` redirect. `pageOrigin`: the page's
 * serialized origin; `first`: the URL the `-H Cookie` was given for, when one was given with
 * credentials; `noted`: the notes said so far.
 */
export function followRedirect(req: PageRequest, status: number, next: URL, ctx: { pageOrigin: string; cookieFor?: URL; noted: readonly Warning[] }): Redirected {
  const out: Redirected = { request: req, dropped: [], notes: [] };
  const from = req.url;
  let { method, body, headers } = req;
  if (redirectsToGet(status, method)) {
    method = 'GET';
    body = undefined;
    headers = headers.filter(([n]) => !REQUEST_BODY_HEADERS.has(n.toLowerCase()));
  }
  headers = removeAuthorization(from, next, headers, out);
  if (ctx.cookieFor) withholdCookie(from, next, ctx.cookieFor, ctx.noted, out);
  out.request = {
    url: next,
    method,
    headers,
    body,
    tainted: req.tainted || (next.origin !== from.origin && ctx.pageOrigin !== from.origin),
    initialUrl: req.initialUrl ?? from.href,
  };
  return out;
}
