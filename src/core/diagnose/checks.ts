// The CORS checks in Chromium's order: the preflight's (preflight-check.ts) and, when it passed or
// none was seen, the response's (cors-check.ts, then the redirect location). When the
// credentials mode was not observed and every check passes although the browser blocked the
// request, the checks run again with credentials: that is the only way it could have failed.
import type { Check } from '../check';
import { corsCheck } from '../cors-check';
import { combinedHeader } from '../headers';
import { isHttpLike, urlHasCredentials } from '../origin';
import { corsFailureToCheck, preflightChecks, type PreflightCheckResult } from '../preflight-check';
import type { RequestFacts } from './facts';
import type { Norm } from './normalize';

export interface Evaluation {
  checks: Check[];
  stage: 'preflight' | 'response' | null;
  preflight?: PreflightCheckResult;
}

export interface CheckOutcome {
  evaluation: Evaluation;
  /** The credentials mode the checks were run with (true after the by-elimination retry). */
  credentials: boolean;
  /** True when the checks only fail with credentials, so "include" was concluded. */
  credentialsInferred: boolean;
  notes: string[];
}

/** What could not be checked, or was surprising, before the checks run. */
export function preCheckNotes(f: RequestFacts): string[] {
  const notes: string[] = [];
  const preflightObserved = f.n.preflight.kind === 'observed';
  const why = f.need.whyPreflight;
  if (preflightObserved && why !== null && why.length === 0)
    notes.push('A preflight was sent although the method and headers are CORS-safelisted: an XMLHttpRequest with upload progress listeners always preflights, and so does a request to a more private address space (Local Network Access).');
  if (!f.credentials.known) notes.push('The credentials mode was not observed; evaluated as "omit", the default for fetch() and XMLHttpRequest across origins.');
  if (f.shape.unsafeHeaders === undefined && preflightObserved)
    notes.push('The request headers were not observed, so Access-Control-Allow-Headers could not be checked against them.');
  return notes;
}

export function runChecks(f: RequestFacts): CheckOutcome {
  const { n, origins, shape } = f;
  const evaluation = evaluate(n, f.credentials.include, origins.sent, shape.method, shape.unsafeHeaders);
  if (evaluation.checks.length === 0 && !f.credentials.known && f.errClass === 'cors') {
    const withCreds = evaluate(n, true, origins.sent, shape.method, shape.unsafeHeaders);
    if (withCreds.checks.length > 0) {
      for (const c of withCreds.checks) c.inferred = true;
      const browser = n.browser === 'firefox' ? 'Firefox' : 'Chromium';
      const note = `Every check passes without credentials, yet ${browser} blocked the request: it must have been sent with credentials (fetch credentials: "include" or XHR withCredentials), and these checks fail with them.`;
      return { evaluation: withCreds, credentials: true, credentialsInferred: true, notes: [note] };
    }
  }
  return { evaluation, credentials: f.credentials.include, credentialsInferred: false, notes: [] };
}

export function evaluate(n: Norm, credentials: boolean, sentOrigin: string, method: string, unsafeHeaders: string[] | undefined): Evaluation {
  const httpLike = n.url === '' ? true : isHttpLike(n.url);
  if (n.preflight.kind === 'observed') {
    const pf = n.preflight;
    const input: Parameters<typeof preflightChecks>[0] = {
      status: pf.status,
      headers: pf.headers,
      method,
      unsafeHeaders,
      credentials,
      origin: sentOrigin,
      httpLike,
    };
    if (pf.redirectTo !== undefined) input.redirectTo = pf.redirectTo;
    const pr = preflightChecks(input);
    if (pr.checks.length > 0) return { checks: pr.checks, stage: 'preflight', preflight: pr };
    const ev = evaluateResponse(n, credentials, sentOrigin, httpLike);
    ev.preflight = pr;
    return ev;
  }
  return evaluateResponse(n, credentials, sentOrigin, httpLike);
}

function evaluateResponse(n: Norm, credentials: boolean, sentOrigin: string, httpLike: boolean): Evaluation {
  const rs = n.response;
  if (!rs) return { checks: [], stage: null };
  const checks: Check[] = [];
  // cors_url_loader.cc OnReceiveRedirect: the CORS check runs on the redirect response first,
  // then the location is checked for credentials.
  for (const f of corsCheck({
    allowOrigin: combinedHeader(rs.headers, 'access-control-allow-origin'),
    allowCredentials: combinedHeader(rs.headers, 'access-control-allow-credentials'),
    credentials,
    origin: sentOrigin,
    httpLike,
  })) {
    checks.push(corsFailureToCheck(f, 'response', sentOrigin));
  }
  if (rs.redirectTo !== undefined && urlHasCredentials(rs.redirectTo)) {
    checks.push({
      code: 'RedirectContainsCredentials',
      stage: 'response',
      header: 'Location',
      expected: 'a redirect URL without user:password@',
      actual: rs.redirectTo,
      explanation: 'The server redirected a cross-origin request to a URL that contains a username or password; CORS requests refuse to follow such redirects. Redirect to a URL without credentials.',
      failedParameter: rs.redirectTo,
    });
  }
  return { checks, stage: checks.length > 0 ? 'response' : null };
}
