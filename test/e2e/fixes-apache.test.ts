// The generated Apache fix, run for real in Debian's apache2 (2.4) as a reverse proxy in front of
// an app that knows nothing of CORS (scenarioServer: OPTIONS gets 405). For each of the six
// journey cases (fix-journey-cases.ts) and each placement the fix's `where` names:
//   1. the request from the lab page, through Apache without the fix, fails in Chromium with the
//      extension loaded and is captured;
//   2. the Apache fix built from that capture (fixesFor(captured.diagnosis, captured.exchange))
//      is applied exactly where its `where` says, unchanged: inside the <VirtualHost>, or at the
//      top of the .htaccess above the site's own rules;
//   3. Apache restarts (the <VirtualHost>; an .htaccess is re-read on every request, which is
//      how a user on a host they cannot restart applies it);
//   4. the same request passes, nothing is captured and the badge stays empty; the same PUT from
//      a page origin not on the allow-list stays blocked.
// Placements: the <VirtualHost>; an .htaccess with AllowOverride All; the same .htaccess in a
// directory that asks for a Basic login (every request then sends its Authorization, so even
// the simple GET is preflighted, and the preflight must get past the login).
// Before those, `apache2 -t` checks every lab scenario's Apache fix in a <VirtualHost>, and one
// running Apache serves every one of them from an .htaccess.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenario, scenarios } from '../../lab/scenarios';
import type { Lab } from '../../lab/server';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { APACHE, apacheConfigTest, apacheVersion, BASIC_AUTHORIZATION, requireApache, startApache, type Placement } from '../fixtures/fixes/apache';
import { labExchange, PAGE_ORIGIN } from '../fixtures/fixes/lab-exchange';
import { caseSpec, journeyCases, withAuthorization, type JourneyCase } from './fix-journey-cases';
import { capturedLabFailure, expectPasses, scenarioServer, startCorsUnawareApp, unique } from './fix-journey';
import { caseAnswer, journeyBrowser, runJourneySteps } from './app-fix-journey';
import type { ExtensionBrowser } from './harness';

function apacheFix(captured: Pick<CapturedFailure, 'diagnosis' | 'exchange'>): Fix {
  const fix = fixesFor(captured.diagnosis, captured.exchange).find((f) => f.stack === 'apache');
  expect(fix?.stack).toBe('apache');
  return fix!;
}

describe('apache2 -t accepts every generated Apache fix in a <VirtualHost>', () => {
  beforeAll(requireApache);
  it.each(scenarios.map((s) => s.id))('%s', (id) => {
    const ex = labExchange(findScenario(id)!);
    const { ok, output } = apacheConfigTest(apacheFix({ diagnosis: diagnose(ex), exchange: ex }).snippet, 'vhost');
    expect(ok, output).toBe(true);
    expect(output).toMatch(/Syntax OK/);
  });
});

describe('every generated Apache fix, served from an .htaccess, answers its preflight and keeps the app reachable', () => {
  // .htaccess files are parsed per request, never by `apache2 -t`: a directive Apache refuses
  // there turns every request into a 500. One Apache, each scenario's fix written in turn.
  const appSpec = { method: 'PUT', preflight: { status: 405, headers: [] }, actual: { status: 200, headers: [], body: 'app' } };
  let app: Awaited<ReturnType<typeof startCorsUnawareApp>>;
  let apache: Awaited<ReturnType<typeof startApache>>;
  beforeAll(async () => {
    app = await startCorsUnawareApp(scenarioServer(appSpec));
    apache = await startApache({ placement: 'htaccess-auth', upstream: app.origin });
  });
  afterAll(async () => {
    await apache?.close();
    await app?.close();
  });
  it.each(scenarios.map((s) => s.id))('%s', async (id) => {
    const ex = labExchange(findScenario(id)!);
    const fix = apacheFix({ diagnosis: diagnose(ex), exchange: ex });
    await apache.apply(fix.snippet);
    const url = `${apache.origin}/s/${id}`;
    const pre = await fetch(url, { method: 'OPTIONS', headers: { Origin: PAGE_ORIGIN, 'Access-Control-Request-Method': 'GET' } });
    const why = `${apache.files()}\n${apache.output()}`;
    expect(pre.status, why).toBe(204);
    expect(pre.headers.get('access-control-allow-origin'), why).toBe(PAGE_ORIGIN);
    // The login still guards everything else, an OPTIONS that is no preflight included.
    expect((await fetch(url, { headers: { Origin: PAGE_ORIGIN } })).status, why).toBe(401);
    expect((await fetch(url, { method: 'OPTIONS', headers: { Origin: PAGE_ORIGIN } })).status, why).toBe(401);
    const ok = await fetch(url, { headers: { Origin: PAGE_ORIGIN, Authorization: BASIC_AUTHORIZATION } });
    expect([ok.status, await ok.text(), ok.headers.get('access-control-allow-origin')], why).toEqual([200, 'app', PAGE_ORIGIN]);
  });
});

// The version the journeys ran in, in their names ("Apache/2.4.71 (Debian)").
const version = existsSync(APACHE) ? apacheVersion() : `${APACHE} (missing)`;

describe(`the generated Apache fix, in ${version} in front of a CORS-unaware app, makes the failing request pass in Chromium`, () => {
  let lab: Lab;
  let ext: ExtensionBrowser;
  journeyBrowser((l, e) => ((lab = l), (ext = e)), requireApache);

  async function journey(placement: Placement, c: JourneyCase): Promise<void> {
    const spec = caseSpec(c);
    const app = await startCorsUnawareApp(scenarioServer(spec));
    const apache = await startApache({ placement, upstream: app.origin });
    const target = (label: string) => `${apache.origin}/api/${c.id}?${unique(label)}`;
    const why = () => `${apache.files()}\n${apache.output()}`;
    try {
      await runJourneySteps({
        ext, lab, stack: 'apache', c, target, why,
        apply: (fix) => apache.apply(fix.snippet),
        expected: caseAnswer(c),
        credentialsLine: 'Header always set Access-Control-Allow-Credentials "true"',
      });
    } finally {
      await apache.close();
      await app.close();
    }
  }

  describe('in the <VirtualHost>', () => {
    it.each(journeyCases)('$id: $why', (c) => journey('vhost', c));
  });
  describe('in an .htaccess (AllowOverride All)', () => {
    it.each(journeyCases)('$id: $why', (c) => journey('htaccess', c));
  });
  describe('in an .htaccess whose directory asks for a Basic login (the page sends its Authorization)', () => {
    it.each(journeyCases.map((c) => withAuthorization(c, BASIC_AUTHORIZATION)))('$id: $why', (c) => journey('htaccess-auth', c));
  });

  it("duplicate-acao: in front of an app that sends its own Access-Control-Allow-Origin (twice), the fix replaces it instead of adding a third", async () => {
    // The app is the misconfigured lab API itself; the fix comes from the lab failure.
    const id = 'duplicate-acao';
    const fix = apacheFix(await capturedLabFailure(ext, lab, id));
    expect(fix.snippet).toContain('Header unset Access-Control-Allow-Origin');
    const apache = await startApache({ placement: 'vhost', upstream: lab.apiOrigin });
    try {
      await apache.apply(fix.snippet);
      const spec = findScenario(id)!.spec;
      await expectPasses(ext, lab, `${apache.origin}/s/${id}?${unique('fixed')}`, spec, { status: 200, body: spec.actual!.body! }, `${apache.files()}\n${apache.output()}`);
    } finally {
      await apache.close();
    }
  });
});
