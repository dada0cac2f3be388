import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vi } from 'vitest';

// `npm run fuzz` raises FUZZ_RUNS to 100,000: give each property the time it needs (no timing is asserted).
vi.setConfig({ testTimeout: Math.max(5_000, Number(process.env.FUZZ_RUNS ?? 0) * 10) });
import { badgeFor, isPreflightFailure } from '../../src/core/badge-text';
import { diagnose } from '../../src/core/diagnose';
import {
  HOLD_TICKS,
  initialPairingState,
  reducePairing,
  type CapturedExchange,
  type PairingEvent,
  type PairingLimits,
  type PairingState,
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
  fc.record({ event: fc.constant('tick' as const), tabId: fc.constantFrom(1, 2, 99) }),
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

// Event order across requests. What one request shows, as the browser causes it: each event lists
// the events of the same request it must follow (the rest of the order is free: webRequest events of
// a request and of its preflight arrive over different channels, and a busy machine reorders them).
// Recorded orders: test/fixtures/webrequest/chromium (Chromium 156), STYLE.md (Firefox 153); the
// dead port's actual error before its preflight's was seen in Chromium 150 under load.
const PAGE = 'http://page.test';
const OK_PREFLIGHT: Array<[string, string]> = [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT, DELETE']];
type Step = [who: 'a' | 'p', event: RequestEvent['event'], extra: Partial<RequestEvent>, after: number[]];
interface Template {
  method: string;
  steps: Step[];
}
const acrm = (m: string): Partial<RequestEvent> => ({ requestHeaders: [['Origin', PAGE], ['Access-Control-Request-Method', m]] });
const origin: Partial<RequestEvent> = { requestHeaders: [['Origin', PAGE]] };
const TEMPLATES: Record<string, Template> = {
  // Chromium, dead port behind a preflight: the preflight ends net::ERR_FAILED, the request the network error.
  deadPort: { method: 'PUT', steps: [['a', 'beforeRequest', {}, []], ['p', 'beforeRequest', {}, [0]], ['p', 'sendHeaders', acrm('PUT'), [1]], ['p', 'errorOccurred', { error: 'net::ERR_FAILED' }, [2]], ['a', 'errorOccurred', { error: 'net::ERR_CONNECTION_REFUSED' }, [2]]] },
  // Chromium, preflight 404: the request's net::ERR_FAILED after the preflight's headers, before or after its onCompleted.
  preflight404: { method: 'DELETE', steps: [['a', 'beforeRequest', {}, []], ['p', 'beforeRequest', {}, [0]], ['p', 'sendHeaders', acrm('DELETE'), [1]], ['p', 'headersReceived', { statusCode: 404, responseHeaders: [] }, [2]], ['p', 'completed', { statusCode: 404, responseHeaders: [] }, [3]], ['a', 'errorOccurred', { error: 'net::ERR_FAILED' }, [3]]] },
  // Chromium, a good preflight, then a response without Access-Control-Allow-Origin.
  responseNoAcao: { method: 'PUT', steps: [['a', 'beforeRequest', {}, []], ['p', 'beforeRequest', {}, [0]], ['p', 'sendHeaders', acrm('PUT'), [1]], ['p', 'headersReceived', { statusCode: 204, responseHeaders: OK_PREFLIGHT }, [2]], ['p', 'completed', { statusCode: 204, responseHeaders: OK_PREFLIGHT }, [3]], ['a', 'sendHeaders', origin, [3]], ['a', 'headersReceived', { statusCode: 200, responseHeaders: [] }, [5]], ['a', 'errorOccurred', { error: 'net::ERR_FAILED' }, [6]]] },
  // Chromium, a request that passes.
  passing: { method: 'PUT', steps: [['a', 'beforeRequest', {}, []], ['p', 'beforeRequest', {}, [0]], ['p', 'sendHeaders', acrm('PUT'), [1]], ['p', 'headersReceived', { statusCode: 204, responseHeaders: OK_PREFLIGHT }, [2]], ['p', 'completed', { statusCode: 204, responseHeaders: OK_PREFLIGHT }, [3]], ['a', 'sendHeaders', origin, [3]], ['a', 'headersReceived', { statusCode: 200, responseHeaders: [['Access-Control-Allow-Origin', PAGE]] }, [5]], ['a', 'completed', { statusCode: 200, responseHeaders: [['Access-Control-Allow-Origin', PAGE]] }, [6]]] },
  // Firefox, preflight 404: both end in NS_ERROR_DOM_BAD_URI, either first.
  firefox404: { method: 'PUT', steps: [['a', 'beforeRequest', {}, []], ['a', 'sendHeaders', { requestHeaders: [['Origin', PAGE], ['X-Custom', '1']] }, [0]], ['p', 'beforeRequest', {}, [1]], ['p', 'sendHeaders', acrm('PUT'), [2]], ['p', 'headersReceived', { statusCode: 404, responseHeaders: [] }, [3]], ['a', 'errorOccurred', { error: 'NS_ERROR_DOM_BAD_URI' }, [4]], ['p', 'errorOccurred', { error: 'NS_ERROR_DOM_BAD_URI' }, [4]]] },
  // A simple GET without Access-Control-Allow-Origin: no preflight.
  simpleNoAcao: { method: 'GET', steps: [['a', 'beforeRequest', {}, []], ['a', 'sendHeaders', origin, [0]], ['a', 'headersReceived', { statusCode: 200, responseHeaders: [] }, [1]], ['a', 'errorOccurred', { error: 'net::ERR_FAILED' }, [2]]] },
};
// Chromium refusing a request before its preflight starts (the storm test): it shares the key of a
// request of another template, whose preflight must stay with that request.
const OWN_FAILURE: Step[] = [['a', 'beforeRequest', {}, []], ['a', 'errorOccurred', { error: 'net::ERR_INSUFFICIENT_RESOURCES' }, [0]]];

interface Planned {
  events: RequestEvent[];
  after: number[][];
}
const requestsArb = fc.array(
  fc.record({
    template: fc.constantFrom(...Object.keys(TEMPLATES)),
    /** Same template and copy: identical concurrent requests (same URL and method). */
    copy: fc.constantFrom(0, 0, 1),
    ownFailure: fc.boolean(),
  }),
  { minLength: 1, maxLength: 5 },
);

function plan(requests: Array<{ template: string; copy: number; ownFailure: boolean }>): Planned[] {
  return requests.map((r, i) => {
    const t = TEMPLATES[r.template]!;
    // A Chromium error next to Firefox's requests would be no browser at all.
    const own = r.ownFailure && r.template !== 'firefox404';
    const steps = own ? OWN_FAILURE : t.steps;
    const base = { tabId: 1, frameId: 0, documentId: 'D', url: `http://api.test/${r.template}/${r.copy}`, type: 'xmlhttprequest', initiator: PAGE };
    return {
      events: steps.map(([who, event, extra], k) => ({ ...base, event, requestId: `${who}${i}`, method: who === 'p' ? 'OPTIONS' : t.method, timeStamp: i * 100 + k, ...extra }) as RequestEvent),
      after: steps.map((s) => s[3]),
    };
  });
}

/** One order the browser could deliver: `choices` picks among the events whose causes were delivered. */
function deliver(planned: Planned[], choices: number[]): RequestEvent[] {
  const done = planned.map((p) => p.events.map(() => false));
  const out: RequestEvent[] = [];
  const total = planned.reduce((n, p) => n + p.events.length, 0);
  for (let c = 0; out.length < total; c++) {
    const ready: Array<[number, number]> = [];
    planned.forEach((p, r) => p.events.forEach((_, k) => !done[r]![k] && p.after[k]!.every((d) => done[r]![d]) && ready.push([r, k])));
    const [r, k] = ready[(choices[c % Math.max(1, choices.length)] ?? 0) % ready.length]!;
    done[r]![k] = true;
    out.push(planned[r]!.events[k]!);
  }
  return out;
}

function run(events: PairingEvent[], state: PairingState = initialPairingState(), inPlace = false): { state: PairingState; emitted: CapturedExchange[] } {
  const emitted: CapturedExchange[] = [];
  for (const ev of events) {
    const r = reducePairing(state, ev, undefined, { inPlace });
    state = r.state;
    emitted.push(...r.emitted);
  }
  return { state, emitted };
}

/** What the worker records and counts on the badge: failures only, their verdict and whether the preflight failed. */
function outcome(emitted: CapturedExchange[]) {
  const recorded = emitted
    .map((c) => ({ c, d: diagnose(c.exchange) }))
    .filter(({ d }) => d.verdict !== 'allowed')
    .map(({ c, d }) => ({ key: `${c.exchange.request.method} ${c.exchange.request.url}`, verdict: d.verdict, first: d.checks[0]?.code ?? null, preflightFailure: isPreflightFailure(c, d) }));
  const rows = recorded.map((r) => JSON.stringify(r)).sort();
  return { rows, badge: badgeFor({ entries: recorded }).text };
}

describe(`pairing does not depend on event order across requests (${RUNS} runs, seed ${SEED})`, () => {
  it('any order the browser may deliver gives the canonical verdicts, preflight failures and badge count, and leaves nothing behind', () => {
    fc.assert(
      fc.property(requestsArb, fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), fc.boolean(), (requests, choices, inPlace) => {
        const planned = plan(requests);
        // Canonical: one request after the other, each as recorded (its preflight ends first).
        const canonical = run(planned.flatMap((p) => p.events));
        const shuffled = deliver(planned, choices);
        const got = run(shuffled, initialPairingState(), inPlace);
        // Every request ended: nothing waits, no preflight is left unclaimed.
        for (const t of Object.values(got.state.tabs)) {
          expect(Object.keys(t.inflight)).toEqual([]);
          expect(t.waiting.map((w) => w.inflight.requestId)).toEqual([]);
          expect(t.ended.map((p) => `${p.method} ${p.url}`)).toEqual([]);
        }
        const after = run([{ event: 'navigated', tabId: 1, preserveLog: false }], got.state, inPlace);
        expect(after.emitted).toEqual([]);
        expect(outcome(got.emitted)).toEqual(outcome(canonical.emitted));
        expect(got.emitted.every((c) => !c.preflightOnly)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('with the worker ticking at any point: every request is recorded exactly once, and HOLD_TICKS ticks after the last event nothing waits', () => {
    fc.assert(
      fc.property(requestsArb, fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), fc.array(fc.nat({ max: 80 }), { maxLength: 6 }), (requests, choices, tickAt) => {
        const planned = plan(requests);
        const shuffled: PairingEvent[] = deliver(planned, choices);
        for (const at of [...tickAt].sort((a, b) => b - a)) shuffled.splice(Math.min(at, shuffled.length), 0, { event: 'tick', tabId: 1 });
        const got = run([...shuffled, ...Array.from({ length: HOLD_TICKS }, () => ({ event: 'tick', tabId: 1 }) as PairingEvent)]);
        for (const t of Object.values(got.state.tabs)) expect(t.waiting).toEqual([]);
        const canonical = run(planned.flatMap((p) => p.events));
        const ids = (cs: CapturedExchange[]) => cs.filter((c) => !c.preflightOnly).map((c) => c.id.split(':')[1]).sort();
        expect(ids(got.emitted)).toEqual(ids(canonical.emitted));
      }),
      { numRuns: Math.max(50, Math.floor(RUNS / 2)), seed: SEED },
    );
  });
});
