// Engine benchmark: diagnoses per second of a typical blocked exchange on one core.
// Run alone with `npm run bench -- --only engine` (or `npx tsx bench/engine.ts`).
import { pathToFileURL } from 'node:url';
import { diagnose } from '../src/core/diagnose';
import type { Exchange } from '../src/core/exchange';
import { figure, progress, type Figure } from './figures';

/** A preflighted JSON PUT whose OPTIONS hits a router without an OPTIONS route (the classic Express 404). */
const BLOCKED_PREFLIGHT: Exchange = {
  browser: 'chromium',
  request: {
    url: 'https://api.example.com/v1/items/42?expand=owner',
    method: 'PUT',
    origin: 'https://app.example.com',
    initiatorType: 'fetch',
    credentials: 'unknown',
    error: 'net::ERR_FAILED',
  },
  preflight: {
    kind: 'observed',
    status: 404,
    statusText: 'Not Found',
    requestHeaders: [
      ['Accept', '*/*'],
      ['Access-Control-Request-Method', 'PUT'],
      ['Access-Control-Request-Headers', 'authorization,content-type'],
      ['Origin', 'https://app.example.com'],
      ['Sec-Fetch-Mode', 'cors'],
      ['User-Agent', 'Mozilla/5.0'],
    ],
    headers: [
      ['X-Powered-By', 'Express'],
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Content-Length', '148'],
      ['Date', 'Tue, 01 Jul 2025 10:00:00 GMT'],
      ['Connection', 'keep-alive'],
    ],
    body: 'Cannot OPTIONS /v1/items/42',
  },
};

/** A simple GET whose response lacks Access-Control-Allow-Origin. */
const BLOCKED_RESPONSE: Exchange = {
  request: {
    url: 'https://api.example.com/v1/items',
    method: 'GET',
    origin: 'https://app.example.com',
    initiatorType: 'xmlhttprequest',
    credentials: 'omit',
    error: 'net::ERR_FAILED',
    headers: [['Accept', 'application/json'], ['Accept-Language', 'en-US,en;q=0.9']],
  },
  response: { status: 200, headers: [['Content-Type', 'application/json'], ['X-Total-Count', '42'], ['Vary', 'Accept-Encoding']] },
};

/** Diagnoses per second over `ms`, after a JIT warm-up. */
function perSecond(x: Exchange, ms: number): number {
  for (let i = 0; i < 2000; i++) diagnose(x);
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 500; i++) diagnose(x);
    n += 500;
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

export async function benchEngine({ rounds = 5 }: { rounds?: number } = {}): Promise<Figure[]> {
  progress(`engine: ${rounds} rounds of 300 ms per exchange`);
  const a: number[] = [];
  const b: number[] = [];
  // Interleaved, so drift lands on both alike.
  for (let r = 0; r < rounds; r++) {
    a.push(perSecond(BLOCKED_PREFLIGHT, 300));
    b.push(perSecond(BLOCKED_RESPONSE, 300));
  }
  return [
    figure('engine.preflight', 'engine: diagnose blocked preflight (404, no ACAO)', 'diagnoses/s', a, { better: 'higher', target: 200_000 }),
    figure('engine.preflight.per-call', 'engine: blocked preflight, time per diagnose', 'µs', a.map((x) => 1e6 / x)),
    figure('engine.simple', 'engine: diagnose blocked simple GET (no ACAO)', 'diagnoses/s', b, { better: 'higher', target: 200_000 }),
    figure('engine.simple.per-call', 'engine: blocked simple GET, time per diagnose', 'µs', b.map((x) => 1e6 / x)),
  ];
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  for (const f of await benchEngine()) console.log(`${f.label}: ${Math.round(f.median)} ${f.unit} (min ${Math.round(f.min)}, max ${Math.round(f.max)})`);
}
