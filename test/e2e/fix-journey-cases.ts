// The six requests every stack's fix is run against (issue 15), for the tests that put a
// generated fix into its real server: each is the request the lab page sends, what an app that
// knows nothing of CORS answers it with (OPTIONS gets 405, as most frameworks do), and what the
// page must read once the fix is in place. Stack-agnostic: a stack's test serves `app` behind
// its server (scenarioServer(caseSpec(c)) from fix-journey.ts) and runs the journey:
//   1. the request fails in Chromium with the extension loaded, and is captured;
//   2. the fix built from the capture is applied where its `where` says;
//   3. the server restarts (or re-reads its config);
//   4. the request passes (or, for `other-origin`, stays blocked), nothing is captured.
import type { CustomSpec, ResponseSpec } from '../../lab/custom-spec';
import type { Lab } from '../../lab/server';
import type { ExtensionBrowser } from './harness';

export interface JourneyCase {
  id: string;
  why: string;
  /** What the page's fetch sends. */
  request: Pick<CustomSpec, 'method' | 'headers' | 'credentials' | 'body'>;
  /** What the CORS-unaware app answers: to OPTIONS, and to the request itself. */
  app: { options: ResponseSpec; actual: ResponseSpec };
  /**
   * After the fix: the page reads this status (and the app's body), or, for `other-origin`, the
   * same request sent from a page origin the fix does not allow stays blocked and is captured.
   */
  after: { status: number } | { blocked: 'other-origin' };
  /**
   * The request is credentialed and its preflight fails before the fix: Chromium sends nothing
   * else, the preflight carries no cookies, and webRequest does not expose the credentials mode,
   * so the diagnosis assumes "omit" (and says so) and the first fix lacks Allow-Credentials.
   * With it applied Chromium blocks on exactly that (PreflightInvalidAllowCredentials); the fix
   * built from that second capture has Allow-Credentials and passes. Every stack's fix follows
   * the diagnosis here (src/core/fixes/fix-context.ts); the journey shows both rounds.
   */
  credentialsHiddenAtPreflight?: boolean;
}

// An app without CORS handling: no OPTIONS route, so the framework answers 405.
const options405: ResponseSpec = { status: 405, headers: [['Allow', 'GET, HEAD, POST, PUT, DELETE'], ['Content-Type', 'text/plain']], body: 'Method Not Allowed\n' };
const json = (status: number, body: string): ResponseSpec => ({ status, headers: [['Content-Type', 'application/json']], body });

const preflightedPut: JourneyCase['request'] = { method: 'PUT', headers: [['X-Custom', 'lab'], ['Content-Type', 'application/json']], body: '{"lab":true}' };

export const journeyCases: JourneyCase[] = [
  {
    id: 'put-custom-header',
    why: 'preflighted PUT with X-Custom; the app answers OPTIONS with 405',
    request: preflightedPut,
    app: { options: options405, actual: json(200, '{"updated":true}\n') },
    after: { status: 200 },
  },
  {
    id: 'credentialed-delete-authorization',
    why: "DELETE with Authorization and credentials: 'include'; OPTIONS 405",
    request: { method: 'DELETE', headers: [['Authorization', 'Bearer lab-token']], credentials: 'include' },
    app: { options: options405, actual: json(200, '{"deleted":true}\n') },
    after: { status: 200 },
    credentialsHiddenAtPreflight: true,
  },
  {
    id: 'post-json',
    why: 'POST with Content-Type: application/json (preflighted); OPTIONS 405',
    request: { method: 'POST', headers: [['Content-Type', 'application/json']], body: '{"lab":true}' },
    app: { options: options405, actual: json(201, '{"created":true}\n') },
    after: { status: 201 },
  },
  {
    id: 'credentialed-simple-get',
    why: "simple GET with credentials: 'include' (the session cookie shows the mode); no preflight",
    request: { method: 'GET', credentials: 'include' },
    app: { options: options405, actual: json(200, '{"me":"lab"}\n') },
    after: { status: 200 },
  },
  {
    id: 'put-500-error-page',
    why: 'preflighted PUT answered by a 500 error page, which needs CORS headers too',
    request: preflightedPut,
    app: { options: options405, actual: { status: 500, headers: [['Content-Type', 'text/html']], body: '<h1>Internal Server Error</h1>\n' } },
    after: { status: 500 },
  },
  {
    id: 'put-other-origin',
    why: 'the same PUT from a page origin not on the allow-list stays blocked (a fix that reflects any Origin fails here)',
    request: preflightedPut,
    app: { options: options405, actual: json(200, '{"updated":true}\n') },
    after: { blocked: 'other-origin' },
  },
];

/** The case as a lab spec: the request, and the app's answers (for scenarioServer and requestFromLabPage). */
export function caseSpec(c: JourneyCase): CustomSpec {
  return { ...c.request, preflight: c.app.options, actual: c.app.actual };
}

/**
 * The case's request with `authorization` as its Authorization header (added, or replacing the
 * case's own), for a server that asks for a login. Authorization is never CORS-safelisted, so
 * every such request is preflighted, and a credentialed one then hides its credentials mode.
 */
export function withAuthorization(c: JourneyCase, authorization: string): JourneyCase {
  const headers = (c.request.headers ?? []).filter(([n]) => n.toLowerCase() !== 'authorization');
  return {
    ...c,
    why: `${c.why}; with a login`,
    request: { ...c.request, headers: [...headers, ['Authorization', authorization]] },
    credentialsHiddenAtPreflight: c.request.credentials === 'include',
  };
}

/**
 * The lab page served from another origin: the same page server reached as `localhost` instead
 * of 127.0.0.1 (a different origin to the browser, the same loopback server). For the
 * `other-origin` case: pass it to expectBlockedAndCaptured in place of the lab.
 */
export function labFromOtherOrigin(lab: Lab): Lab {
  const url = new URL(lab.pageOrigin);
  if (url.hostname !== '127.0.0.1') throw new Error(`the lab page must be on 127.0.0.1 to be reached as localhost (it is on ${lab.pageOrigin})`);
  const pageOrigin = `http://localhost:${url.port}`;
  return { ...lab, pageOrigin, indexUrl: `${pageOrigin}/` };
}

/**
 * A logged-in user: the lab page origin's session cookie, which a credentialed request carries to
 * any 127.0.0.1 port (cookies ignore ports) and which tells the extension the credentials mode,
 * as the lab's own scenario pages do (lab/pages.ts).
 */
export async function logIn(ext: ExtensionBrowser, lab: Lab): Promise<void> {
  await ext.context.addCookies([{ name: 'lab_session', value: '1', domain: new URL(lab.pageOrigin).hostname, path: '/', sameSite: 'Lax' }]);
}
