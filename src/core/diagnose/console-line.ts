// The console line: what the inspected browser printed for this request, rebuilt from the first
// failing check (Chromium's cors_error_string.cc wording, or Firefox's security.properties lines).
import type { Check } from '../check';
import { firefoxCodeFor } from '../check';
import type { FirefoxView } from '../firefox-view';
import { chromiumConsoleMessage, type ConsoleMessageContext } from '../console-chromium';
import type { Verdict } from './diagnosis';
import type { Norm } from './normalize';

export interface ConsoleLines {
  /** The inspected browser's first line; undefined when it printed none (or, for Chromium, a network error). */
  browserMessage: string | undefined;
  /** Every line the inspected browser prints, in order; undefined when none. */
  browserMessages: string[] | undefined;
  /** Chromium's line, for either browser (the other engine's view quotes it). */
  chromiumLine: string | undefined;
}

/**
 * @param pageOrigin the page's origin: Chromium prints SecurityOrigin::ToString(), never the tainted 'null'
 * @param chromiumChecks Chromium's failing checks, in Chromium's order
 */
export function consoleLines(n: Norm, pageOrigin: string | null, sentOrigin: string, chromiumChecks: readonly Check[], verdict: Verdict, ff: FirefoxView): ConsoleLines {
  let chromiumLine: string | undefined;
  const chromiumFirst = chromiumChecks[0];
  if (chromiumFirst) {
    const ctx: ConsoleMessageContext = { url: n.url, origin: pageOrigin ?? sentOrigin };
    if (n.initialUrl !== undefined) ctx.initialUrl = n.initialUrl;
    if (n.initiatorType !== undefined) ctx.initiatorType = n.initiatorType;
    chromiumLine = chromiumConsoleMessage(chromiumFirst.code, chromiumFirst.failedParameter ?? '', ctx);
  }
  if (n.browser !== 'firefox') return { browserMessage: chromiumLine, browserMessages: chromiumLine !== undefined ? [chromiumLine] : undefined, chromiumLine };
  const blocked = verdict === 'blocked';
  return { browserMessage: blocked ? ff.lines[0] : undefined, browserMessages: blocked && ff.lines.length > 0 ? ff.lines : undefined, chromiumLine };
}

/** Gives every check without one the default Firefox reason code for its Chromium code (check.ts). */
export function fillFirefoxCodes(checks: readonly Check[]): void {
  for (const c of checks)
    if (!c.firefoxCode) {
      const code = firefoxCodeFor(c.code);
      if (code) c.firefoxCode = code;
    }
}
