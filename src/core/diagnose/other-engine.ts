// The other engine's view: Firefox's order, reason codes and console lines for the same exchange
// (firefox-view.ts), and where the engine that was not inspected would report or decide
// differently. For a Firefox exchange, Firefox's view is the diagnosis and Chromium's the other.
import type { Check } from '../check';
import { firefoxCodeForCheck, firefoxMaxAge, firefoxView, type FirefoxView, type FirefoxViewInput } from '../firefox-view';
import { effectiveMaxAge } from '../preflight-cache';
import type { Evaluation } from './checks';
import type { Verdict } from './diagnosis';
import type { Norm } from './normalize';

export interface EngineViews {
  /** The inspected engine's failing checks, in its order, each with Firefox's reason code. */
  checks: Check[];
  /** Firefox's view (the inspected one for a Firefox exchange, the other one otherwise). */
  ff: FirefoxView;
  /** `Authorization` got through only because of `Access-Control-Allow-Headers: *`. */
  authorizationViaWildcard: boolean;
  notes: string[];
}

export function engineViews(n: Norm, sentOrigin: string, credentials: boolean, ev: Evaluation): EngineViews {
  const authorizationViaWildcard = ev.preflight?.authorizationViaWildcard ?? false;
  // Optional fields assigned, not spread in: conditional object spread was the engine's top cost.
  const ffInput: FirefoxViewInput = {
    url: n.url,
    origin: sentOrigin,
    credentials,
    chromiumChecks: ev.checks,
    stage: ev.stage,
    headersMerged: n.browser === 'firefox',
    authorizationViaWildcard,
  };
  if (n.preflight.kind === 'observed') ffInput.preflight = n.preflight;
  if (n.response) ffInput.response = n.response;
  // Console wording differs between Firefox versions: only a Firefox exchange's own version applies.
  if (n.browser === 'firefox' && n.browserVersion !== undefined) ffInput.firefoxVersion = n.browserVersion;
  const ff = firefoxView(ffInput);
  const notes: string[] = [];
  if (n.browser !== 'firefox') {
    // Firefox's reason for each check, read from the headers (its ACAO "multiple" rule is not Chromium's).
    for (const c of ev.checks) {
      const headers = c.stage === 'preflight' ? (n.preflight.kind === 'observed' ? n.preflight.headers : undefined) : n.response?.headers;
      const code = firefoxCodeForCheck(c, headers, false);
      if (code) c.firefoxCode = code;
    }
    return { checks: ev.checks, ff, authorizationViaWildcard, notes };
  }
  if (ff.acaoLinesGuessed)
    notes.push(
      "Firefox's webRequest hands over duplicate Access-Control-Allow-Origin lines already merged into one comma-joined value, and Firefox's own verdict depends on the lines' letter case (it counts only lines spelled exactly `Access-Control-Allow-Origin` as duplicates, and otherwise compares the merged value): which of the two reasons Firefox printed is inferred from the values.",
    );
  return { checks: ff.checks, ff, authorizationViaWildcard, notes };
}

export interface DifferenceInput {
  firefox: boolean;
  verdict: Verdict;
  chromiumChecks: readonly Check[];
  chromiumLine: string | undefined;
  ff: FirefoxView;
  maxAgeHeader: string | undefined;
  preflightPassed: boolean;
}

/** Where the other engine would report or decide differently, said in its own terms. */
export function browserDifferences(p: DifferenceInput): string[] {
  const out: string[] = [];
  const cFirst = p.chromiumChecks[0];
  const fFirst = p.ff.checks[0];
  if (p.verdict === 'blocked' && cFirst && fFirst) {
    if (p.firefox) {
      if (p.chromiumLine) out.push(`Chromium 156 would print: "${p.chromiumLine}"`);
      if (p.ff.lines.length > 1)
        out.push(
          `Firefox prints ${p.ff.lines.length} lines for this one failure: the later "CORS request did not succeed" line${p.ff.lines.length > 2 ? 's are' : ' is'} the ${p.ff.lines.length > 2 ? 'preflight and the request' : 'request'} being cancelled because of the first, not another problem. Chromium prints one line.`,
        );
    } else {
      const [line, ...more] = p.ff.lines;
      if (line)
        out.push(
          `Firefox 153 would print: "${line}"${more.length > 0 ? `, followed by ${more.length} "CORS request did not succeed" line${more.length > 1 ? 's' : ''} for the cancelled ${more.length > 1 ? 'preflight and request' : 'request'}` : ''}.`,
        );
    }
    if (cFirst.code !== fFirst.code) {
      if (cFirst.code === 'InvalidAllowHeadersPreflightResponse' && fFirst.code === 'MethodDisallowedByPreflightResponse')
        out.push('Chromium parses Access-Control-Allow-Headers before it checks the method, so it reports the unparsable Access-Control-Allow-Headers first; Firefox checks Access-Control-Allow-Methods completely first, so it reports the method.');
      else if (cFirst.code === 'PreflightDisallowedRedirect')
        out.push(`Firefox runs the CORS check on the redirect response before it refuses the redirect, so it reports ${fFirst.firefoxCode ?? fFirst.code} first; Chromium refuses the redirected preflight without looking at its CORS headers.`);
      else out.push(`Chromium reports ${cFirst.code} first; Firefox's order reports ${fFirst.firefoxCode ?? fFirst.code} (${fFirst.code}) first.`);
    }
  }
  for (const c of p.ff.checks) {
    if (!/MultipleAllowOriginValues$/.test(c.code) || c.firefoxCode !== 'CORSAllowOriginNotMatchingOrigin') continue;
    out.push(
      `Chromium reads any comma or space in Access-Control-Allow-Origin as several values (\`${c.actual ?? ''}\`: "contains multiple values"); Firefox counts as duplicates only header lines spelled exactly \`Access-Control-Allow-Origin\`, and otherwise compares the merged value with the origin ("does not match").`,
    );
    break;
  }
  if (p.ff.warnings[0] !== undefined)
    out.push(
      p.firefox
        ? 'Chromium 156 also lets `Authorization` through `Access-Control-Allow-Headers: *`, but silently: it logs no warning.'
        : `Firefox 153 also lets \`Authorization\` through \`Access-Control-Allow-Headers: *\`, but logs a deprecation warning: "${p.ff.warnings[0]}"`,
    );
  if (p.preflightPassed && p.maxAgeHeader !== undefined) {
    const chromium = effectiveMaxAge(p.maxAgeHeader).seconds;
    const firefoxSeconds = firefoxMaxAge(p.maxAgeHeader).seconds;
    if (chromium !== firefoxSeconds)
      out.push(
        p.firefox
          ? `Chromium would keep this preflight for ${chromium} seconds (it caps Access-Control-Max-Age at 7200 and falls back to 5 seconds when the value is not an integer).`
          : `Firefox would keep this preflight for ${firefoxSeconds} seconds (it caps Access-Control-Max-Age at 86400 and does not cache at all when the value is not all digits).`,
      );
  }
  return out;
}
