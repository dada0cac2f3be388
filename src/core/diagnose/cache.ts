// The preflight cache: how long the observed preflight is kept (Access-Control-Max-Age as
// Chromium's preflight_result.cc, or Firefox's nsCORSPreflightListener, reads it), or why no
// preflight was seen for a request that needs one.
import { firefoxMaxAge } from '../firefox-view';
import { combinedHeader } from '../headers';
import { describeMaxAge, type PreflightCacheInfo } from '../preflight-cache';
import type { Norm } from './normalize';

export interface CacheDecision {
  cache: PreflightCacheInfo;
  /** The preflight's Access-Control-Max-Age, combined; undefined when absent or no preflight was seen. */
  maxAgeHeader: string | undefined;
  notes: string[];
}

/**
 * @param preflightFailed the checks failed at the preflight stage (failed preflights are never cached)
 * @param preflightNeeded whether the request needs a preflight; null when unknown
 */
export function preflightCache(n: Norm, preflightFailed: boolean, preflightNeeded: boolean | null): CacheDecision {
  const firefox = n.browser === 'firefox';
  if (n.preflight.kind === 'observed') {
    const maxAgeHeader = combinedHeader(n.preflight.headers, 'access-control-max-age');
    const cache = describeMaxAge(maxAgeHeader, preflightFailed);
    if (firefox) {
      // nsCORSPreflightListener::AddResultToCache: other defaults and cap than Chromium's.
      const fx = firefoxMaxAge(maxAgeHeader);
      cache.effectiveSeconds = fx.seconds;
      cache.source = firefoxMaxAgeSource(maxAgeHeader);
      cache.explanation = fx.explanation + (preflightFailed ? ' This preflight failed, and failed preflights are never cached: the next request sends a new one.' : '');
    }
    return { cache, maxAgeHeader, notes: [] };
  }
  if (preflightNeeded === true && n.response) {
    const cache: PreflightCacheInfo = {
      effectiveSeconds: null,
      source: null,
      servedFromCache: true,
      explanation: `This request needs a preflight, but none was observed and the request was still sent: ${firefox ? 'Firefox' : 'Chromium'} reused a cached preflight (Access-Control-Max-Age, or its 5-second default), or the preflight was invisible to the observer.`,
    };
    return { cache, maxAgeHeader: undefined, notes: ['No preflight was observed for a request that needs one: it was served from the preflight cache (or not visible).'] };
  }
  const explanation =
    preflightNeeded === null
      ? 'No preflight was observed; whether one was needed is unknown (the request headers were not seen).'
      : preflightNeeded
        ? 'No preflight response was observed.'
        : 'No preflight is needed for this request.';
  return { cache: { effectiveSeconds: null, source: null, servedFromCache: false, explanation }, maxAgeHeader: undefined, notes: [] };
}

export function firefoxMaxAgeSource(header: string | undefined): PreflightCacheInfo['source'] {
  if (header === undefined || header === '') return 'default';
  if (/^-[0-9]+$/.test(header)) return 'negative';
  if (!/^[0-9]+$/.test(header)) return 'unparsable';
  return firefoxMaxAge(header).seconds === 86400 && header.replace(/^0+/, '') !== '86400' ? 'capped' : 'header';
}
