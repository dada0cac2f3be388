import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toRequestEvent, type WebRequestDetails } from '../../src/background/event-record';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { firefoxReasonOf } from '../../src/core/console-firefox';
import { initialPairingState, reducePairing, type CapturedExchange, type RequestEvent } from '../../src/core/pairing';

// The worker's path over every lab scenario as real browsers recorded it
// (test/fixtures/record-webrequest.ts, record-webrequest-firefox.ts): the edge's translation
// (event-record.ts), the pairing reducer, the diagnosis; the browser's own error code and console
// lines are the oracle. Hand-made sequences for the reducer alone are in test/core/pairing.test.ts.
type FixtureSet = 'firefox' | 'firefox-140' | 'chromium';
const DIR = (set: FixtureSet) => resolve(import.meta.dirname, `../fixtures/webrequest/${set}`);
const LAB = /^http:\/\/(api|dead)\.test\//;

interface Fixture {
  scenario: string;
  expect: 'blocked' | 'allowed' | 'network-error';
  chromiumError: string | null;
  firefoxConsole?: string[];
  /** The recording browser's version (absent in the ESR 153 set, recorded before versions were kept). */
  browserVersion?: string;
  events: Array<WebRequestDetails & { event: RequestEvent['event'] }>;
}

function load(set: FixtureSet): Fixture[] {
  return readdirSync(DIR(set))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(DIR(set), f), 'utf8')) as Fixture);
}

/** Edge translation, then the pairing reducer: what it emitted and the state it was left in. */
function replay(f: Fixture) {
  let state = initialPairingState();
  const emitted: CapturedExchange[] = [];
  for (const { event, ...d } of f.events) {
    const e = toRequestEvent(event, d);
    if (!e) continue;
    const r = reducePairing(state, e);
    state = r.state;
    emitted.push(...r.emitted);
  }
  return { state, emitted };
}

const exchangesOf = (f: Fixture): CapturedExchange[] => replay(f).emitted;

const fixtures = load('chromium');
const firefoxFixtures = load('firefox');
const firefox140Fixtures = load('firefox-140');
const chromiumFixtures = new Map(fixtures.map((f) => [f.scenario, f]));

describe('pairing over webRequest sequences recorded in Chromium 156 (test/fixtures/record-webrequest.ts)', () => {
  it('has a fixture for every lab scenario', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures.map((f) => [f.scenario, f] as const))('%s: one exchange, diagnosed as Chromium did', (_id, f) => {
    const { emitted, state } = replay(f);
    const lab = emitted.filter((c) => /^http:\/\/(api|dead)\.test\//.test(c.exchange.request.url));
    expect(lab).toHaveLength(1);
    expect(emitted).toHaveLength(1); // the page, favicon and navigation produce nothing
    const d = diagnose(lab[0]!.exchange);
    const verdict = f.expect === 'allowed' ? 'allowed' : f.expect === 'network-error' ? 'network-error' : 'blocked';
    expect(d.verdict).toBe(verdict);
    expect(d.checks[0]?.code ?? null).toBe(f.chromiumError);
    // Every lab request ended: nothing request-scoped is left behind for it.
    const leftover = Object.values(state.tabs).flatMap((t) => [...Object.values(t.inflight).map((i) => i.url), ...t.ended.map((p) => p.url)]);
    expect(leftover.filter((u) => /^http:\/\/(api|dead)\.test\//.test(u))).toEqual([]);
  });
});

describe.each([
  { label: 'Firefox ESR 153', fixtures: firefoxFixtures },
  { label: 'Firefox ESR 140', fixtures: firefox140Fixtures },
])('$label fixtures: the diagnosis in Firefox’s own terms', ({ fixtures }) => {
  it('has a Firefox fixture for every lab scenario', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(27);
    expect(fixtures.map((f) => f.scenario).sort()).toEqual([...chromiumFixtures.keys()].sort());
  });

  it.each(fixtures.map((f) => [f.scenario, f] as const))('%s', (_id, f) => {
    const lab = exchangesOf(f).filter((c) => LAB.test(c.exchange.request.url));
    expect(lab).toHaveLength(1);
    const exchange: Exchange = { ...lab[0]!.exchange, browser: 'firefox' };
    if (f.browserVersion !== undefined) exchange.browserVersion = f.browserVersion;
    const d = diagnose(exchange);
    const lines = f.firefoxConsole ?? [];
    expect(d.verdict).toBe(f.expect);
    if (f.expect === 'allowed') {
      expect(lines).toEqual([]);
      expect(d.browserMessage).toBeUndefined();
      expect(d.checks).toEqual([]);
      return;
    }
    // Byte for byte, every line Firefox printed for the request, in order.
    expect(d.browserMessage).toBe(lines[0]);
    expect(d.browserMessages).toEqual(lines);
    if (f.expect === 'network-error') {
      expect(d.checks).toEqual([]);
      expect(firefoxReasonOf(lines[0]!)).toBe('CORSDidNotSucceed');
    } else {
      expect(d.checks[0]?.firefoxCode).toBe(firefoxReasonOf(lines[0]!));
      // The code stays the DevTools protocol's name for the same failure, as for Chromium.
      expect(d.checks[0]?.code).toBe(f.chromiumError);
    }
    expect(d.browserDifferences?.length ?? 0).toBeGreaterThan(0);
  });

  it('allow-headers-wildcard-authorization: Firefox’s deprecation warning, verbatim', () => {
    const f = firefoxFixtures.find((x) => x.scenario === 'allow-headers-wildcard-authorization')!;
    const d = diagnose({ ...exchangesOf(f).find((c) => LAB.test(c.exchange.request.url))!.exchange, browser: 'firefox' });
    const w = d.warnings.find((x) => x.code === 'authorization-via-wildcard');
    // Captured from Firefox ESR 153's console service (Services.console over WebDriver BiDi in the
    // chrome scope; a warning never reaches puppeteer as a page error), URL normalized like the fixtures.
    expect(w?.consoleMessage).toBe(
      'Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at http://api.test/s/allow-headers-wildcard-authorization?n=NONCE soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`).',
    );
    expect(w?.message).toContain('Firefox');
    expect(d.browserDifferences).toContain('Chromium 156 also lets `Authorization` through `Access-Control-Allow-Headers: *`, but silently: it logs no warning.');
  });
});

describe('Chromium 156 fixtures: what Firefox would print, predicted from Chromium’s observation', () => {
  const cases = firefoxFixtures.filter((f) => f.expect === 'blocked').map((f) => [f.scenario, f] as const);
  it.each(cases)('%s', (id, ff) => {
    const cf = chromiumFixtures.get(id)!;
    const lab = exchangesOf(cf).filter((c) => LAB.test(c.exchange.request.url));
    const d = diagnose(lab[0]!.exchange);
    // Chromium's view is untouched…
    expect(d.checks[0]?.code).toBe(cf.chromiumError);
    expect(d.browserMessage?.startsWith('Access to fetch at ')).toBe(true);
    // …and Firefox's reason and first line are predicted from Chromium's (unmerged) header lines.
    expect(d.checks[0]?.firefoxCode).toBe(firefoxReasonOf(ff.firefoxConsole![0]!));
    expect(d.browserDifferences?.[0]).toContain(`Firefox 153 would print: "${ff.firefoxConsole![0]}"`);
  });
});
