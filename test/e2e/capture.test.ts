import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLab, type Lab } from '../../lab/server';
import { encodeSpec, type CustomSpec } from '../../lab/custom-spec';
import { labResult, launchExtension, pollUntil, type ExtensionBrowser } from './harness';

// The worker's capture pipeline in real Chromium over the whole lab: one
// diagnosis per failing request, Chromium's own verdict (CDP Audits) as the
// oracle, the badge, concurrency, a worker restart, navigation, the cache.
let lab: Lab;
let ext: ExtensionBrowser;

beforeAll(async () => {
  lab = await startLab();
  ext = await launchExtension(lab.scenarioUrl('preflight-404'));
});
afterAll(async () => {
  await ext?.close();
  await lab?.close();
});

/** Opens a page that records Chromium's own CORS verdicts (CDP Audits.issueAdded). */
async function pageWithOracle(): Promise<{ page: Page; corsErrors: string[] }> {
  const page = await ext.context.newPage();
  const corsErrors: string[] = [];
  const cdp = await ext.context.newCDPSession(page);
  cdp.on('Audits.issueAdded', (e: { issue: { details: { corsIssueDetails?: { corsErrorStatus: { corsError: string } } } } }) => {
    const d = e.issue.details.corsIssueDetails;
    if (d) corsErrors.push(d.corsErrorStatus.corsError);
  });
  await cdp.send('Audits.enable');
  return { page, corsErrors };
}

function apiUrl(spec: CustomSpec, nonce: string): string {
  return `${lab.apiOrigin}/custom/${nonce}?spec=${encodeSpec(spec)}`;
}

async function fetchIn(page: Page, url: string, init: { method?: string; headers?: [string, string][]; credentials?: RequestCredentials }) {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const r = await fetch(url, init);
        return { ok: true, status: r.status };
      } catch {
        return { ok: false };
      }
    },
    { url, init },
  );
}

describe('every lab scenario, through the extension, against Chromium’s own verdict', () => {
  // Scenario list is static: read it without starting a server.
  const ids = ['control-ok', 'simple-ok', 'preflight-404', 'preflight-405', 'preflight-400-starlette', 'preflight-401-auth', 'preflight-301-redirect', 'preflight-missing-acao', 'preflight-wrong-origin', 'preflight-wildcard-credentials', 'preflight-missing-acac', 'method-not-allowed', 'header-not-allowed', 'allow-headers-wildcard-authorization', 'wildcard-methods-credentials', 'duplicate-acao', 'preflight-duplicate-acao', 'response-missing-acao', 'error-page-without-cors', 'simple-missing-acao', 'simple-origin-trailing-slash', 'response-wildcard-credentials', 'preflight-invalid-allow-headers', 'preflight-invalid-allow-methods', 'patch-lowercase', 'dead-port', 'dead-port-preflight'];

  it('covers every scenario the lab has', () => {
    expect(lab.scenarios.map((s) => s.id).sort()).toEqual([...ids].sort());
  });

  it.each(ids)('%s', async (id) => {
    const scenario = lab.scenarios.find((s) => s.id === id)!;
    const { page, corsErrors } = await pageWithOracle();
    await page.goto(lab.scenarioUrl(id));
    const result = await labResult(page);
    expect(result.ok).toBe(scenario.expect === 'allowed');
    const tabId = await ext.tabIdOf(page);

    if (scenario.expect === 'allowed') {
      // Nothing to wait for but nothing may appear: fence with a failing request in the same page.
      await fetchIn(page, apiUrl({ method: 'PUT', preflight: { status: 404, headers: [] } }, `fence-${id}`), { method: 'PUT' });
      const failures = await pollUntil(async () => {
        const f = await ext.failures(tabId);
        return f.length > 0 ? f : undefined;
      }, { what: 'the fence failure' });
      expect(failures.map((f) => f.exchange.request.url)).toEqual([expect.stringContaining('/custom/fence-')]);
      return;
    }

    const failures = await pollUntil(async () => {
      const f = await ext.failures(tabId);
      return f.length > 0 ? f : undefined;
    }, { what: `the worker to diagnose ${id}` });
    expect(failures).toHaveLength(1);
    const d = failures[0]!.diagnosis;
    if (scenario.expect === 'network-error') {
      expect(d.verdict).toBe('network-error');
      expect(corsErrors).toEqual([]);
    } else {
      const chromiumSays = await pollUntil(() => corsErrors[0], { what: `Chromium's CORS issue for ${id}` });
      expect(d.verdict).toBe('blocked');
      expect(d.checks[0]!.code).toBe(chromiumSays);
    }
    const badge = failures[0]!.preflightFailure ? '1' : '';
    expect(await ext.badgeText(tabId)).toBe(badge);
    expect(failures[0]!.preflightFailure).toBe(d.stage === 'preflight' || id === 'dead-port-preflight');
    await page.close();
  });
});

describe('pairing, restarts, navigation and the cache in real Chromium', () => {
  it('sees the OPTIONS preflight with its 404 status and headers, and the blocked request’s net::ERR_FAILED', async () => {
    const page = await ext.context.newPage();
    await page.goto(lab.scenarioUrl('preflight-404'));
    await labResult(page);
    const tabId = await ext.tabIdOf(page);
    const [failure] = await pollUntil(async () => {
      const f = await ext.failures(tabId);
      return f.length > 0 ? f : undefined;
    }, { what: 'the preflight-404 failure' });
    const { exchange } = failure!;
    expect(exchange.request).toMatchObject({ method: 'PUT', error: 'net::ERR_FAILED', origin: lab.pageOrigin });
    expect(exchange.preflight?.kind).toBe('observed');
    if (exchange.preflight?.kind !== 'observed') return;
    expect(exchange.preflight.status).toBe(404);
    expect(exchange.preflight.headers.length).toBeGreaterThan(0);
    expect(exchange.preflight.requestHeaders).toContainEqual(['Access-Control-Request-Method', 'PUT']);
    // The full version (User-Agent Client Hints), as the browser itself reports it.
    const cdp = await ext.context.newCDPSession(page);
    const { product } = await cdp.send('Browser.getVersion');
    expect(exchange.browser).toBe('chromium');
    expect(exchange.browserVersion).toBe(product.replace(/^[^/]*\//, ''));
    expect(await ext.badgeText(tabId)).toBe('1');
    expect(await ext.badgeTitle(tabId)).toBe('1 CORS preflight failure in this tab');
    await page.close();
  });

  it('pairs 20 concurrent failing requests to the same URL with different methods', async () => {
    const page = await ext.context.newPage();
    await page.goto(lab.indexUrl);
    const tabId = await ext.tabIdOf(page);
    const methods = ['PUT', 'DELETE', 'PATCH', 'PROPFIND', ...Array.from({ length: 16 }, (_, i) => `X-M${i}`)];
    // One URL, a preflight that allows only GET: every method fails at its own preflight.
    const url = apiUrl({ method: 'PUT', preflight: { status: 204, headers: [['Access-Control-Allow-Origin', '{origin}'], ['Access-Control-Allow-Methods', 'GET']] } }, 'concurrent');
    const results = await page.evaluate(
      ({ url, methods }) => Promise.all(methods.map((method) => fetch(url, { method }).then(() => true, () => false))),
      { url, methods },
    );
    expect(results.every((ok) => ok === false)).toBe(true);
    const failures = await pollUntil(async () => {
      const f = await ext.failures(tabId);
      return f.length === methods.length ? f : undefined;
    }, { what: '20 diagnoses' });
    for (const f of failures) {
      expect(f.diagnosis.checks[0]!.code).toBe('MethodDisallowedByPreflightResponse');
      expect(f.diagnosis.checks[0]!.failedParameter).toBe(f.exchange.request.method);
      const acrm = f.exchange.preflight?.kind === 'observed' ? f.exchange.preflight.requestHeaders?.find(([n]) => n.toLowerCase() === 'access-control-request-method')?.[1] : undefined;
      expect(acrm).toBe(f.exchange.request.method);
    }
    expect(failures.map((f) => f.exchange.request.method).sort()).toEqual([...methods].sort());
    expect(await ext.badgeText(tabId)).toBe('20');
    await page.close();
  });

  it('keeps both diagnoses when the worker is stopped between two failures', async () => {
    const page = await ext.context.newPage();
    await page.goto(lab.scenarioUrl('preflight-404'));
    await labResult(page);
    const tabId = await ext.tabIdOf(page);
    await pollUntil(async () => ((await ext.failures(tabId)).length === 1 ? true : undefined), { what: 'the first diagnosis' });

    await ext.stopWorker();
    // The failing request wakes the worker; the waking events are delivered in full.
    await fetchIn(page, apiUrl({ method: 'DELETE', preflight: { status: 204, headers: [['Access-Control-Allow-Origin', '{origin}'], ['Access-Control-Allow-Methods', 'PUT']] } }, 'after-restart'), { method: 'DELETE' });
    const failures = await pollUntil(async () => {
      const f = await ext.failures(tabId);
      return f.length === 2 ? f : undefined;
    }, { what: 'both diagnoses after the restart' });
    expect(failures.map((f) => f.diagnosis.checks[0]!.code)).toEqual(['PreflightMissingAllowOriginHeader', 'MethodDisallowedByPreflightResponse']);
    expect(await ext.badgeText(tabId)).toBe('2');
    await page.close();
  });

  it('resets the badge and the store on navigation, and keeps them with preserve log', async () => {
    const page = await ext.context.newPage();
    await page.goto(lab.scenarioUrl('preflight-404'));
    await labResult(page);
    const tabId = await ext.tabIdOf(page);
    await pollUntil(async () => ((await ext.badgeText(tabId)) === '1' ? true : undefined), { what: 'badge 1' });

    await page.goto(lab.scenarioUrl('method-not-allowed'));
    await labResult(page);
    const afterNav = await pollUntil(async () => {
      const f = await ext.failures(tabId);
      return f.length === 1 && f[0]!.diagnosis.checks[0]!.code === 'MethodDisallowedByPreflightResponse' ? f : undefined;
    }, { what: 'the store to hold only the new page’s failure' });
    expect(afterNav).toHaveLength(1);
    expect(await ext.badgeText(tabId)).toBe('1');

    // The user switches on "Preserve log" in the panel for this tab.
    const panel = await ext.context.newPage();
    await panel.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html?tabId=${tabId}`);
    await panel.getByRole('checkbox', { name: 'Preserve log' }).check();
    await pollUntil(async () => ((await panel.getByRole('checkbox', { name: 'Preserve log' }).isChecked()) ? true : undefined));

    await page.goto(lab.scenarioUrl('preflight-405'));
    await labResult(page);
    const kept = await pollUntil(async () => {
      const f = await ext.failures(tabId);
      return f.length === 2 ? f : undefined;
    }, { what: 'both failures kept across the navigation' });
    expect(kept.map((f) => f.diagnosis.checks[0]!.code)).toEqual(['MethodDisallowedByPreflightResponse', 'PreflightInvalidStatus']);
    expect(await pollUntil(async () => ((await ext.badgeText(tabId)) === '2' ? '2' : undefined), { what: 'badge 2 after the navigation' })).toBe('2');
    await panel.close();
    await page.close();
  });

  it('keeps no credential in clear in session storage after a credentialed request', async () => {
    const TOKEN = 'sk_live_5f1c9a7e3b2d4c6a8e0f1a2b3c4d5e6f';
    const page = await ext.context.newPage();
    await page.goto(lab.indexUrl + '?secrets');
    const tabId = await ext.tabIdOf(page);
    await page.evaluate(() => {
      document.cookie = 'lab_session=s3cr3t-cookie-value-42; path=/; SameSite=Lax';
    });
    const url = apiUrl(
      { method: 'GET', preflight: { status: 204, headers: [['Access-Control-Allow-Origin', '{origin}'], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Headers', 'authorization']] }, actual: { status: 200, headers: [['Access-Control-Allow-Origin', '*'], ['Set-Cookie', 'lab_session=s3cr3t-rotated-cookie-99; Path=/']] } },
      'secrets',
    );
    expect((await fetchIn(page, url, { headers: [['Authorization', `Bearer ${TOKEN}`]], credentials: 'include' })).ok).toBe(false);
    const [failure] = await pollUntil(async () => {
      const f = await ext.failures(tabId);
      return f.length > 0 ? f : undefined;
    }, { what: 'the credentialed failure' });
    expect(failure!.diagnosis.checks[0]!.code).toBe('WildcardOriginNotAllowed');
    // The whole of session storage, as the worker wrote it.
    const probe = await ext.context.newPage();
    await probe.goto(`chrome-extension://${ext.extensionId}/src/panel/panel.html`);
    const everything = await probe.evaluate(async () => JSON.stringify(await chrome.storage.session.get(null)));
    await probe.close();
    expect(everything).toContain('Bearer ••••');
    for (const secret of [TOKEN, 's3cr3t-cookie-value-42', 's3cr3t-rotated-cookie-99']) expect(everything).not.toContain(secret);
    await page.close();
  });

  it('diagnoses a request whose preflight came from the cache', async () => {
    const page = await ext.context.newPage();
    await page.goto(lab.indexUrl);
    const tabId = await ext.tabIdOf(page);
    const ok = [['Access-Control-Allow-Origin', '{origin}'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '600']] as [string, string][];
    const url = apiUrl(
      {
        method: 'PUT',
        preflight: { status: 204, headers: ok },
        actual: { status: 200, headers: [['Access-Control-Allow-Origin', '{origin}']] },
        // The second answer forgets the CORS header; the browser trusts its cached preflight.
        thenActual: { status: 200, headers: [] },
      },
      'cached',
    );
    expect((await fetchIn(page, url, { method: 'PUT' })).ok).toBe(true);
    expect((await fetchIn(page, url, { method: 'PUT' })).ok).toBe(false);
    const preflights = lab.requests.filter((r) => r.method === 'OPTIONS' && r.path.startsWith('/custom/cached?'));
    expect(preflights).toHaveLength(1); // Chromium really used its cache
    const failures = await pollUntil(async () => {
      const f = await ext.failures(tabId);
      return f.length === 1 ? f : undefined;
    }, { what: 'the diagnosis of the second request' });
    const d = failures[0]!.diagnosis;
    expect(d.checks[0]!.code).toBe('MissingAllowOriginHeader');
    expect(failures[0]!.exchange.preflight).toEqual({ kind: 'not-observed' });
    expect(d.cache.servedFromCache).toBe(true);
    expect(d.cache.explanation).toMatch(/cache/i);
    await page.close();
  });
});
