// Builds the `cors-doctor/report@2` object (model.ts) from what the worker stores or the CLI
// diagnoses: every failure projected and redacted by one redactor, its fix and its commands, and
// the summary counted as the failures are built.
import type { Verdict } from '../diagnose';
import { writtenOrigin } from '../origin';
import type { Redactor } from '../redact';
import { reportFixOf } from './fix-choice';
import { isoFromEpochMs } from './iso-time';
import { REPORT_SCHEMA, type Report, type ReportEnvironment, type ReportFailure, type ReportInput, type ReportOptions } from './model';
import { redactedParts, reportRedactor } from './redacted-exchange';
import { reproductionOf } from './reproduce';

/** Build the report for one failure or many (a whole tab). Pure: same inputs, same object. */
export function buildReport(inputs: readonly ReportInput[], environment: ReportEnvironment, options: ReportOptions = {}): Report {
  const steps = reportSteps(inputs, environment, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * A recorded version as reports show it, or null: version characters only, and short (a HAR's
 * log.browser.version is anyone's text; a version is never a secret, so nothing is masked).
 */
function versionOf(v: unknown): string | null {
  return typeof v === 'string' && /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$/.test(v) ? v : null;
}

function failureOf(input: ReportInput, options: ReportOptions, redactor: Redactor): ReportFailure {
  const x = input.exchange;
  const { request, preflight, response, diagnosis, shown } = redactedParts(x, input.diagnosis, redactor);
  return {
    id: input.id,
    capturedAt: typeof input.capturedAt === 'number' ? isoFromEpochMs(input.capturedAt) : null,
    preflightFailure: input.preflightFailure ?? diagnosis.stage === 'preflight',
    preflightOnly: input.preflightOnly ?? false,
    browser: x.browser === 'firefox' ? 'firefox' : 'chromium',
    browserVersion: versionOf(x.browserVersion),
    request,
    preflight,
    response,
    diagnosis,
    fix: reportFixOf(input, options, redactor),
    reproduce: reproductionOf(shown, diagnosis, redactor),
  };
}

/** The summary, counted one failure at a time. */
function createTally(): { add(f: ReportFailure): void; summary(): Report['summary'] } {
  const byVerdict: Record<Verdict, number> = { blocked: 0, allowed: 0, 'network-error': 0, unexplained: 0 };
  const byCode: Record<string, number> = {};
  // Sets beside the arrays: a HAR can hold thousands of hosts (Array.includes per failure was quadratic).
  const targets: string[] = [];
  const pageOrigins: string[] = [];
  const seenTargets = new Set<string>();
  const seenPages = new Set<string>();
  let failures = 0;
  return {
    add(f) {
      failures++;
      byVerdict[f.diagnosis.verdict] = (byVerdict[f.diagnosis.verdict] ?? 0) + 1;
      const code = f.diagnosis.checks[0]?.code;
      if (code !== undefined) byCode[code] = (byCode[code] ?? 0) + 1;
      const target = writtenOrigin(f.request.url);
      if (target !== undefined && !seenTargets.has(target)) (seenTargets.add(target), targets.push(target));
      const page = f.diagnosis.origin.page;
      if (page !== null && !seenPages.has(page)) (seenPages.add(page), pageOrigins.push(page));
    },
    summary: () => ({ failures, byVerdict, byCode, targets, pageOrigins }),
  };
}

/**
 * The same report as buildReport, built one failure per step (each step yields how many are
 * built): a caller with an event loop, the CLI on a HAR of 100,000 entries, pauses between steps
 * so a Ctrl-C is answered while the report is built, not seconds later.
 */
export function* reportSteps(inputs: readonly ReportInput[], environment: ReportEnvironment, options: ReportOptions = {}): Generator<number, Report, void> {
  const redactor = reportRedactor(inputs, options);
  const tally = createTally();
  const failures: ReportFailure[] = [];
  for (const input of inputs) {
    const failure = failureOf(input, options, redactor);
    tally.add(failure);
    failures.push(failure);
    yield failures.length;
  }
  return {
    schema: REPORT_SCHEMA,
    environment: {
      generatedAt: environment.generatedAt,
      tool: { name: environment.tool.name, version: environment.tool.version },
      browser: environment.browser ? { name: environment.browser.name, version: environment.browser.version } : null,
    },
    redacted: redactor.active,
    summary: tally.summary(),
    failures,
  };
}
