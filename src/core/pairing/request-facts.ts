// What one webRequest event or request says about itself: its frame, whether CORS can concern it,
// which browser's error it carries.
import type { HeaderList } from '../exchange';
import { headerValues } from '../headers';
import { originOfUrl } from '../origin';
import type { Inflight, RequestEvent } from './types';

export function headerValue(list: HeaderList | undefined, name: string): string | undefined {
  return list ? headerValues(list, name)[0] : undefined;
}

export function frameKeyOf(e: RequestEvent): string {
  return e.documentId ? `d:${e.documentId}` : `f:${e.frameId}`;
}

/** Navigations and DevTools' own re-fetch are not CORS requests. */
export function isIgnoredType(type: string): boolean {
  return type === 'main_frame' || type === 'sub_frame' || type === 'outermost_frame';
}

export function isCrossOrigin(initiator: string | undefined, url: string): boolean {
  if (!initiator || initiator === 'null') return initiator === 'null';
  // An opaque target (data:, blob:, an extension's own files) is never a CORS request here.
  const target = originOfUrl(url);
  return target !== undefined && target !== 'null' && target !== initiator;
}

export function isFirefoxError(error: string | undefined): boolean {
  return !!error && error.startsWith('NS_');
}

/** Chromium's and Firefox's "the request was aborted" are not CORS failures. */
export function isAbort(error: string | undefined): boolean {
  return error === 'net::ERR_ABORTED' || error === 'NS_BINDING_ABORTED';
}

/** A request CORS can have applied to: it failed, or it went out in CORS mode (it carries Origin). */
export function mayBeCorsRequest(inf: Inflight, error: string | undefined): boolean {
  return error !== undefined || headerValue(inf.requestHeaders, 'origin') !== undefined;
}
