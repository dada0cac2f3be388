// Pass 1 of redaction: values known to be secrets where they stand (a sensitive header, a token
// query parameter, URL userinfo, a JWT, a credential field of a JSON or form body), replaced in
// place; `note` collects each secret so pass 2 (redactor.ts) can hunt it wherever it is quoted.
import { lowerAscii } from '../headers';
import { isSecretHeaderName, isSecretParamName, mask, MASK, safeDecode } from './names';

/** Headers whose value is a URL (RFC 9110 §10.2.2 Location, §8.7 Content-Location, §10.1.3 Referer) or a list of `<URL>`s (RFC 8288 Link). */
const URL_HEADERS = new Set(['location', 'content-location', 'referer']);

// RFC 7519 JWS compact serialization: base64url header starting `{"` (eyJ), payload, signature.
// Only where a base64url run starts (the lookbehind): `eyJeyJeyJ…` is tried once, not at every
// eyJ, so a hostile 200 kB header costs one scan, not one per character.
const JWT_RE = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** RFC 9110 credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]: keep the scheme. */
export function redactAuthorization(value: string, note: (s: string) => void): string {
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
export function redactCookie(value: string, note: (s: string) => void): string {
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
export function redactSetCookie(value: string, note: (s: string) => void): string {
  const semi = value.indexOf(';');
  const first = semi < 0 ? value : value.slice(0, semi);
  return redactCookie(first, note) + (semi < 0 ? '' : value.slice(semi));
}

export function structuralHeader(name: string, value: string, note: (s: string) => void): string {
  const lower = lowerAscii(name.trim());
  let out: string;
  // X-Authorization, Authentication and the like carry `scheme token` as Authorization does.
  if (lower.endsWith('authorization') || lower.endsWith('authentication')) out = redactAuthorization(value, note);
  else if (lower === 'cookie' || lower === 'cookie2') out = redactCookie(value, note);
  else if (lower === 'set-cookie' || lower === 'set-cookie2') out = redactSetCookie(value, note);
  else if (URL_HEADERS.has(lower)) out = structuralUrl(value, note);
  else if (lower === 'link') out = value.replace(/<([^<>]*)>/g, (_m, u: string) => `<${structuralUrl(u, note)}>`);
  else if (isSecretHeaderName(lower)) {
    const t = value.trim();
    if (t !== '' && !t.startsWith(MASK)) note(t);
    out = t === '' || t.startsWith(MASK) ? value : value.replace(t, () => mask(t));
  } else out = value;
  return structuralJwts(out, note);
}

export function structuralJwts(s: string, note: (s: string) => void): string {
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

function redactMatrix(segment: string, note: (s: string) => void): string {
  const semi = segment.indexOf(';');
  if (semi < 0) return segment;
  return segment.slice(0, semi + 1) + segment.slice(semi + 1).split(';').map((pair) => redactParams(pair, note)).join(';');
}

/**
 * URL credentials (userinfo, WHATWG URL "includes credentials") and credential-carrying query or
 * fragment parameters. Works on any string: no URL parser (src/core has none), no normalization.
 */
export function structuralUrl(url: string, note: (s: string) => void): string {
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
  let path = q < 0 ? beforeHash : beforeHash.slice(0, q);
  // Matrix parameters (RFC 3986 §3.3 allows `;` in a segment): /items;token=abc;v=2, ;jsessionid=.
  if (path.includes(';')) path = path.split('/').map((seg) => redactMatrix(seg, note)).join('/');
  beforeHash = q < 0 ? path : path + '?' + redactParams(beforeHash.slice(q + 1), note);
  // OAuth implicit flow puts access_token in the fragment (RFC 6749 §4.2.2).
  if (fragment !== undefined && fragment.includes('=')) fragment = redactParams(fragment, note);
  out += beforeHash + (fragment === undefined ? '' : `#${fragment}`);
  return structuralJwts(out, note);
}

// --- bodies ----------------------------------------------------------------------------------

// A JSON member whose value is a string or a number: `"name": "value"` (RFC 8259 §7 strings, so
// escapes are one unit and the match never runs past the closing quote).
const JSON_MEMBER_RE = /"((?:[^"\\]|\\.)*)"(\s*:\s*)(?:"((?:[^"\\]|\\.)*)"|(-?\d[\d.eE+-]*))/g;
// application/x-www-form-urlencoded (WHATWG URL §5.1): name=value pairs joined by &, no spaces.
const FORM_RE = /^[^\s=&]+=[^\s&]*(?:&[^\s=&]+=[^\s&]*)*$/;

function jsonUnescape(s: string): string {
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}

/** JSON members and form fields with credential-like names (accessToken, refresh_token, password, pw …). */
export function structuralBody(body: string, note: (s: string) => void): string {
  const trimmed = body.trim();
  if (FORM_RE.test(trimmed)) return body.replace(trimmed, () => redactParams(trimmed, note));
  if (!body.includes('"')) return body;
  return body.replace(JSON_MEMBER_RE, (m: string, name: string, colon: string, str: string | undefined, numStr: string | undefined) => {
    if (!isSecretParamName(jsonUnescape(name))) return m;
    const raw = str ?? numStr ?? '';
    if (raw === '' || raw.startsWith(MASK)) return m;
    note(raw);
    const plain = str === undefined ? raw : jsonUnescape(raw);
    if (plain !== raw) note(plain);
    return `"${name}"${colon}"${mask(plain)}"`;
  });
}
