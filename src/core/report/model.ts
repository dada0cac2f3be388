// The `cors-doctor/report@2` object: one or more diagnosed failures, redacted, with the fix for a
// stack and the commands that reproduce each request. The panel's JSON export and the CLI's
// `--json` print exactly this object (json.ts); Markdown and HTML are rendered from it, and the
// CLI's terminal text too, so a value is redacted once, by the builder (build.ts), and no
// renderer can leak what it hid.
// Documented in docs/REPORTS.md; validated against docs/report-schema.json.
import type { Check, Diagnosis, Hint, PreflightCacheInfo, PreflightReason, Verdict, Warning } from '../diagnose';
import type { Exchange } from '../exchange';
import type { Fix, StackGuess, StackId } from '../fixes';

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

/** How the stack of a report's fix was chosen: picked by the user, detected from the responses, or the first. */
export type FixSource = 'selected' | 'detected' | 'default';

export interface ReportFix {
  /** How the stack of `fix` was chosen. */
  source: FixSource;
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

/** "Firefox 140.12.0", "Chromium 156", or the name alone when no version was recorded: the browser a failure was captured in. */
export function capturedIn(f: Pick<ReportFailure, 'browser' | 'browserVersion'>): string {
  const name = f.browser === 'firefox' ? 'Firefox' : 'Chromium';
  return f.browserVersion === null ? name : `${name} ${f.browserVersion}`;
}
