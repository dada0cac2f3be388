import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { startLab, type Lab } from '../../lab/server';
import { encodeSpec, renderHeaders } from '../../lab/custom-spec';
import { launchFirefox } from '../../scripts/firefox';
import { diagnose, type Diagnosis } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { firefoxReasonOf } from '../../src/core/console-firefox';
import { pollUntil } from './harness';
import { generateScenarios } from './differential-scenarios';

// The differential test again, with Firefox ESR as the oracle: the same seeded
// scenarios, Firefox's own console lines (delivered to puppeteer as page errors)
// against the engine in Firefox mode, given what Firefox's webRequest shows
// (header lines with one name merged with ", ").
const SEED = Number(process.env.DIFF_SEED ?? 20261123);
const COUNT = Number(process.env.DIFF_COUNT_FIREFOX ?? 200);

interface Row {
  n: number;
  ok: boolean;
  lines: string[];
  engine: Diagnosis;
}

let lab: Lab;
let browser: Browser;
let page: Page;
const rows: Row[] = [];

function header(list: HeaderList, name: string): string | undefined {
  return list.find(([n]) => n.toLowerCase() === name)?.[1];
}

/** What Firefox's webRequest hands over: lines with the same name (any case) merged, first spelling kept. */
function merged(list: HeaderList): HeaderList {
  const out: Array<[string, string]> = [];
  for (const [n, v] of list) {
    const i = out.findIndex(([m]) => m.toLowerCase() === n.toLowerCase());
    if (i >= 0) out[i] = [out[i]![0], `${out[i]![1]}, ${v}`];
    else out.push([n, v]);
  }
  return out;
}

beforeAll(async () => {
  lab = await startLab();
  browser = await launchFirefox({});
  page = await browser.newPage();
  // "firefox/153.8.0": the exchange records the version, as the extension does, since console
  // wording differs between versions (ESR 140 vs 153, src/core/firefox-view.ts).
  const browserVersion = (await browser.version()).replace(/^[^/]*\//, '');
  console.log(`firefox differential: Firefox ${browserVersion}`);
  const lines: string[] = [];
  page.on('pageerror', (e: unknown) => lines.push(String((e as Error)?.message ?? e)));
  await page.goto(lab.indexUrl);
  for (const scenario of generateScenarios(SEED, COUNT)) {
    const nonce = `ff${SEED}-${scenario.n}`;
    const url = `${lab.apiOrigin}/custom/${nonce}?spec=${encodeSpec(scenario.spec)}`;
    const { spec } = scenario;
    const start = lines.length;
    const ok = await page.evaluate(
      async (u: string, s: { method: string; headers?: [string, string][]; credentials?: RequestCredentials; body?: string }) => {
        try {
          await fetch(u, { method: s.method, headers: s.headers, credentials: s.credentials, body: s.body });
          return true;
        } catch {
          return false;
        }
      },
      url,
      spec as never,
    );
    // Firefox prints one line per failed request, two after a failed preflight: poll until
    // they stop arriving (the last line always names the request URL).
    if (!ok) await pollUntil(() => lines.slice(start).some((l) => l.includes(url)), { timeout: 5000, what: `Firefox's line for #${scenario.n}` }).catch(() => undefined);
    let settled = lines.length;
    await pollUntil(
      async () => {
        await new Promise((r) => setTimeout(r, 100));
        const stable = lines.length === settled;
        settled = lines.length;
        return stable;
      },
      { timeout: 3000 },
    ).catch(() => undefined);
    const ff = lines.slice(start).filter((l) => l.includes(url));
    const seen = lab.requests.filter((r) => r.path.startsWith(`/custom/${nonce}?`));
    const preflightReq = seen.find((r) => r.method === 'OPTIONS');
    const actualReq = seen.find((r) => r.method !== 'OPTIONS');
    const exchange: Exchange = {
      browser: 'firefox',
      browserVersion,
      request: {
        url,
        method: actualReq?.method ?? (/^(delete|get|head|options|post|put)$/i.test(spec.method) ? spec.method.toUpperCase() : spec.method),
        origin: lab.pageOrigin,
        initiatorType: 'fetch',
        credentials: spec.credentials === 'include' ? 'include' : 'omit',
        ...(actualReq ? { headers: actualReq.headers } : {}),
      },
    };
    if (preflightReq) {
      exchange.preflight = { kind: 'observed', requestHeaders: preflightReq.headers, status: spec.preflight!.status, headers: merged(renderHeaders(spec.preflight!.headers, header(preflightReq.headers, 'origin'))) };
    }
    if (actualReq) exchange.response = { status: spec.actual!.status, headers: merged(renderHeaders(spec.actual!.headers, header(actualReq.headers, 'origin'))) };
    rows.push({ n: scenario.n, ok, lines: ff, engine: diagnose(exchange) });
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await lab?.close();
});

describe(`engine (Firefox mode) vs Firefox ESR on ${COUNT} seeded scenarios (seed ${SEED})`, () => {
  it('agrees on the verdict', () => {
    const disagree = rows.filter((r) => (r.ok ? 'allowed' : 'blocked') !== r.engine.verdict).map((r) => ({ n: r.n, firefox: r.ok, engine: r.engine.verdict }));
    console.log(`firefox differential: verdict agreement ${rows.length - disagree.length}/${rows.length}`);
    expect(disagree).toEqual([]);
  });

  it("reconstructs every console line Firefox printed, and its first reason code", () => {
    const blocked = rows.filter((r) => !r.ok);
    expect(blocked.length).toBeGreaterThan(100);
    const lines = blocked.filter((r) => JSON.stringify(r.engine.browserMessages ?? []) !== JSON.stringify(r.lines)).map((r) => ({ n: r.n, firefox: r.lines, engine: r.engine.browserMessages }));
    const reasons = blocked.filter((r) => r.engine.checks[0]?.firefoxCode !== firefoxReasonOf(r.lines[0] ?? ''));
    console.log(`firefox differential: console lines exact ${blocked.length - lines.length}/${blocked.length}, first reason ${blocked.length - reasons.length}/${blocked.length}`);
    expect(lines).toEqual([]);
    expect(reasons.map((r) => r.n)).toEqual([]);
  });
});
