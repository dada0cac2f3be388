// Engine benchmark: diagnoses per second of a typical blocked exchange on one core.
// Run standalone with `npx tsx bench/engine.ts`, or import benchEngine() from a bench runner.
import { pathToFileURL } from 'node:url';
import { diagnose } from '../src/core/diagnose';
import type { Exchange } from '../src/core/exchange';

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

function measure(name: string, x: Exchange, ms: number): { perSecond: number; microseconds: number } {
  // Warm up the JIT, then time batches until the budget is spent.
  for (let i = 0; i < 2000; i++) diagnose(x);
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 500; i++) diagnose(x);
    n += 500;
    now = performance.now();
  }
  const elapsed = (now - start) / 1000;
  void name;
  return { perSecond: n / elapsed, microseconds: (elapsed / n) * 1e6 };
}

export async function benchEngine(): Promise<{ name: string; value: number; unit: string }[]> {
  const a = measure('preflight', BLOCKED_PREFLIGHT, 1500);
  const b = measure('response', BLOCKED_RESPONSE, 1000);
  return [
    { name: 'engine: diagnose blocked preflight (404, no ACAO)', value: Math.round(a.perSecond), unit: 'diagnoses/s' },
    { name: 'engine: diagnose blocked preflight, time per call', value: Number(a.microseconds.toFixed(2)), unit: 'µs' },
    { name: 'engine: diagnose blocked simple GET (no ACAO)', value: Math.round(b.perSecond), unit: 'diagnoses/s' },
    { name: 'engine: diagnose blocked simple GET, time per call', value: Number(b.microseconds.toFixed(2)), unit: 'µs' },
  ];
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  for (const r of await benchEngine()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
