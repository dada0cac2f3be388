import { describe, expect, it } from 'vitest';
import { buildReport, createRedactor, isSecretHeaderName, isSecretParamName, mask, renderHtml, renderJson, renderMarkdown } from '../../src/core/report';
import { escapeHtml } from '../../src/core/report/html-escape';
import { ENV, failuresWithSecrets, SECRET_VALUES, SECRETS } from '../helpers/report-inputs';

interface HeaderCase {
  name: string;
  value: string;
  redacted: string;
  source: string;
}

describe('header values keep their shape', () => {
  it.each<HeaderCase>([
    { name: 'Authorization', value: `Bearer ${'a'.repeat(43)}`, redacted: 'Bearer ••••(43 chars)', source: 'RFC 6750 §2.1 bearer credentials; issue 7 example' },
    { name: 'authorization', value: 'Basic YWxpY2U6c2VjcmV0', redacted: 'Basic ••••(16 chars)', source: 'RFC 7617 Basic' },
    { name: 'Authorization', value: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260501/us-east-1/s3/aws4_request, Signature=abc', redacted: 'AWS4-HMAC-SHA256 ••••(72 chars)', source: 'AWS SigV4 header' },
    { name: 'Authorization', value: 'opaque-no-scheme', redacted: '••••(16 chars)', source: 'a bare token' },
    { name: 'Proxy-Authorization', value: 'Basic cHJveHk6cHc=', redacted: 'Basic ••••(12 chars)', source: 'RFC 9110 §11.7.2' },
    { name: 'Cookie', value: 'sid=abc123; theme=dark', redacted: 'sid=••••(6 chars); theme=••••(4 chars)', source: 'RFC 6265 §5.4 cookie-string: names kept' },
    { name: 'Set-Cookie', value: 'sid=abc123; Path=/; HttpOnly; SameSite=None', redacted: 'sid=••••(6 chars); Path=/; HttpOnly; SameSite=None', source: 'RFC 6265 §4.1: attributes kept' },
    { name: 'X-Api-Key', value: 'k-123456', redacted: '••••(8 chars)', source: 'issue 7' },
    { name: 'X-CSRF-Token', value: 'tkn', redacted: '••••(3 chars)', source: '*-Token' },
    { name: 'X-Client-Secret', value: 'shh', redacted: '••••(3 chars)', source: '*-Secret' },
    { name: 'X-Goog-Api-Key', value: 'g1', redacted: '••••(2 chars)', source: '*-Key' },
    { name: 'X-Amz-Security-Token', value: 'FwoG', redacted: '••••(4 chars)', source: 'AWS STS session token header' },
    { name: 'X-Trace', value: `id ${SECRETS.jwt}`, redacted: `id ${mask(SECRETS.jwt)}`, source: 'a JWT in any header' },
    { name: 'Access-Control-Allow-Headers', value: 'x-api-key, authorization', redacted: 'x-api-key, authorization', source: 'CORS headers carry names, not secrets' },
    { name: 'Content-Type', value: 'application/json', redacted: 'application/json', source: 'ordinary header untouched' },
    { name: 'Authorization', value: 'Bearer ••••(43 chars)', redacted: 'Bearer ••••(43 chars)', source: 'idempotent on an already masked value' },
  ])('$name: $source', ({ name, value, redacted }) => {
    const r = createRedactor({ headers: [[[name, value]]], urls: [] });
    expect(r.header(name, value)).toBe(redacted);
  });
});

interface UrlCase {
  url: string;
  redacted: string;
  source: string;
}

describe('URLs keep their structure', () => {
  it.each<UrlCase>([
    { url: 'https://user:pass1234@api.example.com/x', redacted: 'https://••••(4 chars):••••(8 chars)@api.example.com/x', source: 'WHATWG URL "includes credentials"' },
    { url: 'https://tokenonly@api.example.com/', redacted: 'https://••••(9 chars)@api.example.com/', source: 'a token as the username (git-style)' },
    { url: 'https://api.example.com/x?access_token=abc&page=2', redacted: 'https://api.example.com/x?access_token=••••(3 chars)&page=2', source: 'RFC 6750 §2.3 URI query parameter' },
    { url: 'https://api.example.com/x?token=t&key=k&sig=s&api_key=a', redacted: 'https://api.example.com/x?token=••••(1 chars)&key=••••(1 chars)&sig=••••(1 chars)&api_key=••••(1 chars)', source: 'issue 7 list' },
    { url: 'https://bucket.s3.amazonaws.com/o?X-Amz-Credential=AKID%2F2026&X-Amz-Signature=ff00', redacted: 'https://bucket.s3.amazonaws.com/o?X-Amz-Credential=••••(11 chars)&X-Amz-Signature=••••(4 chars)', source: 'AWS SigV4 presigned URL' },
    { url: 'https://app.example.com/cb#access_token=xyz&state=1', redacted: 'https://app.example.com/cb#access_token=••••(3 chars)&state=1', source: 'RFC 6749 §4.2.2 implicit grant fragment' },
    { url: `https://api.example.com/reset/${SECRETS.jwt}`, redacted: `https://api.example.com/reset/${mask(SECRETS.jwt)}`, source: 'JWT in the path' },
    { url: 'https://api.example.com/x?n=1&q=search', redacted: 'https://api.example.com/x?n=1&q=search', source: 'ordinary query untouched' },
  ])('$source', ({ url, redacted }) => {
    const r = createRedactor({ headers: [], urls: [url] });
    expect(r.url(url)).toBe(redacted);
  });
});

describe('name classification', () => {
  it.each([
    ['authorization', true], ['x-api-key', true], ['x-auth-token', true], ['private-token', true], ['x-hub-secret', true],
    ['access-control-allow-headers', false], ['content-type', false], ['x-keyboard', false], ['x-request-id', false],
  ] as const)('header %s -> %s', (name, secret) => expect(isSecretHeaderName(name)).toBe(secret));
  it.each([
    ['token', true], ['access_token', true], ['key', true], ['sig', true], ['api_key', true], ['apikey', true], ['X-Amz-Signature', true], ['client_secret', true],
    ['page', false], ['n', false], ['keyword', false], ['monkey', false],
  ] as const)('query %s -> %s', (name, secret) => expect(isSecretParamName(name)).toBe(secret));
});

describe('free text: a known secret is hidden wherever it is quoted', () => {
  const r = createRedactor({ headers: [[['X-Api-Key', 'live_api_key_5a7b9c1d']]], urls: ['https://api.example.com/?token=abcdef123'] });
  it.each([
    ['engine prose', 'The header `X-Api-Key: live_api_key_5a7b9c1d` was sent', 'The header `X-Api-Key: ••••(21 chars)` was sent'],
    ['console message URL', "Access to fetch at 'https://api.example.com/?token=abcdef123' from origin", "Access to fetch at 'https://api.example.com/?token=••••(9 chars)' from origin"],
    ['an unknown URL in prose', 'see https://x.test/?sig=zz9', 'see https://x.test/?sig=••••(3 chars)'],
    ['an Authorization line in prose', 'sent Authorization: Bearer abc.def', 'sent Authorization: Bearer ••••(7 chars)'],
    ['a JWT in prose', `jwt ${SECRETS.jwt} here`, `jwt ${mask(SECRETS.jwt)} here`],
  ])('%s', (_name, input, output) => expect(r.text(input)).toBe(output));
});

describe('no secret from the table leaves in any format with redaction on', () => {
  const forms = (s: string): string[] => [s, escapeHtml(s), JSON.stringify(s).slice(1, -1), s.replace(/'/g, `'\\''`)];
  it.each(['json', 'md', 'html'] as const)('%s', async (format) => {
    const inputs = await failuresWithSecrets();
    const report = buildReport(inputs, ENV);
    const text = format === 'json' ? renderJson(report) : format === 'md' ? renderMarkdown(report) : renderHtml(report);
    for (const secret of SECRET_VALUES) for (const f of forms(secret)) expect(text, `${format} leaks ${secret}`).not.toContain(f);
    expect(text).toContain('Bearer ••••(');
    expect(text).toContain('session=••••(');
  });

  it.each(['json', 'md', 'html'] as const)('%s with "include secrets" shows them', async (format) => {
    const inputs = await failuresWithSecrets();
    const report = buildReport(inputs, ENV, { includeSecrets: true });
    expect(report.redacted).toBe(false);
    const text = format === 'json' ? renderJson(report) : format === 'md' ? renderMarkdown(report) : renderHtml(report);
    const shown = (s: string) => (format === 'html' ? escapeHtml(s) : format === 'json' ? JSON.stringify(s).slice(1, -1) : s);
    for (const secret of SECRET_VALUES) expect(text, `${format} hides ${secret}`).toContain(shown(secret));
  });

  it('the engine quoted the secret URL (so the test exercises free-text redaction)', async () => {
    const [a] = await failuresWithSecrets();
    expect(a?.diagnosis.browserMessage).toContain(SECRETS.queryToken);
  });
});
