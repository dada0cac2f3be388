// How long Chromium keeps a successful preflight (services/network/cors/preflight_result.cc
// ParseAccessControlMaxAge): missing or unparsable -> 5 s; negative -> 0 (not cached);
// capped at 7200 s. Failed preflights are never cached.

export type MaxAgeSource = 'default' | 'header' | 'negative' | 'capped' | 'unparsable';

export interface PreflightCacheInfo {
  /** Raw Access-Control-Max-Age, when a preflight response was seen and carried one. */
  maxAgeHeader?: string;
  /** Seconds Chromium would keep this preflight; null when no preflight response was seen. */
  effectiveSeconds: number | null;
  source: MaxAgeSource | null;
  /** The request needed a preflight, none was observed, yet the request went out. */
  servedFromCache: boolean;
  explanation: string;
}

export const DEFAULT_MAX_AGE = 5;
export const MAX_MAX_AGE = 7200;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** base::StringToInt64: optional sign, digits only, no whitespace, must fit in int64. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n > INT64_MAX || n < INT64_MIN) return undefined;
  return n;
}

export function effectiveMaxAge(header: string | undefined): { seconds: number; source: MaxAgeSource } {
  if (header === undefined) return { seconds: DEFAULT_MAX_AGE, source: 'default' };
  const n = parseInt64(header);
  if (n === undefined) return { seconds: DEFAULT_MAX_AGE, source: 'unparsable' };
  if (n < 0n) return { seconds: 0, source: 'negative' };
  if (n >= BigInt(MAX_MAX_AGE)) return { seconds: MAX_MAX_AGE, source: n === BigInt(MAX_MAX_AGE) ? 'header' : 'capped' };
  return { seconds: Number(n), source: 'header' };
}

export function describeMaxAge(header: string | undefined, failed: boolean): PreflightCacheInfo {
  const { seconds, source } = effectiveMaxAge(header);
  let explanation: string;
  switch (source) {
    case 'default':
      explanation = 'No Access-Control-Max-Age: Chromium keeps this preflight for 5 seconds.';
      break;
    case 'unparsable':
      explanation = `Access-Control-Max-Age \`${header}\` is not an integer: Chromium falls back to its 5-second default.`;
      break;
    case 'negative':
      explanation = `Access-Control-Max-Age \`${header}\` is negative: the preflight is not cached, every request sends a new one.`;
      break;
    case 'capped':
      explanation = `Access-Control-Max-Age \`${header}\` exceeds Chromium's cap: it keeps the preflight for 7200 seconds (2 hours) at most.`;
      break;
    default:
      explanation =
        seconds === 0
          ? 'Access-Control-Max-Age 0: the preflight is not reused.'
          : `Chromium keeps this preflight for ${seconds} seconds (Access-Control-Max-Age).`;
  }
  if (failed) explanation += ' This preflight failed, and failed preflights are never cached: the next request sends a new one.';
  const info: PreflightCacheInfo = { effectiveSeconds: seconds, source, servedFromCache: false, explanation };
  if (header !== undefined) info.maxAgeHeader = header;
  return info;
}
