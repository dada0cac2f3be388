// The `cors-doctor/report@2` object: one or more diagnosed failures, redacted, with the fix for a
// stack and the commands that reproduce each request. The panel's JSON export and the CLI's
// `--json` print exactly this object; Markdown and HTML are rendered from it, so a value is
// redacted once, here, and no renderer can leak what this builder hid.
// Documented in docs/REPORTS.md; validated against docs/report-schema.json.
import type { Check, Diagnosis, Hint, PreflightCacheInfo, PreflightReason, Verdict, Warning } from '../diagnose';
import type { Exchange, HeaderList } from '../exchange';
import { coerceHeaderList } from '../headers';
import { writtenOrigin } from '../origin';
import { num, str } from '../read';
import { fixContext, fixesFor, STACKS, type Fix, type StackGuess, type StackId } from '../fixes';
import { verifyCommand } from '../fixes/verify-command';
import { detectStack } from '../stack-detect';
import { preflightCurl, requestCurl } from './curl';
import { fetchSnippet } from './fetch-snippet';
import { isoFromEpochMs } from './iso-time';
import { createRedactor, redactDiagnosis, redactOwn, type Redactor } from '../redact';

// @2 (this wave): failures[].browserVersion. docs/REPORTS.md says how the schema moves.
export const REPORT_SCHEMA = 'cors-doctor/report@2';

/** Where and when the report was made; passed in, since src/core reads no clock and no browser. */
export interface ReportEnvironment {
  /** ISO 8601 time the report was generated. */
  generatedAt: string;
  /** The CORS Doctor that made it: the extension or the CLI, and its version. */
  tool: { name: 'extension' | 'cli'; version: string };
  /** The browser the failures were captured in; null for the CLI (it applies Chromium's rules). */
  browser: { name: string; version: string } | null;
}

export interface ReportOptions {
  /** Off by default: every secret is masked. True only for one explicit export. */
  includeSecrets?: boolean;
  /** The stack whose fix is shown; default: the detected stack, else the first in STACKS order. */
  stack?: StackId | null;
}

/** What the worker stores per failure (CapturedFailure is assignable); the CLI passes id/exchange/diagnosis. */
export interface ReportInput {
  id: string;
  /** Epoch ms when the browser reported the request's end. */
  capturedAt?: number;
  exchange: Exchange;
  diagnosis: Diagnosis;
  preflightFailure?: boolean;
  preflightOnly?: boolean;
}

export type ReportHeaders = Array<[string, string]>;

export interface ReportRequest {
  url: string;
  method: string;
  origin: string | null;
  initiatorType: string | null;
  credentials: 'include' | 'omit' | 'unknown';
  /** As sent; null when the request was never sent (its preflight failed). */
  headers: ReportHeaders | null;
  error: string | null;
  initialUrl: string | null;
}

export type ReportPreflight =
  | { kind: 'observed'; status: number; statusText: string | null; requestHeaders: ReportHeaders | null; headers: ReportHeaders; redirectTo: string | null; body: string | null }
  | { kind: 'network-error'; requestHeaders: ReportHeaders | null; error: string }
  | { kind: 'not-observed' };

export interface ReportResponse {
  status: number;
  headers: ReportHeaders;
  redirectTo: string | null;
  body: string | null;
}

/** The engine's Diagnosis, field by field (a projection, so the report schema stays stable as the engine grows). */
export interface ReportDiagnosis {
  verdict: Verdict;
  summary: string;
  stage: 'preflight' | 'response' | null;
  checks: Check[];
  browserMessage: string | null;
  whyPreflight: PreflightReason[] | null;
  preflightNeeded: boolean | null;
  realCause: Hint[];
  inferred: string[];
  cache: PreflightCacheInfo;
  warnings: Warning[];
  unreadableResponseHeaders: string[];
  credentials: { mode: 'include' | 'omit'; assumed: boolean };
  origin: { page: string | null; sent: string | null; tainted: boolean };
  crossOrigin: boolean | null;
  chromiumDeviations: string[];
}

export interface ReportFix {
  /** How the stack of `fix` was chosen. */
  source: 'selected' | 'detected' | 'default';
  fix: Fix | null;
  /** Stacks fingerprinted from the responses, most likely first, with the evidence. */
  detected: StackGuess[];
  /** Every stack a fix exists for (pick one with the panel's selector or `--stack`). */
  available: StackId[];
}

export interface ReportReproduction {
  preflightCurl: string | null;
  preflightCurlNote: string | null;
  requestCurl: string;
  requestCurlNote: string | null;
  /** Paste into the page's DevTools console. */
  fetch: string;
}

export interface ReportFailure {
  id: string;
  capturedAt: string | null;
  preflightFailure: boolean;
  preflightOnly: boolean;
  browser: 'chromium' | 'firefox';
  /** The version of the browser that captured it ("140.12.0"; "156" for the CLI's Chromium rules); null when not recorded. */
  browserVersion: string | null;
  request: ReportRequest;
  preflight: ReportPreflight;
  response: ReportResponse | null;
  diagnosis: ReportDiagnosis;
  fix: ReportFix;
  reproduce: ReportReproduction;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  environment: ReportEnvironment;
  /** True when secrets were masked (the default). */
  redacted: boolean;
  summary: {
    failures: number;
    byVerdict: Record<Verdict, number>;
    /** checks[0].code of each failure, counted. */
    byCode: Record<string, number>;
    /** Request hosts (scheme://host:port), in first-seen order. */
    targets: string[];
    pageOrigins: string[];
  };
  failures: ReportFailure[];
}

// ---------------------------------------------------------------------------------------------

function statusCode(v: unknown): number {
  return Math.trunc(num(v) ?? 0);
}
function headersOrNull(v: unknown, r: Redactor): ReportHeaders | null {
  return v === undefined || v === null ? null : r.headers(coerceHeaderList(v));
}

/** Every string in a plain JSON-like value, through `f` (for engine objects of prose). */
function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = mapStrings(v, f);
    return out as T;
  }
  return value;
}

function requestOf(x: Exchange, r: Redactor): ReportRequest {
  const q = x.request ?? ({} as Exchange['request']);
  const cred = q.credentials;
  return {
    url: r.url(str(q.url) ?? ''),
    method: str(q.method) ?? 'GET',
    origin: str(q.origin) ?? null,
    initiatorType: str(q.initiatorType) ?? null,
    credentials: cred === 'include' || cred === 'omit' ? cred : 'unknown',
    headers: headersOrNull(q.headers, r),
    error: str(q.error) === undefined ? null : r.text(q.error as string),
    initialUrl: str(q.initialUrl) === undefined ? null : r.url(q.initialUrl as string),
  };
}

function preflightOf(x: Exchange, r: Redactor): ReportPreflight {
  const p = x.preflight;
  if (p && p.kind === 'observed') {
    return {
      kind: 'observed',
      status: statusCode(p.status),
      statusText: str(p.statusText) === undefined ? null : r.text(p.statusText as string),
      requestHeaders: headersOrNull(p.requestHeaders, r),
      headers: r.headers(coerceHeaderList(p.headers)),
      redirectTo: str(p.redirectTo) === undefined ? null : r.url(p.redirectTo as string),
      body: str(p.body) === undefined ? null : r.body(p.body as string),
    };
  }
  if (p && p.kind === 'network-error') {
    return { kind: 'network-error', requestHeaders: headersOrNull(p.requestHeaders, r), error: r.text(str(p.error) ?? 'net::ERR_FAILED') };
  }
  return { kind: 'not-observed' };
}

function responseOf(x: Exchange, r: Redactor): ReportResponse | null {
  const s = x.response;
  if (!s || typeof s !== 'object') return null;
  return {
    status: statusCode(s.status),
    headers: r.headers(coerceHeaderList(s.headers)),
    redirectTo: str(s.redirectTo) === undefined ? null : r.url(s.redirectTo as string),
    body: str(s.body) === undefined ? null : r.body(s.body as string),
  };
}

function diagnosisOf(d: Diagnosis, r: Redactor): ReportDiagnosis {
  const projected: ReportDiagnosis = {
    verdict: d.verdict,
    summary: d.summary,
    stage: d.stage,
    checks: d.checks,
    browserMessage: d.browserMessage ?? null,
    whyPreflight: d.whyPreflight,
    preflightNeeded: d.preflightNeeded,
    realCause: d.realCause,
    inferred: d.inferred,
    cache: d.cache,
    warnings: d.warnings,
    unreadableResponseHeaders: d.unreadableResponseHeaders,
    credentials: d.credentials,
    origin: d.origin,
    crossOrigin: d.crossOrigin ?? null,
    chromiumDeviations: d.chromiumDeviations ?? [],
  };
  // Redaction copies as it goes; without it (includeSecrets) a plain copy keeps the report apart from the engine's objects.
  return r.active ? redactDiagnosis(projected, r) : mapStrings(projected, (s) => s);
}

/** The exchange as the report shows it: the redacted values, so commands built from it are redacted too. */
function redactedExchange(x: Exchange, req: ReportRequest, pf: ReportPreflight, rs: ReportResponse | null): Exchange {
  const out: Exchange = {
    request: {
      url: req.url,
      method: req.method,
      ...(req.origin !== null ? { origin: req.origin } : {}),
      ...(req.headers !== null ? { headers: req.headers } : {}),
      credentials: req.credentials,
    },
  };
  if (pf.kind === 'observed') {
    out.preflight = { kind: 'observed', status: pf.status, headers: pf.headers, ...(pf.requestHeaders ? { requestHeaders: pf.requestHeaders } : {}) };
  } else if (pf.kind === 'network-error') {
    out.preflight = { kind: 'network-error', error: pf.error, ...(pf.requestHeaders ? { requestHeaders: pf.requestHeaders } : {}) };
  } else out.preflight = { kind: 'not-observed' };
  if (rs) out.response = { status: rs.status, headers: rs.headers };
  if (x.browser) out.browser = x.browser;
  return out;
}

function fixOf(input: ReportInput, options: ReportOptions, r: Redactor): ReportFix {
  const available = STACKS.map((s) => s.id);
  let detected: StackGuess[] = [];
  let fixes: Fix[] = [];
  // The fixes are computed on the real values (a stack is recognised by its headers), then redacted.
  try {
    detected = detectStack(input.exchange);
    // Only the fix the report shows: the selected stack, else the detected one, else the first.
    const wanted = options.stack ?? detected[0]?.stack ?? STACKS[0]?.id;
    fixes = wanted ? fixesFor(input.diagnosis, input.exchange, { only: [wanted] }) : [];
  } catch {
    // A fix module that throws on an odd exchange must not cost the user the whole report.
  }
  let source: ReportFix['source'] = 'default';
  let fix: Fix | undefined;
  if (options.stack) {
    fix = fixes.find((f) => f.stack === options.stack);
    source = 'selected';
  } else if (detected.length > 0) {
    fix = fixes.find((f) => f.stack === detected[0]?.stack);
    source = 'detected';
  }
  if (!fix && !options.stack) {
    fix = fixes[0];
    source = 'default';
  }
  return {
    source,
    // The Verify line is redacted value by value, then quoted: masking the quoted text can cut a
    // quoted word open (a secret that spans a quote leaves the rest of the URL to the shell).
    fix: fix ? { ...(r.active ? redactOwn(fix, r) : mapStrings(fix, (s) => s)), verify: verifyCommand(fixContext(input.diagnosis, input.exchange), r.text) } : null,
    detected: redactOwn(detected, r),
    available,
  };
}

/** Build the report for one failure or many (a whole tab). Pure: same inputs, same object. */
export function buildReport(inputs: readonly ReportInput[], environment: ReportEnvironment, options: ReportOptions = {}): Report {
  const steps = reportSteps(inputs, environment, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * The same report as buildReport, built one failure per step (each step yields how many are
 * built): a caller with an event loop, the CLI on a HAR of 100,000 entries, pauses between steps
 * so a Ctrl-C is answered while the report is built, not seconds later.
 */
export function* reportSteps(inputs: readonly ReportInput[], environment: ReportEnvironment, options: ReportOptions = {}): Generator<number, Report, void> {
  const redactor = createRedactor(
    {
      headers: inputs.flatMap((i) => {
        const x = i.exchange;
        const lists: HeaderList[] = [coerceHeaderList(x.request?.headers)];
        if (x.preflight && x.preflight.kind !== 'not-observed') lists.push(coerceHeaderList(x.preflight.requestHeaders));
        if (x.preflight && x.preflight.kind === 'observed') lists.push(coerceHeaderList(x.preflight.headers));
        if (x.response) lists.push(coerceHeaderList(x.response.headers));
        return lists;
      }),
      urls: inputs.flatMap((i) => {
        const x = i.exchange;
        const urls = [str(x.request?.url), str(x.request?.initialUrl)];
        if (x.preflight?.kind === 'observed') urls.push(str(x.preflight.redirectTo));
        urls.push(str(x.response?.redirectTo));
        return urls.filter((u): u is string => u !== undefined);
      }),
      bodies: inputs.flatMap((i) => [str(i.exchange.preflight?.kind === 'observed' ? i.exchange.preflight.body : null), str(i.exchange.response?.body)].filter((b): b is string => b !== undefined)),
    },
    { includeSecrets: options.includeSecrets === true },
  );

  const byVerdict: Record<Verdict, number> = { blocked: 0, allowed: 0, 'network-error': 0, unexplained: 0 };
  const byCode: Record<string, number> = {};
  // Sets beside the arrays: a HAR can hold thousands of hosts (Array.includes per failure was quadratic).
  const targets: string[] = [];
  const pageOrigins: string[] = [];
  const seenTargets = new Set<string>();
  const seenPages = new Set<string>();
  const failureOf = (input: ReportInput): ReportFailure => {
    const x = input.exchange;
    const request = requestOf(x, redactor);
    const preflight = preflightOf(x, redactor);
    const response = responseOf(x, redactor);
    const diagnosis = diagnosisOf(input.diagnosis, redactor);
    const shown = redactedExchange(x, request, preflight, response);
    // Hunted for secrets quoted in other forms value by value, before quoting (see fixOf).
    const pc = preflightCurl(shown, diagnosis, redactor.text);
    const rc = requestCurl(shown, diagnosis, redactor.text);
    byVerdict[diagnosis.verdict] = (byVerdict[diagnosis.verdict] ?? 0) + 1;
    const code = diagnosis.checks[0]?.code;
    if (code !== undefined) byCode[code] = (byCode[code] ?? 0) + 1;
    const target = writtenOrigin(request.url);
    if (target !== undefined && !seenTargets.has(target)) (seenTargets.add(target), targets.push(target));
    const page = diagnosis.origin.page;
    if (page !== null && !seenPages.has(page)) (seenPages.add(page), pageOrigins.push(page));
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
      fix: fixOf(input, options, redactor),
      reproduce: {
        preflightCurl: pc ? pc.command : null,
        preflightCurlNote: pc?.note ?? null,
        requestCurl: rc.command,
        requestCurlNote: rc.note ?? null,
        fetch: fetchSnippet(shown, diagnosis, redactor.text),
      },
    };
  };
  const failures: ReportFailure[] = [];
  for (const input of inputs) {
    failures.push(failureOf(input));
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
    summary: { failures: failures.length, byVerdict, byCode, targets, pageOrigins },
    failures,
  };
}

/**
 * A recorded version as reports show it, or null: version characters only, and short (a HAR's
 * log.browser.version is anyone's text; a version is never a secret, so nothing is masked).
 */
function versionOf(v: unknown): string | null {
  return typeof v === 'string' && /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$/.test(v) ? v : null;
}

/** "Firefox 140.12.0", "Chromium 156", or the name alone when no version was recorded: the browser a failure was captured in. */
export function capturedIn(f: Pick<ReportFailure, 'browser' | 'browserVersion'>): string {
  const name = f.browser === 'firefox' ? 'Firefox' : 'Chromium';
  return f.browserVersion === null ? name : `${name} ${f.browserVersion}`;
}

/** The report as a file or as the CLI's stdout: two-space indented, trailing newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
