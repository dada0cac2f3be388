// HAR -> Exchanges: every cross-origin request in a HAR 1.2 file exported by Chrome DevTools or
// Firefox, paired with its preflight. Chrome exports a preflight as its own entry with
// `_resourceType: "preflight"` and `_initiator: {type: "preflight", url: <actual URL>}`
// (devtools-frontend models/har/Log.ts), and a blocked request with status 0 and
// `response._error`; Firefox exports the OPTIONS as a plain entry. Both are paired as the worker
// pairs webRequest events (STYLE.md): same URL, the preflight's Access-Control-Request-Method
// equal to the actual method, first in, first out. Nothing here trusts the file's shape.
import type { Exchange, HeaderList, PreflightObservation } from '../core/exchange';
import { combinedHeader } from '../core/headers';
import { num, record, str } from '../core/read';

export interface HarExchange {
  /** Index of the actual request's entry in log.entries. */
  index: number;
  /** Index of the paired preflight entry, if any. */
  preflightIndex?: number;
  startedDateTime?: string;
  exchange: Exchange;
}

export interface HarReading {
  browser: 'chromium' | 'firefox';
  /** log.browser.version, when the HAR names one (Chrome's creator version is WebInspector's, not the browser's). */
  browserVersion?: string;
  creator: string;
  entries: number;
  exchanges: HarExchange[];
  /** Preflight entries the pairing looked at: at most two per request (the work, for tests that prove linearity). */
  pairingVisits: number;
}

export class HarError extends Error {
  override readonly name = 'HarError';
}

const BODY_LIMIT = 4096;

function headerList(v: unknown): HeaderList {
  if (!Array.isArray(v)) return [];
  const out: Array<readonly [string, string]> = [];
  for (const h of v) {
    const r = record(h);
    const name = str(r?.name);
    const value = r?.value;
    if (name === undefined || name === '' || name.startsWith(':')) continue; // HTTP/2 pseudo-headers
    if (typeof value === 'string') out.push([name, value]);
    else if (typeof value === 'number') out.push([name, String(value)]);
  }
  return out;
}

interface Entry {
  index: number;
  method: string;
  url: string;
  resourceType: string;
  initiatorType?: string;
  initiatorUrl?: string;
  requestHeaders: HeaderList;
  status: number;
  statusText: string;
  responseHeaders: HeaderList;
  redirectUrl: string;
  body?: string;
  error?: string;
  started?: string;
  pageref?: string;
}

function readEntry(raw: unknown, index: number): Entry | undefined {
  const e = record(raw);
  const req = record(e?.request);
  const res = record(e?.response);
  const url = str(req?.url);
  const method = str(req?.method);
  if (!e || !req || url === undefined || method === undefined) return undefined;
  const initiator = record(e._initiator);
  const content = record(res?.content);
  let body = str(content?.text);
  if (body !== undefined && str(content?.encoding) === 'base64') body = undefined;
  const error = str(res?._error) ?? str(e._error);
  const entry: Entry = {
    index,
    method,
    url,
    resourceType: (str(e._resourceType) ?? '').toLowerCase(),
    requestHeaders: headerList(req.headers),
    status: num(res?.status) ?? 0,
    statusText: str(res?.statusText) ?? '',
    responseHeaders: headerList(res?.headers),
    redirectUrl: str(res?.redirectURL) ?? '',
  };
  const it = str(initiator?.type);
  if (it !== undefined) entry.initiatorType = it;
  const iu = str(initiator?.url);
  if (iu !== undefined) entry.initiatorUrl = iu;
  if (body !== undefined && body !== '') entry.body = body.slice(0, BODY_LIMIT);
  if (error !== undefined && error !== '') entry.error = error;
  const started = str(e.startedDateTime);
  if (started !== undefined) entry.started = started;
  const pageref = str(e.pageref);
  if (pageref !== undefined) entry.pageref = pageref;
  return entry;
}

function originOf(url: string): string | undefined {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}

function resolveUrl(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

function isPreflight(e: Entry): boolean {
  if (e.resourceType === 'preflight' || e.initiatorType === 'preflight') return true;
  // Firefox: an OPTIONS carrying Access-Control-Request-Method is the browser's preflight.
  return e.method === 'OPTIONS' && combinedHeader(e.requestHeaders, 'access-control-request-method') !== undefined;
}

/** DevTools' resource type -> the initiator type the engine's console message uses. */
function initiatorTypeFor(resourceType: string): string | undefined {
  switch (resourceType) {
    case 'fetch':
      return 'fetch';
    case 'xhr':
      return 'xmlhttprequest';
    case 'script':
    case 'font':
    case 'stylesheet':
    case 'image':
    case 'media':
    case 'manifest':
      return resourceType;
    default:
      return undefined;
  }
}

// Chrome records a redirected preflight as failed (net::ERR_INVALID_REDIRECT) with status 0 but
// keeps the headers it received, Location included; 3xx + Location is what the engine calls a redirect.
const UNRECORDED_REDIRECT_STATUS = 302;

function preflightObservation(p: Entry): PreflightObservation {
  const location = combinedHeader(p.responseHeaders, 'location');
  if (p.status === 0 && p.error !== undefined && location !== undefined) {
    return {
      kind: 'observed',
      status: UNRECORDED_REDIRECT_STATUS,
      statusText: `(redirect; the HAR does not record the status, ${p.error})`,
      headers: p.responseHeaders,
      requestHeaders: p.requestHeaders,
      redirectTo: resolveUrl(location, p.url),
    };
  }
  if (p.status === 0 && p.error !== undefined) return { kind: 'network-error', error: p.error, requestHeaders: p.requestHeaders };
  return {
    kind: 'observed',
    status: p.status,
    statusText: p.statusText,
    headers: p.responseHeaders,
    requestHeaders: p.requestHeaders,
    ...(p.status >= 300 && p.status < 400 && p.redirectUrl !== '' ? { redirectTo: p.redirectUrl } : {}),
    ...(p.body !== undefined ? { body: p.body } : {}),
  };
}

/** Parse a HAR's JSON text; throws HarError with a message fit for the user. */
export function parseHarText(text: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(trimmed);
  } catch (err) {
    if (err instanceof RangeError) throw new HarError('the HAR nests too deeply to be a HAR file');
    const m = /position (\d+)/.exec((err as Error).message);
    throw new HarError(`not valid JSON${m ? ` (at byte ${m[1]})` : ''}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** The log's members other than `entries` that a reading uses. */
export interface HarLogMeta {
  creator?: unknown;
  browser?: unknown;
  pages?: unknown;
}

// Entries in time order, as DevTools lists them: `startedDateTime` compared as the original
// code compared it (String.prototype.localeCompare, whose default is this collator: ECMA-402
// §19.1.1), then position in the file.
const collator = new Intl.Collator();
function byStart(a: Entry, b: Entry): number {
  return collator.compare(a.started ?? '', b.started ?? '') || a.index - b.index;
}

/** The browser a HAR was exported from: log.browser, else the creator (Firefox names itself there). */
function browserOf(meta: HarLogMeta): Pick<HarReading, 'browser' | 'browserVersion' | 'creator'> {
  const creator = str(record(meta.creator)?.name) ?? 'unknown';
  const browserName = (str(record(meta.browser)?.name) ?? creator).toLowerCase();
  const browser: 'chromium' | 'firefox' = /firefox|gecko/.test(browserName) ? 'firefox' : 'chromium';
  const browserVersion = str(record(meta.browser)?.version);
  return { browser, ...(browserVersion !== undefined ? { browserVersion } : {}), creator };
}

/** Page id -> the origin of its title (DevTools titles a page with its URL), for requests that never sent Origin. */
function pageOriginsOf(pages: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of Array.isArray(pages) ? pages : []) {
    const id = str(record(p)?.id);
    const title = str(record(p)?.title);
    const o = title !== undefined ? originOf(title) : undefined;
    if (id !== undefined && o !== undefined) out.set(id, o);
  }
  return out;
}

/**
 * FIFO over entries in time order: for each request, the earliest unused preflight for its URL
 * whose Access-Control-Request-Method is its method (or absent). Chrome's preflight names the
 * actual URL in _initiator.url; one naming another URL pairs with nothing.
 */
class PreflightQueues {
  /** Queue heads looked at: at most two per request. */
  visits = 0;
  // URL -> Access-Control-Request-Method (undefined: none sent) -> that URL's preflights in time order.
  private readonly queues = new Map<string, Map<string | undefined, { items: Entry[]; next: number }>>();

  /** A preflight, in time order. */
  add(e: Entry): void {
    if ((e.initiatorUrl ?? e.url) !== e.url) return;
    const method = combinedHeader(e.requestHeaders, 'access-control-request-method');
    let byMethod = this.queues.get(e.url);
    if (!byMethod) this.queues.set(e.url, (byMethod = new Map()));
    const q = byMethod.get(method);
    if (q) q.items.push(e);
    else byMethod.set(method, { items: [e], next: 0 });
  }

  /** The preflight of request `e`, taken off its queue; the earlier of the two queue heads that fit. */
  take(e: Entry): Entry | undefined {
    const byMethod = this.queues.get(e.url);
    if (!byMethod) return undefined;
    const same = byMethod.get(e.method);
    const any = byMethod.get(undefined);
    const a = same && same.next < same.items.length ? same.items[same.next] : undefined;
    const b = any && any.next < any.items.length ? any.items[any.next] : undefined;
    this.visits += (a ? 1 : 0) + (b ? 1 : 0);
    if (a && (!b || byStart(a, b) < 0)) {
      (same as { next: number }).next++;
      return a;
    }
    if (b) (any as { next: number }).next++;
    return b;
  }
}

/**
 * The page origin of a CORS request, or undefined when `e` is not one. Only CORS requests: an
 * Origin on the wire or a preflight, or a failed request to another origin.
 */
function corsOrigin(e: Entry, pf: Entry | undefined, pageOrigins: Map<string, string>): { origin: string | undefined } | undefined {
  const originHeader = combinedHeader(e.requestHeaders, 'origin') ?? (pf ? combinedHeader(pf.requestHeaders, 'origin') : undefined);
  const referer = combinedHeader(e.requestHeaders, 'referer');
  const pageOrigin = (e.pageref !== undefined ? pageOrigins.get(e.pageref) : undefined) ?? (referer !== undefined ? originOf(referer) : undefined);
  const origin = originHeader !== undefined && originHeader !== 'null' ? originHeader : (pageOrigin ?? originHeader);
  const target = originOf(e.url);
  if (e.resourceType === 'document' || e.resourceType === 'websocket') return undefined;
  const cors = originHeader !== undefined || pf !== undefined || (e.error !== undefined && origin !== undefined && target !== undefined && origin !== target);
  return cors ? { origin } : undefined;
}

/** The engine's view of one request entry and its preflight entry. */
function exchangeOf(e: Entry, pf: Entry | undefined, seen: { origin: string | undefined; initialUrl: string | undefined; reading: Pick<HarReading, 'browser' | 'browserVersion'> }): Exchange {
  const { origin, initialUrl, reading } = seen;
  const initiatorType = initiatorTypeFor(e.resourceType);
  const exchange: Exchange = {
    request: {
      url: e.url,
      method: e.method,
      headers: e.requestHeaders,
      credentials: 'unknown',
      ...(origin !== undefined ? { origin } : {}),
      ...(initiatorType !== undefined ? { initiatorType } : {}),
      ...(e.error !== undefined ? { error: e.error } : {}),
      ...(initialUrl !== undefined ? { initialUrl } : {}),
    },
    preflight: pf ? preflightObservation(pf) : { kind: 'not-observed' },
    browser: reading.browser,
  };
  if (reading.browserVersion !== undefined) exchange.browserVersion = reading.browserVersion;
  // A response exists when a status or headers were recorded (Chrome keeps the headers of a blocked response).
  if (e.status > 0 || e.responseHeaders.length > 0) {
    exchange.response = {
      status: e.status,
      headers: e.responseHeaders,
      ...(e.status >= 300 && e.status < 400 && e.redirectUrl !== '' ? { redirectTo: e.redirectUrl } : {}),
      ...(e.body !== undefined ? { body: e.body } : {}),
    };
  }
  // Firefox reports a CORS-blocked response as a plain success; Chrome marks it ERR_FAILED.
  return exchange;
}

/**
 * Entries are added one at a time (from a parsed object, or streamed from the file), then paired
 * once. Pairing is one sort and one pass: preflights wait in first-in-first-out queues keyed by
 * URL and Access-Control-Request-Method, so each request looks at no more than two queue heads.
 */
export class HarCollector {
  private readonly entries: Entry[] = [];
  private count = 0;

  /** One element of log.entries, in file order; anything that is not an entry is counted and skipped. */
  add(raw: unknown): void {
    const e = readEntry(raw, this.count++);
    if (e) this.entries.push(e);
  }

  /** Forget the entries read so far (a file that names log.entries twice: the last one counts, as in JSON.parse). */
  reset(): void {
    this.entries.length = 0;
    this.count = 0;
  }

  get added(): number {
    return this.count;
  }

  finish(meta: HarLogMeta): HarReading {
    const reading = browserOf(meta);
    const pageOrigins = pageOriginsOf(meta.pages);
    const queues = new PreflightQueues();
    const actuals: Entry[] = [];
    for (const e of [...this.entries].sort(byStart)) {
      if (isPreflight(e)) queues.add(e);
      else actuals.push(e);
    }
    const redirectedFrom = new Map<string, string>();
    const exchanges: HarExchange[] = [];
    for (const e of actuals) {
      const pf = queues.take(e);
      const cors = corsOrigin(e, pf, pageOrigins);
      if (!cors) continue;
      if (e.redirectUrl !== '') redirectedFrom.set(e.redirectUrl, redirectedFrom.get(e.url) ?? e.url);
      const exchange = exchangeOf(e, pf, { origin: cors.origin, initialUrl: redirectedFrom.get(e.url), reading });
      exchanges.push({ index: e.index, ...(pf ? { preflightIndex: pf.index } : {}), ...(e.started !== undefined ? { startedDateTime: e.started } : {}), exchange });
    }
    return { ...reading, entries: this.count, exchanges, pairingVisits: queues.visits };
  }
}

export function readHar(json: unknown): HarReading {
  const log = record(record(json)?.log);
  if (!log) throw new HarError('not a HAR file: no top-level "log" object');
  const rawEntries = log.entries;
  if (!Array.isArray(rawEntries)) throw new HarError('not a HAR file: "log.entries" is not an array');
  const collector = new HarCollector();
  for (const raw of rawEntries) collector.add(raw);
  return collector.finish({ creator: log.creator, browser: log.browser, pages: log.pages });
}
