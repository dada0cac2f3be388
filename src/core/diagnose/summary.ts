// The summary: one plain-English sentence for the whole diagnosis, naming the first failing check
// (with the status it came with) and the likely cause when the fix is on the server.
import type { Check, CorsErrorCode } from '../check';
import type { Hint } from '../real-cause';
import type { Warning } from '../warnings';
import type { Verdict } from './diagnosis';
import type { Norm } from './normalize';

export function summarize(n: Norm, verdict: Verdict, checks: readonly Check[], realCause: readonly Hint[], warnings: readonly Warning[], sentOrigin: string): string {
  const first = checks[0];
  if (verdict === 'blocked' && first) {
    const cause = realCause[0];
    return `Blocked${first.inferred ? ' (inferred)' : ''}: ${shortFor(first, n)}${checks.length > 1 ? ` (${checks.length} checks fail)` : ''}${cause && cause.fixOn !== 'client' ? `; likely cause: ${cause.title.charAt(0).toLowerCase() + cause.title.slice(1)}` : ''}.`;
  }
  if (verdict === 'network-error') return `Not a CORS problem: the request failed at the network level (${n.error}).`;
  if (verdict === 'unexplained') return `${n.browser === 'firefox' ? 'Firefox' : 'Chromium'} blocked this request, yet every CORS check passes on what was observed; see the possible causes.`;
  return `Allowed: the server's CORS headers permit this request from ${sentOrigin}${warnings.length > 0 ? `, with ${warnings.length} warning${warnings.length > 1 ? 's' : ''}` : ''}.`;
}

const SHORT: Partial<Record<CorsErrorCode, string>> = {
  PreflightMissingAllowOriginHeader: 'the preflight response has no Access-Control-Allow-Origin header',
  PreflightAllowOriginMismatch: 'the preflight response allows a different origin',
  PreflightMultipleAllowOriginValues: 'the preflight response has more than one Access-Control-Allow-Origin value',
  PreflightInvalidAllowOriginValue: 'the preflight response has an invalid Access-Control-Allow-Origin value',
  PreflightWildcardOriginNotAllowed: "the preflight response allows origin '*', which never works with credentials",
  PreflightInvalidAllowCredentials: 'the preflight response lacks Access-Control-Allow-Credentials: true for a credentialed request',
  PreflightInvalidStatus: 'the preflight (OPTIONS) did not get a 2xx status',
  PreflightDisallowedRedirect: 'the preflight was redirected, and preflights never follow redirects',
  InvalidAllowMethodsPreflightResponse: 'the preflight response has an unparsable Access-Control-Allow-Methods',
  InvalidAllowHeadersPreflightResponse: 'the preflight response has an unparsable Access-Control-Allow-Headers',
  MethodDisallowedByPreflightResponse: 'the preflight response does not allow the method',
  HeaderDisallowedByPreflightResponse: 'the preflight response does not allow a request header',
  MissingAllowOriginHeader: 'the response has no Access-Control-Allow-Origin header',
  AllowOriginMismatch: 'the response allows a different origin',
  MultipleAllowOriginValues: 'the response has more than one Access-Control-Allow-Origin value',
  InvalidAllowOriginValue: 'the response has an invalid Access-Control-Allow-Origin value',
  WildcardOriginNotAllowed: "the response allows origin '*', which never works with credentials",
  InvalidAllowCredentials: 'the response lacks Access-Control-Allow-Credentials: true for a credentialed request',
  RedirectContainsCredentials: 'the redirect location contains a username or password',
};

/** What failed, in a few words: the summary's subject. */
export function shortFor(c: Check, n: Norm): string {
  let s = SHORT[c.code] ?? c.code;
  if (c.code === 'MethodDisallowedByPreflightResponse') s = `the preflight response does not allow the method ${c.failedParameter ?? n.method}`;
  if (c.code === 'HeaderDisallowedByPreflightResponse') s = `the preflight response does not allow the request header ${c.failedParameter}`;
  if (c.code === 'PreflightInvalidStatus') s = `the preflight (OPTIONS) got HTTP ${c.actual}, not a 2xx status`;
  if (c.stage === 'preflight' && n.preflight.kind === 'observed' && c.code.startsWith('Preflight') && c.code !== 'PreflightInvalidStatus' && c.code !== 'PreflightDisallowedRedirect')
    s = replaceFirst(s, 'the preflight response', `the preflight response (HTTP ${n.preflight.status})`);
  if (c.stage === 'response' && n.response && !c.code.startsWith('Redirect'))
    s = replaceFirst(s, 'the response', `the response (HTTP ${n.response.status})`);
  return s;
}

/** `s` with the first `find` replaced (String#replace without its pattern machinery). */
function replaceFirst(s: string, find: string, by: string): string {
  const i = s.indexOf(find);
  return i < 0 ? s : s.slice(0, i) + by + s.slice(i + find.length);
}
