// `explain`: console lines -> CorsError codes, per browser. Chromium lines are the ones real
// Chromium 156 printed for the lab (test/fixtures/console/chromium.txt, recorded by
// test/fixtures/record-har.ts); Firefox lines are its message catalog
// (dom/locales/en-US/chrome/security/security.properties, current and older keys) with the
// placeholders filled; Safari lines are WebKit's (CrossOriginAccessControl.cpp,
// CrossOriginPreflightResultCache.cpp) and ones users pasted from Safari's console.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../lab/scenarios';
import { decodeEscapes, explainConsoleText } from '../../src/cli/explain';
import { ensureBuilt, runCli } from './run-cli';

interface Case {
  line: string;
  codes: string[];
  parameter?: string;
  status?: number;
  source: string;
}

const recorded = readFileSync(resolve(import.meta.dirname, '../fixtures/console/chromium.txt'), 'utf8');

describe('Chromium: every line real Chromium printed for the lab maps to the scenario\'s chromiumError', () => {
  const byScenario = new Map<string, string[]>();
  let current = '';
  for (const l of recorded.split('\n')) {
    if (l.startsWith('# ')) current = l.slice(2);
    else if (l.trim() !== '') byScenario.set(current, [...(byScenario.get(current) ?? []), l]);
  }
  const blocked = scenarios.filter((s) => s.chromiumError);
  it.each(blocked.map((s) => [s.id, s.chromiumError] as const))('%s -> %s', (id, code) => {
    const text = (byScenario.get(id) ?? []).join('\n');
    const findings = explainConsoleText(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.browser).toBe('chromium');
    expect(findings[0]?.codes[0]).toBe(code);
    expect(findings[0]?.origin).toBe('http://page.test');
  });

  it('"Failed to load resource: net::ERR_CONNECTION_REFUSED" alone is no CORS error', () => {
    expect(explainConsoleText(byScenario.get('dead-port')?.join('\n') ?? 'x')).toEqual([]);
  });
});

const U = 'https://api.example.com/v1/items';
const FF = (reason: string, status?: string) =>
  `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${U}. (Reason: ${reason}).${status ? ` Status code: ${status}.` : ''}`;

const cases: Case[] = [
  // Chromium, other wordings
  { source: 'Chromium (XHR, credentials)', line: `Access to XMLHttpRequest at '${U}' from origin 'https://app.example.com' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.`, codes: ['InvalidAllowCredentials'] },
  { source: 'Chromium (redirected)', line: `Access to fetch at 'https://b.example/x' (redirected from '${U}') from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`, codes: ['MissingAllowOriginHeader'] },
  { source: 'Chromium < 83 (no-cors advice)', line: `Access to fetch at '${U}' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.`, codes: ['MissingAllowOriginHeader'] },
  { source: 'Chromium 58-66', line: `Failed to load ${U}: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'https://app.example.com' is therefore not allowed access.`, codes: ['MissingAllowOriginHeader'] },
  { source: 'Chromium < 67', line: `Failed to load ${U}: Response for preflight has invalid HTTP status code 405.`, codes: ['PreflightInvalidStatus'], status: 405 },
  { source: 'Chromium, \\u escapes (EncodeHint, one per UTF-8 byte)', line: `Access to fetch at '${U}' from origin 'https://app.example.com' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://caf\\u00C3\\u00A9.example' that is not equal to the supplied origin.`, codes: ['AllowOriginMismatch'], parameter: 'https://café.example' },
  { source: 'Chromium, JSON-escaped quotes', line: `Access to fetch at \\u0027${U}\\u0027 from origin \\u0027https://app.example.com\\u0027 has been blocked by CORS policy: Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.`, codes: ['HeaderDisallowedByPreflightResponse'], parameter: 'x-api-key' },
  // Firefox, current catalog
  { source: 'Firefox CORSMissingAllowOrigin2', line: FF('CORS header ‘Access-Control-Allow-Origin’ missing', '404'), codes: ['MissingAllowOriginHeader', 'PreflightMissingAllowOriginHeader'], status: 404 },
  { source: 'Firefox CORSMultipleAllowOriginNotAllowed', line: FF('Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed'), codes: ['MultipleAllowOriginValues', 'PreflightMultipleAllowOriginValues'] },
  { source: 'Firefox CORSAllowOriginNotMatchingOrigin', line: FF('CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://other.example’'), codes: ['AllowOriginMismatch', 'PreflightAllowOriginMismatch'], parameter: 'https://other.example' },
  { source: 'Firefox CORSNotSupportingCredentials (quoted URL)', line: `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘${U}’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).`, codes: ['WildcardOriginNotAllowed', 'PreflightWildcardOriginNotAllowed'] },
  { source: 'Firefox CORSMethodNotFound', line: FF('Did not find method in CORS header ‘Access-Control-Allow-Methods’'), codes: ['MethodDisallowedByPreflightResponse'] },
  { source: 'Firefox CORSMissingAllowCredentials', line: FF('expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’'), codes: ['InvalidAllowCredentials', 'PreflightInvalidAllowCredentials'] },
  { source: 'Firefox CORSPreflightDidNotSucceed3', line: FF('CORS preflight response did not succeed', '405'), codes: ['PreflightInvalidStatus'], status: 405 },
  { source: 'Firefox CORSInvalidAllowMethod', line: FF('invalid token ‘GET;’ in CORS header ‘Access-Control-Allow-Methods’'), codes: ['InvalidAllowMethodsPreflightResponse'], parameter: 'GET;' },
  { source: 'Firefox CORSInvalidAllowHeader', line: FF('invalid token ‘Content-Type;’ in CORS header ‘Access-Control-Allow-Headers’'), codes: ['InvalidAllowHeadersPreflightResponse'] },
  { source: 'Firefox CORSMissingAllowHeaderFromPreflight2', line: FF('header ‘x-custom’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response'), codes: ['HeaderDisallowedByPreflightResponse'], parameter: 'x-custom' },
  { source: 'Firefox CORSExternalRedirectNotAllowed', line: FF('CORS request external redirect not allowed'), codes: ['PreflightDisallowedRedirect'] },
  { source: 'Firefox CORSDidNotSucceed2 (not a CORS check)', line: FF('CORS request did not succeed', '(null)'), codes: [] },
  { source: 'Firefox CORSRequestNotHttp', line: FF('CORS request not http'), codes: ['CorsDisabledScheme'] },
  // Firefox, older keys and straight quotes
  { source: 'Firefox < 87 CORSMissingAllowOrigin (no status)', line: FF("CORS header 'Access-Control-Allow-Origin' missing"), codes: ['MissingAllowOriginHeader', 'PreflightMissingAllowOriginHeader'] },
  { source: 'Firefox < 70 CORSPreflightDidNotSucceed', line: FF('CORS preflight channel did not succeed'), codes: ['PreflightInvalidStatus'] },
  { source: 'Firefox < 100 CORSMissingAllowHeaderFromPreflight', line: FF('missing token ‘authorization’ in CORS header ‘Access-Control-Allow-Headers’ from CORS preflight channel'), codes: ['HeaderDisallowedByPreflightResponse'], parameter: 'authorization' },
  // Safari / WebKit
  { source: 'WebKit passesAccessControlCheck', line: '[Error] Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200', codes: ['MissingAllowOriginHeader', 'AllowOriginMismatch', 'PreflightMissingAllowOriginHeader', 'PreflightAllowOriginMismatch'], status: 200 },
  { source: 'Safari < 14 (no status)', line: 'Origin https://app.example.com is not allowed by Access-Control-Allow-Origin.', codes: ['MissingAllowOriginHeader', 'AllowOriginMismatch', 'PreflightMissingAllowOriginHeader', 'PreflightAllowOriginMismatch'] },
  { source: 'WebKit validatePreflightResponse', line: '[Error] Preflight response is not successful. Status code: 405', codes: ['PreflightInvalidStatus'], status: 405 },
  { source: 'WebKit, redirected preflight', line: 'Preflight response is not successful. Status code: 301', codes: ['PreflightDisallowedRedirect', 'PreflightInvalidStatus'], status: 301 },
  { source: 'WebKit wildcard', line: 'Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.', codes: ['WildcardOriginNotAllowed', 'PreflightWildcardOriginNotAllowed'] },
  { source: 'WebKit multiple', line: 'Access-Control-Allow-Origin cannot contain more than one origin.', codes: ['MultipleAllowOriginValues', 'PreflightMultipleAllowOriginValues'] },
  { source: 'WebKit credentials', line: 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".', codes: ['InvalidAllowCredentials', 'PreflightInvalidAllowCredentials'] },
  { source: 'WebKit method', line: '[Error] Method PATCH is not allowed by Access-Control-Allow-Methods.', codes: ['MethodDisallowedByPreflightResponse'], parameter: 'PATCH' },
  { source: 'Safari console (pasted by a user)', line: '[Error] Request header field ngrok-skip-browser-warning is not allowed by Access-Control-Allow-Headers.', codes: ['HeaderDisallowedByPreflightResponse'], parameter: 'ngrok-skip-browser-warning' },
  { source: 'WebKit CrossOriginPreflightResultCacheItem::create', line: 'Header Access-Control-Allow-Methods has an invalid value: GET; PUT', codes: ['InvalidAllowMethodsPreflightResponse'], parameter: 'GET; PUT' },
  { source: 'Safari, reason after "cannot load"', line: `XMLHttpRequest cannot load ${U}. Origin https://app.example.com is not allowed by Access-Control-Allow-Origin.`, codes: ['MissingAllowOriginHeader', 'AllowOriginMismatch', 'PreflightMissingAllowOriginHeader', 'PreflightAllowOriginMismatch'] },
];

describe('wordings per browser -> codes', () => {
  it.each(cases.map((c) => [c.source, c] as const))('%s', (_s, c) => {
    const findings = explainConsoleText(c.line);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.codes).toEqual(c.codes);
    if (c.parameter !== undefined) expect(f.parameter).toBe(c.parameter);
    if (c.status !== undefined) expect(f.status).toBe(c.status);
  });
});

describe('Safari prints a reason, then "cannot load …", then "Failed to load resource: <reason>": one finding, with the URL', () => {
  it('merges the three lines', () => {
    const text = [
      '[Error] Request header field x-custom is not allowed by Access-Control-Allow-Headers.',
      `[Error] Fetch API cannot load ${U} due to access control checks.`,
      '[Error] Failed to load resource: Request header field x-custom is not allowed by Access-Control-Allow-Headers. (items, line 0)',
    ].join('\n');
    const f = explainConsoleText(text);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ browser: 'safari', url: U, codes: ['HeaderDisallowedByPreflightResponse'], parameter: 'x-custom' });
  });
});

describe('decodeEscapes', () => {
  it.each([
    ['\\u0027a\\u0027', "'a'"],
    ['caf\\u00C3\\u00A9', 'café'], // Chromium EncodeHint: UTF-8 bytes
    ['\\u00e9', 'é'], // a lone Latin-1 code unit (JSON): not valid UTF-8, kept as code unit
    ['\\u2018x\\u2019', '‘x’'],
  ])('%s -> %s', (input, out) => expect(decodeEscapes(input)).toBe(out));
});

describe('explain as a command', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('explains a pasted Chrome console, with the method from the net::ERR_FAILED line, a fix and a check command', async () => {
    const text = [
      "index.html:1 Access to fetch at 'https://api.example.com/v1/items' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
      'PUT https://api.example.com/v1/items net::ERR_FAILED',
    ].join('\n');
    const r = await runCli(['explain', '--stack', 'nginx'], { stdin: text });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('PreflightInvalidStatus');
    expect(r.stdout).toContain('Method: PUT');
    expect(r.stdout).toContain('Fix for nginx');
    expect(r.stdout).toContain('cors-doctor check https://api.example.com/v1/items --origin https://app.example.com -X PUT');
    expect(r.stdout).toContain('The text cannot tell');
  });

  it('no CORS error: exit 0', async () => {
    const r = await runCli(['explain'], { stdin: 'GET https://x.example/ 404 (Not Found)\nUncaught TypeError: x is undefined\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No CORS error found');
  });

  it('--json lists findings', async () => {
    const r = await runCli(['explain', '--json'], { stdin: recorded });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: Array<{ finding: { codes: string[] }; fix?: unknown }> };
    expect(out.findings.length).toBe(scenarios.filter((s) => s.chromiumError).length);
    expect(out.findings.every((f) => f.fix !== undefined)).toBe(true);
  });
});
