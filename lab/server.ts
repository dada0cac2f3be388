// The lab: a page origin that serves scenario pages, and a cross-origin API
// origin that gets CORS wrong on purpose, both on loopback. Loopback to
// loopback keeps Chromium's Local Network Access checks out of the picture.

import http from 'node:http';
import net from 'node:net';
import { createApiHandler, maxRecordedRequests, type LabRequest } from './api-server';
import { decodeSpec, encodeSpec, validateSpec, type CustomSpec } from './custom-spec';
import { renderErrorPage, renderIndexPage, renderRunPage, renderScenarioPage, requestFromSpec, type PageRequest } from './pages';
import { startRawHttpServer } from './raw-http';
import { findScenario, scenarios, type LabScenarioDefinition } from './scenarios';

export type { CustomSpec, ResponseSpec } from './custom-spec';
export type { LabRequest } from './api-server';
export type { LabScenario, LabScenarioDefinition } from './scenarios';

export interface Lab {
  pageOrigin: string;
  apiOrigin: string;
  /** A loopback port reserved and released at start, so nothing listens there. */
  deadOrigin: string;
  indexUrl: string;
  /** Every scenario, with the exact spec its routes serve. */
  scenarios: LabScenarioDefinition[];
  /** What the API origin received, oldest first, at most the last 1000. */
  requests: LabRequest[];
  /** What the page origin received, oldest first, at most the last 1000. */
  pageRequests: LabRequest[];
  scenarioUrl(id: string): string;
  customPageUrl(spec: CustomSpec): string;
  close(): Promise<void>;
}

export interface LabOptions {
  pagePort?: number;
  apiPort?: number;
  host?: string;
}

function origin(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Binds a free port and releases it: connecting there afterwards is refused. */
function reserveDeadPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function scenarioRequest(scenario: LabScenarioDefinition, apiOrigin: string, deadOrigin: string): PageRequest {
  const base = scenario.target === 'dead' ? deadOrigin : apiOrigin;
  return requestFromSpec(`${base}/s/${scenario.id}?n={nonce}`, scenario.spec);
}

function startPageServer(
  host: string,
  port: number,
  origins: { apiOrigin: string; deadOrigin: string },
  requests: LabRequest[],
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const headers: LabRequest['headers'] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    requests.push({ at: Date.now(), method: req.method ?? '', path: req.url ?? '', headers });
    if (requests.length > maxRecordedRequests) requests.splice(0, requests.length - maxRecordedRequests);
    const send = (status: number, html: string) => {
      // no-store: a page must never be served from cache, or its inline
      // request would not run against the current ports.
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://lab.invalid');
    } catch {
      // A target like `//[` does not parse; the lab answers instead of crashing.
      return send(400, renderErrorPage(400, 'unparsable request-target'));
    }
    if (url.pathname === '/favicon.ico') {
      // Answered so the browser's favicon probe does not log a 404 next to the scenario.
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      send(200, renderIndexPage(scenarios.map((scenario) => ({ scenario, request: scenarioRequest(scenario, origins.apiOrigin, origins.deadOrigin) }))));
      return;
    }
    const scenarioRoute = /^\/scenario\/([a-z0-9-]+)$/.exec(url.pathname);
    if (scenarioRoute) {
      const scenario = findScenario(scenarioRoute[1] ?? '');
      if (!scenario) return send(404, renderErrorPage(404, `no scenario named ${scenarioRoute[1]}`));
      send(200, renderScenarioPage(scenario, scenarioRequest(scenario, origins.apiOrigin, origins.deadOrigin), url.searchParams));
      return;
    }
    if (url.pathname === '/custom') {
      const encoded = url.searchParams.get('spec') ?? '';
      let spec: CustomSpec;
      try {
        spec = decodeSpec(encoded);
      } catch (err) {
        return send(400, renderErrorPage(400, (err as Error).message));
      }
      // The API re-reads the spec from its own query, so it stays stateless.
      const request = requestFromSpec(`${origins.apiOrigin}/custom/{nonce}?spec=${encoded}`, spec);
      send(200, renderRunPage({ heading: 'Custom request', description: 'A request described by the spec in this URL.', request, doneTitle: 'custom', query: url.searchParams }));
      return;
    }
    send(404, renderErrorPage(404, 'not found'));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const host = opts.host ?? '127.0.0.1';
  const requests: LabRequest[] = [];
  const pageRequests: LabRequest[] = [];
  const api = await startRawHttpServer(createApiHandler(requests), { host, port: opts.apiPort ?? 0 });
  let pages: Awaited<ReturnType<typeof startPageServer>>;
  let deadOrigin: string;
  const apiOrigin = origin(host, api.port);
  try {
    deadOrigin = origin(host, await reserveDeadPort(host));
    pages = await startPageServer(host, opts.pagePort ?? 0, { apiOrigin, deadOrigin }, pageRequests);
  } catch (err) {
    await api.close();
    throw err;
  }
  const pageOrigin = origin(host, pages.port);

  return {
    pageOrigin,
    apiOrigin,
    deadOrigin,
    indexUrl: `${pageOrigin}/`,
    scenarios,
    requests,
    pageRequests,
    scenarioUrl(id) {
      if (!findScenario(id)) throw new Error(`no lab scenario named ${id}`);
      return `${pageOrigin}/scenario/${id}`;
    },
    customPageUrl(spec) {
      // Fail in the caller, not as a 400 page the test would have to read.
      validateSpec(spec);
      return `${pageOrigin}/custom?spec=${encodeSpec(spec)}`;
    },
    async close() {
      await Promise.all([api.close(), pages.close()]);
    },
  };
}
