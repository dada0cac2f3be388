import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vi } from 'vitest';

// `npm run fuzz` raises FUZZ_RUNS to 100,000: give each property the time it needs (no timing is asserted).
vi.setConfig({ testTimeout: Math.max(5_000, Number(process.env.FUZZ_RUNS ?? 0) * 10) });
import { diagnose } from '../../src/core/diagnose';
import {
  initialPairingState,
  reducePairing,
  type PairingEvent,
  type PairingLimits,
  type RequestEvent,
} from '../../src/core/pairing';

// Adversarial event sequences into the pairing reducer: out of order,
// duplicated, missing starts, unknown tabs, requestId reuse, garbage fields.
// A fixed seeded budget runs in `npm test`; `npm run fuzz` sets FUZZ_RUNS high.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 424242);
const LIMITS: PairingLimits = { maxInflightPerTab: 16, maxEndedPerTab: 8, maxTabs: 4 };

const url = fc.constantFrom('http://api.test/a', 'http://api.test/a?x=1', 'http://other.test/b', 'http://page.test/same', 'not a url', '');
const method = fc.constantFrom('GET', 'PUT', 'DELETE', 'patch', 'OPTIONS', 'POST', '');
const headerList = fc.array(
  fc.tuple(
    fc.constantFrom('Origin', 'Access-Control-Request-Method', 'Access-Control-Allow-Origin', 'Cookie', 'access-control-allow-methods', 'X-Custom', ''),
    fc.oneof(fc.constantFrom('http://page.test', 'PUT', '*', 'GET, PUT', 'a=1', '\r\n', '<script>'), fc.string()),
  ),
  { maxLength: 5 },
);
const requestEvent: fc.Arbitrary<RequestEvent> = fc.record({
  event: fc.constantFrom('beforeRequest', 'sendHeaders', 'headersReceived', 'beforeRedirect', 'completed', 'errorOccurred'),
  requestId: fc.constantFrom('1', '2', '3', '4', '5', '6'),
  tabId: fc.constantFrom(-1, 1, 2, 3, 4, 5, 6),
  frameId: fc.constantFrom(0, 1),
  documentId: fc.option(fc.constantFrom('D1', 'D2'), { nil: undefined }),
  url,
  method,
  type: fc.constantFrom('xmlhttprequest', 'main_frame', 'font', 'image', 'other', 'websocket'),
  initiator: fc.option(fc.constantFrom('http://page.test', 'null', 'http://api.test'), { nil: undefined }),
  timeStamp: fc.double({ noNaN: false }),
  statusCode: fc.option(fc.constantFrom(0, 200, 204, 301, 404, 999, -1), { nil: undefined }),
  error: fc.option(fc.constantFrom('net::ERR_FAILED', 'net::ERR_ABORTED', 'NS_ERROR_DOM_BAD_URI', 'net::ERR_CACHE_MISS', ''), { nil: undefined }),
  redirectUrl: fc.option(url, { nil: undefined }),
  requestHeaders: fc.option(headerList, { nil: undefined }),
  responseHeaders: fc.option(headerList, { nil: undefined }),
}) as fc.Arbitrary<RequestEvent>;
const tabEvent: fc.Arbitrary<PairingEvent> = fc.oneof(
  fc.record({ event: fc.constant('tabRemoved' as const), tabId: fc.constantFrom(1, 2, 99) }),
  fc.record({ event: fc.constant('navigated' as const), tabId: fc.constantFrom(1, 2, 99), preserveLog: fc.boolean() }),
);
const junk = fc.anything() as fc.Arbitrary<PairingEvent>;
const events = fc.array(fc.oneof({ weight: 8, arbitrary: requestEvent }, { weight: 1, arbitrary: tabEvent }, { weight: 1, arbitrary: junk }), { maxLength: 80 });

describe(`pairing reducer under adversarial sequences (${RUNS} runs, seed ${SEED})`, () => {
  it('never throws, stays within its limits, and every emitted exchange diagnoses cleanly', () => {
    fc.assert(
      fc.property(events, (seq) => {
        let state = initialPairingState();
        for (const ev of seq) {
          const r = reducePairing(state, ev, LIMITS);
          state = r.state;
          for (const c of r.emitted) {
            const d = diagnose(c.exchange);
            expect(['blocked', 'allowed', 'network-error', 'unexplained']).toContain(d.verdict);
          }
          const tabs = Object.values(state.tabs);
          expect(tabs.length).toBeLessThanOrEqual(LIMITS.maxTabs);
          for (const t of tabs) {
            expect(Object.keys(t.inflight).length).toBeLessThanOrEqual(LIMITS.maxInflightPerTab);
            expect(t.ended.length).toBeLessThanOrEqual(LIMITS.maxEndedPerTab);
            expect(t.waiting.length).toBeLessThanOrEqual(LIMITS.maxEndedPerTab);
          }
        }
        // The state must survive the write-through to session storage (structured clone / JSON).
        expect(JSON.parse(JSON.stringify(state))).toEqual(JSON.parse(JSON.stringify(state)));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('in place or by copy: the same exchanges and state at every step; by copy never touches its input; `touched` names every changed tab', () => {
    fc.assert(
      fc.property(events, (seq) => {
        let pure = initialPairingState();
        const owned = initialPairingState();
        for (const ev of seq) {
          const before = JSON.stringify(pure);
          const beforeTabs = Object.fromEntries(Object.entries(pure.tabs).map(([k, t]) => [k, JSON.stringify(t)]));
          const a = reducePairing(pure, ev, LIMITS);
          const b = reducePairing(owned, ev, LIMITS, { inPlace: true });
          expect(JSON.stringify(pure)).toBe(before);
          expect(b.state).toBe(owned);
          expect(JSON.stringify(b.emitted)).toBe(JSON.stringify(a.emitted));
          expect(b.dropped).toBe(a.dropped);
          expect(JSON.stringify(owned)).toBe(JSON.stringify(a.state));
          const changed = new Set([...Object.keys(beforeTabs), ...Object.keys(a.state.tabs)].filter((k) => beforeTabs[k] !== (a.state.tabs[k] && JSON.stringify(a.state.tabs[k]))));
          for (const k of changed) expect(b.touched).toContain(k);
          pure = a.state;
        }
      }),
      { numRuns: Math.max(50, Math.floor(RUNS / 2)), seed: SEED },
    );
  });

  it('pairs any interleaving of N preflighted requests to the same URL, each with a preflight of its own method', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['PUT', 'DELETE', 'PATCH', 'X-A', 'X-B', 'X-C'], { minLength: 1 }), fc.integer({ min: 0, max: 1000 }), (methods, salt) => {
        // Per request: start, its preflight's full life, then the actual request's error; requests interleaved by salt.
        const perRequest = methods.map((m, i) => {
          const base = { tabId: 1, frameId: 0, documentId: 'D', url: 'http://api.test/x', type: 'xmlhttprequest', initiator: 'http://page.test' };
          return [
            { ...base, event: 'beforeRequest', requestId: `a${i}`, method: m },
            { ...base, event: 'beforeRequest', requestId: `p${i}`, method: 'OPTIONS' },
            { ...base, event: 'sendHeaders', requestId: `p${i}`, method: 'OPTIONS', requestHeaders: [['Access-Control-Request-Method', m]] },
            { ...base, event: 'completed', requestId: `p${i}`, method: 'OPTIONS', statusCode: 204, responseHeaders: [] },
            { ...base, event: 'errorOccurred', requestId: `a${i}`, method: m, error: 'net::ERR_FAILED' },
          ].map((e, k) => ({ ...e, timeStamp: i * 10 + k })) as RequestEvent[];
        });
        // Merge the per-request sequences in an order chosen by salt, keeping each one's own order.
        const cursors = perRequest.map(() => 0);
        const merged: RequestEvent[] = [];
        let x = salt;
        while (merged.length < perRequest.length * 5) {
          x = (x * 1103515245 + 12345) % 2147483648;
          const live = cursors.map((c, i) => (c < 5 ? i : -1)).filter((i) => i >= 0);
          const pick = live[x % live.length]!;
          merged.push(perRequest[pick]![cursors[pick]!]!);
          cursors[pick]!++;
        }
        let state = initialPairingState();
        const emitted = [];
        for (const ev of merged) {
          const r = reducePairing(state, ev);
          state = r.state;
          emitted.push(...r.emitted);
        }
        expect(emitted).toHaveLength(methods.length);
        for (const c of emitted) {
          const p = c.exchange.preflight;
          expect(p?.kind).toBe('observed');
          if (p?.kind === 'observed') expect(p.requestHeaders?.[0]?.[1]).toBe(c.exchange.request.method);
        }
      }),
      { numRuns: Math.max(50, Math.floor(RUNS / 3)), seed: SEED },
    );
  });
});
