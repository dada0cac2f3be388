// Real report inputs for the report tests: failures captured from recorded Chromium 156 fixtures
// (test/helpers/captured.ts), with stable ids and times so golden files do not churn, and the same
// failures carrying realistic secrets (re-diagnosed, so the engine's own text quotes them).
import { diagnose } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import type { ReportEnvironment, ReportInput } from '../../src/core/report';
import type { CapturedFailure } from '../../src/shared/messages';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { toRequestEvent, type WebRequestDetails } from '../../src/background/event-record';
import type { EventKind } from '../../src/core/pairing';
import { capturedFailures, collectingPipeline } from './captured';

export const ENV: ReportEnvironment = {
  generatedAt: '2026-05-01T12:34:56.000Z',
  tool: { name: 'extension', version: '0.1.0' },
  browser: { name: 'Chromium', version: '156.0.7523.0' },
};

// 2026-05-01T12:30:00.000Z
const T0 = 1_777_638_600_000;

/** Captured failures for these lab scenarios, ids and times made stable. */
export async function stableFailures(scenarios: string[]): Promise<CapturedFailure[]> {
  const out = await capturedFailures(scenarios);
  // The fixtures were recorded in Chromium 156 (their full version was not kept).
  return out.map((f, i) => ({ ...f, id: `failure-${i + 1}`, capturedAt: T0 + i * 1000, exchange: { ...f.exchange, browserVersion: '156' } }));
}

/** Failures captured from the Firefox ESR 140 fixtures through the worker's store, as the extension in Firefox 140 records them. */
export async function firefox140Failures(scenarios: string[]): Promise<CapturedFailure[]> {
  const { pipeline: store, out } = await collectingPipeline(42, { browser: 'firefox', browserVersion: () => '140.12.0' });
  for (const [i, scenario] of scenarios.entries()) {
    const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, `../fixtures/webrequest/firefox-140/${scenario}.json`), 'utf8')) as { events: Array<WebRequestDetails & { event: EventKind }> };
    for (const { event, ...d } of fixture.events) {
      const ev = toRequestEvent(event, { ...d, tabId: 42, requestId: `${i}-${String(d.requestId)}` });
      if (ev) void store.handleRequestEvent(ev);
    }
  }
  await store.whenIdle();
  return out.map((f, i) => ({ ...f, id: `failure-${i + 1}`, capturedAt: T0 + i * 1000 }));
}

/**
 * Secrets as they appear in real traffic (formats only: none of these is a live credential; vendor
 * prefixes that push protection scans for are avoided). `where` says how the secret travels.
 */
export const SECRETS = {
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  opaqueBearer: 'tok_7f3a9c2e41b84d0fa6e5c1d29b8e7f60',
  basicAuth: 'YWxpY2U6Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5',
  sessionCookie: 's%3A9d8f7e6a5b4c3d2e1f0a.Zx8Yw7Vu6Ts5',
  csrfCookie: 'csrf-4e1a9b7c2d8f',
  setCookie: 'sid-0a1b2c3d4e5f6a7b8c9d',
  apiKey: 'live_api_key_5a7b9c1d3e5f7a9b',
  csrfHeader: 'Qm9vdHN0cmFwcGVkLUNTUkYtVG9rZW4',
  amzToken: 'FwoGZXIvYXdzEJr//////////wEaDFAKEFAKEFAKE',
  queryToken: 'ya29.a0AfH6SMBx-fake-oauth-access-token',
  querySig: 'b64sig-3f9d2c7e1a0b',
  queryKey: 'AIzaFakeFakeFakeFakeFake0123456789',
  urlPassword: 'hunter2-correct-horse',
  urlUser: 'deploybot-user',
  hostileQuoted: "it's-$(rm -rf ~)-`id`-\"x\"",
} as const;

export const SECRET_VALUES: string[] = Object.values(SECRETS);

function withRequest(x: Exchange, url: string, headers: HeaderList): Exchange {
  return { ...x, request: { ...x.request, url, headers: [...headers, ...(x.request.headers ?? [])] } };
}

/**
 * response-missing-acao (a request that was sent) and preflight-401-auth (one that was not),
 * carrying every secret in SECRETS: in request headers, cookies, URL userinfo and query, and a
 * Set-Cookie on the response.
 */
export async function failuresWithSecrets(): Promise<ReportInput[]> {
  const base = await stableFailures(['response-missing-acao', 'preflight-401-auth']);
  const sentUrl =
    `http://${SECRETS.urlUser}:${SECRETS.urlPassword}@api.test/s/response-missing-acao` +
    `?n=NONCE&access_token=${SECRETS.queryToken}&sig=${SECRETS.querySig}&key=${SECRETS.queryKey}&reset=${SECRETS.jwt}`;
  const sentHeaders: HeaderList = [
    ['Authorization', `Bearer ${SECRETS.jwt}`],
    ['Proxy-Authorization', `Basic ${SECRETS.basicAuth}`],
    ['Cookie', `session=${SECRETS.sessionCookie}; csrf=${SECRETS.csrfCookie}`],
    ['X-Api-Key', SECRETS.apiKey],
    ['X-CSRF-Token', SECRETS.csrfHeader],
    ['X-Amz-Security-Token', SECRETS.amzToken],
    ['X-Debug-Secret', SECRETS.hostileQuoted],
  ];
  const a = base[0] as CapturedFailure;
  let ax = withRequest(a.exchange, sentUrl, sentHeaders);
  ax = { ...ax, request: { ...ax.request, credentials: 'include' } };
  if (ax.response) ax = { ...ax, response: { ...ax.response, headers: [...ax.response.headers, ['Set-Cookie', `sid=${SECRETS.setCookie}; Path=/; HttpOnly; SameSite=None; Secure`]] } };
  const b = base[1] as CapturedFailure;
  const bx: Exchange = { ...b.exchange, request: { ...b.exchange.request, url: `http://api.test/s/preflight-401-auth?n=NONCE&token=${SECRETS.opaqueBearer}` } };
  return [
    { ...a, exchange: ax, diagnosis: diagnose(ax) },
    { ...b, exchange: bx, diagnosis: diagnose(bx) },
  ];
}
