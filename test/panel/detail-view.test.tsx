import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import type { CapturedFailure } from '../../src/shared/messages';
import { MAX_SHOWN_VALUE } from '../../src/panel/HeadersView';
import { capturedFailures } from '../helpers/captured';
import { fakeEnvironment, renderPanel, rows } from './panel-harness';

const SCENARIOS = [
  'preflight-404', 'preflight-405', 'preflight-401-auth', 'preflight-301-redirect', 'preflight-missing-acao', 'preflight-wrong-origin',
  'preflight-wildcard-credentials', 'preflight-missing-acac', 'method-not-allowed', 'header-not-allowed', 'wildcard-methods-credentials',
  'duplicate-acao', 'preflight-duplicate-acao', 'response-missing-acao', 'error-page-without-cors', 'simple-missing-acao',
  'simple-origin-trailing-slash', 'response-wildcard-credentials', 'preflight-invalid-allow-headers', 'preflight-invalid-allow-methods',
  'patch-lowercase', 'dead-port', 'dead-port-preflight',
] as const;

const byScenario = new Map<string, CapturedFailure>();
beforeAll(async () => {
  for (const id of SCENARIOS) {
    const [f] = await capturedFailures([id]);
    byScenario.set(id, f!);
  }
});
afterEach(cleanup);

async function openDetail(id: string, env = fakeEnvironment()) {
  const failure = byScenario.get(id)!;
  const r = renderPanel({ failures: [failure], env });
  await screen.findByText('1 CORS failure');
  const rowLabel = rows()[0]!.querySelector('.code')!.textContent;
  fireEvent.click(rows()[0]!);
  const detail = await screen.findByTestId('detail');
  return { ...r, failure, detail, rowLabel };
}

const checkRow = (code: string) => document.querySelector<HTMLElement>(`table.checks tbody.check[data-code="${code}"]`)!;
const cells = (code: string) => {
  const tb = checkRow(code);
  return {
    label: tb.querySelector('.what .label')!.textContent,
    header: tb.querySelector('td.header')!.textContent,
    offending: tb.querySelector('td.header mark.offending')?.textContent,
    expected: tb.querySelector('td.expected')!.textContent,
    highlighted: tb.querySelector('td.expected mark')?.textContent,
    actual: tb.querySelector('td.actual')!.textContent,
    explanation: tb.querySelector('tr.explanation')!.textContent,
  };
};

interface CheckCase {
  scenario: string;
  code: string;
  label: string;
  header: string;
  expected: string;
  actual: string;
  highlighted?: string;
}

// Observed in Chromium 156 (the recorded fixtures): one row per CDP CorsError the lab produces.
describe('each check code, as the user reads it (expected next to actual)', () => {
  it.each<CheckCase>([
    { scenario: 'preflight-missing-acao', code: 'PreflightMissingAllowOriginHeader', label: 'Preflight: no Allow-Origin', header: 'Access-Control-Allow-Origin', expected: 'http://page.test or *', actual: '(not sent)' },
    { scenario: 'preflight-wrong-origin', code: 'PreflightAllowOriginMismatch', label: 'Preflight: wrong Allow-Origin', header: 'Access-Control-Allow-Origin', expected: 'http://page.test or *', actual: 'https://app.example.com' },
    { scenario: 'preflight-duplicate-acao', code: 'PreflightMultipleAllowOriginValues', label: 'Preflight: Allow-Origin twice', header: 'Access-Control-Allow-Origin', expected: 'http://page.test or *', actual: 'http://page.test, *' },
    { scenario: 'preflight-wildcard-credentials', code: 'PreflightWildcardOriginNotAllowed', label: 'Preflight: * with credentials', header: 'Access-Control-Allow-Origin', expected: 'http://page.test', actual: '*' },
    { scenario: 'preflight-missing-acac', code: 'PreflightInvalidAllowCredentials', label: 'Preflight: no Allow-Credentials', header: 'Access-Control-Allow-Credentials', expected: 'true', actual: '(not sent)' },
    { scenario: 'preflight-405', code: 'PreflightInvalidStatus', label: 'Preflight status 405', header: 'HTTP status', expected: 'a 2xx status (200-299)', actual: '405' },
    { scenario: 'preflight-301-redirect', code: 'PreflightDisallowedRedirect', label: 'Preflight redirected', header: 'Location', expected: 'a 2xx answer to OPTIONS at this exact URL (preflights never follow redirects)', actual: '301 -> /s/preflight-301-redirect/' },
    { scenario: 'preflight-invalid-allow-methods', code: 'InvalidAllowMethodsPreflightResponse', label: 'Unparsable Allow-Methods', header: 'Access-Control-Allow-Methods', expected: 'a comma-separated list of method tokens, e.g. GET, POST, PUT', actual: 'GET; PUT' },
    { scenario: 'preflight-invalid-allow-headers', code: 'InvalidAllowHeadersPreflightResponse', label: 'Unparsable Allow-Headers', header: 'Access-Control-Allow-Headers', expected: 'a comma-separated list of header names, e.g. Content-Type, Authorization', actual: 'Content-Type; X-Custom' },
    { scenario: 'method-not-allowed', code: 'MethodDisallowedByPreflightResponse', label: 'Method DELETE not allowed', header: 'Access-Control-Allow-Methods', expected: 'a list including DELETE (or *)', actual: 'GET, POST', highlighted: 'DELETE' },
    { scenario: 'patch-lowercase', code: 'MethodDisallowedByPreflightResponse', label: 'Method patch not allowed', header: 'Access-Control-Allow-Methods', expected: 'a list including patch (or *)', actual: 'GET, POST, PATCH', highlighted: 'patch' },
    { scenario: 'wildcard-methods-credentials', code: 'MethodDisallowedByPreflightResponse', label: 'Method PUT not allowed', header: 'Access-Control-Allow-Methods', expected: 'a list including PUT', actual: '*', highlighted: 'PUT' },
    { scenario: 'header-not-allowed', code: 'HeaderDisallowedByPreflightResponse', label: 'Header authorization not allowed', header: 'Access-Control-Allow-Headers', expected: 'a list including authorization (or *)', actual: 'Content-Type', highlighted: 'authorization' },
    { scenario: 'response-missing-acao', code: 'MissingAllowOriginHeader', label: 'No Allow-Origin', header: 'Access-Control-Allow-Origin', expected: 'http://page.test or *', actual: '(not sent)' },
    { scenario: 'simple-origin-trailing-slash', code: 'AllowOriginMismatch', label: 'Wrong Allow-Origin', header: 'Access-Control-Allow-Origin', expected: 'http://page.test or *', actual: 'http://page.test/' },
    { scenario: 'duplicate-acao', code: 'MultipleAllowOriginValues', label: 'Allow-Origin twice', header: 'Access-Control-Allow-Origin', expected: 'http://page.test or *', actual: 'http://page.test, http://page.test' },
    { scenario: 'response-wildcard-credentials', code: 'WildcardOriginNotAllowed', label: '* with credentials', header: 'Access-Control-Allow-Origin', expected: 'http://page.test', actual: '*' },
  ])('$code ($scenario)', async (c) => {
    const { failure, rowLabel } = await openDetail(c.scenario);
    const got = cells(c.code);
    expect(got.label).toBe(c.label);
    expect(got.header).toBe(c.header);
    expect(got.offending).toBe(c.header); // the offending header is highlighted
    expect(got.expected).toBe(c.expected);
    expect(got.actual).toBe(c.actual);
    if (c.highlighted) expect(got.highlighted).toBe(c.highlighted);
    const check = failure.diagnosis.checks.find((k) => k.code === c.code)!;
    expect(got.explanation).toContain(check.explanation.replace(/`/g, ''));
    // The list row says the same thing in a few words.
    expect(rowLabel).toBe(c.label);
  });
});

describe('the detail view', () => {
  it('leads with the verdict sentence and Chromium’s exact console line, copyable', async () => {
    const { failure, env } = await openDetail('preflight-404');
    expect(screen.getByTestId('verdict').textContent).toBe(failure.diagnosis.summary);
    expect(screen.getByTestId('console-message').textContent).toBe(failure.diagnosis.browserMessage);
    fireEvent.click(screen.getByRole('button', { name: 'Copy console message' }));
    await screen.findByText('Copied');
    expect(env.copied).toEqual([failure.diagnosis.browserMessage]);
  });

  it('lists every failing check in Chromium’s order', async () => {
    await openDetail('preflight-404');
    const codes = [...document.querySelectorAll('table.checks tbody.check')].map((t) => t.getAttribute('data-code'));
    expect(codes).toEqual(['PreflightMissingAllowOriginHeader', 'PreflightInvalidStatus', 'MethodDisallowedByPreflightResponse', 'HeaderDisallowedByPreflightResponse']);
    expect(screen.getByRole('heading', { name: 'What failed (4 checks)' })).toBeTruthy();
  });

  it('says why a preflight was needed and when the page can avoid it', async () => {
    await openDetail('header-not-allowed');
    const why = screen.getByRole('region', { name: 'Why a preflight' });
    expect(why.textContent).toContain('authorization');
    expect(why.textContent).toContain('Client-side alternative');
    cleanup();
    await openDetail('method-not-allowed');
    expect(screen.getByRole('region', { name: 'Why a preflight' }).textContent).toMatch(/DELETE.*method itself needs a preflight/s);
    cleanup();
    await openDetail('simple-missing-acao');
    expect(screen.getByRole('region', { name: 'Why a preflight' }).textContent).toContain('simple request');
  });

  it.each<[string, string[]]>([
    ['preflight-404', ['PUT http://api.test/s/preflight-404?n=NONCE', 'OPTIONS → HTTP 404', 'never sent: the browser stopped after the preflight (net::ERR_FAILED)']],
    ['response-missing-acao', ['PUT http://api.test/s/response-missing-acao?n=NONCE', 'OPTIONS → HTTP 204', 'HTTP 200']],
    ['simple-missing-acao', ['GET http://api.test/s/simple-missing-acao?n=NONCE', 'none: a simple request needs no preflight', 'HTTP 200']],
    ['dead-port-preflight', ['PUT http://dead.test/s/dead-port-preflight?n=NONCE', 'never reached the server (net::ERR_FAILED)', 'never sent: the browser stopped after the preflight (net::ERR_CONNECTION_REFUSED)']],
    ['preflight-301-redirect', ['PUT http://api.test/s/preflight-301-redirect?n=NONCE', 'OPTIONS → HTTP 301 → /s/preflight-301-redirect/', 'never sent: the browser stopped after the preflight (net::ERR_FAILED)']],
  ])('timeline: %s', async (id, expected) => {
    await openDetail(id);
    const steps = [...document.querySelectorAll('.timeline .step-what')].map((s) => s.textContent);
    expect(steps).toEqual(expected);
  });

  it('timeline: a preflight served from the cache', async () => {
    const f = byScenario.get('response-missing-acao')!;
    const cached: CapturedFailure = {
      ...f,
      exchange: { ...f.exchange, preflight: { kind: 'not-observed' } },
      diagnosis: { ...f.diagnosis, cache: { ...f.diagnosis.cache, servedFromCache: true, explanation: 'Served from the preflight cache.' } },
    };
    renderPanel({ failures: [cached] });
    await screen.findByText('1 CORS failure');
    expect(rows()[0]!.querySelector('.preflight')!.textContent).toBe('from cache');
    fireEvent.click(rows()[0]!);
    await screen.findByTestId('detail');
    expect(document.querySelectorAll('.timeline .step-what')[1]!.textContent).toBe('served from cache: no OPTIONS was sent');
  });

  it('shows the raw headers of both round trips, highlights the offending ones and copies each block', async () => {
    const { failure, env } = await openDetail('header-not-allowed');
    const pfRes = screen.getByRole('region', { name: 'Preflight response headers' });
    const hot = [...pfRes.querySelectorAll('.header-line.offending dt')].map((d) => d.textContent);
    expect(hot).toEqual(['Access-Control-Allow-Headers:']);
    const pfReq = screen.getByRole('region', { name: 'Preflight request headers' });
    expect(pfReq.textContent).toContain('Access-Control-Request-Headers:authorization');
    expect(screen.getByRole('region', { name: 'Request headers' }).textContent).toContain('Never sent: the preflight failed.');
    fireEvent.click(within(pfRes).getByRole('button', { name: 'Copy preflight response headers' }));
    await within(pfRes).findByText('Copied');
    const p = failure.exchange.preflight as unknown as { headers: [string, string][] };
    expect(env.copied).toEqual([p.headers.map(([n, v]) => `${n}: ${v}`).join('\n')]);
  });

  it('marks a required header the server did not send', async () => {
    await openDetail('response-missing-acao');
    const res = screen.getByRole('region', { name: 'Response headers' });
    const missing = res.querySelector('.header-line.missing')!;
    expect(missing.textContent).toBe('access-control-allow-originnot sent');
  });

  it('shows the hints where the console message misleads', async () => {
    await openDetail('preflight-404');
    const hints = screen.getByRole('region', { name: 'Look here first' });
    expect(hints.querySelector('[data-code="no-options-route"]')!.textContent).toContain('No route answers OPTIONS');
    expect(hints.textContent).toContain('fix on the server');
  });

  it('shows warnings about permissive configurations', async () => {
    await openDetail('wildcard-methods-credentials');
    const w = screen.getByRole('region', { name: 'Warnings' });
    expect(w.querySelector('[data-code="origin-reflected-with-credentials"]')!.textContent).toMatch(/^warning .*allow-list/);
  });

  it('a network error: no checks, the error named, still a fix', async () => {
    await openDetail('dead-port');
    expect(screen.getByTestId('verdict').textContent).toContain('net::ERR_CONNECTION_REFUSED');
    expect(screen.getByText('No CORS check failed on what was observed.')).toBeTruthy();
    expect(screen.getByTestId('fix-snippet').textContent!.length).toBeGreaterThan(20);
  });
});

describe('hostile values are text', () => {
  const HOSTILE = ['<img src=x onerror="window.__pwned=1">', '"><script>window.__pwned=1</script>', 'a\r\nSet-Cookie: x=1', 'x'.repeat(64 * 1024)];

  it('renders header values, URL and messages without creating elements', async () => {
    const f = byScenario.get('response-missing-acao')!;
    const evil: CapturedFailure = {
      ...f,
      exchange: {
        ...f.exchange,
        request: { ...f.exchange.request, url: 'http://api.test/<img src=x onerror=alert(1)>' },
        response: { status: 200, headers: HOSTILE.map((v, i) => [`X-Evil-${i}`, v] as [string, string]) },
      },
      diagnosis: {
        ...f.diagnosis,
        summary: HOSTILE[0]!,
        browserMessage: HOSTILE[1]!,
        checks: f.diagnosis.checks.map((c) => ({ ...c, actual: HOSTILE[0]!, explanation: HOSTILE[1]! })),
      },
    };
    const env = fakeEnvironment();
    renderPanel({ failures: [evil], env });
    await screen.findByText('1 CORS failure');
    fireEvent.click(rows()[0]!);
    const detail = await screen.findByTestId('detail');
    expect(document.querySelectorAll('img, script, iframe, object, embed')).toHaveLength(0);
    expect(screen.getByTestId('verdict').textContent).toBe(HOSTILE[0]);
    expect(screen.getByTestId('console-message').textContent).toBe(HOSTILE[1]);
    expect(detail.textContent).toContain('a\r\nSet-Cookie: x=1');
    // 64 kB is cut in the view, copied whole.
    const big = [...detail.querySelectorAll('dl.headers dd')].find((d) => d.textContent!.startsWith('xxx'))!;
    expect(big.textContent).toContain(`${64 * 1024 - MAX_SHOWN_VALUE} more characters`);
    const res = screen.getByRole('region', { name: 'Response headers' });
    fireEvent.click(within(res).getByRole('button', { name: 'Copy response headers' }));
    await within(res).findByText('Copied');
    expect(env.copied[0]).toContain('x'.repeat(64 * 1024));
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
