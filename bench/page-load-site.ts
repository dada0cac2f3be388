// The pages the page-load and worker benches load, on 127.0.0.1 only: a page origin and a cross-origin
// API origin (another port). Every URL carries the run id and everything is `no-store`, so each
// run really fetches, preflights afresh (Chromium caches preflights per URL) and reaches webRequest.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const BURST_REQUESTS = 100;
/** Of the burst: i % 20 === 0 fails its preflight (no ACAO), i % 20 === 10 fails the actual response's CORS check. */
export const burstOutcome = (i: number): 'ok' | 'preflight-fail' | 'actual-fail' =>
  i % 20 === 0 ? 'preflight-fail' : i % 20 === 10 ? 'actual-fail' : 'ok';

export const APP_ASSETS = { css: 5, js: 10, img: 5 } as const;

export interface Site {
  pageOrigin: string;
  apiOrigin: string;
  burstUrl(run: string): string;
  appUrl(run: string): string;
  /** `n` failing requests (alternately a refused preflight and a simple GET without ACAO), one at a time in batches of 20. */
  failuresUrl(run: string, n: number): string;
  /** A page with `window.fire(i)`: one refused preflight, resolving to Date.now() at the fetch's rejection. */
  badgeUrl(run: string): string;
  close(): Promise<void>;
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

const NO_STORE = { 'Cache-Control': 'no-store' };

function burstPage(api: string, run: string): string {
  // The clock starts just before the burst: the page's own parse/load cost is the same in every variant.
  return `<!doctype html><meta charset="utf-8"><title>burst</title><body>burst
<script>
(async () => {
  const outcome = ${burstOutcome.toString()};
  const start = performance.now();
  const results = await Promise.allSettled(Array.from({ length: ${BURST_REQUESTS} }, (_, i) =>
    fetch('${api}/burst/${run}/' + i + '/' + outcome(i), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Bench': String(i) },
      body: '{"i":' + i + '}',
    }).then((r) => r.text())));
  const end = performance.now();
  window.__bench = { ms: end - start, sinceNavigation: end, rejected: results.filter((r) => r.status === 'rejected').length };
})();
</script>`;
}

function appPage(api: string, run: string): string {
  const css = Array.from({ length: APP_ASSETS.css }, (_, i) => `<link rel="stylesheet" href="/asset/${run}/style-${i}.css">`).join('\n');
  const js = Array.from({ length: APP_ASSETS.js }, (_, i) => `<script defer src="/asset/${run}/module-${i}.js"></script>`).join('\n');
  const img = Array.from({ length: APP_ASSETS.img }, (_, i) => `<img alt="" width="32" height="32" src="/asset/${run}/icon-${i}.svg">`).join('\n');
  // Five API calls as an app makes them once its code runs: two simple GETs, two preflighted
  // (JSON POST, Authorization), one preflighted PUT the API refuses (no ACAO on the OPTIONS).
  return `<!doctype html><meta charset="utf-8"><title>app</title>
${css}
<body><h1>Typical app</h1>
${img}
${js}
<script>
const calls = Promise.allSettled([
  fetch('${api}/app/${run}/1/ok'),
  fetch('${api}/app/${run}/2/ok'),
  fetch('${api}/app/${run}/3/ok', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
  fetch('${api}/app/${run}/4/ok', { headers: { Authorization: 'Bearer bench' } }),
  fetch('${api}/app/${run}/5/preflight-fail', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
].map((p) => p.then((r) => r.text())));
const loaded = new Promise((r) => addEventListener('load', r));
Promise.all([calls, loaded]).then(([results]) => {
  const end = performance.now();
  window.__bench = { ms: end, sinceNavigation: end, rejected: results.filter((r) => r.status === 'rejected').length };
});
</script>`;
}

function failuresPage(api: string, run: string, n: number): string {
  return `<!doctype html><meta charset="utf-8"><title>failures</title><body>failures
<script>
(async () => {
  let rejected = 0;
  for (let start = 0; start < ${n}; start += 20) {
    const batch = [];
    for (let i = start; i < Math.min(start + 20, ${n}); i++) {
      const url = '${api}/fail/${run}/' + i + '/' + (i % 2 ? 'actual-fail' : 'preflight-fail');
      batch.push((i % 2 ? fetch(url) : fetch(url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' })).catch(() => rejected++));
    }
    await Promise.all(batch);
  }
  window.__bench = { rejected };
})();
</script>`;
}

function badgePage(api: string, run: string): string {
  return `<!doctype html><meta charset="utf-8"><title>badge</title><body>badge
<script>
window.fire = (i) => fetch('${api}/badge/${run}/' + i + '/preflight-fail', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' })
  .then(() => { throw new Error('expected a CORS failure'); }, () => Date.now());
</script>`;
}

function asset(name: string): { type: string; body: string } | null {
  if (name.endsWith('.css')) return { type: 'text/css', body: `.c-${name.length} { color: #333; }\n`.repeat(60) };
  if (name.endsWith('.js')) return { type: 'text/javascript', body: `(function(){ let s = 0; for (let i = 0; i < 1000; i++) s += i; window.__m = (window.__m || 0) + s; })();\n`.repeat(20) };
  if (name.endsWith('.svg'))
    return { type: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><circle cx="16" cy="16" r="14" fill="#d93025"/></svg>' };
  return null;
}

export async function startSite(): Promise<Site> {
  let pageOrigin = '';
  let apiOrigin = '';
  const pages = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench.invalid');
    const run = url.searchParams.get('run') ?? 'x';
    const html = (body: string) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...NO_STORE }).end(body);
    if (url.pathname === '/burst') return void html(burstPage(apiOrigin, run));
    if (url.pathname === '/app') return void html(appPage(apiOrigin, run));
    if (url.pathname === '/failures') return void html(failuresPage(apiOrigin, run, Number(url.searchParams.get('n') ?? '200')));
    if (url.pathname === '/badge') return void html(badgePage(apiOrigin, run));
    const a = /^\/asset\/[^/]+\/([a-z0-9.-]+)$/.exec(url.pathname);
    const found = a ? asset(a[1]!) : null;
    if (found) {
      res.writeHead(200, { 'Content-Type': found.type, ...NO_STORE });
      res.end(found.body);
      return;
    }
    res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404, NO_STORE).end();
  });
  const api = http.createServer((req, res) => {
    const outcome = (req.url ?? '').split('?')[0]!.split('/').pop();
    const origin = req.headers.origin ?? '*';
    const drain = () => req.resume();
    if (req.method === 'OPTIONS') {
      drain();
      if (outcome === 'preflight-fail') {
        res.writeHead(200, { 'Content-Type': 'text/plain', ...NO_STORE }).end('no CORS here');
        return;
      }
      res
        .writeHead(204, {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': 'GET, POST, PUT',
          'Access-Control-Allow-Headers': 'content-type, x-bench, authorization',
          ...NO_STORE,
        })
        .end();
      return;
    }
    drain();
    const cors = outcome === 'actual-fail' ? {} : { 'Access-Control-Allow-Origin': origin };
    res.writeHead(200, { 'Content-Type': 'application/json', ...cors, ...NO_STORE }).end('{"ok":true}');
  });
  const [pagePort, apiPort] = await Promise.all([listen(pages), listen(api)]);
  pageOrigin = `http://127.0.0.1:${pagePort}`;
  apiOrigin = `http://127.0.0.1:${apiPort}`;
  const close = (s: http.Server) => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r())));
  return {
    pageOrigin,
    apiOrigin,
    burstUrl: (run) => `${pageOrigin}/burst?run=${run}`,
    appUrl: (run) => `${pageOrigin}/app?run=${run}`,
    failuresUrl: (run, n) => `${pageOrigin}/failures?run=${run}&n=${n}`,
    badgeUrl: (run) => `${pageOrigin}/badge?run=${run}`,
    close: async () => void (await Promise.all([close(pages), close(api)])),
  };
}
