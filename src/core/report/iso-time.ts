// Epoch milliseconds -> ISO 8601 UTC, computed (no Date, no clock: src/core reads no time).
// Days-to-civil conversion from Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `2026-05-01T12:34:56.789Z`; null for a value that is not a finite time in years 0..9999. */
export function isoFromEpochMs(ms: number): string | null {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return null;
  const t = Math.floor(ms);
  const days = Math.floor(t / 86_400_000);
  let rem = t - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return null;
  const h = Math.floor(rem / 3_600_000);
  rem -= h * 3_600_000;
  const min = Math.floor(rem / 60_000);
  rem -= min * 60_000;
  const s = Math.floor(rem / 1000);
  const msPart = rem - s * 1000;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(min, 2)}:${pad(s, 2)}.${pad(msPart, 3)}Z`;
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The date and time digits of an ISO 8601 string as written (local offset kept, not converted). */
export function isoParts(iso: string): { y: string; mo: string; d: string; h: string; mi: string; s: string } | null {
  const m = ISO_RE.exec(iso.trim());
  if (!m) return null;
  return { y: m[1] as string, mo: m[2] as string, d: m[3] as string, h: m[4] as string, mi: m[5] as string, s: m[6] ?? '00' };
}
