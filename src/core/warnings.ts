// Permissive or risky CORS configurations, reported even when the exchange was allowed.
import type { HeaderList } from './exchange';
import { combinedHeader, headerValues, lowerAscii } from './headers';

export interface Warning {
  code: string;
  severity: 'info' | 'warning' | 'danger';
  message: string;
  header?: string;
  /** The browser's own console warning for this, verbatim, when it logs one (Firefox's deprecation warning). */
  consoleMessage?: string;
}

export interface WarningContext {
  origin: string;
  credentials: boolean;
  requestHeaders?: HeaderList;
  unsafeHeaders?: string[];
  preflightHeaders?: HeaderList;
  responseHeaders?: HeaderList;
  authorizationViaWildcard: boolean;
  maxAgeSource?: string | null;
  /** The inspected browser; warnings then speak in its terms. Default 'chromium'. */
  browser?: 'chromium' | 'firefox';
  /** Firefox's CORSAllowHeaderFromPreflightDeprecation line, when Firefox logged it for this request. */
  consoleWarning?: string;
}

export function corsWarnings(ctx: WarningContext): Warning[] {
  const out: Warning[] = [];
  const seen = new Set<string>();
  const add = (w: Warning): void => {
    if (seen.has(w.code)) return;
    seen.add(w.code);
    out.push(w);
  };
  allowedOriginWarnings(ctx, add);
  if (ctx.responseHeaders) responseWarnings(ctx, ctx.responseHeaders, add);
  if (ctx.authorizationViaWildcard) add(authorizationViaWildcard(ctx));
  if (ctx.maxAgeSource === 'capped') {
    add({
      code: 'max-age-capped',
      severity: 'info',
      header: 'Access-Control-Max-Age',
      message:
        ctx.browser === 'firefox'
          ? 'Access-Control-Max-Age is above 86400; Firefox caps preflight caching at 24 hours (Chromium at 2 hours).'
          : 'Access-Control-Max-Age is above 7200; Chromium caps preflight caching at 2 hours (Firefox at 24 hours).',
    });
  }
  return out;
}

/** Which origins the preflight and the response allow: the page's own with credentials, or `null`. */
function allowedOriginWarnings(ctx: WarningContext, add: (w: Warning) => void): void {
  for (const h of [ctx.preflightHeaders, ctx.responseHeaders]) {
    if (!h) continue;
    const acao = combinedHeader(h, 'access-control-allow-origin');
    const acac = combinedHeader(h, 'access-control-allow-credentials');
    if (acao !== undefined && acao === ctx.origin && acao !== 'null' && acac === 'true') {
      add({
        code: 'origin-reflected-with-credentials',
        severity: 'warning',
        header: 'Access-Control-Allow-Origin',
        message: `The server allows ${ctx.origin} with credentials. That is right only if ${ctx.origin} is on an explicit allow-list: a server that echoes back any Origin together with Access-Control-Allow-Credentials: true lets every website read this user's authenticated responses.`,
      });
    }
    if (acao === 'null') {
      add({
        code: 'null-origin-allowed',
        severity: 'danger',
        header: 'Access-Control-Allow-Origin',
        message: 'Access-Control-Allow-Origin: null lets sandboxed iframes, data: URLs and local files from any site read the response. Allow concrete origins instead.',
      });
    }
  }
}

/** The actual response: `*` on an authenticated endpoint, one origin without `Vary: Origin`. */
function responseWarnings(ctx: WarningContext, rh: HeaderList, add: (w: Warning) => void): void {
  const acao = combinedHeader(rh, 'access-control-allow-origin');
  const hasAuth =
    (ctx.requestHeaders !== undefined && headerValues(ctx.requestHeaders, 'authorization').length > 0) ||
    (ctx.unsafeHeaders?.includes('authorization') ?? false);
  if (acao === '*' && hasAuth) {
    add({
      code: 'wildcard-on-authenticated',
      severity: 'warning',
      header: 'Access-Control-Allow-Origin',
      message: 'This endpoint takes an Authorization header yet allows every origin with `*`. Any website holding a token can call it from a browser; if responses are user-specific, allow only your own origins.',
    });
  }
  if (acao !== undefined && acao !== '*') {
    const vary = headerValues(rh, 'vary').map(lowerAscii).join(',');
    if (!/(^|[\s,])(origin|\*)($|[\s,])/.test(vary)) {
      add({
        code: 'missing-vary-origin',
        severity: 'info',
        header: 'Vary',
        message: `Access-Control-Allow-Origin names one origin but the response has no \`Vary: Origin\`. A shared cache (CDN, proxy) may serve this response to another origin, which then fails CORS.`,
      });
    }
  }
}

function authorizationViaWildcard(ctx: WarningContext): Warning {
  if (ctx.browser === 'firefox') {
    // Firefox ESR 153's own words (security.properties CORSAllowHeaderFromPreflightDeprecation,
    // captured from its console service for the lab's allow-headers-wildcard-authorization).
    const w: Warning = {
      code: 'authorization-via-wildcard',
      severity: 'warning',
      header: 'Access-Control-Allow-Headers',
      message:
        'Firefox let `Authorization` through only because of `Access-Control-Allow-Headers: *`, and warns that it will disallow this soon: "When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`." The Fetch standard agrees. List `Authorization` explicitly.',
    };
    if (ctx.consoleWarning !== undefined) w.consoleMessage = ctx.consoleWarning;
    return w;
  }
  return {
    code: 'authorization-via-wildcard',
    severity: 'warning',
    header: 'Access-Control-Allow-Headers',
    message: 'Authorization is allowed only through `Access-Control-Allow-Headers: *`. The Fetch standard says `*` never covers Authorization and Firefox logs a deprecation warning; Chromium 156 and Firefox 153 still let it through today. List `Authorization` explicitly before browsers enforce it.',
  };
}
