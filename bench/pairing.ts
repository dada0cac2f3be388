// Pairing throughput: events per second through the pure reducer, replaying
// the webRequest sequences recorded in Chromium for every lab scenario.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toRequestEvent, type WebRequestDetails } from '../src/background/event-record';
import { initialPairingState, reducePairing, type EventKind, type RequestEvent } from '../src/core/pairing';
import { figure, progress, type Figure } from './figures';

const DIR = resolve(import.meta.dirname, '../test/fixtures/webrequest/chromium');

function loadEvents(): RequestEvent[] {
  const out: RequestEvent[] = [];
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.json'))) {
    const fixture = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { events: Array<WebRequestDetails & { event: EventKind }> };
    for (const { event, ...d } of fixture.events) {
      const e = toRequestEvent(event, d);
      if (e) out.push(e);
    }
  }
  return out;
}

export async function benchPairing({ rounds = 5 }: { rounds?: number } = {}): Promise<Figure[]> {
  const base = loadEvents();
  progress(`pairing: ${rounds} rounds of ${base.length * 200} events`);
  const rates: number[] = [];
  let emitted = 0;
  for (let round = 0; round <= rounds; round++) {
    // Distinct request ids per repetition so every one pairs afresh.
    const events: RequestEvent[] = [];
    for (let r = 0; r < 200; r++) for (const e of base) events.push({ ...e, requestId: `${round}-${r}-${e.requestId}` });
    let state = initialPairingState();
    emitted = 0;
    const t0 = performance.now();
    for (const e of events) {
      const res = reducePairing(state, e);
      state = res.state;
      emitted += res.emitted.length;
    }
    const ms = performance.now() - t0;
    if (round > 0) rates.push((events.length / ms) * 1000); // round 0 warms the JIT up
  }
  return [
    figure('pairing.events', 'pairing: events per second (recorded lab sequences)', 'events/s', rates, {
      better: 'higher',
      note: `${base.length} recorded events × 200 per round; ${emitted} exchanges emitted per round`,
    }),
  ];
}
