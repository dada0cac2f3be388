// What the Export menu's buttons do: build the report (src/core/report, which builds the fixes
// with every server stack's generator) and render it. Kept apart from the menu so opening the
// panel does not load the report module: ExportMenu imports this with import() (see lazy.ts).
import type { StackId } from '../core/fixes/index';
import { buildReport, exportReport, renderMarkdown, type ReportFile, type ReportFormat, type ReportInput } from '../core/report/index';
import type { PanelEnvironment } from './environment';
import { reportEnvironment } from './report-environment';

/** No "include secrets": what the panel holds was masked by the worker at capture. */
export interface ExportOptions {
  stack: StackId | null;
}

export function reportFile(format: ReportFormat, inputs: readonly ReportInput[], env: PanelEnvironment, options: ExportOptions): ReportFile {
  return exportReport(format, inputs, reportEnvironment(env), options);
}

export function reportMarkdown(inputs: readonly ReportInput[], env: PanelEnvironment, options: ExportOptions): string {
  return renderMarkdown(buildReport(inputs, reportEnvironment(env), options));
}
