// Pairing throughput: events per second through the pure reducer, replaying
// the webRequest sequences recorded in Chromium for every lab scenario.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toRequestEvent, type WebRequestDetails } from '../src/background/event-record';
import { initialPairingState, reducePairing, type EventKind, type RequestEvent } from '../src/core/pairing';

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

export async function benchPairing(): Promise<{ name: string; value: number; unit: string }[]> {
  const base = loadEvents();
  // Distinct request ids per round so every round pairs afresh.
  const rounds = 200;
  const events: RequestEvent[] = [];
  for (let r = 0; r < rounds; r++) for (const e of base) events.push({ ...e, requestId: `${r}-${e.requestId}` });
  let state = initialPairingState();
  let emitted = 0;
  const t0 = performance.now();
  for (const e of events) {
    const res = reducePairing(state, e);
    state = res.state;
    emitted += res.emitted.length;
  }
  const ms = performance.now() - t0;
  return [
    { name: 'pairing: events per second (recorded lab sequences)', value: Math.round((events.length / ms) * 1000), unit: 'events/s' },
    { name: 'pairing: exchanges emitted in the run', value: emitted, unit: 'exchanges' },
  ];
}
