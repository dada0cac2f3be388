import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import { HOLD_TICKS, initialPairingState, reducePairing, type CapturedExchange, type PairingEvent, type PairingLimits, type RequestEvent } from '../../src/core/pairing';

// The pairing reducer alone, over hand-made event sequences. The recorded browser sequences run
// through the worker's edge translation too: test/background/recorded-webrequest.test.ts.

function replay(events: PairingEvent[], limits?: PairingLimits) {
  let state = initialPairingState();
  const emitted: CapturedExchange[] = [];
  let dropped = 0;
  for (const ev of events) {
    const r = reducePairing(state, ev, limits);
    state = r.state;
    emitted.push(...r.emitted);
    dropped += r.dropped;
  }
  return { state, emitted, dropped };
}

// Hand-made sequences: concurrency, partial sequences, redirects, limits.
const PAGE = 'http://page.test';
const API = 'http://api.test/items';
let ts = 0;
function ev(event: RequestEvent['event'], requestId: string, method: string, extra: Partial<RequestEvent> = {}): RequestEvent {
  return { event, requestId, tabId: 1, frameId: 0, documentId: 'D', url: API, method, type: 'xmlhttprequest', initiator: PAGE, timeStamp: ++ts, ...extra };
}
function preflight(id: string, forMethod: string, status: number, headers: Array<[string, string]> = [], extra: Partial<RequestEvent> = {}): RequestEvent[] {
  return [
    ev('beforeRequest', id, 'OPTIONS', extra),
    ev('sendHeaders', id, 'OPTIONS', { ...extra, requestHeaders: [['Origin', PAGE], ['Access-Control-Request-Method', forMethod]] }),
    ev('headersReceived', id, 'OPTIONS', { ...extra, statusCode: status, responseHeaders: headers }),
    ev('completed', id, 'OPTIONS', { ...extra, statusCode: status, responseHeaders: headers }),
  ];
}
const ok: Array<[string, string]> = [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT, DELETE, PATCH']];

describe('pairing, hand-made sequences', () => {
  it('pairs concurrent identical requests first in, first out', () => {
    const { emitted } = replay([
      ev('beforeRequest', 'a1', 'PUT'),
      ev('beforeRequest', 'a2', 'PUT'),
      ...preflight('p1', 'PUT', 404),
      ...preflight('p2', 'PUT', 204, ok),
      ev('errorOccurred', 'a1', 'PUT', { error: 'net::ERR_FAILED' }),
      ev('sendHeaders', 'a2', 'PUT', { requestHeaders: [['Origin', PAGE]] }),
      ev('completed', 'a2', 'PUT', { statusCode: 200, responseHeaders: [['Access-Control-Allow-Origin', PAGE]] }),
    ]);
    expect(emitted.map((c) => [c.id.split(':')[1], c.exchange.preflight?.kind === 'observed' && c.exchange.preflight.status])).toEqual([
      ['a1', 404],
      ['a2', 204],
    ]);
  });

  it('pairs interleaved requests with different methods by Access-Control-Request-Method', () => {
    const { emitted } = replay([
      ev('beforeRequest', 'put', 'PUT'),
      ev('beforeRequest', 'del', 'DELETE'),
      ...preflight('pd', 'DELETE', 403),
      ...preflight('pp', 'PUT', 401),
      ev('errorOccurred', 'put', 'PUT', { error: 'net::ERR_FAILED' }),
      ev('errorOccurred', 'del', 'DELETE', { error: 'net::ERR_FAILED' }),
    ]);
    const byMethod = Object.fromEntries(emitted.map((c) => [c.exchange.request.method, c.exchange.preflight?.kind === 'observed' ? c.exchange.preflight.status : null]));
    expect(byMethod).toEqual({ PUT: 401, DELETE: 403 });
  });

  it('does not pair across documents or URLs', () => {
    const { emitted, state } = replay([
      ...preflight('p', 'PUT', 404, [], { documentId: 'OTHER' }),
      ev('errorOccurred', 'a', 'PUT', { error: 'net::ERR_FAILED' }),
    ]);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.exchange.preflight).toEqual({ kind: 'not-observed' });
    expect(state.tabs['t1']!.ended).toHaveLength(1);
  });

  it('still reports an error whose start was never seen', () => {
    const { emitted } = replay([ev('errorOccurred', 'x', 'PUT', { error: 'net::ERR_FAILED' })]);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.exchange.request).toMatchObject({ url: API, method: 'PUT', origin: PAGE, error: 'net::ERR_FAILED' });
  });

  it('emits a failed preflight whose actual request never appears when the tab navigates', () => {
    const { emitted, state } = replay([...preflight('p', 'DELETE', 404), { event: 'navigated', tabId: 1, preserveLog: false }]);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.preflightOnly).toBe(true);
    expect(emitted[0]!.exchange.request).toMatchObject({ method: 'DELETE', error: 'net::ERR_FAILED' });
    expect(state.tabs).toEqual({});
  });

  it('ends the actual request that Firefox errors before its preflight, once the preflight ends', () => {
    const { emitted } = replay([
      ev('beforeRequest', 'a', 'PUT'),
      ev('sendHeaders', 'a', 'PUT', { requestHeaders: [['Origin', PAGE], ['X-Custom', '1']] }),
      ev('beforeRequest', 'p', 'OPTIONS'),
      ev('sendHeaders', 'p', 'OPTIONS', { requestHeaders: [['Origin', PAGE], ['Access-Control-Request-Method', 'PUT']] }),
      ev('headersReceived', 'p', 'OPTIONS', { statusCode: 404, responseHeaders: [] }),
      ev('errorOccurred', 'a', 'PUT', { error: 'NS_ERROR_DOM_BAD_URI' }),
      ev('errorOccurred', 'p', 'OPTIONS', { error: 'NS_ERROR_DOM_BAD_URI' }),
    ]);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.exchange).toMatchObject({ browser: 'firefox', request: { method: 'PUT', error: 'NS_ERROR_DOM_BAD_URI' }, preflight: { kind: 'observed', status: 404 } });
  });

  it('pairs a dead port\'s request whose error arrives before its preflight\'s (Chromium 150 under load)', () => {
    const { emitted, state } = replay([
      ev('beforeRequest', 'a', 'PUT'),
      ev('beforeRequest', 'p', 'OPTIONS'),
      ev('sendHeaders', 'p', 'OPTIONS', { requestHeaders: [['Origin', PAGE], ['Access-Control-Request-Method', 'PUT']] }),
      ev('errorOccurred', 'a', 'PUT', { error: 'net::ERR_CONNECTION_REFUSED' }),
      ev('errorOccurred', 'p', 'OPTIONS', { error: 'net::ERR_FAILED' }),
    ]);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.exchange).toMatchObject({ request: { method: 'PUT', error: 'net::ERR_CONNECTION_REFUSED' }, preflight: { kind: 'network-error', error: 'net::ERR_FAILED' } });
    expect(diagnose(emitted[0]!.exchange).verdict).toBe('network-error');
    expect(state.tabs['t1']).toMatchObject({ inflight: {}, ended: [], waiting: [] });
  });

  it('leaves an identical request\'s answered preflight alone when a request fails before its own preflight starts', () => {
    // Chromium under load refuses a request (net::ERR_INSUFFICIENT_RESOURCES) next to an identical one whose preflight runs.
    const { emitted, state } = replay([
      ev('beforeRequest', 'a1', 'DELETE'),
      ev('beforeRequest', 'p1', 'OPTIONS'),
      ev('sendHeaders', 'p1', 'OPTIONS', { requestHeaders: [['Origin', PAGE], ['Access-Control-Request-Method', 'DELETE']] }),
      ev('beforeRequest', 'a2', 'DELETE'),
      ev('errorOccurred', 'a2', 'DELETE', { error: 'net::ERR_INSUFFICIENT_RESOURCES' }),
      ev('headersReceived', 'p1', 'OPTIONS', { statusCode: 404, responseHeaders: [] }),
      ev('completed', 'p1', 'OPTIONS', { statusCode: 404, responseHeaders: [] }),
      ev('errorOccurred', 'a1', 'DELETE', { error: 'net::ERR_FAILED' }),
    ]);
    expect(emitted.map((c) => [c.id.split(':')[1], c.exchange.preflight?.kind])).toEqual([
      ['a2', 'not-observed'],
      ['a1', 'observed'],
    ]);
    expect(state.tabs['t1']).toMatchObject({ ended: [], waiting: [] });
  });

  it(`records a request held for its preflight without it after ${HOLD_TICKS} ticks of the worker (the preflight's end was lost)`, () => {
    const held = [
      ev('beforeRequest', 'a', 'PUT'),
      ev('beforeRequest', 'p', 'OPTIONS'),
      ev('sendHeaders', 'p', 'OPTIONS', { requestHeaders: [['Origin', PAGE], ['Access-Control-Request-Method', 'PUT']] }),
      ev('errorOccurred', 'a', 'PUT', { error: 'net::ERR_CONNECTION_REFUSED' }),
    ];
    const tick: PairingEvent = { event: 'tick', tabId: 1 };
    expect(replay([...held, ...Array.from({ length: HOLD_TICKS - 1 }, () => tick)]).emitted).toEqual([]);
    const { emitted, state } = replay([...held, ...Array.from({ length: HOLD_TICKS }, () => tick)]);
    expect(emitted.map((c) => [c.exchange.request.error, c.exchange.preflight?.kind])).toEqual([['net::ERR_CONNECTION_REFUSED', 'not-observed']]);
    expect(state.tabs['t1']!.waiting).toEqual([]);
    expect(state.tabs['t1']!.ticks).toBeUndefined();
    // With nothing held, a tick changes nothing.
    expect(reducePairing(state, tick).touched).toEqual([]);
  });

  it('follows a redirected actual request to the preflight at the new URL', () => {
    const B = 'http://other.test/items';
    const { emitted } = replay([
      ev('beforeRequest', 'a', 'PUT'),
      ...preflight('p1', 'PUT', 204, ok),
      ev('sendHeaders', 'a', 'PUT', { requestHeaders: [['Origin', PAGE]] }),
      ev('beforeRedirect', 'a', 'PUT', { statusCode: 307, redirectUrl: B, responseHeaders: [['Location', B], ...ok] }),
      ...preflight('p2', 'PUT', 404, [], { url: B }),
      ev('errorOccurred', 'a', 'PUT', { url: B, error: 'net::ERR_FAILED' }),
    ]);
    const lastHop = emitted.find((c) => c.exchange.request.url === B);
    expect(lastHop?.exchange.request.initialUrl).toBe(API);
    expect(lastHop?.exchange.preflight).toMatchObject({ kind: 'observed', status: 404 });
  });

  it('ignores same-origin requests, navigations, aborts and DevTools re-fetches', () => {
    const { emitted } = replay([
      ev('errorOccurred', 's', 'GET', { url: `${PAGE}/same`, error: 'net::ERR_FAILED' }),
      ev('errorOccurred', 'n', 'GET', { type: 'main_frame', error: 'net::ERR_FAILED' }),
      ev('errorOccurred', 'ab', 'GET', { error: 'net::ERR_ABORTED' }),
      ev('errorOccurred', 'dt', 'GET', { type: 'other', error: 'net::ERR_CACHE_MISS' }),
      ev('completed', 'img', 'GET', { type: 'image', statusCode: 200, requestHeaders: undefined }),
    ]);
    expect(emitted).toEqual([]);
  });

  it('takes credentials mode "include" from a Cookie on the sent request, else "unknown"', () => {
    const { emitted } = replay([
      ev('sendHeaders', 'c', 'GET', { requestHeaders: [['Origin', PAGE], ['Cookie', 'sid=1']] }),
      ev('errorOccurred', 'c', 'GET', { error: 'net::ERR_FAILED' }),
      ev('sendHeaders', 'u', 'GET', { requestHeaders: [['Origin', PAGE]] }),
      ev('errorOccurred', 'u', 'GET', { error: 'net::ERR_FAILED' }),
    ]);
    expect(emitted.map((c) => c.exchange.request.credentials)).toEqual(['include', 'unknown']);
  });

  it('stays within its limits, oldest dropped first, and says how many', () => {
    const limits: PairingLimits = { maxInflightPerTab: 10, maxEndedPerTab: 5, maxTabs: 3 };
    const events: PairingEvent[] = [];
    for (let i = 0; i < 50; i++) events.push(ev('beforeRequest', `r${i}`, 'GET'));
    for (let t = 2; t < 8; t++) events.push({ ...ev('beforeRequest', `t${t}`, 'GET'), tabId: t });
    const { state, dropped } = replay(events, limits);
    expect(Object.keys(state.tabs)).toEqual(['t5', 't6', 't7']);
    // 40 oldest requests of tab 1, then the 4 oldest tabs with what they still tracked (10 + 1 + 1 + 1).
    expect(dropped).toBe(40 + 13);
  });

  it('never throws on malformed events', () => {
    const junk = [null, undefined, 42, 'x', {}, { tabId: 1 }, { event: 'completed', tabId: 1, requestId: 5, url: {} }, { event: 'navigated' }] as unknown as PairingEvent[];
    expect(() => replay(junk)).not.toThrow();
  });
});
