// Redaction of secrets before a report leaves the extension. Shape-preserving: the scheme of an
// Authorization value, cookie names, URL structure and the length of each secret survive, so the
// diagnosis still reads ("Bearer ••••(43 chars)").
//
// Two passes, because a secret can appear in two ways:
//  1. structurally, where we know a value is a secret (a sensitive header, a token query
//     parameter, URL userinfo, a JWT): replaced in place;
//  2. anywhere else a known secret is quoted (the console message quotes the URL, a check quotes
//     a header value, a fix snippet or curl command embeds it): every string in the report is
//     searched for the secrets collected in pass 1, also in their shell- and JS-escaped forms.
import type { HeaderList } from '../exchange';
import { lowerAscii } from '../headers';

export const MASK = '••••';

/** `••••(N chars)`: N counts code points, so a non-ASCII secret reports its visible length. */
export function mask(secret: string): string {
  return `${MASK}(${[...secret].length} chars)`;
}

// Header names whose whole value is a credential (RFC 9110 §11.6.2 Authorization, §11.7.2
// Proxy-Authorization; RFC 6265 Cookie/Set-Cookie), plus the conventions APIs use for keys.
const SECRET_HEADER_NAMES = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'cookie2', 'set-cookie', 'set-cookie2',
  'x-api-key', 'api-key', 'apikey', 'x-apikey', 'x-auth', 'token', 'secret', 'password',
]);
const SECRET_HEADER_SUFFIX = /[-_](token|secret|key|apikey|password|passwd|signature|credential|credentials|session|session-?id|auth)$/;

export function isSecretHeaderName(name: string): boolean {
  const lower = lowerAscii(name.trim());
  // CORS headers carry header *names* (Access-Control-Allow-Headers: x-api-key), never secrets.
  if (lower.startsWith('access-control-')) return false;
  return SECRET_HEADER_NAMES.has(lower) || SECRET_HEADER_SUFFIX.test(lower);
}

// Query/fragment parameter names that carry credentials: OAuth 2.0 (RFC 6749 access_token, code,
// RFC 6750 §2.3 access_token URI parameter), signed URLs (AWS SigV4 X-Amz-Signature/-Credential/
// -Security-Token, GCS X-Goog-Signature, generic sig), and API keys (key, api_key).
const SECRET_PARAM_NAMES = new Set(['token', 'key', 'sig', 'code', 'secret', 'password', 'passwd', 'pwd', 'auth', 'jwt', 'apikey', 'session', 'sessionid', 'signature', 'credential']);
const SECRET_PARAM_SUFFIX = /[-_.](token|key|sig|secret|password|passwd|signature|credential|apikey|session|sessionid|jwt)$/;

export function isSecretParamName(name: string): boolean {
  const lower = lowerAscii(safeDecode(name));
  return SECRET_PARAM_NAMES.has(lower) || SECRET_PARAM_SUFFIX.test(lower);
}

// RFC 7519 JWS compact serialization: base64url header starting `{"` (eyJ), payload, signature.
const JWT_RE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
// Bare URLs in prose (the console message quotes the request URL in single quotes).
const URL_IN_TEXT_RE = /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s'"`<>]+/g;

/** Known secrets shorter than this are redacted where they stand but not hunted in free text:
 * a 3-character cookie value would otherwise blank out every "abc" in every explanation. */
export const MIN_HUNTED_SECRET_LENGTH = 6;

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export interface Redactor {
  /** Whether anything is hidden (false when includeSecrets was chosen). */
  readonly active: boolean;
  header(name: string, value: string): string;
  headers(list: HeaderList): Array<[string, string]>;
  url(url: string): string;
  /** Any prose or code that may quote a secret. */
  text(s: string): string;
}

// --- structural redaction -------------------------------------------------------------------

/** RFC 9110 credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]: keep the scheme. */
function redactAuthorization(value: string, note: (s: string) => void): string {
  const m = /^(\s*)([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(\s+)([\s\S]+)$/.exec(value);
  if (!m) {
    note(value);
    return value === '' ? '' : mask(value);
  }
  const rest = m[4] as string;
  if (rest.startsWith(MASK)) return value;
  note(rest);
  return `${m[1]}${m[2]}${m[3]}${mask(rest)}`;
}

/** RFC 6265 cookie-string: `name=value; name=value`; names kept, values masked. */
function redactCookie(value: string, note: (s: string) => void): string {
  return value
    .split(';')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) {
        const t = pair.trim();
        if (t === '' || t.startsWith(MASK)) return pair;
        note(t);
        return pair.replace(t, mask(t));
      }
      const v = pair.slice(eq + 1);
      const tv = v.trim();
      if (tv === '' || tv.startsWith(MASK)) return pair;
      note(tv);
      return `${pair.slice(0, eq)}=${v.replace(tv, mask(tv))}`;
    })
    .join(';');
}

/** RFC 6265 set-cookie-string: only the first pair is secret; attributes (Path, SameSite) read. */
function redactSetCookie(value: string, note: (s: string) => void): string {
  const semi = value.indexOf(';');
  const first = semi < 0 ? value : value.slice(0, semi);
  return redactCookie(first, note) + (semi < 0 ? '' : value.slice(semi));
}

function structuralHeader(name: string, value: string, note: (s: string) => void): string {
  const lower = lowerAscii(name.trim());
  let out: string;
  if (lower === 'authorization' || lower === 'proxy-authorization') out = redactAuthorization(value, note);
  else if (lower === 'cookie' || lower === 'cookie2') out = redactCookie(value, note);
  else if (lower === 'set-cookie' || lower === 'set-cookie2') out = redactSetCookie(value, note);
  else if (isSecretHeaderName(lower)) {
    const t = value.trim();
    if (t !== '') note(t);
    out = t === '' ? value : value.replace(t, mask(t));
  } else out = value;
  return structuralJwts(out, note);
}

function structuralJwts(s: string, note: (s: string) => void): string {
  return s.replace(JWT_RE, (jwt) => {
    note(jwt);
    return mask(jwt);
  });
}

function redactParams(part: string, note: (s: string) => void): string {
  return part
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || value.startsWith(MASK) || !isSecretParamName(name)) return pair;
      note(value);
      const decoded = safeDecode(value);
      if (decoded !== value) note(decoded);
      return `${name}=${mask(value)}`;
    })
    .join('&');
}

/**
 * URL credentials (userinfo, WHATWG URL "includes credentials") and credential-carrying query or
 * fragment parameters. Works on any string: no URL parser (src/core has none), no normalization.
 */
function structuralUrl(url: string, note: (s: string) => void): string {
  let rest = url;
  let out = '';
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)/.exec(rest);
  if (scheme) {
    out += scheme[1];
    rest = rest.slice((scheme[1] as string).length);
    const end = rest.search(/[/?#\\]/);
    const authority = end < 0 ? rest : rest.slice(0, end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      const colon = userinfo.indexOf(':');
      const parts = colon < 0 ? [userinfo] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
      out += parts
        .map((p) => {
          if (p === '' || p.startsWith(MASK)) return p;
          note(p);
          const d = safeDecode(p);
          if (d !== p) note(d);
          return mask(p);
        })
        .join(':');
      out += authority.slice(at);
    } else out += authority;
    rest = end < 0 ? '' : rest.slice(end);
  }
  const hash = rest.indexOf('#');
  let fragment = hash < 0 ? undefined : rest.slice(hash + 1);
  let beforeHash = hash < 0 ? rest : rest.slice(0, hash);
  const q = beforeHash.indexOf('?');
  if (q >= 0) beforeHash = beforeHash.slice(0, q + 1) + redactParams(beforeHash.slice(q + 1), note);
  // OAuth implicit flow puts access_token in the fragment (RFC 6749 §4.2.2).
  if (fragment !== undefined && fragment.includes('=')) fragment = redactParams(fragment, note);
  out += beforeHash + (fragment === undefined ? '' : `#${fragment}`);
  return structuralJwts(out, note);
}

// --- the redactor --------------------------------------------------------------------------------

export interface SecretSources {
  headers: HeaderList[];
  urls: string[];
}

/** The forms a secret takes once quoted: as is, inside '…' in a shell, inside a JS/JSON string. */
function quotedForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(secret.replace(/'/g, `'\\''`));
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(secret.replace(/\\/g, '\\\\').replace(/'/g, "\\'"));
  return [...forms].filter((f) => f.length >= MIN_HUNTED_SECRET_LENGTH);
}

const IDENTITY: Redactor = {
  active: false,
  header: (_n, v) => v,
  headers: (list) => list.map(([n, v]) => [n, v]),
  url: (u) => u,
  text: (s) => s,
};

/**
 * A redactor for one report: every secret found in `sources` (all failures together, since the
 * same token often rides on several requests) is hidden in every string the report contains.
 */
export function createRedactor(sources: SecretSources, opts: { includeSecrets?: boolean } = {}): Redactor {
  if (opts.includeSecrets === true) return IDENTITY;
  const secrets = new Set<string>();
  const note = (s: string): void => {
    if (s.length > 0) secrets.add(s);
  };
  for (const list of sources.headers) for (const [n, v] of list) structuralHeader(n, v, note);
  for (const u of sources.urls) structuralUrl(u, note);

  const hunted = new Map<string, string>();
  for (const s of secrets) for (const form of quotedForms(s)) if (!hunted.has(form)) hunted.set(form, mask(s));
  // Longest first, so a secret that contains another is replaced whole.
  const needles = [...hunted.keys()].sort((a, b) => b.length - a.length);

  const hunt = (s: string): string => {
    let out = s;
    for (const n of needles) if (out.includes(n)) out = out.split(n).join(hunted.get(n) as string);
    return out;
  };
  const ignore = (): void => {};
  const text = (s: string): string => {
    let out = hunt(s);
    out = out.replace(URL_IN_TEXT_RE, (u) => structuralUrl(u, ignore));
    out = structuralJwts(out, ignore);
    // `Authorization: Bearer x` / `Cookie: a=b` written out in prose or in a command.
    out = out.replace(/((?:^|[\s'"`(])(?:proxy-)?authorization:\s*)([^\r\n'"`]+)/gi, (_m, head: string, v: string) =>
      head + redactAuthorization(v, ignore),
    );
    out = out.replace(/((?:^|[\s'"`(])(?:cookie|set-cookie):\s*)([^\r\n'"`]+)/gi, (_m, head: string, v: string) =>
      head + redactCookie(v, ignore),
    );
    return out;
  };
  return {
    active: true,
    header: (n, v) => hunt(structuralHeader(n, v, ignore)),
    headers: (list) => list.map(([n, v]) => [n, hunt(structuralHeader(n, v, ignore))]),
    url: (u) => hunt(structuralUrl(u, ignore)),
    text,
  };
}
