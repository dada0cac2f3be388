// Issue 14 item 3: the secret shapes the first round missed, each case naming where the shape comes
// from, and the project's own text that redaction must leave alone.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { fixesFor, STACKS } from '../../src/core/fixes';
import { buildReport, createRedactor, isSecretHeaderName, renderHtml, renderJson, renderMarkdown } from '../../src/core/report';
import { redactForStorage } from '../../src/core/storage-redaction';
import { ENV } from '../helpers/report-inputs';

interface HeaderCase {
  name: string;
  value: string;
  redacted: string;
  source: string;
}

describe('header names that carry credentials', () => {
  it.each<HeaderCase>([
    { name: 'X-Authorization', value: 'Bearer tok3n', redacted: 'Bearer ••••(5 chars)', source: 'APIs behind gateways that consume Authorization (AWS API Gateway custom authorizers)' },
    { name: 'Authentication', value: 'Bearer abc', redacted: 'Bearer ••••(3 chars)', source: 'a common misspelling of Authorization' },
    { name: 'X-CSRFToken', value: 'Zq9x', redacted: '••••(4 chars)', source: "Django's CSRF_HEADER_NAME default, no dash" },
    { name: 'X-XSRF-TOKEN', value: 'abc', redacted: '••••(3 chars)', source: 'Angular HttpClient XSRF header' },
    { name: 'X-Session-Id', value: 's1', redacted: '••••(2 chars)', source: '"session" anywhere in the name' },
    { name: 'X-Auth-User-Token', value: 'u1', redacted: '••••(2 chars)', source: '"token" anywhere in the name' },
    { name: 'X-Hub-Secret-Value', value: 'h1', redacted: '••••(2 chars)', source: '"secret" anywhere in the name' },
    { name: 'X-ApiKey-Id', value: 'k1', redacted: '••••(2 chars)', source: '"apikey" anywhere in the name' },
    { name: 'X-Authenticated-User', value: 'alice', redacted: '••••(5 chars)', source: '"auth" anywhere in the name' },
  ])('$name: $source', ({ name, value, redacted }) => {
    const r = createRedactor({ headers: [[[name, value]]], urls: [] });
    expect(isSecretHeaderName(name)).toBe(true);
    expect(r.header(name, value)).toBe(redacted);
  });

  it.each([
    ['Access-Control-Request-Headers', 'authorization, x-session-token'],
    ['Access-Control-Allow-Headers', 'x-auth-token, x-csrftoken'],
    ['Access-Control-Expose-Headers', 'x-session-id'],
    ['WWW-Authenticate', 'Bearer realm="api", error="invalid_token"'],
    ['Proxy-Authenticate', 'Basic realm="proxy"'],
    [':authority', 'api.example.com'],
    ['Content-Type', 'application/json'],
    ['Vary', 'Origin, Authorization'],
  ])('%s stays readable (CORS headers carry names; a challenge carries no credential)', (name, value) => {
    expect(isSecretHeaderName(name)).toBe(false);
    expect(createRedactor({ headers: [[[name, value]]], urls: [] }).header(name, value)).toBe(value);
  });
});

interface UrlCase {
  url: string;
  redacted: string;
  source: string;
}

describe('query, fragment and matrix parameters', () => {
  it.each<UrlCase>([
    { url: 'https://api.test/x?accessToken=abc&page=2', redacted: 'https://api.test/x?accessToken=••••(3 chars)&page=2', source: 'camelCase OAuth token (Firebase, many SPAs)' },
    { url: 'https://api.test/x?refreshToken=r1', redacted: 'https://api.test/x?refreshToken=••••(2 chars)', source: 'camelCase refresh token' },
    { url: 'https://api.test/login?user=bob&pw=hunter2', redacted: 'https://api.test/login?user=bob&pw=••••(7 chars)', source: 'a password as `pw`' },
    { url: 'https://api.test/items;token=abc/list', redacted: 'https://api.test/items;token=••••(3 chars)/list', source: 'RFC 3986 §3.3 matrix parameter' },
    { url: 'https://api.test/app;jsessionid=0A1B2C?x=1', redacted: 'https://api.test/app;jsessionid=••••(6 chars)?x=1', source: "Java servlet URL rewriting's ;jsessionid=" },
    { url: 'https://app.test/cb#accessToken=xy&state=1', redacted: 'https://app.test/cb#accessToken=••••(2 chars)&state=1', source: 'camelCase in the fragment' },
    { url: 'https://api.test/items;v=2?page=1', redacted: 'https://api.test/items;v=2?page=1', source: 'ordinary matrix parameter untouched' },
  ])('$source', ({ url, redacted }) => {
    expect(createRedactor({ headers: [], urls: [url] }).url(url)).toBe(redacted);
  });
});

describe('URLs inside headers get the URL redaction', () => {
  it.each([
    ['Location', 'https://app.test/cb?code=ab1&state=s', 'https://app.test/cb?code=••••(3 chars)&state=s', 'RFC 6749 §4.1.2 authorization response'],
    ['Location', '/login?next=/x&token=t9', '/login?next=/x&token=••••(2 chars)', 'a relative Location'],
    ['Referer', 'https://app.test/reset?token=r3&u=1', 'https://app.test/reset?token=••••(2 chars)&u=1', 'RFC 9110 §10.1.3'],
    ['Content-Location', 'https://u:pw@api.test/doc', 'https://••••(1 chars):••••(2 chars)@api.test/doc', 'RFC 9110 §8.7'],
    ['Link', '<https://api.test/p?page=2&sig=s1>; rel="next", <https://api.test/p?key=k2>; rel="last"', '<https://api.test/p?page=2&sig=••••(2 chars)>; rel="next", <https://api.test/p?key=••••(2 chars)>; rel="last"', 'RFC 8288 link values'],
  ])('%s: %s (%s)', (name, value, redacted) => {
    const r = createRedactor({ headers: [[[name, value]]], urls: [] });
    expect(r.header(name, value)).toBe(redacted);
  });

  it('a 302 Location with ?code= is neither stored nor exported in clear, and its long secret is hunted in prose', () => {
    const code = 'Sp1ff-0auth-c0de-77';
    const x: Exchange = {
      request: { url: 'http://api.test/s/login', method: 'GET', origin: 'http://page.test', credentials: 'unknown', headers: [], error: 'net::ERR_FAILED' },
      preflight: { kind: 'not-observed' },
      response: { status: 302, headers: [['Location', `https://idp.test/cb?code=${code}`]], redirectTo: `https://idp.test/cb?code=${code}` },
      browser: 'chromium',
    };
    const stored = redactForStorage(x, diagnose(x));
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(renderJson(buildReport([{ id: 'a', exchange: x, diagnosis: diagnose(x) }], ENV))).not.toContain(code);
  });
});

describe('bodies kept in reports', () => {
  const exchange = (body: string): Exchange => ({
    request: { url: 'http://api.test/s/x', method: 'PUT', origin: 'http://page.test', credentials: 'unknown', headers: [['Content-Type', 'application/json']], error: 'net::ERR_FAILED' },
    preflight: { kind: 'observed', status: 401, headers: [['Content-Type', 'application/json']], body },
    browser: 'chromium',
  });
  it.each([
    ['JSON token fields', '{"accessToken":"a1","refresh_token": "r2","user":"bob","expires_in":3600}', '{"accessToken":"••••(2 chars)","refresh_token": "••••(2 chars)","user":"bob","expires_in":3600}'],
    ['JSON nested, escaped and numeric', '{"auth":{"password":"p\\"q","pin":1,"otp":123456}}', '{"auth":{"password":"••••(3 chars)","pin":1,"otp":"••••(6 chars)"}}'],
    ['a form body', 'grant_type=password&username=bob&password=pw9&client_secret=cs1', 'grant_type=password&username=bob&password=••••(3 chars)&client_secret=••••(3 chars)'],
    ['prose is left as it is', '{"error":"invalid_token","message":"The token expired"}', '{"error":"invalid_token","message":"The token expired"}'],
  ])('%s', (_name, body, redacted) => {
    const x = exchange(body);
    const report = buildReport([{ id: 'b', exchange: x, diagnosis: diagnose(x) }], ENV);
    expect(report.failures[0]!.preflight).toMatchObject({ kind: 'observed', body: redacted });
    expect(redactForStorage(x, diagnose(x)).exchange.preflight).toMatchObject({ body: redacted });
  });

  it('a secret from a body is hunted in the rest of the report', () => {
    const x = exchange('{"access_token":"ya29.body-secret-123456"}');
    const text = renderMarkdown(buildReport([{ id: 'b', exchange: { ...x, request: { ...x.request, url: 'http://api.test/s/x?n=ya29.body-secret-123456' } }, diagnosis: diagnose(x) }], ENV));
    expect(text).not.toContain('ya29.body-secret-123456');
  });
});

describe('the diagnosis quotes request values: redacted as the header they came from', () => {
  // A preflighted PUT with Authorization whose actual response is a 404 without ACAO (issue 14).
  const preflightedPut = (token: string, extra: HeaderList = []): Exchange => ({
    request: {
      url: 'http://api.test/s/items',
      method: 'PUT',
      origin: 'http://page.test',
      credentials: 'unknown',
      headers: [['Authorization', `Bearer ${token}`], ['Content-Type', 'application/json'], ...extra],
      error: 'net::ERR_FAILED',
    },
    preflight: {
      kind: 'observed',
      status: 204,
      headers: [['Access-Control-Allow-Origin', 'http://page.test'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'authorization, content-type, x-api-key']],
      requestHeaders: [['Origin', 'http://page.test'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'authorization,content-type,x-api-key']],
    },
    response: { status: 404, headers: [['Content-Type', 'text/plain']] },
    browser: 'chromium',
  });

  it.each(['abc', 'Zq9x', 'tok_7f3a9c2e41b8'])('Bearer %s: not in the stored diagnosis, nor in the JSON export of what was stored', (token) => {
    const x = preflightedPut(token, [['X-Api-Key', 'k9']]);
    const raw = diagnose(x);
    expect(raw.whyPreflight?.find((w) => w.header === 'authorization')?.value).toBe(`Bearer ${token}`);
    const stored = redactForStorage(x, raw);
    const why = stored.diagnosis.whyPreflight ?? [];
    expect(why.find((w) => w.header === 'authorization')?.value).toBe(`Bearer ••••(${token.length} chars)`);
    expect(why.find((w) => w.header === 'x-api-key')?.value).toBe('••••(2 chars)');
    const exported = renderJson(buildReport([{ id: 's', exchange: stored.exchange, diagnosis: stored.diagnosis }], ENV));
    expect(exported).not.toMatch(new RegExp(`Bearer ${token}\\b`));
    expect(exported).not.toContain('"k9"');
    // And from the raw values (the CLI): the report builder redacts the diagnosis itself.
    const fromRaw = buildReport([{ id: 'r', exchange: x, diagnosis: raw }], ENV);
    expect(fromRaw.failures[0]!.diagnosis.whyPreflight?.find((w) => w.header === 'authorization')?.value).toBe(`Bearer ••••(${token.length} chars)`);
  });
});

describe("the project's own text is never redacted", () => {
  // Secrets that are ordinary words, and an Authorization header: the prose and the snippets
  // mention "Authorization", "Origin", "preflight" and "default" in their own sentences.
  const x: Exchange = {
    request: {
      url: 'http://api.test/s/items',
      method: 'PUT',
      origin: 'http://page.test',
      credentials: 'include',
      headers: [['Authorization', 'Bearer preflight'], ['Cookie', 'consent=accepted; pref=default; lang=Origin'], ['X-Session', 'browser']],
      error: 'net::ERR_FAILED',
    },
    preflight: {
      kind: 'observed',
      status: 401,
      headers: [['Content-Type', 'text/plain']],
      requestHeaders: [['Origin', 'http://page.test'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'authorization,x-session']],
    },
    browser: 'chromium',
  };
  const d = diagnose(x);

  it.each(STACKS.map((s) => s.id))('%s: the fix snippet, title, where, pitfall and verify are exactly as generated', (stack) => {
    const shown = buildReport([{ id: 'o', exchange: x, diagnosis: d }], ENV, { stack }).failures[0]!.fix.fix;
    const [generated] = fixesFor(d, x, { only: [stack] });
    expect(shown).toEqual(JSON.parse(JSON.stringify(generated)));
  });

  it('the Flask comment keeps its words in every format', () => {
    const report = buildReport([{ id: 'o', exchange: x, diagnosis: d }], ENV, { stack: 'flask' });
    const line = '# Preflights carry no cookies or Authorization: let Flask-CORS answer them.';
    expect(renderJson(report)).toContain(line);
    expect(renderMarkdown(report)).toContain(line);
    expect(renderHtml(report)).toContain('# Preflights carry no cookies or Authorization: let Flask-CORS answer them.');
  });

  it('check codes, explanations, summary and hints are exactly the engine text (stored and exported)', () => {
    const stored = redactForStorage(x, d).diagnosis;
    const exported = buildReport([{ id: 'o', exchange: x, diagnosis: d }], ENV).failures[0]!.diagnosis;
    for (const shown of [stored, exported]) {
      expect(shown.checks).toEqual(JSON.parse(JSON.stringify(d.checks)));
      expect(shown.summary).toBe(d.summary);
      expect(shown.realCause).toEqual(d.realCause);
      expect(shown.warnings).toEqual(JSON.parse(JSON.stringify(d.warnings)));
      expect(shown.whyPreflight?.map((w) => w.explanation)).toEqual(d.whyPreflight?.map((w) => w.explanation));
    }
    // The values themselves are still masked where they stand.
    expect(stored.whyPreflight?.find((w) => w.header === 'authorization')?.value).toBe('Bearer ••••(9 chars)');
    expect(stored.whyPreflight?.find((w) => w.header === 'x-session')?.value).toBe('••••(7 chars)');
  });
});
