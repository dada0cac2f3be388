// The fetch() snippet for any captured request: it parses as JavaScript, run with a recording
// fetch it passes exactly the URL, method and header values of the capture, and its text holds
// nothing that reads differently from what it runs or that would end an HTML <script>.
import { Script } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { lowerAscii } from '../../src/core/headers';
import { fetchSnippet } from '../../src/core/report';
import { isForbiddenRequestHeader, normalizeMethod } from '../../src/core/safelist';

const SEED = Number(process.env.FUZZ_SEED ?? 20261214);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

interface Call {
  url: unknown;
  init: { method?: unknown; headers?: Array<[string, unknown]>; credentials?: unknown } | undefined;
}

/** Parses the snippet as a classic script and runs it with a fetch that records its arguments. */
function runSnippet(src: string): Call {
  const script = new Script(src); // throws SyntaxError when the escaping is wrong
  const calls: Call[] = [];
  const pending = { then: () => pending, catch: () => pending };
  script.runInNewContext({
    fetch: (url: unknown, init?: Record<string, unknown>) => {
      const h = init?.headers as Record<string, unknown> | undefined;
      calls.push({
        url,
        init: init && {
          method: init.method,
          credentials: init.credentials,
          ...(h ? { headers: Object.entries(h).map(([k, v]): [string, unknown] => [k, v]) } : {}),
        },
      });
      return pending;
    },
    console: { log() {}, error() {} },
  });
  expect(calls.length).toBe(1);
  return calls[0]!;
}

function expectedHeaders(headers: HeaderList): Array<[string, string]> {
  const out = new Map<string, string>();
  for (const [n, v] of headers) {
    const lower = lowerAscii(n);
    if (isForbiddenRequestHeader(n, v) || lower === 'priority' || lower === 'x-client-data' || (lower === 'accept' && v === '*/*')) continue;
    const before = out.get(n);
    out.set(n, before === undefined ? v : `${before}, ${v}`);
  }
  return [...out];
}

const byName = (a: [string, unknown], b: [string, unknown]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

const odd = fc.constantFrom(
  "'", '"', '\\', '`', '${x}', '\n', '\r', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\u200b', '\ufeff',
  '\ud800', '\udfff', '😀', '</script>', '</SCRIPT', '<!--', '-->', ']]>', "'); alert(1); ('", '*/ alert(1) /*', '\\u0041', '\\x41',
);
const codePoint = fc.oneof(fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), fc.integer({ min: 0x80, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), odd);
const text = fc.array(fc.oneof(odd, fc.string({ unit: codePoint, maxLength: 8 }), fc.string({ maxLength: 8 })), { maxLength: 4 }).map((p) => p.join(''));
const name = fc.oneof(fc.constantFrom('X-Custom', 'x-custom', '__proto__', 'constructor', 'toString', '1', 'Accept', 'Cookie', 'Priority', 'Content-Type'), text);

const exchange: fc.Arbitrary<Exchange> = fc
  .record({
    url: fc.oneof(text, text.map((p) => `https://api.test/${p}`)),
    method: fc.oneof(fc.constantFrom('GET', 'put', 'patch', 'DELETE', 'HEAD', 'POST'), text),
    headers: fc.option(fc.array(fc.tuple(name, fc.oneof(text, fc.constant('*/*'))), { maxLength: 5 }), { nil: undefined }),
  })
  .map((r): Exchange => ({ request: { url: r.url, method: r.method, ...(r.headers ? { headers: r.headers } : {}) } }));

describe('fetch() snippet', () => {
  it('parses, and passes the exact URL, method and header values, for any capture', () => {
    fc.assert(
      fc.property(exchange, fc.boolean(), (x, include) => {
        const src = fetchSnippet(x, { credentials: { mode: include ? 'include' : 'omit' } });
        // Inert inside an HTML <script> and visible: no raw control, format or separator character.
        expect(src).not.toMatch(/<\/script|<!--/i);
        expect(src.replace(/\n/g, ' ')).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
        const call = runSnippet(src);
        expect(call.url).toBe(x.request.url);
        const method = normalizeMethod(x.request.method);
        expect(call.init?.method).toBe(method === 'GET' ? undefined : method);
        expect(call.init?.credentials).toBe(include ? 'include' : undefined);
        const want = expectedHeaders(x.request.headers ?? []);
        expect((call.init?.headers ?? []).sort(byName)).toEqual(want.sort(byName));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a header named __proto__ is a header, not the prototype of the headers object', () => {
    const call = runSnippet(fetchSnippet({ request: { url: 'https://api.test/', method: 'GET', headers: [['__proto__', 'x'], ['X-A', '1'], ['X-A', '2']] } }));
    expect(call.init?.headers).toEqual([
      ['__proto__', 'x'],
      ['X-A', '1, 2'],
    ]);
  });
});
