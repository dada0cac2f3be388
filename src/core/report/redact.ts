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
import type { Diagnosis } from '../diagnose';
import type { HeaderList } from '../exchange';
import { lowerAscii } from '../headers';
import { createPhraseReplacer } from './phrase-finder';

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
// Anywhere in the name: X-Authorization, Authentication, X-CSRFToken, X-Session-Id, X-Hub-Secret.
const SECRET_HEADER_PARTS = /token|secret|apikey|api-key|api_key|session|auth|password|passwd|credential|signature/;
// Names that contain one of those parts but carry no credential: RFC 9110 §11.6.1 and §11.7.1
// challenges (WWW-Authenticate, Proxy-Authenticate: a scheme, a realm, an error code; the page's
// 401 reads better with them) and the HTTP/2 `:authority` pseudo-header (the host, in HARs).
const NOT_SECRET_HEADERS = new Set(['www-authenticate', 'proxy-authenticate', ':authority']);

export function isSecretHeaderName(name: string): boolean {
  const lower = lowerAscii(name.trim());
  // CORS headers carry header *names* (Access-Control-Allow-Headers: x-api-key), never secrets.
  if (lower.startsWith('access-control-') || NOT_SECRET_HEADERS.has(lower)) return false;
  return SECRET_HEADER_NAMES.has(lower) || SECRET_HEADER_SUFFIX.test(lower) || SECRET_HEADER_PARTS.test(lower);
}

/** Headers whose value is a URL (RFC 9110 §10.2.2 Location, §8.7 Content-Location, §10.1.3 Referer) or a list of `<URL>`s (RFC 8288 Link). */
const URL_HEADERS = new Set(['location', 'content-location', 'referer']);

// Query, fragment, matrix and body field names that carry credentials: OAuth 2.0 (RFC 6749
// access_token, refresh_token, code; RFC 6750 §2.3 access_token URI parameter; accessToken and
// refreshToken in JSON bodies), signed URLs (AWS SigV4 X-Amz-Signature/-Credential/-Security-Token,
// GCS X-Goog-Signature, generic sig), API keys (key, api_key, apiKey), passwords (password, pw) and
// session ids (Java's ;jsessionid= matrix parameter).
const SECRET_PARAM_NAMES = new Set([
  'token', 'key', 'sig', 'code', 'secret', 'password', 'passwd', 'pwd', 'pw', 'auth', 'jwt', 'apikey',
  'session', 'sessionid', 'signature', 'credential', 'credentials', 'otp',
]);
/** The last word of a name (`access_token`, `accessToken`, `X-Amz-Signature`). */
const SECRET_PARAM_LAST_WORDS = new Set([
  'token', 'key', 'sig', 'secret', 'password', 'passwd', 'pwd', 'pw', 'signature', 'credential', 'credentials',
  'apikey', 'session', 'sessionid', 'jwt',
]);
/** The end of a name written as one word (`accesstoken`, `jsessionid`); not `key` (monkey, turkey). */
const SECRET_PARAM_ENDINGS = /(token|secret|password|passwd|apikey|sessionid|signature|credentials?)$/;

/** A name's words: `accessToken`, `access_token`, `X-CSRFToken` -> access token, x csrf token. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map(lowerAscii);
}

export function isSecretParamName(name: string): boolean {
  const decoded = safeDecode(name);
  if (decoded.length > 128) return false;
  const words = nameWords(decoded);
  const joined = words.join('');
  const last = words[words.length - 1];
  return SECRET_PARAM_NAMES.has(joined) || (last !== undefined && SECRET_PARAM_LAST_WORDS.has(last)) || SECRET_PARAM_ENDINGS.test(joined);
}

// RFC 7519 JWS compact serialization: base64url header starting `{"` (eyJ), payload, signature.
// Only where a base64url run starts (the lookbehind): `eyJeyJeyJ…` is tried once, not at every
// eyJ, so a hostile 200 kB header costs one scan, not one per character.
const JWT_RE = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
// Bare URLs in prose (the console message quotes the request URL in single quotes).
// Control characters end a URL: a terminal colour code after it must not be taken (and masked) as its last parameter.
// eslint-disable-next-line no-control-regex
// The scheme is at most 32 characters (RFC 3986 sets no limit; registered ones are far shorter), so
// a run like `a.a.a.a…` is not rescanned to its end from every word start.
const URL_IN_TEXT_RE = /\b[a-zA-Z][a-zA-Z0-9+.-]{0,31}:\/\/[^\s'"`<>\u0000-\u001f\u007f]+/g;

// A path with a query, fragment or matrix parameters quoted in prose ("Location /login?code=…", a
// redirected preflight's relative Location): after a space or a quote, which the URL cannot
// contain, so each attempt scans up to the next one and the whole pass is linear.
// eslint-disable-next-line no-control-regex
const RELATIVE_URL_IN_TEXT_RE = /(^|[\s'"`])(\/[^\s'"`<>?#;\u0000-\u001f\u007f]*[?#;][^\s'"`<>\u0000-\u001f\u007f]*)/g;

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

function redactMatrix(segment: string, note: (s: string) => void): string {
  const semi = segment.indexOf(';');
  if (semi < 0) return segment;
  return segment.slice(0, semi + 1) + segment.slice(semi + 1).split(';').map((pair) => redactParams(pair, note)).join(';');
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
function structuralBody(body: string, note: (s: string) => void): string {
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

// --- the redactor --------------------------------------------------------------------------------

export interface SecretSources {
  headers: HeaderList[];
  urls: string[];
  /** Request and response bodies (the CLI's, and a HAR's): their credential fields are secrets too. */
  bodies?: string[];
}

export interface Redactor {
  /** Whether anything is hidden (false when includeSecrets was chosen). */
  readonly active: boolean;
  header(name: string, value: string): string;
  headers(list: HeaderList): Array<[string, string]>;
  url(url: string): string;
  /** Text from the network or a command that may quote anything: bodies' prose, status text, errors, curl, fetch. */
  text(s: string): string;
  /**
   * The project's own text, which may quote a request or response value: engine prose, fix
   * snippets, console lines. Known secrets and URLs are redacted; nothing that merely looks like a
   * header line is (the Flask snippet says "cookies or Authorization: let Flask-CORS answer them").
   */
  ownText(s: string): string;
  /** A request or response body: credential fields of JSON and forms, then as `text`. */
  body(s: string): string;
}

/** The forms a secret takes once quoted: as is, inside '…' in a shell, inside a JS/JSON string. */
function quotedForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(secret.replace(/'/g, `'\\''`));
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(secret.replace(/\\/g, '\\\\').replace(/'/g, "\\'"));
  return [...forms].filter((f) => f.length >= MIN_HUNTED_SECRET_LENGTH);
}

/**
 * Whether a known secret is also hunted in the project's own text. A short run of letters
 * (a cookie `consent=accepted`, a `theme=default`) is an English word there, not a quote of the
 * secret: it stays masked where it stands, and the prose keeps its words. Tokens, keys and
 * passwords have digits, symbols, mixed case or length.
 */
function huntedInOwnText(form: string): boolean {
  return !(form.length < 12 && /^[a-z]+$/i.test(form));
}

const IDENTITY: Redactor = {
  active: false,
  header: (_n, v) => v,
  headers: (list) => list.map(([n, v]) => [n, v]),
  url: (u) => u,
  text: (s) => s,
  ownText: (s) => s,
  body: (s) => s,
};

// `Authorization: Bearer x`, `X-Api-Key: k`, `Cookie: a=b` written out in a body, an error or a
// command: a header name right after the start, a quote, a bracket or whitespace, then its value
// up to the end of the line or a quote.
const HEADER_LINE_RE = /((?:^|[\s'"`(])([A-Za-z0-9_-]{1,64}):[ \t]*)([^\r\n'"`]+)/g;

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
  for (const b of sources.bodies ?? []) structuralBody(b, note);

  const hunted = new Map<string, string>();
  for (const s of secrets) for (const form of quotedForms(s)) if (!hunted.has(form)) hunted.set(form, mask(s));
  // Longest first, so a secret that contains another is replaced whole.
  const needles = [...hunted.keys()].sort((a, b) => b.length - a.length);
  const inOwnText = needles.map(huntedInOwnText);
  // One pass per string over all needles (a report has about one secret per failure: testing each
  // needle with `includes` made a HAR's report quadratic), same result as splitting on each in turn.
  const replacer = createPhraseReplacer(needles, (n) => hunted.get(n) as string);
  const hunt = (s: string): string => replacer.replace(s);
  const ignore = (): void => {};
  // URLs first: a mask has a space in it (`••••(12 chars)`), so a URL hunted first would end there.
  const urlsAndJwts = (s: string): string =>
    structuralJwts(
      s.replace(URL_IN_TEXT_RE, (u) => structuralUrl(u, ignore)).replace(RELATIVE_URL_IN_TEXT_RE, (_m, before: string, u: string) => before + structuralUrl(u, ignore)),
      ignore,
    );
  const text = (s: string): string =>
    hunt(urlsAndJwts(s)).replace(HEADER_LINE_RE, (m, head: string, name: string, v: string) => {
      const lower = lowerAscii(name);
      if (lower === 'cookie' || lower === 'cookie2') return head + redactCookie(v, ignore);
      if (lower === 'set-cookie' || lower === 'set-cookie2') return head + redactSetCookie(v, ignore);
      if (!isSecretHeaderName(lower)) return m;
      if (lower.endsWith('authorization') || lower.endsWith('authentication')) return head + redactAuthorization(v, ignore);
      return head + structuralHeader(name, v, ignore);
    });
  return {
    active: true,
    header: (n, v) => hunt(structuralHeader(n, v, ignore)),
    headers: (list) => list.map(([n, v]) => [n, hunt(structuralHeader(n, v, ignore))]),
    url: (u) => hunt(structuralUrl(u, ignore)),
    text,
    ownText: (s) => replacer.replace(urlsAndJwts(s), (i) => inOwnText[i] === true),
    body: (s) => text(structuralBody(s, ignore)),
  };
}

// --- the diagnosis ---------------------------------------------------------------------------------

// Fields that name things (check codes, kinds, stages, header names): the project's vocabulary,
// never a quoted value, so never redacted.
const NAME_FIELDS = new Set(['code', 'kind', 'stage', 'verdict', 'severity', 'fixOn', 'header', 'firefoxCode', 'mode', 'stack', 'language']);

function ownStrings<T>(value: T, r: Redactor, depth = 0): T {
  if (typeof value === 'string') return r.ownText(value) as T;
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => ownStrings(v, r, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = NAME_FIELDS.has(k) ? v : ownStrings(v, r, depth + 1);
  return out as T;
}

/**
 * A diagnosis as it may be kept or shown: every field that quotes a request or response value is
 * redacted as the header it came from (a check's `actual`, a why-a-preflight `value`: `Bearer abc`
 * under `authorization` is masked however short), and all its prose as the project's own text.
 * Used by the worker before storage and by the report builder, so every renderer gets it.
 */
export function redactDiagnosis<D extends Pick<Diagnosis, 'checks' | 'whyPreflight'>>(d: D, r: Redactor): D {
  if (!r.active) return d;
  const asHeader = (header: string | undefined, v: string): string => (header === undefined ? v : r.header(header, v));
  const out = { ...d };
  if (Array.isArray(d.checks))
    out.checks = d.checks.map((c) => {
      const k = { ...c };
      if (typeof c.actual === 'string') k.actual = asHeader(c.header, c.actual);
      if (typeof c.failedParameter === 'string') k.failedParameter = asHeader(c.header, c.failedParameter);
      return k;
    });
  if (Array.isArray(d.whyPreflight))
    out.whyPreflight = d.whyPreflight.map((w) => (typeof w.value === 'string' ? { ...w, value: asHeader(w.header, w.value) } : w));
  return ownStrings(out, r);
}

/** A fix as shown: its snippet and prose are the project's text (only a known secret or a URL's credentials are masked). */
export function redactOwn<T>(value: T, r: Redactor): T {
  return r.active ? ownStrings(value, r) : value;
}
