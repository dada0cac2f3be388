import type { CustomSpec } from '../../lab/custom-spec';

// Seeded random CORS scenarios for the differential test: what the page asks
// for (method, headers, credentials) and how the server misanswers (status,
// Access-Control-* values, duplicates, invalid lists). `{origin}` echoes the
// request's Origin. The same seed always gives the same scenarios.

export interface DiffScenario {
  n: number;
  spec: CustomSpec;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pick = <T>(items: readonly T[]) => T;

const METHODS = ['GET', 'GET', 'POST', 'POST', 'PUT', 'PUT', 'DELETE', 'PATCH', 'patch', 'HEAD'] as const;
const REQUEST_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['X-Custom', 'diff'],
  ['Content-Type', 'application/json'],
  ['Authorization', 'Bearer diff-token'],
  ['X-Requested-With', 'XMLHttpRequest'],
  ['Accept', 'application/json'],
  ['Content-Language', 'en'],
];

function acao(pick: Pick): Array<[string, string]> {
  return pick<Array<[string, string]>>([
    [['Access-Control-Allow-Origin', '{origin}']],
    [['Access-Control-Allow-Origin', '{origin}']],
    [['Access-Control-Allow-Origin', '{origin}']],
    [['Access-Control-Allow-Origin', '*']],
    [['Access-Control-Allow-Origin', '*']],
    [],
    [['Access-Control-Allow-Origin', 'http://127.0.0.1:1']],
    [['Access-Control-Allow-Origin', '{origin}/']],
    [['Access-Control-Allow-Origin', 'null']],
    [['Access-Control-Allow-Origin', '{origin}'], ['Access-Control-Allow-Origin', '{origin}']],
    [['Access-Control-Allow-Origin', '{origin}, *']],
    [['Access-Control-Allow-Origin', ' {origin} ']],
  ]);
}

function acac(pick: Pick): Array<[string, string]> {
  return pick<Array<[string, string]>>([
    [],
    [],
    [['Access-Control-Allow-Credentials', 'true']],
    [['Access-Control-Allow-Credentials', 'true']],
    [['Access-Control-Allow-Credentials', 'TRUE']],
    [['Access-Control-Allow-Credentials', 'false']],
  ]);
}

export function generateScenarios(seed: number, count: number): DiffScenario[] {
  const rand = mulberry32(seed);
  const pick: Pick = (items) => items[Math.floor(rand() * items.length)]!;
  const out: DiffScenario[] = [];
  for (let n = 0; n < count; n++) {
    const method = pick(METHODS);
    const headers: Array<[string, string]> = [];
    for (const h of REQUEST_HEADERS) if (rand() < 0.22 && !headers.some(([name]) => name === h[0])) headers.push([h[0], h[1]]);
    const credentials = rand() < 0.4 ? 'include' : 'omit';
    const hasBody = method !== 'GET' && method !== 'HEAD' && rand() < 0.7;
    const needed = headers.map(([name]) => name);
    const preflightHeaders: Array<[string, string]> = [...acao(pick), ...acac(pick)];
    const methods = pick<string | null>([null, method, method.toUpperCase(), method.toLowerCase(), '*', 'GET, POST', 'GET, POST, PUT, DELETE, PATCH', 'GET; PUT']);
    if (methods !== null) preflightHeaders.push(['Access-Control-Allow-Methods', methods]);
    const allowHeaders = pick<string | null>([
      null,
      needed.join(', '),
      needed.join(', '),
      '*',
      'x-custom',
      'Content-Type, X-Custom, Authorization, X-Requested-With',
      'X-Custom;',
      needed.map((h) => h.toLowerCase()).join(','),
    ]);
    if (allowHeaders !== null) preflightHeaders.push(['Access-Control-Allow-Headers', allowHeaders]);
    const preflightStatus = pick([204, 204, 204, 200, 200, 404, 500, 403, 301, 302, 401]);
    if (preflightStatus === 301 || preflightStatus === 302) preflightHeaders.push(['Location', '/elsewhere']);
    if (rand() < 0.5) preflightHeaders.reverse();
    const actualHeaders: Array<[string, string]> = [...acao(pick), ...acac(pick), ['Content-Type', 'text/plain']];
    const actualStatus = pick([200, 200, 200, 201, 204, 404, 500]);
    const spec: CustomSpec = {
      method,
      headers,
      credentials,
      ...(hasBody ? { body: 'diff' } : {}),
      preflight: { status: preflightStatus, headers: preflightHeaders },
      actual: { status: actualStatus, headers: actualHeaders, ...(actualStatus === 204 ? {} : { body: 'ok' }) },
    };
    out.push({ n, spec });
  }
  return out;
}
