// Requests CORS did not decide: the server was never reached (a network error, on the preflight
// or the request), or the request is same-origin. Both end the diagnosis before any check runs.
import { firefoxView } from '../firefox-view';
import { describeNetworkError } from '../net-errors';
import { realCauseHints } from '../real-cause';
import type { Diagnosis } from './diagnosis';
import type { DiagnosisBase, RequestFacts } from './facts';

// Firefox's necko error names for the usual "server not reached" cases -> Chromium's net error.
const NET_ERROR_IN_CHROMIUM: Record<string, string> = {
  NS_ERROR_CONNECTION_REFUSED: 'net::ERR_CONNECTION_REFUSED',
  NS_ERROR_UNKNOWN_HOST: 'net::ERR_NAME_NOT_RESOLVED',
  NS_ERROR_NET_TIMEOUT: 'net::ERR_TIMED_OUT',
  NS_ERROR_NET_RESET: 'net::ERR_CONNECTION_RESET',
  NS_ERROR_NET_INTERRUPT: 'net::ERR_CONNECTION_CLOSED',
  NS_ERROR_OFFLINE: 'net::ERR_INTERNET_DISCONNECTED',
};

export function chromiumNetError(err: string): string {
  if (err.startsWith('net::')) return err;
  return Object.prototype.hasOwnProperty.call(NET_ERROR_IN_CHROMIUM, err) ? (NET_ERROR_IN_CHROMIUM[err] as string) : 'a net::ERR_… error';
}

/** The network error that ended the request, when nothing CORS could judge arrived; else undefined. */
export function unreachedError(f: RequestFacts): string | undefined {
  const { n, errClass } = f;
  if (n.preflight.kind === 'network-error') return errClass === 'network' ? (n.error as string) : n.preflight.error;
  if (n.preflight.kind !== 'observed' && !n.response && errClass === 'network') return n.error as string;
  return undefined;
}

export function networkErrorDiagnosis(f: RequestFacts, base: DiagnosisBase, err: string, inferred: string[], deviations: string[]): Diagnosis {
  const { n, origins } = f;
  const hints = realCauseHints({ url: n.url, origin: origins.sent, method: f.shape.method, tainted: origins.tainted, checks: [], whyPreflight: f.need.whyPreflight, networkError: err });
  const d: Diagnosis = {
    ...base,
    verdict: 'network-error',
    checks: [],
    realCause: hints,
    inferred: [...inferred, describeNetworkError(err)],
    cache: { effectiveSeconds: null, source: null, servedFromCache: false, explanation: 'No preflight response was received.' },
    warnings: [],
    unreadableResponseHeaders: [],
    summary: `Not a CORS problem: the server was not reached (${err}).`,
    stage: null,
    chromiumDeviations: deviations,
  };
  const ff = firefoxView({
    url: n.url,
    origin: origins.sent,
    credentials: f.credentials.include,
    chromiumChecks: [],
    stage: null,
    networkError: n.preflight.kind === 'network-error' ? 'preflight' : 'request',
    headersMerged: n.browser === 'firefox',
    authorizationViaWildcard: false,
  });
  const firstFf = ff.lines[0] as string;
  if (n.browser === 'firefox') {
    d.browserMessage = firstFf;
    d.browserMessages = ff.lines;
    d.browserDifferences = [
      `Firefox words this "CORS request did not succeed" (Status code: (null)), which is no CORS verdict: no response arrived. Chromium 156 reports the network error itself (${chromiumNetError(err)}) and no CORS message.`,
    ];
  } else {
    d.browserDifferences = [
      `Firefox 153 would print "${firstFf}"${ff.lines.length > 1 ? ` (${ff.lines.length} times: once for the preflight, once for the request)` : ''}: despite the wording, no CORS check ran, the server was not reached.`,
    ];
  }
  return d;
}

export function sameOriginDiagnosis(f: RequestFacts, base: DiagnosisBase, inferred: string[], deviations: string[]): Diagnosis {
  return {
    ...base,
    verdict: f.errClass === 'network' ? 'network-error' : 'allowed',
    checks: [],
    realCause: [],
    inferred: [...inferred, `The request is same-origin (${f.origins.page}), so CORS does not apply.`],
    cache: { effectiveSeconds: null, source: null, servedFromCache: false, explanation: 'Same-origin requests are never preflighted.' },
    warnings: [],
    unreadableResponseHeaders: [],
    summary: `Not a CORS request: ${f.n.url} is same-origin with the page.`,
    stage: null,
    chromiumDeviations: deviations,
  };
}
