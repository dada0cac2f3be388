// A Chrome-shaped HAR of any size, for the `har` bench and the linearity tests: the entries
// DevTools' "Export HAR (with sensitive data)" writes (devtools-frontend models/har/Log.ts), in
// groups of four:
//   1. a cross-origin PUT with `Authorization: Bearer <token unique to this failure>`, blocked
//      (status 0, `_error: net::ERR_FAILED`), listed before its preflight as Chrome lists it;
//   2. its preflight (`_resourceType: "preflight"`), a 204 that allows the method but not the
//      Authorization header;
//   3. a cross-origin GET that passes (`Access-Control-Allow-Origin: *`);
//   4. a same-origin image (no CORS).
// One unique secret per failure is the shape that made redaction quadratic (issue 14, item 4).
//
//   npx tsx bench/har-file.ts out.har 100000      writes a 100,000-entry HAR, prints its size
import { createWriteStream } from 'node:fs';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const PAGE = 'http://page.test';
const T0 = Date.parse('2026-11-23T17:38:49.000Z');

type Headers = Array<{ name: string; value: string }>;

const h = (pairs: Array<[string, string]>): Headers => pairs.map(([name, value]) => ({ name, value }));

function entry(o: {
  resourceType: string;
  initiator: Record<string, string>;
  method: string;
  url: string;
  requestHeaders: Headers;
  status: number;
  statusText: string;
  responseHeaders: Headers;
  error: string | null;
  mimeType: string;
  started: number;
}): unknown {
  return {
    _initiator: o.initiator,
    _priority: 'High',
    _resourceType: o.resourceType,
    cache: {},
    connection: '',
    pageref: 'page_1',
    request: { method: o.method, url: o.url, httpVersion: 'HTTP/1.1', headers: o.requestHeaders, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: {
      status: o.status,
      statusText: o.statusText,
      httpVersion: o.status ? 'HTTP/1.1' : '',
      headers: o.responseHeaders,
      cookies: [],
      content: { size: 0, mimeType: o.mimeType },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
      _transferSize: 0,
      _error: o.error,
    },
    serverIPAddress: o.status ? '127.0.0.1' : '',
    startedDateTime: new Date(o.started).toISOString(),
    time: 12.5,
    timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0 },
  };
}

/** The token of failure `i`: unique, JWT-free, long enough to be hunted in free text. */
export function failureToken(i: number): string {
  return `tok${i.toString(36).padStart(8, '0')}Zq${((i * 2654435761) >>> 0).toString(36)}`;
}

/** The entries of group `g` (four entries, started 4g..4g+3 ms after T0). */
function group(g: number): unknown[] {
  const host = `http://api${g % 16}.test`;
  const url = `${host}/items/${g}?n=${g}`;
  const t = T0 + g * 4;
  const common: Array<[string, string]> = [
    ['sec-ch-ua-platform', '"Linux"'],
    ['Referer', `${PAGE}/`],
    ['User-Agent', UA],
    ['sec-ch-ua', '"Not:A-Brand";v="8", "Chromium";v="156"'],
    ['sec-ch-ua-mobile', '?0'],
  ];
  return [
    entry({
      resourceType: 'fetch',
      initiator: { type: 'script' },
      method: 'PUT',
      url,
      requestHeaders: h([...common, ['Authorization', `Bearer ${failureToken(g)}`], ['Content-Type', 'application/json']]),
      status: 0,
      statusText: '',
      responseHeaders: [],
      error: 'net::ERR_FAILED',
      mimeType: 'x-unknown',
      started: t,
    }),
    entry({
      resourceType: 'preflight',
      initiator: { type: 'preflight', url, requestId: `${1000 + g}.${g}` },
      method: 'OPTIONS',
      url,
      requestHeaders: h([
        ['Accept', '*/*'],
        ['Access-Control-Request-Headers', 'authorization,content-type'],
        ['Access-Control-Request-Method', 'PUT'],
        ['Origin', PAGE],
        ['User-Agent', UA],
      ]),
      status: 204,
      statusText: 'No Content',
      responseHeaders: h([
        ['Access-Control-Allow-Origin', PAGE],
        ['Access-Control-Allow-Methods', 'GET, PUT'],
        ['Access-Control-Allow-Headers', 'content-type'],
        ['Date', 'Mon, 23 Nov 2026 17:38:49 GMT'],
      ]),
      error: null,
      mimeType: 'x-unknown',
      started: t + 1,
    }),
    entry({
      resourceType: 'fetch',
      initiator: { type: 'script' },
      method: 'GET',
      url: `${host}/ok/${g}`,
      requestHeaders: h([...common, ['Origin', PAGE]]),
      status: 200,
      statusText: 'OK',
      responseHeaders: h([
        ['Access-Control-Allow-Origin', '*'],
        ['Content-Type', 'application/json'],
        ['Date', 'Mon, 23 Nov 2026 17:38:49 GMT'],
      ]),
      error: null,
      mimeType: 'application/json',
      started: t + 2,
    }),
    entry({
      resourceType: 'image',
      initiator: { type: 'parser', url: `${PAGE}/` },
      method: 'GET',
      url: `${PAGE}/img/${g}.png`,
      requestHeaders: h(common),
      status: 200,
      statusText: 'OK',
      responseHeaders: h([['Content-Type', 'image/png']]),
      error: null,
      mimeType: 'image/png',
      started: t + 3,
    }),
  ];
}

/** Failures in a generated HAR of `entries` entries (one per complete or partial group of four). */
export function failuresIn(entries: number): number {
  return Math.ceil(entries / 4);
}

/** The HAR as one string (small sizes, for tests). */
export function harText(entries: number): string {
  const parts: string[] = [];
  for (let g = 0; parts.length < entries; g++) for (const e of group(g)) if (parts.length < entries) parts.push(JSON.stringify(e));
  return head() + parts.join(',') + ']}}';
}

function head(): string {
  return `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"browser":{"name":"Chromium","version":"156.0.8078.79"},"pages":[{"startedDateTime":"${new Date(T0).toISOString()}","id":"page_1","title":"${PAGE}/","pageTimings":{"onContentLoad":-1,"onLoad":-1}}],"entries":[`;
}

/** Streams a HAR of `entries` entries to `path` (never all in memory); resolves to its size in bytes. */
export async function writeHarFile(path: string, entries: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string): Promise<void> => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await new Promise<void>((r) => out.once('drain', r));
  };
  await write(head());
  let n = 0;
  for (let g = 0; n < entries; g++) {
    for (const e of group(g)) {
      if (n >= entries) break;
      await write((n > 0 ? ',' : '') + JSON.stringify(e));
      n++;
    }
  }
  await write(']}}');
  await new Promise<void>((r, j) => out.end((err?: Error | null) => (err ? j(err) : r())));
  return bytes;
}

if (import.meta.filename === process.argv[1]) {
  const [path, count] = process.argv.slice(2);
  if (!path || !count || !Number.isInteger(Number(count))) throw new Error('usage: tsx bench/har-file.ts <out.har> <entries>');
  const bytes = await writeHarFile(path, Number(count));
  console.log(`${path}: ${count} entries, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
}
