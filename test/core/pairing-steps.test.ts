import { describe, expect, it } from 'vitest';
import { initialPairingState, reducePairing } from '../../src/core/pairing';
import { concernsCors, tabKey } from '../../src/core/pairing/steps';
import type { RequestEvent } from '../../src/core/pairing';

// reducePairing's first decision about a request event: can CORS concern it at all? Everything
// else (pairing, ends, limits) is covered through reducePairing in pairing.test.ts and the fuzz test.
const PAGE = 'http://page.test';
function ev(extra: Partial<RequestEvent> = {}): RequestEvent {
  return { event: 'beforeRequest', requestId: 'r1', tabId: 1, frameId: 0, url: 'http://api.test/a', method: 'GET', type: 'xmlhttprequest', initiator: PAGE, timeStamp: 1, ...extra };
}

interface Case {
  name: string;
  event: RequestEvent;
  concerns: boolean;
  source: string;
}

describe('concernsCors', () => {
  it.each<Case>([
    { name: 'a cross-origin fetch', event: ev(), concerns: true, source: 'Fetch "CORS request": the origin differs' },
    { name: 'a same-origin fetch not yet tracked', event: ev({ url: `${PAGE}/same` }), concerns: false, source: 'Fetch: same-origin requests never run the CORS check' },
    { name: 'a same-origin request redirected to another origin', event: ev({ event: 'beforeRedirect', url: `${PAGE}/same`, redirectUrl: 'http://api.test/a' }), concerns: true, source: 'Fetch "HTTP-redirect fetch": the cross-origin hop is a CORS request' },
    { name: 'a same-origin request redirected within the origin', event: ev({ event: 'beforeRedirect', url: `${PAGE}/same`, redirectUrl: `${PAGE}/other` }), concerns: false, source: 'Fetch: still same-origin' },
    { name: 'a request with no initiator (the page origin unknown)', event: ev({ initiator: undefined, url: `${PAGE}/same` }), concerns: true, source: 'kept: it may be cross-origin' },
    { name: 'a navigation', event: ev({ type: 'main_frame' }), concerns: false, source: 'navigations are not CORS requests' },
    { name: 'a WebSocket', event: ev({ type: 'websocket' }), concerns: false, source: 'WebSockets have no CORS (RFC 6455 checks Origin server-side)' },
    { name: 'a request outside any tab (tabId -1: the worker, another extension)', event: ev({ tabId: -1 }), concerns: false, source: 'webRequest: tabId -1 is no tab' },
    { name: 'an event without a requestId', event: ev({ requestId: undefined as unknown as string }), concerns: false, source: 'malformed event' },
  ])('$name: $concerns ($source)', ({ event, concerns }) => {
    expect(concernsCors(initialPairingState(), tabKey(event.tabId), event)).toBe(concerns);
  });

  it('keeps following a request already tracked even when this event is same-origin', () => {
    const tracked = reducePairing(initialPairingState(), ev()).state;
    expect(concernsCors(tracked, tabKey(1), ev({ event: 'headersReceived', url: `${PAGE}/same` }))).toBe(true);
  });
});
