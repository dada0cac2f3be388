// One misconfiguration per scenario. Every `expect` and `chromiumError` here is
// checked against real Chromium by test/background/lab.test.ts; when Chromium
// and intuition disagree, the value records what Chromium 156 does.

import type { CustomSpec } from './custom-spec';
import type { HeaderList } from './raw-http';

export interface LabScenario {
  id: string;
  title: string;
  misconfig: string;
  expect: 'blocked' | 'allowed' | 'network-error';
  preflight: boolean;
  /** CDP `Network.CorsError` Chromium reports (Audits `corsIssueDetails.corsErrorStatus.corsError`). */
  chromiumError?: string;
}

export interface LabScenarioDefinition extends LabScenario {
  /** `dead` sends the request to the lab's deadOrigin, where nothing listens. */
  target: 'api' | 'dead';
  spec: CustomSpec;
}

// A request that needs a preflight: PUT is not a CORS-safelisted method and
// X-Custom not a safelisted header (Fetch "CORS-safelisted method/request-header").
const PUT_WITH_HEADER = { method: 'PUT', headers: [['X-Custom', 'lab']] as HeaderList, body: '{"lab":true}' };

const goodPreflight: HeaderList = [
  ['Access-Control-Allow-Origin', '{origin}'],
  ['Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE'],
  ['Access-Control-Allow-Headers', 'X-Custom, Content-Type, Authorization'],
  ['Vary', 'Origin'],
];
const goodActual: HeaderList = [
  ['Access-Control-Allow-Origin', '{origin}'],
  ['Vary', 'Origin'],
  ['Content-Type', 'application/json'],
];
const json = '{"ok":true}\n';

export const scenarios: LabScenarioDefinition[] = [
  {
    id: 'control-ok',
    title: 'Control: preflighted PUT, correct CORS',
    misconfig: 'Nothing: the preflight allows the origin, method and header, and the response carries ACAO.',
    expect: 'allowed',
    preflight: true,
    target: 'api',
    spec: { ...PUT_WITH_HEADER, preflight: { status: 204, headers: goodPreflight }, actual: { status: 200, headers: goodActual, body: json } },
  },
  {
    id: 'simple-ok',
    title: 'Control: simple GET, correct ACAO',
    misconfig: 'Nothing: a simple GET whose response reflects the Origin in ACAO.',
    expect: 'allowed',
    preflight: false,
    target: 'api',
    spec: { method: 'GET', actual: { status: 200, headers: goodActual, body: json } },
  },
  {
    id: 'preflight-404',
    title: 'Preflight answered 404',
    misconfig: 'No route handles OPTIONS, so the framework answers the preflight with a bare 404 and no CORS headers.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'PreflightMissingAllowOriginHeader',
    target: 'api',
    spec: {
      ...PUT_WITH_HEADER,
      // Express's own 404 (its X-Powered-By and body are the fingerprints CORS Doctor detects).
      preflight: { status: 404, headers: [['X-Powered-By', 'Express'], ['Content-Type', 'text/html; charset=utf-8']], body: '<pre>Cannot OPTIONS /</pre>\n' },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'preflight-405',
    title: 'Preflight answered 405 (CORS headers present)',
    misconfig: 'CORS headers are added to every response (nginx `add_header … always`) but the app answers OPTIONS with 405, and a preflight needs a 2xx.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'PreflightInvalidStatus',
    target: 'api',
    spec: {
      ...PUT_WITH_HEADER,
      // nginx in front (its Server header is the fingerprint CORS Doctor detects the stack from).
      preflight: { status: 405, headers: [['Server', 'nginx/1.22.1'], ['Allow', 'GET, PUT'], ...goodPreflight], body: 'Method Not Allowed\n' },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'preflight-400-starlette',
    title: 'FastAPI/Starlette rejects the preflight origin',
    misconfig: "Starlette's CORSMiddleware does not list this origin in allow_origins and answers the preflight 400 `Disallowed CORS origin`, without CORS headers.",
    expect: 'blocked',
    preflight: true,
    chromiumError: 'PreflightMissingAllowOriginHeader',
    target: 'api',
    spec: {
      ...PUT_WITH_HEADER,
      preflight: {
        status: 400,
        headers: [['server', 'uvicorn'], ['vary', 'Origin'], ['content-type', 'text/plain; charset=utf-8']],
        body: 'Disallowed CORS origin',
      },
      actual: { status: 200, headers: [['server', 'uvicorn'], ['content-type', 'application/json']], body: json },
    },
  },
  {
    id: 'preflight-401-auth',
    title: 'Auth middleware rejects the preflight',
    misconfig: 'Auth runs before CORS and answers the credential-less OPTIONS with 401, without CORS headers; browsers never send Authorization on a preflight.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'PreflightMissingAllowOriginHeader',
    target: 'api',
    spec: {
      method: 'GET',
      headers: [['Authorization', 'Bearer lab-token']],
      preflight: { status: 401, headers: [['WWW-Authenticate', 'Bearer realm="lab"'], ['Content-Type', 'text/plain']], body: 'Unauthorized\n' },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'preflight-301-redirect',
    title: 'Preflight redirected (trailing slash)',
    misconfig: 'The server redirects OPTIONS to the trailing-slash URL with 301; a preflight may not be redirected.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'PreflightDisallowedRedirect',
    target: 'api',
    spec: {
      ...PUT_WITH_HEADER,
      // Relative, so it names the same API origin whatever port it runs on.
      preflight: { status: 301, headers: [['Location', '/s/preflight-301-redirect/'], ...goodPreflight] },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'preflight-missing-acao',
    title: 'Preflight without Access-Control-Allow-Origin',
    misconfig: 'The preflight allows the method and headers but carries no Access-Control-Allow-Origin.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'PreflightMissingAllowOriginHeader',
    target: 'api',
    spec: {
      ...PUT_WITH_HEADER,
      preflight: { status: 204, headers: goodPreflight.filter(([n]) => n !== 'Access-Control-Allow-Origin') },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'preflight-wrong-origin',
    title: 'Preflight allows another origin',
    misconfig: 'The preflight ACAO is a hard-coded production origin, not the requesting one.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'PreflightAllowOriginMismatch',
    target: 'api',
    spec: {
      ...PUT_WITH_HEADER,
      preflight: {
        status: 204,
        headers: [['Access-Control-Allow-Origin', 'https://app.example.com'], ...goodPreflight.filter(([n]) => n !== 'Access-Control-Allow-Origin')],
      },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'preflight-wildcard-credentials',
    title: 'Wildcard ACAO on a credentialed preflight',
    misconfig: "The preflight answers `Access-Control-Allow-Origin: *` with `Allow-Credentials: true`, but the request uses credentials: 'include'.",
    expect: 'blocked',
    preflight: true,
    chromiumError: 'PreflightWildcardOriginNotAllowed',
    target: 'api',
    spec: {
      method: 'POST',
      credentials: 'include',
      headers: [['Content-Type', 'application/json']],
      body: '{"lab":true}',
      preflight: {
        status: 204,
        headers: [
          ['Access-Control-Allow-Origin', '*'],
          ['Access-Control-Allow-Credentials', 'true'],
          ['Access-Control-Allow-Methods', 'POST'],
          ['Access-Control-Allow-Headers', 'Content-Type'],
        ],
      },
      actual: { status: 200, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']], body: json },
    },
  },
  {
    id: 'preflight-missing-acac',
    title: 'Credentialed preflight without Allow-Credentials',
    misconfig: "The preflight reflects the origin but omits `Access-Control-Allow-Credentials: true` for a credentials: 'include' request.",
    expect: 'blocked',
    preflight: true,
    chromiumError: 'PreflightInvalidAllowCredentials',
    target: 'api',
    spec: {
      method: 'POST',
      credentials: 'include',
      headers: [['Content-Type', 'application/json']],
      body: '{"lab":true}',
      preflight: { status: 204, headers: goodPreflight },
      actual: { status: 200, headers: [...goodActual, ['Access-Control-Allow-Credentials', 'true']], body: json },
    },
  },
  {
    id: 'method-not-allowed',
    title: 'DELETE not in Allow-Methods',
    misconfig: 'The preflight lists `GET, POST` in Access-Control-Allow-Methods and the request is a DELETE.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'MethodDisallowedByPreflightResponse',
    target: 'api',
    spec: {
      method: 'DELETE',
      preflight: { status: 204, headers: [['Access-Control-Allow-Origin', '{origin}'], ['Access-Control-Allow-Methods', 'GET, POST']] },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'header-not-allowed',
    title: 'Authorization not in Allow-Headers',
    misconfig: 'The preflight allows only Content-Type in Access-Control-Allow-Headers and the request sends Authorization.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'HeaderDisallowedByPreflightResponse',
    target: 'api',
    spec: {
      method: 'GET',
      headers: [['Authorization', 'Bearer lab-token']],
      preflight: {
        status: 204,
        headers: [
          ['Access-Control-Allow-Origin', '{origin}'],
          ['Access-Control-Allow-Methods', 'GET'],
          ['Access-Control-Allow-Headers', 'Content-Type'],
        ],
      },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'allow-headers-wildcard-authorization',
    title: 'Allow-Headers `*` lets Authorization through (Chromium)',
    misconfig: 'The preflight allows headers with `*`; the Fetch standard says `*` never covers Authorization, but Chromium lets it through without credentials.',
    expect: 'allowed',
    preflight: true,
    target: 'api',
    spec: {
      method: 'GET',
      headers: [['Authorization', 'Bearer lab-token']],
      preflight: {
        status: 204,
        headers: [['Access-Control-Allow-Origin', '{origin}'], ['Access-Control-Allow-Headers', '*']],
      },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'wildcard-methods-credentials',
    title: 'Allow-Methods `*` on a credentialed request',
    misconfig: "The preflight allows methods with `*`, which is a literal method name, not a wildcard, for a credentials: 'include' request.",
    expect: 'blocked',
    preflight: true,
    chromiumError: 'MethodDisallowedByPreflightResponse',
    target: 'api',
    spec: {
      method: 'PUT',
      credentials: 'include',
      preflight: {
        status: 204,
        headers: [
          ['Access-Control-Allow-Origin', '{origin}'],
          ['Access-Control-Allow-Credentials', 'true'],
          ['Access-Control-Allow-Methods', '*'],
        ],
      },
      actual: { status: 200, headers: [...goodActual, ['Access-Control-Allow-Credentials', 'true']], body: json },
    },
  },
  {
    id: 'duplicate-acao',
    title: 'Two Access-Control-Allow-Origin lines',
    misconfig: 'Both the proxy and the app add ACAO, so the response carries two ACAO header lines that the browser joins into one invalid value.',
    expect: 'blocked',
    preflight: false,
    chromiumError: 'MultipleAllowOriginValues',
    target: 'api',
    spec: {
      method: 'GET',
      actual: {
        status: 200,
        headers: [
          ['Access-Control-Allow-Origin', '{origin}'],
          ['Content-Type', 'application/json'],
          ['Access-Control-Allow-Origin', '{origin}'],
        ],
        body: json,
      },
    },
  },
  {
    id: 'preflight-duplicate-acao',
    title: 'Two ACAO lines on the preflight',
    misconfig: 'The preflight response carries two Access-Control-Allow-Origin header lines.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'PreflightMultipleAllowOriginValues',
    target: 'api',
    spec: {
      ...PUT_WITH_HEADER,
      preflight: { status: 204, headers: [...goodPreflight, ['access-control-allow-origin', '*']] },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'response-missing-acao',
    title: 'Good preflight, response without ACAO',
    misconfig: 'CORS is handled for OPTIONS only: the preflight passes but the actual response carries no Access-Control-Allow-Origin.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'MissingAllowOriginHeader',
    target: 'api',
    spec: {
      ...PUT_WITH_HEADER,
      preflight: { status: 204, headers: goodPreflight },
      actual: { status: 200, headers: [['Content-Type', 'application/json']], body: json },
    },
  },
  {
    id: 'error-page-without-cors',
    title: '500 error page without CORS headers',
    misconfig: 'The preflight passes but the handler throws, and the 500 error page is rendered without CORS headers, hiding the real error from the page.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'MissingAllowOriginHeader',
    target: 'api',
    spec: {
      method: 'POST',
      headers: [['Content-Type', 'application/json']],
      body: '{"lab":true}',
      preflight: { status: 204, headers: goodPreflight },
      actual: { status: 500, headers: [['Content-Type', 'text/html']], body: '<h1>Internal Server Error</h1>\n' },
    },
  },
  {
    id: 'simple-missing-acao',
    title: 'Simple GET without ACAO',
    misconfig: 'The server sends no CORS headers at all; a simple GET needs no preflight, so only the response is checked.',
    expect: 'blocked',
    preflight: false,
    chromiumError: 'MissingAllowOriginHeader',
    target: 'api',
    spec: { method: 'GET', actual: { status: 200, headers: [['Content-Type', 'application/json']], body: json } },
  },
  {
    id: 'simple-origin-trailing-slash',
    title: 'ACAO with a trailing slash',
    misconfig: 'ACAO is the page origin written with a trailing slash, which never equals a serialized origin.',
    expect: 'blocked',
    preflight: false,
    chromiumError: 'AllowOriginMismatch',
    target: 'api',
    spec: { method: 'GET', actual: { status: 200, headers: [['Access-Control-Allow-Origin', '{origin}/']], body: json } },
  },
  {
    id: 'response-wildcard-credentials',
    title: 'Wildcard ACAO on a credentialed GET',
    misconfig: "A simple GET with credentials: 'include' gets `Access-Control-Allow-Origin: *`, which is not allowed with credentials.",
    expect: 'blocked',
    preflight: false,
    chromiumError: 'WildcardOriginNotAllowed',
    target: 'api',
    spec: {
      method: 'GET',
      credentials: 'include',
      actual: { status: 200, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']], body: json },
    },
  },
  {
    id: 'preflight-invalid-allow-headers',
    title: 'Unparsable Allow-Headers (semicolons)',
    misconfig: 'Access-Control-Allow-Headers is written with semicolons, which do not parse as a list of header names; Chromium fails the preflight even though the request sends no header that needs it.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'InvalidAllowHeadersPreflightResponse',
    target: 'api',
    spec: {
      method: 'PUT',
      preflight: {
        status: 204,
        headers: [
          ['Access-Control-Allow-Origin', '{origin}'],
          ['Access-Control-Allow-Methods', 'PUT'],
          ['Access-Control-Allow-Headers', 'Content-Type; X-Custom'],
        ],
      },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'preflight-invalid-allow-methods',
    title: 'Unparsable Allow-Methods (semicolons)',
    misconfig: 'Access-Control-Allow-Methods is written with semicolons, which do not parse as a list of methods.',
    expect: 'blocked',
    preflight: true,
    chromiumError: 'InvalidAllowMethodsPreflightResponse',
    target: 'api',
    spec: {
      method: 'PUT',
      preflight: {
        status: 204,
        headers: [['Access-Control-Allow-Origin', '{origin}'], ['Access-Control-Allow-Methods', 'GET; PUT']],
      },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'patch-lowercase',
    title: 'Lower-case `patch` vs Allow-Methods PATCH',
    misconfig: "The page calls fetch with method 'patch', which fetch does not upper-case, and method names match case-sensitively, so `Allow-Methods: PATCH` does not allow it.",
    expect: 'blocked',
    preflight: true,
    chromiumError: 'MethodDisallowedByPreflightResponse',
    target: 'api',
    spec: {
      method: 'patch',
      headers: [['Content-Type', 'application/json']],
      body: '{"lab":true}',
      preflight: {
        status: 204,
        headers: [
          ['Access-Control-Allow-Origin', '{origin}'],
          ['Access-Control-Allow-Methods', 'GET, POST, PATCH'],
          ['Access-Control-Allow-Headers', 'Content-Type'],
        ],
      },
      actual: { status: 200, headers: goodActual, body: json },
    },
  },
  {
    id: 'dead-port',
    title: 'Nothing listens (simple GET)',
    misconfig: 'The API is down: the port refuses connections, which the page sees as the same TypeError as a CORS failure.',
    expect: 'network-error',
    preflight: false,
    target: 'dead',
    spec: { method: 'GET' },
  },
  {
    id: 'dead-port-preflight',
    title: 'Nothing listens (preflighted PUT)',
    misconfig: 'The API is down and the request needs a preflight, so the preflight itself fails to connect.',
    expect: 'network-error',
    preflight: true,
    target: 'dead',
    spec: { ...PUT_WITH_HEADER },
  },
];

export function findScenario(id: string): LabScenarioDefinition | undefined {
  return scenarios.find((s) => s.id === id);
}
