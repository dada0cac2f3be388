// Origins of URLs, serialized the way Chromium's url::Origin::Serialize() does, without the URL API
// (src/core has no DOM or Node globals).
import { lowerAscii } from './headers';

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443', ftp: '21' };
const SPECIAL = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'file']);

export interface UrlParts {
  readonly scheme: string;
  readonly host: string;
  readonly port: string;
  readonly hasCredentials: boolean;
}

const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** GURL trims leading/trailing C0 controls and spaces before parsing. */
function trimC0(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
  return s.slice(a, b);
}

function percentDecode(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

// url_canon_host.cc rejects these in a host (after percent-decoding).
function isForbiddenHostChar(c: number): boolean {
  if (c <= 0x20 || c === 0x7f) return true;
  switch (c) {
    case 0x23: case 0x25: case 0x2f: case 0x3a: case 0x3c: case 0x3e: case 0x3f:
    case 0x40: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x7c:
      return true;
    default:
      return false;
  }
}

/** Split a special-scheme URL into scheme/host/port; undefined when GURL would call it invalid. */
// One diagnosis parses the same few URLs (request, initial URL, page origin) many times.
const URL_CACHE = new Map<string, UrlParts | undefined>();

export function parseUrl(input: string): UrlParts | undefined {
  if (input.length > 2048) return parseUrlUncached(input);
  const hit = URL_CACHE.get(input);
  if (hit !== undefined || URL_CACHE.has(input)) return hit;
  // Frozen: the cached parts are shared by every caller.
  const parsed = parseUrlUncached(input);
  const out = parsed && Object.freeze(parsed);
  if (URL_CACHE.size >= 128) URL_CACHE.clear();
  URL_CACHE.set(input, out);
  return out;
}

function parseUrlUncached(input: string): UrlParts | undefined {
  const s = trimC0(input);
  const m = SCHEME_RE.exec(s);
  if (!m) return undefined;
  const scheme = lowerAscii(m[1] as string);
  let rest = s.slice((m[0] as string).length);
  if (!SPECIAL.has(scheme)) return { scheme, host: '', port: '', hasCredentials: false };
  if (scheme === 'file') return { scheme, host: '', port: '', hasCredentials: false };
  let i = 0;
  while (i < rest.length && (rest[i] === '/' || rest[i] === '\\')) i++;
  rest = rest.slice(i);
  let end = rest.length;
  for (let j = 0; j < rest.length; j++) {
    const ch = rest[j];
    if (ch === '/' || ch === '\\' || ch === '?' || ch === '#') {
      end = j;
      break;
    }
  }
  let authority = rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  const hasCredentials = at >= 0 && at > 0;
  if (at >= 0) authority = authority.slice(at + 1);
  let host: string;
  let port = '';
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return undefined;
    host = authority.slice(0, close + 1);
    const after = authority.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return undefined;
      port = after.slice(1);
    }
    if (!/^\[[0-9A-Fa-f:.]+\]$/.test(host)) return undefined;
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0) {
      host = authority.slice(0, colon);
      port = authority.slice(colon + 1);
    } else host = authority;
    host = lowerAscii(percentDecode(host));
    if (host === '') return undefined;
    for (let k = 0; k < host.length; k++) if (isForbiddenHostChar(host.charCodeAt(k))) return undefined;
  }
  if (port !== '') {
    if (!/^[0-9]+$/.test(port) || Number(port) > 65535) return undefined;
    port = String(Number(port));
    if (DEFAULT_PORTS[scheme] === port) port = '';
  }
  return { scheme, host: lowerAscii(host), port, hasCredentials };
}

/**
 * Whether GURL would consider `value` a valid URL. cors.cc uses this only to choose between
 * InvalidAllowOriginValue and AllowOriginMismatch; both block.
 */
export function isValidUrlLike(value: string): boolean {
  return parseUrl(value) !== undefined;
}

/** Serialized origin of a URL; 'null' for opaque origins (data:, file:, unknown schemes); undefined if unparsable. */
const ORIGIN_CACHE = new Map<string, string | undefined>();

export function originOfUrl(url: string): string | undefined {
  const hit = ORIGIN_CACHE.get(url);
  if (hit !== undefined) return hit;
  const p = parseUrl(url);
  if (!p) return undefined;
  const origin = !Object.prototype.hasOwnProperty.call(DEFAULT_PORTS, p.scheme) ? 'null' : `${p.scheme}://${p.host}${p.port ? ':' + p.port : ''}`;
  if (url.length <= 2048) {
    if (ORIGIN_CACHE.size >= 128) ORIGIN_CACHE.clear();
    ORIGIN_CACHE.set(url, origin);
  }
  return origin;
}

export function urlHasCredentials(url: string): boolean {
  return parseUrl(url)?.hasCredentials ?? false;
}

export function isHttpLike(url: string): boolean {
  const p = parseUrl(url);
  return p !== undefined && (p.scheme === 'http' || p.scheme === 'https');
}

const WRITTEN_ORIGIN_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)(?:[^/?#@]*@)?([^/?#]*)/;

/**
 * `scheme://host[:port]` as the URL writes it: lower-cased, `user:password@` dropped, the port kept
 * even when it is the scheme's default (`https://a.example:443`), for any scheme with `//`. What a
 * report lists as the request's target; originOfUrl is the origin Chromium compares. Undefined
 * when the URL has no `scheme://`.
 */
export function writtenOrigin(url: string): string | undefined {
  const m = WRITTEN_ORIGIN_RE.exec(url);
  return m ? `${(m[1] as string).toLowerCase()}${(m[2] as string).toLowerCase()}` : undefined;
}
