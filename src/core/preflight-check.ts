// Fetch "CORS-preflight fetch" checks in the order Chromium runs them
// (services/network/cors/preflight_controller.cc, preflight_result.cc):
//   1. a redirect is never followed (HandleRedirect)           -> PreflightDisallowedRedirect
//   2. CORS check on the preflight response (CheckPreflightAccess) -> Preflight* origin/credentials codes
//   3. ok status 200-299, checked only after the CORS check passes -> PreflightInvalidStatus
//   4. Access-Control-Allow-Methods parses as a token list       -> InvalidAllowMethodsPreflightResponse
//   5. Access-Control-Allow-Headers parses as a token list       -> InvalidAllowHeadersPreflightResponse
//   6. the method is allowed (case-sensitive; `*` only without credentials)
//   7. every CORS-unsafe request header is allowed (case-insensitive; `*` only without credentials)
// Chromium stops at the first failure; we report every failing check in that order.
import type { Check, CorsErrorCode } from './check';
import { firefoxCodeFor } from './check';
import { corsCheck, type CorsCheckCode, type CorsCheckFailure } from './cors-check';
import type { HeaderList } from './exchange';
import { combinedHeader, lowerAscii, parseTokenList } from './headers';
import { isCorsSafelistedMethod } from './safelist';

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface PreflightCheckInput {
  status: number;
  headers: HeaderList;
  redirectTo?: string;
  /** The actual request's method (what Access-Control-Request-Method carried). */
  method: string;
  /** Lower-case CORS-unsafe request header names, in the order to report; undefined when unknown. */
  unsafeHeaders: string[] | undefined;
  credentials: boolean;
  origin: string;
  httpLike?: boolean;
}

export interface PreflightCheckResult {
  checks: Check[];
  redirected: boolean;
  /** Parsed Allow-Methods (case kept), or undefined if absent/unparsable. */
  allowMethods?: string[];
  /** Parsed Allow-Headers (lower-cased), or undefined if absent/unparsable. */
  allowHeaders?: string[];
  /** `Authorization` got through only because of `Access-Control-Allow-Headers: *` (Chromium 156 allows it). */
  authorizationViaWildcard: boolean;
}

const PREFLIGHT_CODE: Record<CorsCheckCode, CorsErrorCode> = {
  WildcardOriginNotAllowed: 'PreflightWildcardOriginNotAllowed',
  MissingAllowOriginHeader: 'PreflightMissingAllowOriginHeader',
  MultipleAllowOriginValues: 'PreflightMultipleAllowOriginValues',
  InvalidAllowOriginValue: 'PreflightInvalidAllowOriginValue',
  AllowOriginMismatch: 'PreflightAllowOriginMismatch',
  InvalidAllowCredentials: 'PreflightInvalidAllowCredentials',
};

export function explainCorsFailure(f: CorsCheckFailure, stage: 'preflight' | 'response', origin: string): string {
  const where = stage === 'preflight' ? 'The preflight (OPTIONS) response' : 'The response';
  switch (f.code) {
    case 'WildcardOriginNotAllowed':
      return `${where} allows any origin with \`*\`, but this request includes credentials (cookies or HTTP auth), and \`*\` never works with credentials. Send \`Access-Control-Allow-Origin: ${origin}\` (echo the allowed origin) plus \`Access-Control-Allow-Credentials: true\` and \`Vary: Origin\`.`;
    case 'MissingAllowOriginHeader':
      return `${where} has no Access-Control-Allow-Origin header, so the browser must not let the page read it. The server (or whatever answered: a proxy, an error handler, an auth layer) needs to send \`Access-Control-Allow-Origin: ${origin}\`.`;
    case 'MultipleAllowOriginValues':
      return `${where}'s Access-Control-Allow-Origin holds more than one value (\`${f.actual}\`). Browsers read all Access-Control-Allow-Origin lines as one comma-joined value, so two lines (often a proxy and the app both adding it) or a list fail. Send exactly one origin.`;
    case 'InvalidAllowOriginValue':
      return `${where}'s Access-Control-Allow-Origin \`${f.actual}\` is not an origin at all. It must be \`*\` or exactly \`${origin}\` (scheme://host[:port], no path, no trailing slash).`;
    case 'AllowOriginMismatch':
      return `${where} allows the origin \`${f.actual}\`, but the request came from \`${origin}\`. The match is exact and byte-for-byte: scheme, host, port, no trailing slash, same case.`;
    case 'InvalidAllowCredentials':
      return f.actual === undefined
        ? `The request includes credentials, so ${where.charAt(0).toLowerCase() + where.slice(1)} must also send \`Access-Control-Allow-Credentials: true\`; it sends none.`
        : `The request includes credentials, so Access-Control-Allow-Credentials must be exactly \`true\` (lower-case); it is \`${f.actual}\`.`;
  }
}

export function corsFailureToCheck(f: CorsCheckFailure, stage: 'preflight' | 'response', origin: string): Check {
  const code: CorsErrorCode = stage === 'preflight' ? PREFLIGHT_CODE[f.code] : f.code;
  const c: Check = {
    code,
    stage,
    header: f.header,
    expected: f.expected,
    explanation: explainCorsFailure(f, stage, origin),
    failedParameter: f.failedParameter,
  };
  if (f.actual !== undefined) c.actual = f.actual;
  const ff = firefoxCodeFor(code);
  if (ff) c.firefoxCode = ff;
  return c;
}

function mk(c: Omit<Check, 'firefoxCode' | 'stage'>): Check {
  // Built property by property: object spread is slow on this hot path.
  const out: Check = { code: c.code, stage: 'preflight', expected: c.expected, explanation: c.explanation };
  if (c.header !== undefined) out.header = c.header;
  if (c.actual !== undefined) out.actual = c.actual;
  if (c.failedParameter !== undefined) out.failedParameter = c.failedParameter;
  const ff = firefoxCodeFor(c.code);
  if (ff) out.firefoxCode = ff;
  return out;
}

export function preflightChecks(input: PreflightCheckInput): PreflightCheckResult {
  const checks: Check[] = [];
  const h = input.headers;
  const result: PreflightCheckResult = { checks, redirected: false, authorizationViaWildcard: false };

  const redirect = redirectCheck(input);
  if (redirect) {
    result.redirected = true;
    checks.push(redirect);
    return result;
  }

  for (const f of corsCheck({
    allowOrigin: combinedHeader(h, 'access-control-allow-origin'),
    allowCredentials: combinedHeader(h, 'access-control-allow-credentials'),
    credentials: input.credentials,
    origin: input.origin,
    httpLike: input.httpLike,
  })) {
    checks.push(corsFailureToCheck(f, 'preflight', input.origin));
  }

  const status = statusCheck(input.status);
  if (status) checks.push(status);

  const lists = allowLists(h);
  const { methods, headers } = lists;
  checks.push(...listSyntaxChecks(lists));
  if (methods && methods.invalid.length === 0) result.allowMethods = methods.items;
  if (headers && headers.invalid.length === 0) result.allowHeaders = headers.items.map(lowerAscii);

  if (!methods || methods.invalid.length === 0) {
    const method = methodCheck(input, lists);
    if (method) checks.push(method);
  }
  if ((!headers || headers.invalid.length === 0) && input.unsafeHeaders !== undefined) {
    const h2 = headerChecks(input, input.unsafeHeaders, lists);
    checks.push(...h2.checks);
    result.authorizationViaWildcard = h2.authorizationViaWildcard;
  }
  return result;
}

interface AllowLists {
  allowMethodsRaw: string | undefined;
  allowHeadersRaw: string | undefined;
  methods: ReturnType<typeof parseTokenList> | undefined;
  headers: ReturnType<typeof parseTokenList> | undefined;
}

function allowLists(h: HeaderList): AllowLists {
  const allowMethodsRaw = combinedHeader(h, 'access-control-allow-methods');
  const allowHeadersRaw = combinedHeader(h, 'access-control-allow-headers');
  return {
    allowMethodsRaw,
    allowHeadersRaw,
    methods: allowMethodsRaw === undefined ? undefined : parseTokenList(allowMethodsRaw),
    headers: allowHeadersRaw === undefined ? undefined : parseTokenList(allowHeadersRaw),
  };
}

/** net::HttpResponseHeaders::IsRedirect: one of these statuses plus a Location. */
function redirectCheck(input: PreflightCheckInput): Check | undefined {
  const location = input.redirectTo ?? combinedHeader(input.headers, 'location');
  if (!REDIRECT_STATUSES.has(input.status) || location === undefined || location === '') return undefined;
  return mk({
    code: 'PreflightDisallowedRedirect',
    header: 'Location',
    expected: 'a 2xx answer to OPTIONS at this exact URL (preflights never follow redirects)',
    actual: `${input.status} -> ${location}`,
    explanation: `The server answered the preflight with a ${input.status} redirect to ${location}. Browsers never follow redirects for a preflight. Request the final URL directly (watch trailing slashes and http->https), or make the server answer OPTIONS at this URL without redirecting.`,
    failedParameter: '',
  });
}

function statusCheck(status: number): Check | undefined {
  if (status >= 200 && status <= 299) return undefined;
  return mk({
    code: 'PreflightInvalidStatus',
    expected: 'a 2xx status (200-299)',
    actual: String(status),
    explanation: `The preflight (OPTIONS) got status ${status}. A preflight must succeed with 200-299 even when its CORS headers are right; the server is treating OPTIONS as a normal request (missing route, auth, or a method check) instead of answering it in the CORS layer.`,
    failedParameter: '',
  });
}

function listSyntaxChecks({ allowMethodsRaw, allowHeadersRaw, methods, headers }: AllowLists): Check[] {
  const checks: Check[] = [];
  if (methods && methods.invalid.length > 0) {
    checks.push(
      mk({
        code: 'InvalidAllowMethodsPreflightResponse',
        header: 'Access-Control-Allow-Methods',
        expected: 'a comma-separated list of method tokens, e.g. GET, POST, PUT',
        actual: allowMethodsRaw as string,
        explanation: `Access-Control-Allow-Methods must be a comma-separated list of tokens; \`${methods.invalid[0]}\` is not one (spaces inside an item, quotes, slashes and similar are not allowed). One bad item makes the browser reject the whole preflight.`,
        failedParameter: '',
      }),
    );
  }
  if (headers && headers.invalid.length > 0) {
    checks.push(
      mk({
        code: 'InvalidAllowHeadersPreflightResponse',
        header: 'Access-Control-Allow-Headers',
        expected: 'a comma-separated list of header names, e.g. Content-Type, Authorization',
        actual: allowHeadersRaw as string,
        explanation: `Access-Control-Allow-Headers must be a comma-separated list of header names; \`${headers.invalid[0]}\` is not a valid name. Chromium rejects the whole preflight when this header cannot be parsed, even if the request sends no header that needs it.`,
        failedParameter: '',
      }),
    );
  }
  return checks;
}

// preflight_result.cc EnsureAllowedCrossOriginMethod, spec-conformant mode (Chromium 156):
// exact, case-sensitive membership; safelisted methods always pass; `*` only without credentials.
function methodCheck(input: PreflightCheckInput, { allowMethodsRaw, methods }: AllowLists): Check | undefined {
  const list = methods?.items ?? [];
  const m = input.method;
  const allowed = list.includes(m) || isCorsSafelistedMethod(m) || (!input.credentials && list.includes('*'));
  if (allowed) return undefined;
  const caseOnly = list.find((x) => x.toUpperCase() === m.toUpperCase());
  let explanation: string;
  if (caseOnly !== undefined)
    explanation = `The preflight allows \`${caseOnly}\` but the request method is \`${m}\`; methods are compared case-sensitively. fetch() only upper-cases DELETE, GET, HEAD, OPTIONS, POST and PUT, so write \`${m.toUpperCase()}\` in the client (or list \`${m}\` on the server).`;
  else if (input.credentials && list.includes('*'))
    explanation = `The preflight allows methods with \`*\`, but with credentials \`*\` is a literal method name, not a wildcard. List \`${m}\` explicitly.`;
  else if (allowMethodsRaw === undefined)
    explanation = `The preflight response has no Access-Control-Allow-Methods header, so only GET, HEAD and POST are allowed. Add \`Access-Control-Allow-Methods: ${m}\` (plus the others you use).`;
  else explanation = `Access-Control-Allow-Methods (\`${allowMethodsRaw}\`) does not include \`${m}\`.`;
  return mk({
    code: 'MethodDisallowedByPreflightResponse',
    header: 'Access-Control-Allow-Methods',
    expected: `a list including ${m}${input.credentials ? '' : ' (or *)'}`,
    ...(allowMethodsRaw !== undefined ? { actual: allowMethodsRaw } : {}),
    explanation,
    failedParameter: m,
  });
}

// preflight_result.cc EnsureAllowedCrossOriginHeaders. Chromium 156 lets `*` cover
// Authorization (NonWildcardRequestHeadersSupport off), against the Fetch standard's text.
function headerChecks(input: PreflightCheckInput, unsafeHeaders: string[], { allowHeadersRaw, headers }: AllowLists): { checks: Check[]; authorizationViaWildcard: boolean } {
  const list = (headers?.items ?? []).map(lowerAscii);
  if (!input.credentials && list.includes('*'))
    return { checks: [], authorizationViaWildcard: unsafeHeaders.includes('authorization') && !list.includes('authorization') };
  const checks: Check[] = [];
  for (const name of unsafeHeaders) {
    if (list.includes(name)) continue;
    checks.push(
      mk({
        code: 'HeaderDisallowedByPreflightResponse',
        header: 'Access-Control-Allow-Headers',
        expected: `a list including ${name}${input.credentials ? '' : ' (or *)'}`,
        ...(allowHeadersRaw !== undefined ? { actual: allowHeadersRaw } : {}),
        explanation:
          input.credentials && list.includes('*')
            ? `The request sends \`${name}\`. The preflight allows headers with \`*\`, but with credentials \`*\` is not a wildcard: list \`${name}\` explicitly.`
            : allowHeadersRaw === undefined
              ? `The request sends \`${name}\`, but the preflight response has no Access-Control-Allow-Headers. Add \`Access-Control-Allow-Headers: ${name}\` (plus any other custom headers you send).`
              : `The request sends \`${name}\`, which Access-Control-Allow-Headers (\`${allowHeadersRaw}\`) does not list (names match case-insensitively).`,
        failedParameter: name,
      }),
    );
  }
  return { checks, authorizationViaWildcard: false };
}
