// What the reducer emits: an in-flight request (and its preflight's outcome) as an Exchange.
import type { CredentialsMode, Exchange, HeaderList, PreflightObservation } from '../exchange';
import { headerValue, isFirefoxError } from './request-facts';
import type { CapturedExchange, EndedPreflight, Inflight } from './types';

function credentialsFrom(headers: HeaderList | undefined): CredentialsMode {
  // A Cookie on a sent cross-origin request proves credentials were included;
  // its absence proves nothing (there may be no cookie for the host).
  return headerValue(headers, 'cookie') !== undefined ? 'include' : 'unknown';
}

function initiatorTypeOf(type: string): string {
  switch (type) {
    case 'xmlhttprequest':
      return 'fetch';
    case 'font':
    case 'script':
    case 'stylesheet':
    case 'image':
    case 'media':
      return type;
    default:
      return type || 'other';
  }
}

function toExchange(inf: Inflight, preflight: PreflightObservation | undefined, error: string | undefined, browser: 'chromium' | 'firefox'): Exchange {
  const request: Exchange['request'] = {
    url: inf.url,
    method: inf.method,
    initiatorType: initiatorTypeOf(inf.type),
    credentials: credentialsFrom(inf.requestHeaders),
  };
  if (inf.initiator) request.origin = inf.initiator;
  if (inf.requestHeaders) request.headers = inf.requestHeaders;
  if (error) request.error = error;
  if (inf.firstUrl !== inf.url) request.initialUrl = inf.firstUrl;
  const exchange: Exchange = { request, browser, timeStamp: inf.start };
  if (preflight) exchange.preflight = preflight;
  if (inf.response && inf.response.status !== undefined) {
    exchange.response = { status: inf.response.status, headers: inf.response.headers ?? [] };
    if (inf.response.redirectUrl) exchange.response.redirectTo = inf.response.redirectUrl;
  }
  return exchange;
}

export function preflightObservation(inf: Inflight, error: string | undefined): PreflightObservation {
  const status = inf.response?.status;
  // A preflight that got a response is "observed" even when the browser then
  // reports an error for it (Chromium: redirect; Firefox: NS_ERROR_DOM_BAD_URI).
  if (status !== undefined) {
    const obs: PreflightObservation = { kind: 'observed', status, headers: inf.response?.headers ?? [] };
    if (inf.requestHeaders) obs.requestHeaders = inf.requestHeaders;
    if (inf.response?.redirectUrl) obs.redirectTo = inf.response.redirectUrl;
    return obs;
  }
  const obs: PreflightObservation = { kind: 'network-error', error: error ?? 'net::ERR_FAILED' };
  if (inf.requestHeaders) obs.requestHeaders = inf.requestHeaders;
  return obs;
}

/** The request side of a preflight-only exchange: what the preflight announced (method; header names via its requestHeaders). */
function inflightFromPreflight(p: EndedPreflight, tabId: number, initiator: string | undefined): Inflight {
  return {
    requestId: `preflight-${tabId}-${p.at}`,
    frameKey: p.frameKey,
    firstUrl: p.url,
    url: p.url,
    method: p.method,
    type: 'xmlhttprequest',
    ...(initiator ? { initiator } : {}),
    start: p.at,
    redirects: [],
  };
}

export function captured(
  tabId: number,
  inf: Inflight,
  preflight: PreflightObservation | undefined,
  error: string | undefined,
  preflightOnlyFlag: boolean,
  browser: 'chromium' | 'firefox' = isFirefoxError(error) ? 'firefox' : 'chromium',
): CapturedExchange {
  return {
    id: `${tabId}:${inf.requestId}:${inf.start}`,
    tabId,
    exchange: toExchange(inf, preflight, error, browser),
    preflightOnly: preflightOnlyFlag,
  };
}

export function preflightOnly(p: EndedPreflight, tabId: number): CapturedExchange {
  const failed = p.observation.kind === 'network-error' || (p.observation.kind === 'observed' && (p.observation.status < 200 || p.observation.status > 299));
  const inf = inflightFromPreflight(p, tabId, p.initiator);
  return captured(tabId, inf, p.observation, failed ? 'net::ERR_FAILED' : undefined, true);
}
