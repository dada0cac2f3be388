import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { startLab, type Lab } from '../../lab/server';
import { encodeSpec, renderHeaders } from '../../lab/custom-spec';
import { chromiumPath, QUIET_FLAGS } from '../../scripts/chromium';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { pollUntil } from './harness';
import { generateScenarios, type DiffScenario } from './differential-scenarios';

// Differential test: Chromium is the oracle. Each seeded scenario is served by
// the lab and requested by a real page; Chromium's own verdict (the request
// resolved or not; CDP Audits corsErrorStatus; its console line) must equal
// the engine's, given only what an observer of the wire could know.

const SEED = Number(process.env.DIFF_SEED ?? 20261123);
const COUNT = Number(process.env.DIFF_COUNT ?? 300);

interface ChromiumVerdict {
  ok: boolean;
  corsError?: string;
  consoleLine?: string;
}

interface Row {
  scenario: DiffScenario;
  url: string;
  chromium: ChromiumVerdict;
  engine: ReturnType<typeof diagnose>;
  preflightSent: boolean;
}

let lab: Lab;
let browser: Browser;
let page: Page;
let cdp: CDPSession;
const issuesByUrl = new Map<string, string>();
const consoleByUrl = new Map<string, string>();
const rows: Row[] = [];

function header(list: HeaderList, name: string): string | undefined {
  return list.find(([n]) => n.toLowerCase() === name)?.[1];
}

beforeAll(async () => {
  lab = await startLab();
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: QUIET_FLAGS });
  page = await browser.newPage();
  cdp = await page.context().newCDPSession(page);
  cdp.on('Audits.issueAdded', (e: { issue: { code: string; details: { corsIssueDetails?: { request: { url: string }; corsErrorStatus: { corsError: string } } } } }) => {
    const d = e.issue.details.corsIssueDetails;
    if (d) issuesByUrl.set(d.request.url, d.corsErrorStatus.corsError);
  });
  page.on('console', (msg) => {
    const text = msg.text();
    const m = /^Access to fetch at '([^']+)'/.exec(text);
    if (m) consoleByUrl.set(m[1]!, text);
  });
  await cdp.send('Audits.enable');
  await page.goto(lab.indexUrl);

  for (const scenario of generateScenarios(SEED, COUNT)) {
    const nonce = `d${SEED}-${scenario.n}`;
    const url = `${lab.apiOrigin}/custom/${nonce}?spec=${encodeSpec(scenario.spec)}`;
    const { spec } = scenario;
    const ok = await page.evaluate(
      async ({ url, spec }) => {
        try {
          await fetch(url, { method: spec.method, headers: spec.headers as [string, string][], credentials: spec.credentials, body: spec.body });
          return true;
        } catch {
          return false;
        }
      },
      { url, spec },
    );
    const chromiumVerdict: ChromiumVerdict = { ok };
    if (!ok) {
      // Issues and console lines lag the rejected promise: poll with a deadline.
      await pollUntil(() => issuesByUrl.has(url) && consoleByUrl.has(url), { timeout: 5000, what: `Chromium's verdict on #${scenario.n}` }).catch(() => undefined);
      chromiumVerdict.corsError = issuesByUrl.get(url);
      chromiumVerdict.consoleLine = consoleByUrl.get(url);
    }

    // What an observer of the wire saw: the lab's record of the requests that reached it.
    const seen = lab.requests.filter((r) => r.path.startsWith(`/custom/${nonce}?`));
    const preflightReq = seen.find((r) => r.method === 'OPTIONS');
    const actualReq = seen.find((r) => r.method !== 'OPTIONS');
    const exchange: Exchange = {
      browser: 'chromium',
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
      exchange.preflight = {
        kind: 'observed',
        requestHeaders: preflightReq.headers,
        status: spec.preflight!.status,
        headers: renderHeaders(spec.preflight!.headers, header(preflightReq.headers, 'origin')),
      };
    }
    if (actualReq) {
      exchange.response = { status: spec.actual!.status, headers: renderHeaders(spec.actual!.headers, header(actualReq.headers, 'origin')) };
    }
    rows.push({ scenario, url, chromium: chromiumVerdict, engine: diagnose(exchange), preflightSent: preflightReq !== undefined });
  }
}, 300_000);

afterAll(async () => {
  if (process.env.DIFF_DUMP) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.DIFF_DUMP, JSON.stringify(rows, null, 1));
  }
  await browser?.close();
  await lab?.close();
});

describe(`engine vs Chromium on ${COUNT} seeded scenarios (seed ${SEED})`, () => {
  it('covers both outcomes and many Chromium error codes', () => {
    const codes = new Set(rows.map((r) => r.chromium.corsError).filter(Boolean));
    expect(rows.filter((r) => r.chromium.ok).length).toBeGreaterThan(10);
    expect(rows.filter((r) => !r.chromium.ok).length).toBeGreaterThan(50);
    expect(codes.size).toBeGreaterThanOrEqual(10);
  });

  it('agrees on whether a preflight is sent', () => {
    const disagree = rows.filter((r) => r.engine.preflightNeeded !== r.preflightSent).map((r) => ({ n: r.scenario.n, spec: r.scenario.spec, engine: r.engine.preflightNeeded, chromium: r.preflightSent }));
    expect(disagree).toEqual([]);
  });

  it('agrees on the verdict and on the first failing check (CDP corsError)', () => {
    const disagree = rows
      .map((r) => {
        const engineVerdict = r.engine.verdict;
        const chromiumVerdict = r.chromium.ok ? 'allowed' : 'blocked';
        const engineCode = r.engine.checks[0]?.code;
        if (engineVerdict === chromiumVerdict && (r.chromium.ok || engineCode === r.chromium.corsError)) return null;
        return { n: r.scenario.n, chromium: [chromiumVerdict, r.chromium.corsError], engine: [engineVerdict, engineCode], spec: r.scenario.spec };
      })
      .filter(Boolean);
    const agreed = rows.length - disagree.length;
    console.log(`differential: verdict+code agreement ${agreed}/${rows.length} (${((100 * agreed) / rows.length).toFixed(1)}%)`);
    expect(disagree).toEqual([]);
  });

  it("reconstructs Chromium's console line exactly", () => {
    const blocked = rows.filter((r) => r.chromium.consoleLine);
    expect(blocked.length).toBeGreaterThan(50);
    const disagree = blocked
      .filter((r) => !sameConsoleLine(r))
      .map((r) => ({ n: r.scenario.n, chromium: r.chromium.consoleLine, engine: r.engine.browserMessage }));
    console.log(`differential: console line agreement ${blocked.length - disagree.length}/${blocked.length}`);
    expect(disagree).toEqual([]);
  });
});

/**
 * Exact match, with one documented exception: when several request headers
 * are disallowed, Chromium names the first in its internal header-map order
 * (observed in Chromium 156: neither insertion nor sorted order), which the
 * engine cannot know. The engine reports every disallowed header as its own
 * check; Chromium's pick must be one of them, and the line must match with it.
 */
function sameConsoleLine(r: Row): boolean {
  const chromium = r.chromium.consoleLine!;
  const engine = r.engine.browserMessage ?? '';
  if (chromium === engine) return true;
  const named = /Request header field (\S+) is not allowed/.exec(chromium)?.[1];
  if (!named) return false;
  const failing = r.engine.checks.filter((c) => c.code === 'HeaderDisallowedByPreflightResponse').map((c) => c.failedParameter);
  if (!failing.includes(named)) return false;
  return engine.replace(/Request header field (\S+) is not allowed/, `Request header field ${named} is not allowed`) === chromium;
}
