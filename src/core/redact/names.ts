// Which header, parameter and field names carry a credential, and the mask a secret becomes.
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

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
