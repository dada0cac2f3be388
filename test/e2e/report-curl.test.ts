// "Copy as cURL" reproduces the preflight: the command built from a failure recorded in
// Chromium 156, pointed at the live lab, gets the same status and CORS headers the browser got.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/server';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { buildReport } from '../../src/core/report';
import { capturedFailures } from '../helpers/captured';
import { ENV } from '../helpers/report-inputs';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => {
  await lab?.close();
});

/** The recorded exchange, moved from the fixture's page.test/api.test to the live lab's origins. */
function live(x: Exchange): Exchange {
  return JSON.parse(JSON.stringify(x).replaceAll('http://api.test', lab.apiOrigin).replaceAll('http://page.test', lab.pageOrigin));
}

function parseCurlHead(out: string): { status: number; headers: HeaderList } {
  const head = out.split(/\r?\n\r?\n/)[0] ?? '';
  const [statusLine, ...lines] = head.split(/\r?\n/);
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine ?? '')?.[1]);
  const headers = lines.map((l): [string, string] => {
    const i = l.indexOf(':');
    return [l.slice(0, i), l.slice(i + 1).trim()];
  });
  return { status, headers };
}

const cors = (h: HeaderList) =>
  h.filter(([n]) => /^access-control-|^vary$/i.test(n)).map(([n, v]) => `${n.toLowerCase()}: ${v}`).sort();

describe('the preflight cURL command against the lab', () => {
  it.each([
    'preflight-404',
    'preflight-405',
    'preflight-401-auth',
    'preflight-301-redirect',
    'preflight-missing-acao',
    'preflight-wrong-origin',
    'header-not-allowed',
    'method-not-allowed',
    'preflight-duplicate-acao',
    'preflight-invalid-allow-headers',
    'patch-lowercase',
  ])('%s: same status and CORS headers as Chromium saw', async (scenario) => {
    const [captured] = await capturedFailures([scenario]);
    if (!captured) throw new Error(`no failure captured for ${scenario}`);
    const x = live(captured.exchange);
    const pf = x.preflight;
    if (pf?.kind !== 'observed') throw new Error(`${scenario}: no observed preflight`);
    const report = buildReport([{ id: scenario, exchange: x, diagnosis: diagnose(x) }], ENV);
    const command = report.failures[0]?.reproduce.preflightCurl;
    expect(command).toBeTruthy();
    // Async: the lab answers from this very process, so a blocking exec would deadlock it.
    const { stdout: out } = await promisify(execFile)('bash', ['-c', `${command} --silent --max-time 10`], { encoding: 'utf8' });
    const got = parseCurlHead(out);
    expect(got.status).toBe(pf.status);
    expect(cors(got.headers)).toEqual(cors(pf.headers));
    // And the lab saw the preflight Chromium sends: OPTIONS with the same Origin/ACRM/ACRH.
    const seen = lab.requests.filter((r) => r.method === 'OPTIONS').at(-1);
    const want = (name: string) => pf.requestHeaders?.find(([n]) => n.toLowerCase() === name)?.[1];
    const sent = (name: string) => seen?.headers.find(([n]) => n.toLowerCase() === name)?.[1];
    for (const name of ['origin', 'access-control-request-method', 'access-control-request-headers']) expect(sent(name), name).toBe(want(name));
  });
});
