// The verdict: blocked when a check fails; otherwise the browser's error decides (a network error,
// an unexplained CORS block, or allowed). And what can be said about a verdict beyond the checks.
import { describeNetworkError, type ErrorClass } from '../net-errors';
import type { Verdict } from './diagnosis';
import type { Norm } from './normalize';

const UNEXPLAINED_CAUSES_FIREFOX = [
  'The response Firefox evaluated may differ from the one observed (a service worker answered, or the request was retried).',
  'Another check may have blocked it: Cross-Origin-Resource-Policy / COEP, mixed content, or a Content Security Policy on the page.',
  'The credentials mode may differ from what was assumed (fetch credentials: "include" or XHR withCredentials).',
];

const UNEXPLAINED_CAUSES = [
  'The preflight may not have been visible: Chromium shows preflights to extensions only when a webRequest listener asks for extraHeaders.',
  'The response the browser evaluated may differ from the one observed (a service worker answered, or the request was retried).',
  'Another check may have blocked it: Cross-Origin-Resource-Policy / COEP (net::ERR_BLOCKED_BY_RESPONSE), Local Network Access, mixed content, or a Content Security Policy on the page.',
  'The credentials mode may differ from what was assumed (fetch credentials: "include" or XHR withCredentials).',
];

export function decideVerdict(failingChecks: number, errClass: ErrorClass): Verdict {
  if (failingChecks > 0) return 'blocked';
  if (errClass === 'network') return 'network-error';
  if (errClass === 'cors') return 'unexplained';
  return 'allowed';
}

/** Conclusions about the verdict itself: possible causes of an unexplained block, the network error, an abort, a redirect. */
export function verdictNotes(n: Norm, verdict: Verdict, errClass: ErrorClass, preflightNeeded: boolean | null): string[] {
  const notes: string[] = [];
  if (verdict === 'unexplained') {
    if (preflightNeeded && n.preflight.kind !== 'observed' && !n.response)
      notes.push('The request needed a preflight, but neither the preflight nor a response was observed: the preflight most likely failed out of sight (webRequest hides preflights unless a listener asks for extraHeaders).');
    notes.push(...(n.browser === 'firefox' ? UNEXPLAINED_CAUSES_FIREFOX : UNEXPLAINED_CAUSES));
  }
  if (verdict === 'network-error' && n.error) notes.push(describeNetworkError(n.error));
  if (errClass === 'aborted' && verdict === 'allowed') notes.push(`The page itself aborted the request (${n.error}); CORS did not block it.`);
  if (n.response?.redirectTo !== undefined && verdict === 'allowed')
    notes.push(
      `The response redirects to ${n.response.redirectTo}; the CORS checks shown cover this hop only. ${preflightNeeded ? 'The redirected request gets a fresh preflight at the new URL. ' : ''}After a cross-origin redirect the next request carries \`Origin: null\`.`,
    );
  return notes;
}
