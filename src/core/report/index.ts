// Shareable reports: build the redacted `cors-doctor/report@2` object once, render it as JSON,
// Markdown or HTML, and name the download. The panel and the CLI call only this module.
import { reportFileName, type ReportFormat } from './file-name';
import { renderHtml } from './html';
import { buildReport, renderJson, type ReportEnvironment, type ReportInput, type ReportOptions } from './json';
import { renderMarkdown } from './markdown';

export { buildReport, renderJson, reportSteps, REPORT_SCHEMA } from './json';
export type {
  Report, ReportDiagnosis, ReportEnvironment, ReportFailure, ReportFix, ReportHeaders, ReportInput,
  ReportOptions, ReportPreflight, ReportReproduction, ReportRequest, ReportResponse,
} from './json';
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
