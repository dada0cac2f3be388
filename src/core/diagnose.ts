// Exchange -> Diagnosis: Chromium's verdict, every failing check in Chromium's order, and why.
// For an exchange observed in Firefox (exchange.browser === 'firefox') the checks come in Firefox's
// order with Firefox's reason codes and console lines (firefox-view.ts); the verdict is the same.
//
// diagnoseNormalized reads as the table of contents: each step is a named function in
// src/core/diagnose/, and each step's result is plain data that the later steps read.
import { classifyError } from './net-errors';
import type { Exchange } from './exchange';
import { runChecks, preCheckNotes } from './diagnose/checks';
import { decideCredentials } from './diagnose/credentials';
import { preflightCache } from './diagnose/cache';
import { consoleLines, fillFirefoxCodes } from './diagnose/console-line';
import type { Diagnosis } from './diagnose/diagnosis';
import { explain } from './diagnose/explanations';
import { diagnosisBase, type RequestFacts } from './diagnose/facts';
import { normalize, type Norm } from './diagnose/normalize';
import { networkErrorDiagnosis, sameOriginDiagnosis, unreachedError } from './diagnose/not-cors';
import { decideOrigins } from './diagnose/origins';
import { browserDifferences, engineViews } from './diagnose/other-engine';
import { requestShape } from './diagnose/request-shape';
import { summarize } from './diagnose/summary';
import { decideVerdict, verdictNotes } from './diagnose/verdict';
import { decidePreflightNeed } from './diagnose/why-preflight';

export type { Check, CorsErrorCode, FirefoxReasonCode } from './check';
export type { Diagnosis, Verdict } from './diagnose/diagnosis';
export type { Hint } from './real-cause';
export type { Warning } from './warnings';
export type { PreflightCacheInfo } from './preflight-cache';
export type { PreflightReason } from './safelist';

export function diagnose(exchange: Exchange): Diagnosis {
  try {
    return diagnoseNormalized(normalize(exchange));
  } catch (e) {
    // Never throw: an engine bug degrades to an honest "unexplained".
    return {
      verdict: 'unexplained',
      checks: [],
      whyPreflight: null,
      preflightNeeded: null,
      realCause: [],
      inferred: [`The diagnosis engine failed on this input (${e instanceof Error ? e.message.slice(0, 200) : 'unknown error'}).`],
      cache: { effectiveSeconds: null, source: null, servedFromCache: false, explanation: 'Unknown.' },
      warnings: [],
      unreadableResponseHeaders: [],
      summary: 'The exchange could not be diagnosed.',
      stage: null,
      credentials: { mode: 'omit', assumed: true },
      origin: { page: null, sent: null, tainted: false },
      crossOrigin: null,
      chromiumDeviations: [],
    };
  }
}

function diagnoseNormalized(n: Norm): Diagnosis {
  const origins = decideOrigins(n);
  const credentials = decideCredentials(n);
  const shape = requestShape(n);
  const need = decidePreflightNeed(n, shape);
  const facts: RequestFacts = { n, origins, credentials, shape, need, errClass: classifyError(n.error) };
  const inferred = [...origins.notes, ...credentials.notes];
  const base = diagnosisBase(facts);

  const unreached = unreachedError(facts);
  if (unreached !== undefined) return networkErrorDiagnosis(facts, base, unreached, inferred, need.deviations);
  if (origins.crossOrigin === false) return sameOriginDiagnosis(facts, base, inferred, need.deviations);
  inferred.push(...preCheckNotes(facts));

  const outcome = runChecks(facts);
  const ev = outcome.evaluation;
  if (outcome.credentialsInferred) base.credentials = { mode: 'include', assumed: true };
  inferred.push(...outcome.notes);

  const views = engineViews(n, origins.sent, outcome.credentials, ev);
  inferred.push(...views.notes);
  const { cache, maxAgeHeader, notes: cacheNotes } = preflightCache(n, ev.stage === 'preflight', need.preflightNeeded);
  inferred.push(...cacheNotes);
  const verdict = decideVerdict(views.checks.length, facts.errClass);
  inferred.push(...verdictNotes(n, verdict, facts.errClass, need.preflightNeeded));

  const explained = explain({
    n,
    sentOrigin: origins.sent,
    tainted: origins.tainted,
    method: shape.method,
    whyPreflight: need.whyPreflight,
    unsafeHeaders: shape.unsafeHeaders,
    credentials: outcome.credentials,
    checks: views.checks,
    stage: ev.stage,
    verdict,
    errClass: facts.errClass,
    authorizationViaWildcard: views.authorizationViaWildcard,
    maxAgeSource: cache.source,
    firefoxWarning: views.ff.warnings[0],
  });
  const lines = consoleLines(n, origins.page, origins.sent, ev.checks, verdict, views.ff);
  fillFirefoxCodes(views.checks);
  const preflightPassed = n.preflight.kind === 'observed' && ev.stage !== 'preflight';
  const firefox = n.browser === 'firefox';
  const differences = browserDifferences({ firefox, verdict, chromiumChecks: ev.checks, chromiumLine: lines.chromiumLine, ff: views.ff, maxAgeHeader, preflightPassed });

  // Explicit properties, not `...base`: object spread here dominated the benchmark.
  const d: Diagnosis = {
    verdict,
    checks: views.checks,
    whyPreflight: base.whyPreflight,
    preflightNeeded: base.preflightNeeded,
    realCause: explained.realCause,
    inferred,
    cache,
    warnings: explained.warnings,
    unreadableResponseHeaders: explained.unreadableResponseHeaders,
    summary: summarize(n, verdict, views.checks, explained.realCause, explained.warnings, origins.sent),
    stage: verdict === 'blocked' ? ev.stage : null,
    credentials: base.credentials,
    origin: base.origin,
    crossOrigin: base.crossOrigin,
    chromiumDeviations: [...need.deviations, ...explained.deviations],
  };
  if (lines.browserMessage !== undefined) d.browserMessage = lines.browserMessage;
  if (lines.browserMessages !== undefined) d.browserMessages = lines.browserMessages;
  d.browserDifferences = differences;
  return d;
}
