// Explanations beyond the checks: the likely real cause behind a failure (real-cause.ts), where
// Chromium departed from the Fetch standard, warnings about what works today but is fragile
// (warnings.ts), and the response headers page JavaScript cannot read (exposure.ts).
import type { Check } from '../check';
import { unreadableResponseHeaders } from '../exposure';
import type { ErrorClass } from '../net-errors';
import type { MaxAgeSource } from '../preflight-cache';
import { realCauseHints, type Hint, type HintContext } from '../real-cause';
import type { PreflightReason } from '../safelist';
import { corsWarnings, type Warning, type WarningContext } from '../warnings';
import type { Verdict } from './diagnosis';
import type { Norm } from './normalize';

export interface ExplanationInput {
  n: Norm;
  sentOrigin: string;
  tainted: boolean;
  method: string;
  whyPreflight: PreflightReason[] | null;
  unsafeHeaders: string[] | undefined;
  credentials: boolean;
  /** The inspected engine's failing checks. */
  checks: Check[];
  stage: 'preflight' | 'response' | null;
  verdict: Verdict;
  errClass: ErrorClass;
  authorizationViaWildcard: boolean;
  maxAgeSource: MaxAgeSource | null;
  /** The deprecation warning Firefox logs for this request, if any. */
  firefoxWarning: string | undefined;
}

export interface Explanations {
  realCause: Hint[];
  /** Where Chromium departs from the Fetch standard's text in a way that mattered here. */
  deviations: string[];
  warnings: Warning[];
  unreadableResponseHeaders: string[];
}

export function explain(x: ExplanationInput): Explanations {
  return {
    realCause: x.verdict === 'allowed' ? [] : realCauses(x),
    deviations: x.authorizationViaWildcard
      ? ['`Access-Control-Allow-Headers: *` let `Authorization` through. The Fetch standard says `*` never covers Authorization; Chromium 156 (and Firefox 153) allow it, and this diagnosis follows Chromium.']
      : [],
    warnings: warningsFor(x),
    unreadableResponseHeaders:
      x.n.response && x.verdict !== 'blocked' && x.n.response.redirectTo === undefined ? unreadableResponseHeaders(x.n.response.headers, x.credentials) : [],
  };
}

export function realCauses(x: ExplanationInput): Hint[] {
  const { n } = x;
  const ctx: HintContext = { url: n.url, origin: x.sentOrigin, method: x.method, tainted: x.tainted, checks: x.checks, whyPreflight: x.whyPreflight };
  if (n.preflight.kind === 'observed') ctx.preflight = n.preflight;
  if (n.response) ctx.response = n.response;
  if (x.errClass === 'network' && n.error) ctx.networkError = n.error;
  return realCauseHints(ctx);
}

export function warningsFor(x: ExplanationInput): Warning[] {
  const { n } = x;
  const ctx: WarningContext = { origin: x.sentOrigin, credentials: x.credentials, authorizationViaWildcard: x.authorizationViaWildcard, maxAgeSource: x.maxAgeSource };
  if (n.headers) ctx.requestHeaders = n.headers;
  if (x.unsafeHeaders) ctx.unsafeHeaders = x.unsafeHeaders;
  if (n.preflight.kind === 'observed') ctx.preflightHeaders = n.preflight.headers;
  if (n.response && x.stage !== 'preflight') ctx.responseHeaders = n.response.headers;
  if (n.browser === 'firefox') {
    ctx.browser = 'firefox';
    if (x.firefoxWarning !== undefined) ctx.consoleWarning = x.firefoxWarning;
  }
  return corsWarnings(ctx);
}
