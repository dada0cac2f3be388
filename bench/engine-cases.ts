// The exchanges the engine benchmark diagnoses (also used to profile it).
import type { Exchange } from '../src/core/exchange';

/** A preflighted JSON PUT whose OPTIONS hits a router without an OPTIONS route (the classic Express 404). */
export const BLOCKED_PREFLIGHT: Exchange = {
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
export const BLOCKED_RESPONSE: Exchange = {
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
