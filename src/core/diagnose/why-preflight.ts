// Why a preflight was (or would be) sent: the non-safelisted method and headers (Fetch "CORS-
// preflight fetch" conditions), reconciled with what the observed preflight listed, and where
// Chromium's safelist is wider than the standard's.
import { lowerAscii } from '../headers';
import { isCorsSafelistedMethod, preflightReasons, SPEC_SAFELISTED_NAMES, type PreflightReason } from '../safelist';
import type { Norm } from './normalize';
import type { RequestShape } from './request-shape';

// Client-hint headers Chromium safelists and the Fetch standard does not.
const CHROMIUM_ONLY_SAFELISTED = new Set(['intervention', 'device-memory', 'dpr', 'downlink', 'width', 'viewport-width', 'rtt', 'ect', 'save-data']);

export interface PreflightNeed {
  /** What made the request non-simple; [] = simple; null = unknown (request headers not seen). */
  whyPreflight: PreflightReason[] | null;
  /** Whether Chromium sends a preflight for this request; null when unknown. */
  preflightNeeded: boolean | null;
  /** Where Chromium departs from the Fetch standard here (client hints it safelists). */
  deviations: string[];
}

export function decidePreflightNeed(n: Norm, shape: RequestShape): PreflightNeed {
  const whyPreflight = preflightReasonsFor(shape);
  const deviations = shape.requestHeaders ? clientHintDeviations(shape.requestHeaders, shape.unsafeHeaders) : [];
  const preflightNeeded: boolean | null =
    n.preflight.kind !== 'not-observed' ? true : whyPreflight === null ? null : whyPreflight.length > 0;
  return { whyPreflight, preflightNeeded, deviations };
}

function preflightReasonsFor({ method, acrh, requestHeaders }: RequestShape): PreflightReason[] | null {
  if (requestHeaders) {
    let why = preflightReasons(method, requestHeaders);
    if (acrh) {
      const names = new Set(acrh);
      why = why.filter((r) => r.header === undefined || names.has(r.header));
      for (const name of acrh)
        if (!why.some((r) => r.header === name))
          why.push({ kind: 'from-preflight', header: name, explanation: `The browser listed \`${name}\` in Access-Control-Request-Headers: it is not CORS-safelisted as sent.` });
    }
    return why;
  }
  if (acrh) {
    const why = preflightReasons(method, []);
    for (const name of acrh)
      why.push({ kind: 'from-preflight', header: name, explanation: `The request sends \`${name}\` (listed in Access-Control-Request-Headers), which is not CORS-safelisted with its value.` });
    return why;
  }
  return isCorsSafelistedMethod(method) ? null : preflightReasons(method, []);
}

function clientHintDeviations(requestHeaders: NonNullable<RequestShape['requestHeaders']>, unsafeHeaders: string[] | undefined): string[] {
  const out: string[] = [];
  for (const [name, value] of requestHeaders) {
    const lower = lowerAscii(name);
    if (CHROMIUM_ONLY_SAFELISTED.has(lower) && !SPEC_SAFELISTED_NAMES.includes(lower) && !unsafeHeaders?.includes(lower))
      out.push(`\`${name}: ${value}\` needs no preflight in Chromium (it safelists this client-hint header), although the Fetch standard does not list it.`);
  }
  return out;
}
