// The `environment` block of a report made in the panel: the time (local, with its offset, so the
// download's `yyyymmdd-hhmmss` is the user's wall clock), CORS Doctor's version and the browser.
import type { ReportEnvironment } from '../core/report/index';
import type { PanelEnvironment } from './environment';

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** ISO 8601 in local time with the UTC offset: `2026-05-01T14:34:56.000+02:00`. */
export function localIsoTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

export function reportEnvironment(env: PanelEnvironment): ReportEnvironment {
  return {
    generatedAt: localIsoTime(env.now()),
    tool: { name: 'extension', version: env.extensionVersion },
    browser: env.browser(),
  };
}
