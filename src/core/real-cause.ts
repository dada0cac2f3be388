// Hints for when the browser's message points away from the cause: the CORS error is the
// symptom, a router, auth layer, proxy or redirect is the cause.
import type { Check } from './check';
import type { HeaderList } from './exchange';
import { combinedHeader, headerValues, lowerAscii } from './headers';
import { originOfUrl, parseUrl } from './origin';
import type { PreflightReason } from './safelist';

export interface Hint {
  code: string;
  title: string;
  detail: string;
  /** Where the fix belongs. */
  fixOn: 'server' | 'proxy' | 'client' | 'network';
}

export interface HintContext {
  url: string;
  origin: string;
  method: string;
  tainted: boolean;
  checks: Check[];
  whyPreflight: PreflightReason[] | null;
  preflight?: { status: number; headers: HeaderList; redirectTo?: string; body?: string };
  response?: { status: number; headers: HeaderList; redirectTo?: string; body?: string };
  networkError?: string;
}

function pathOf(url: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(url);
  return m && m[1] ? m[1] : '/';
}

function redirectHint(stage: 'preflight' | 'response', from: string, to: string, status: number): Hint {
  const a = parseUrl(from);
  const b = parseUrl(to);
  const fromPath = pathOf(from);
  const toPath = pathOf(to);
  if (a && b && a.scheme === 'http' && b.scheme === 'https' && a.host === b.host)
    return {
      code: 'redirect-http-to-https',
      title: 'http -> https redirect',
      detail: `The server redirects http to https (${status} -> ${to}). Call the https URL directly; a preflight can never follow the redirect, and after a cross-origin redirect the request carries \`Origin: null\`.`,
      fixOn: 'client',
    };
  if (a && b && a.host === b.host && (toPath === fromPath + '/' || fromPath === toPath + '/'))
    return {
      code: 'redirect-trailing-slash',
      title: 'Trailing-slash redirect',
      detail: `The server redirects ${fromPath} to ${toPath} (${status}). Use the URL with${toPath.endsWith('/') ? '' : 'out'} the trailing slash in the client, or turn off the framework's slash redirect for this route.`,
      fixOn: 'client',
    };
  if (/login|signin|sign-in|auth|sso/i.test(to))
    return {
      code: 'redirect-to-login',
      title: 'Redirect to a login page',
      detail: `The ${stage === 'preflight' ? 'preflight' : 'request'} was redirected to what looks like a login page (${to}). An auth layer treats it as an unauthenticated page load; exempt OPTIONS and API routes from login redirects (answer 401 instead).`,
      fixOn: 'server',
    };
  return {
    code: 'redirect',
    title: `${stage === 'preflight' ? 'Preflight' : 'Request'} redirected`,
    detail: `The server answered ${status} with Location ${to}. Point the client at the final URL.`,
    fixOn: 'client',
  };
}

function nearMissOrigin(value: string, origin: string): string | undefined {
  if (value === origin + '/') return 'it has a trailing slash; an origin never has a path';
  if (value.toLowerCase() === origin.toLowerCase()) return 'it differs only in letter case; the comparison is byte-exact';
  const a = parseUrl(value);
  const b = parseUrl(origin);
  if (!a || !b) return undefined;
  if (a.host === b.host && a.port === b.port && a.scheme !== b.scheme) return `the scheme differs (${a.scheme} vs ${b.scheme})`;
  if (a.host === b.host && a.scheme === b.scheme && a.port !== b.port) return `the port differs (${a.port || 'default'} vs ${b.port || 'default'})`;
  if (a.scheme === b.scheme && (a.host === 'www.' + b.host || b.host === 'www.' + a.host)) return 'one has `www.` and the other does not';
  if (originOfUrl(value) === origin) return 'it is a full URL; send only scheme://host[:port]';
  return undefined;
}

export function realCauseHints(ctx: HintContext): Hint[] {
  const hints: Hint[] = [];
  if (ctx.networkError !== undefined && /LOCAL_NETWORK_ACCESS|PRIVATE_NETWORK_ACCESS/.test(ctx.networkError)) hints.push(localNetworkAccess());
  if (ctx.preflight) {
    preflightRouteHints(ctx, ctx.preflight, hints);
    preflightLayerHints(ctx, ctx.preflight, hints);
  }
  if (ctx.response) responseHints(ctx, ctx.response, hints);
  const origin = originHint(ctx);
  if (origin) hints.push(origin);
  checkHints(ctx, hints);
  return hints;
}

function localNetworkAccess(): Hint {
  return {
    code: 'local-network-access',
    title: 'Local Network Access',
    detail: 'A public page tried to reach a private or loopback address. Chromium blocks this before CORS; grant the site the local-network permission, or serve the page from the same network.',
    fixOn: 'network',
  };
}

type ObservedPreflight = NonNullable<HintContext['preflight']>;

/** Whether OPTIONS reached a handler at all: a redirect, no route (404/405/501), or auth first (401/403). */
function preflightRouteHints(ctx: HintContext, pf: ObservedPreflight, hints: Hint[]): void {
  const body = pf.body ?? '';
  const pfAcao = combinedHeader(pf.headers, 'access-control-allow-origin');
  const location = pf.redirectTo === undefined && pf.status >= 300 && pf.status < 400 ? combinedHeader(pf.headers, 'location') : undefined;
  if (pf.redirectTo !== undefined || location) {
    const to = pf.redirectTo ?? (location as string);
    hints.push(redirectHint('preflight', ctx.url, to, pf.status));
  }
  if (pf.status === 404 || pf.status === 405 || pf.status === 501) {
    const express = /Cannot OPTIONS/i.test(body);
    const allow = combinedHeader(pf.headers, 'allow');
    hints.push({
      code: pf.status === 404 ? 'no-options-route' : 'options-not-allowed',
      title: pf.status === 404 ? 'No route answers OPTIONS' : 'The server rejects the OPTIONS method',
      detail:
        (express
          ? `The body \`${body.trim().slice(0, 80)}\` is Express's default 404: no handler answered OPTIONS ${pathOf(ctx.url)}. `
          : `The preflight got ${pf.status}: the router has no OPTIONS handler for ${pathOf(ctx.url)}${allow ? ` (Allow: ${allow})` : ''}. `) +
        (pfAcao !== undefined
          ? 'The CORS headers are there (a proxy or a global header rule adds them), but a preflight also needs a 2xx status: answer OPTIONS with 204 before routing (in Express: `app.options(\'*\', cors())`; in nginx: `if ($request_method = OPTIONS) { return 204; }`).'
          : 'The CORS middleware is missing, or registered after the routes (in Express: `app.use(cors())` before the routers, or `app.options(\'*\', cors())`). The browser reports this as a CORS error because the error page carries no CORS headers.'),
      fixOn: 'server',
    });
  }
  if ((pf.status === 401 || pf.status === 403) && !/Invalid CORS request/i.test(body)) {
    hints.push({
      code: 'auth-blocks-preflight',
      title: 'Auth runs before CORS',
      detail: `The preflight got ${pf.status}. Preflights never carry cookies or the Authorization header, so an auth layer that does not exempt OPTIONS always rejects them. Let OPTIONS through before authentication (or run the CORS handler first).`,
      fixOn: 'server',
    });
  }
}

/** What the preflight's body and headers say about the CORS layer that answered it (Spring, Starlette, rs/cors, two layers). */
function preflightLayerHints(ctx: HintContext, pf: ObservedPreflight, hints: Hint[]): void {
  const body = pf.body ?? '';
  const pfAcao = combinedHeader(pf.headers, 'access-control-allow-origin');
  if (pf.status === 403 && /Invalid CORS request/i.test(body)) {
    hints.push({
      code: 'spring-invalid-cors-request',
      title: 'Spring rejected the CORS request',
      detail: "The 403 body `Invalid CORS request` comes from Spring's CorsProcessor: the origin, method or a requested header is not in the CorsConfiguration (allowedOrigins / allowedOriginPatterns, allowedMethods, allowedHeaders). Note allowedOrigins(\"*\") cannot be combined with allowCredentials(true).",
      fixOn: 'server',
    });
  }
  const starlette = /Disallowed CORS (origin|method|headers)/i.exec(body);
  if (pf.status === 400 && starlette) {
    const what = lowerAscii(starlette[1] as string);
    hints.push({
      code: 'starlette-disallowed',
      title: 'Starlette/FastAPI CORSMiddleware rejected the preflight',
      detail: `The 400 body \`${starlette[0]}\` comes from Starlette's CORSMiddleware: ${
        what === 'origin' ? `\`${ctx.origin}\` is not in allow_origins (or allow_origin_regex)` : what === 'method' ? `${ctx.method} is not in allow_methods` : 'a requested header is not in allow_headers'
      }.`,
      fixOn: 'server',
    });
  }
  const vary = headerValues(pf.headers, 'vary').join(',').toLowerCase();
  if (pf.status >= 200 && pf.status < 300 && pfAcao === undefined && /\borigin\b|access-control-request/.test(vary)) {
    hints.push({
      code: 'cors-layer-rejected',
      title: 'A CORS layer ran and said no',
      detail: `The preflight succeeded (${pf.status}) with \`Vary: ${headerValues(pf.headers, 'vary').join(', ')}\` but no CORS headers: a CORS library (for example Go's rs/cors) handled it and rejected it, because ${ctx.origin} is not an allowed origin or ${ctx.method} / a requested header is not allowed. Check its AllowedOrigins, AllowedMethods and AllowedHeaders.`,
      fixOn: 'server',
    });
  }
  if (headerValues(pf.headers, 'access-control-allow-origin').length > 1) hints.push(duplicateLayers('preflight'));
}

function responseHints(ctx: HintContext, rs: NonNullable<HintContext['response']>, hints: Hint[]): void {
  const pf = ctx.preflight;
  if (rs.redirectTo !== undefined) hints.push(redirectHint('response', ctx.url, rs.redirectTo, rs.status));
  if (headerValues(rs.headers, 'access-control-allow-origin').length > 1) hints.push(duplicateLayers('response'));
  const acao = combinedHeader(rs.headers, 'access-control-allow-origin');
  if (rs.status >= 400 && acao === undefined) {
    const pfHad = pf && combinedHeader(pf.headers, 'access-control-allow-origin') !== undefined;
    hints.push({
      code: 'error-response-without-cors',
      title: `The real error is HTTP ${rs.status}`,
      detail: `The server answered ${rs.status}, and that error response has no CORS headers${pfHad ? ' although the preflight had them' : ''}. The error handler, framework error page or proxy (502/504 pages) skips the CORS headers the success path adds. Add CORS headers to error responses too, then fix the ${rs.status} itself.`,
      fixOn: 'server',
    });
  }
}

/** The first origin mismatch: a tainted origin, a near miss, or a fixed other origin. */
function originHint(ctx: HintContext): Hint | undefined {
  const c = ctx.checks.find((x) => (x.code === 'AllowOriginMismatch' || x.code === 'PreflightAllowOriginMismatch') && x.actual !== undefined);
  if (c === undefined || c.actual === undefined) return undefined;
  if (ctx.tainted && c.actual !== 'null')
    return {
      code: 'tainted-origin',
      title: 'Origin became null after a redirect',
      detail: `A cross-origin redirect happened earlier, so the browser sent \`Origin: null\` and compares Access-Control-Allow-Origin with \`null\`. Avoid the redirect (call the final URL directly).`,
      fixOn: 'client',
    };
  const why = nearMissOrigin(c.actual, ctx.origin);
  if (why)
    return {
      code: 'origin-near-miss',
      title: 'Allowed origin is almost right',
      detail: `Access-Control-Allow-Origin \`${c.actual}\` is close to \`${ctx.origin}\`, but ${why}.`,
      fixOn: 'server',
    };
  return {
    code: 'origin-not-reflected',
    title: 'Server allows a different origin',
    detail: `The server answers with a fixed origin (\`${c.actual}\`). If several sites call this API, check the request's Origin against an allow-list and echo the matching one, with \`Vary: Origin\`.`,
    fixOn: 'server',
  };
}

/** Hints read from the failing checks and the request: a needless header parse, the method's case, a preflight the client causes. */
function checkHints(ctx: HintContext, hints: Hint[]): void {
  const codes = new Set(ctx.checks.map((c) => c.code));
  if (codes.has('InvalidAllowHeadersPreflightResponse') && ctx.whyPreflight && !ctx.whyPreflight.some((r) => r.header !== undefined)) {
    hints.push({
      code: 'unparsable-allow-headers-unneeded',
      title: 'A broken header you do not even need',
      detail: 'The request sends no header that needs Access-Control-Allow-Headers, yet Chromium parses it anyway and fails the preflight because it is malformed. Fix the syntax (comma-separated names) or remove the header.',
      fixOn: 'server',
    });
  }

  const methodCheck = ctx.checks.find((c) => c.code === 'MethodDisallowedByPreflightResponse');
  if (methodCheck && methodCheck.actual !== undefined) {
    const m = ctx.method;
    const items = methodCheck.actual.split(',').map((s) => s.trim());
    if (m !== m.toUpperCase() && items.includes(m.toUpperCase()))
      hints.push({
        code: 'method-case',
        title: `\`${m}\` is sent in lower case`,
        detail: `fetch() and XMLHttpRequest upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT. \`${m}\` goes out as written and does not match \`${m.toUpperCase()}\`. Write \`method: '${m.toUpperCase()}'\` in the client.`,
        fixOn: 'client',
      });
  }

  const failedOnPreflight = ctx.checks.some((c) => c.stage === 'preflight');
  if (failedOnPreflight && ctx.whyPreflight && ctx.whyPreflight.length > 0 && ctx.whyPreflight.every((r) => r.kind !== 'method')) {
    const ct = ctx.whyPreflight.find((r) => r.header === 'content-type');
    hints.push({
      code: 'avoidable-preflight',
      title: 'The preflight is caused by the client',
      detail: ct
        ? `Only the request's headers make it need a preflight (${ctx.whyPreflight.map((r) => r.header).join(', ')}). Sending Content-Type text/plain (or form data) would avoid it, though fixing the server's OPTIONS handling is usually the better fix.`
        : `Only the request's headers make it need a preflight (${ctx.whyPreflight.map((r) => r.header).join(', ')}). Without them the request would be simple and skip the preflight.`,
      fixOn: 'client',
    });
  }
}

function duplicateLayers(stage: 'preflight' | 'response'): Hint {
  return {
    code: 'duplicate-allow-origin',
    title: 'Two layers add Access-Control-Allow-Origin',
    detail: `The ${stage} carries more than one Access-Control-Allow-Origin line. Typically a reverse proxy (nginx add_header, an API gateway, a CDN rule) and the application both add it. Keep it in exactly one place.`,
    fixOn: 'proxy',
  };
}
