// The misconfigured API origin. Routes:
//   /s/<scenario-id>[/]...   a named scenario's spec
//   /custom/<nonce>?spec=…   a spec carried in the query (differential tests)
// OPTIONS gets the spec's preflight answer, every other method its actual one.
// Anything else is a 404 without CORS headers.

import { decodeSpec, defaultActual, defaultPreflight, renderHeaders, type CustomSpec } from './custom-spec';
import type { HeaderList, RawRequest, RawResponse } from './raw-http';
import { findScenario } from './scenarios';

export interface LabRequest {
  /** Date.now() when the request was parsed. */
  at: number;
  method: string;
  /** The request-target as sent: path plus query. */
  path: string;
  headers: HeaderList;
}

/** Enough for a test run; bounded so a long `npm run lab` session cannot grow without limit. */
export const maxRecordedRequests = 1000;

function headerValue(headers: HeaderList, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

function plain(status: number, text: string): RawResponse {
  return { status, headers: [['Content-Type', 'text/plain; charset=utf-8']], body: `${text}\n` };
}

function specFor(target: URL): CustomSpec | RawResponse {
  const scenarioRoute = /^\/s\/([a-z0-9-]+)\/?$/.exec(target.pathname);
  if (scenarioRoute) {
    const scenario = findScenario(scenarioRoute[1] ?? '');
    return scenario ? scenario.spec : plain(404, 'no such scenario');
  }
  if (/^\/custom\/[^/]*$/.test(target.pathname)) {
    const encoded = target.searchParams.get('spec');
    if (encoded === null) return plain(400, 'missing ?spec=');
    try {
      return decodeSpec(encoded);
    } catch (err) {
      return plain(400, (err as Error).message);
    }
  }
  return plain(404, 'not found');
}

export function createApiHandler(requests: LabRequest[]): (request: RawRequest) => RawResponse {
  return (request) => {
    requests.push({ at: Date.now(), method: request.method, path: request.target, headers: request.headers });
    if (requests.length > maxRecordedRequests) requests.splice(0, requests.length - maxRecordedRequests);

    let target: URL;
    try {
      target = new URL(request.target, 'http://lab.invalid');
    } catch {
      return plain(400, 'unparsable request-target');
    }
    const spec = specFor(target);
    if ('status' in spec) return spec;

    // Only OPTIONS is treated as a preflight, matched case-sensitively because
    // the browser always sends it upper-case; a page's own `options` request
    // gets the actual answer.
    const earlierActual = request.method !== 'OPTIONS' && requests.some((r, i) => i < requests.length - 1 && r.method !== 'OPTIONS' && r.path === request.target);
    const answer =
      request.method === 'OPTIONS'
        ? (spec.preflight ?? defaultPreflight)
        : earlierActual && spec.thenActual
          ? spec.thenActual
          : (spec.actual ?? defaultActual);
    return {
      status: answer.status,
      headers: renderHeaders(answer.headers, headerValue(request.headers, 'origin')),
      body: answer.body ?? '',
    };
  };
}
