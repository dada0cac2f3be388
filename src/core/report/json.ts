// The report as JSON text: what the panel's JSON export downloads and the CLI's `--json` prints.
import type { Report } from './model';

/** The report as a file or as the CLI's stdout: two-space indented, trailing newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
