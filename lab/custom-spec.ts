// The wire format of a lab exchange: what the page's `fetch` sends and what the
// API answers to the preflight and to the actual request. Scenarios are
// CustomSpecs with a name; differential tests build their own.

import type { HeaderList } from './raw-http';

export interface ResponseSpec {
  status: number;
  /** Written on the wire exactly as listed. `{origin}` in a value echoes the request's Origin. */
  headers: HeaderList;
  body?: string;
}

export interface CustomSpec {
  method: string;
  headers?: HeaderList;
  credentials?: 'include' | 'omit' | 'same-origin';
  body?: string;
  /** Answer to OPTIONS. Default: 204 with no headers. */
  preflight?: ResponseSpec;
  /** Answer to every other method. Default: 200 with no headers. */
  actual?: ResponseSpec;
  /**
   * Answer to the second and later non-OPTIONS requests to the same URL: a
   * server whose behaviour changes while the browser still trusts its cached
   * preflight (Access-Control-Max-Age).
   */
  thenActual?: ResponseSpec;
}

export const defaultPreflight: ResponseSpec = { status: 204, headers: [] };
export const defaultActual: ResponseSpec = { status: 200, headers: [] };

export function encodeSpec(spec: CustomSpec): string {
  return Buffer.from(JSON.stringify(spec), 'utf8').toString('base64url');
}

/** Throws a message fit for a 400 body when the query value is not a usable spec. */
export function decodeSpec(encoded: string): CustomSpec {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new Error('spec is not base64url-encoded JSON');
  }
  return validateSpec(value);
}

const CREDENTIALS = new Set(['include', 'omit', 'same-origin']);
// A response header line must stay one line: a CR or LF would let the spec
// forge the framing of the message (or of the next one on a kept-alive socket).
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const LINE_BREAK = /[\r\n\u0000]/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validateHeaderList(v: unknown, where: string, opts: { wire: boolean }): HeaderList {
  if (!Array.isArray(v)) throw new Error(`${where} must be an array of [name, value] pairs`);
  return v.map((pair, i): [string, string] => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new Error(`${where}[${i}] must be a [name, value] pair of strings`);
    }
    // Request headers go to `fetch`, which judges them itself (a bad name is a
    // TypeError the page records); only response lines need guarding here.
    if (opts.wire && (!FIELD_NAME.test(pair[0]) || LINE_BREAK.test(pair[1]))) {
      throw new Error(`${where}[${i}] is not a single valid header line`);
    }
    return [pair[0], pair[1]];
  });
}

function validateResponse(v: unknown, where: string): ResponseSpec {
  if (!isRecord(v)) throw new Error(`${where} must be an object`);
  const { status, headers, body } = v;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 999) {
    throw new Error(`${where}.status must be an integer from 100 to 999`);
  }
  if (body !== undefined && typeof body !== 'string') throw new Error(`${where}.body must be a string`);
  return {
    status,
    headers: validateHeaderList(headers ?? [], `${where}.headers`, { wire: true }),
    ...(body === undefined ? {} : { body }),
  };
}

export function validateSpec(v: unknown): CustomSpec {
  if (!isRecord(v)) throw new Error('spec must be an object');
  const { method, headers, credentials, body, preflight, actual, thenActual } = v;
  if (typeof method !== 'string' || method === '') throw new Error('spec.method must be a non-empty string');
  if (credentials !== undefined && (typeof credentials !== 'string' || !CREDENTIALS.has(credentials))) {
    throw new Error('spec.credentials must be include, omit or same-origin');
  }
  if (body !== undefined && typeof body !== 'string') throw new Error('spec.body must be a string');
  return {
    method,
    ...(headers === undefined ? {} : { headers: validateHeaderList(headers, 'spec.headers', { wire: false }) }),
    ...(credentials === undefined ? {} : { credentials: credentials as CustomSpec['credentials'] }),
    ...(body === undefined ? {} : { body }),
    ...(preflight === undefined ? {} : { preflight: validateResponse(preflight, 'spec.preflight') }),
    ...(actual === undefined ? {} : { actual: validateResponse(actual, 'spec.actual') }),
    ...(thenActual === undefined ? {} : { thenActual: validateResponse(thenActual, 'spec.thenActual') }),
  };
}

/**
 * `{origin}` lets a spec say "reflect the Origin", the most common server
 * configuration, without knowing the page's port in advance. A request
 * without Origin echoes nothing, as a reflecting server would.
 */
export function renderHeaders(headers: HeaderList, requestOrigin: string | undefined): HeaderList {
  return headers.map(([name, value]) => [name, value.replaceAll('{origin}', requestOrigin ?? '')]);
}
