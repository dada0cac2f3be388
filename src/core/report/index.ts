// Shareable reports: build the redacted `cors-doctor/report@2` object once (build.ts), render it
// as JSON, Markdown or HTML, and name the download; the commands that reproduce one failure
// (reproduce) and which stack's fix to show (chooseFix). The panel's exports render all three
// formats through here. The CLI builds the same object here and prints it as JSON (`--json`), or
// as its own terminal text rendered from the same redacted failures (src/cli/render-text.ts): it
// renders no Markdown.
import { buildReport } from './build';
import { reportFileName, type ReportFormat } from './file-name';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import type { ReportEnvironment, ReportInput, ReportOptions } from './model';

export { buildReport, reportSteps } from './build';
export { renderJson } from './json';
export { REPORT_SCHEMA } from './model';
export type {
  FixSource, Report, ReportDiagnosis, ReportEnvironment, ReportFailure, ReportFix, ReportHeaders, ReportInput,
  ReportOptions, ReportPreflight, ReportReproduction, ReportRequest, ReportResponse,
} from './model';
export { reproduce } from './reproduce';
export { chooseFix } from './fix-choice';
export { renderMarkdown } from './markdown';
export { renderHtml } from './html';
export { preflightCurl, requestCurl, type CurlCommand } from './curl';
export { shellQuote } from './shell-quote';
export { fetchSnippet, jsString } from './fetch-snippet';
export { createRedactor, isSecretHeaderName, isSecretParamName, mask, type Redactor } from '../redact';
export { fileNameHost, reportFileName, type ReportFormat } from './file-name';

export interface ReportFile {
  fileName: string;
  mimeType: string;
  content: string;
}

const MIME: Record<ReportFormat, string> = {
  md: 'text/markdown;charset=utf-8',
  json: 'application/json;charset=utf-8',
  html: 'text/html;charset=utf-8',
};

/** One export, ready to download: the panel's Export > Markdown/JSON/HTML buttons call this. */
export function exportReport(
  format: ReportFormat,
  inputs: readonly ReportInput[],
  environment: ReportEnvironment,
  options: ReportOptions = {},
): ReportFile {
  const report = buildReport(inputs, environment, options);
  const content = format === 'json' ? renderJson(report) : format === 'md' ? renderMarkdown(report) : renderHtml(report);
  return {
    fileName: reportFileName(report.failures.map((f) => f.request.url), environment.generatedAt, format),
    mimeType: MIME[format],
    content,
  };
}
