// The commands that reproduce one failure outside the browser: the preflight and the request as
// curl, and a fetch() for the page's console, built from the redacted exchange. Each value is
// hunted for secrets quoted in other forms before quoting (masking quoted text can cut a quoted
// word open).
import type { Exchange } from '../exchange';
import type { Redactor } from '../redact';
import { preflightCurl, requestCurl } from './curl';
import { fetchSnippet } from './fetch-snippet';
import type { ReportDiagnosis, ReportInput, ReportOptions, ReportReproduction } from './model';
import { redactedParts, reportRedactor } from './redacted-exchange';

export function reproductionOf(shown: Exchange, diagnosis: ReportDiagnosis, r: Redactor): ReportReproduction {
  const pc = preflightCurl(shown, diagnosis, r.text);
  const rc = requestCurl(shown, diagnosis, r.text);
  return {
    preflightCurl: pc ? pc.command : null,
    preflightCurlNote: pc?.note ?? null,
    requestCurl: rc.command,
    requestCurlNote: rc.note ?? null,
    fetch: fetchSnippet(shown, diagnosis, r.text),
  };
}

/**
 * The reproduction commands of one failure, redacted as a report of that failure alone shows
 * them (`buildReport([input], …).failures[0].reproduce`), without detecting its stack or building
 * any fix.
 */
export function reproduce(input: Pick<ReportInput, 'exchange' | 'diagnosis'>, options: Pick<ReportOptions, 'includeSecrets'> = {}): ReportReproduction {
  const redactor = reportRedactor([input], options);
  const { shown, diagnosis } = redactedParts(input.exchange, input.diagnosis, redactor);
  return reproductionOf(shown, diagnosis, redactor);
}
