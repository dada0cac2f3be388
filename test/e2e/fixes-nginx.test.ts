// The generated nginx fix, run for real in Debian's nginx as a reverse proxy in front of an app
// that knows nothing of CORS (scenarioServer: OPTIONS gets 405). For each of the six journey cases
// (fix-journey-cases.ts):
//   1. the request from the lab page, through nginx without the fix, fails in Chromium with the
//      extension loaded and is captured;
//   2. the nginx fix built from that capture (fixesFor(captured.diagnosis, captured.exchange)) is
//      placed where its `where` says: the `map` at http {} level (conf.d/cors.conf), the
//      `location` inside the user's server {} that proxies the API, with the user's upstream in
//      place of the snippet's `proxy_pass http://127.0.0.1:3000;` (the only substitution;
//      test/fixtures/fixes/nginx.ts);
//   3. `nginx -t` accepts it and nginx restarts;
//   4. the same request passes, nothing is captured and the badge stays empty; the same PUT from a
//      page origin not on the allow-list stays blocked.
// Before those, `nginx -t` accepts every lab scenario's nginx fix, placed the same way.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findScenario, scenarios } from '../../lab/scenarios';
import type { Lab } from '../../lab/server';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { labExchange } from '../fixtures/fixes/lab-exchange';
import { NGINX, nginxTestFix, nginxVersion, requireNginx, startNginx } from '../fixtures/fixes/nginx';
import { caseSpec, journeyCases, type JourneyCase } from './fix-journey-cases';
import { expectBlockedAndCaptured, expectPasses, scenarioServer, startCorsUnawareApp, unique } from './fix-journey';
import { caseAnswer, journeyBrowser, runJourneySteps } from './app-fix-journey';
import type { ExtensionBrowser } from './harness';

function nginxFix(captured: Pick<CapturedFailure, 'diagnosis' | 'exchange'>): Fix {
  const fix = fixesFor(captured.diagnosis, captured.exchange).find((f) => f.stack === 'nginx');
  expect(fix?.stack).toBe('nginx');
  return fix!;
}

describe('nginx -t accepts every generated nginx fix, placed where its where says', () => {
  beforeAll(requireNginx);
  it.each(scenarios.map((s) => s.id))('%s', (id) => {
    const ex = labExchange(findScenario(id)!);
    const { ok, output } = nginxTestFix(nginxFix({ diagnosis: diagnose(ex), exchange: ex }).snippet);
    expect(ok, output).toBe(true);
  });
});

const version = existsSync(NGINX) ? nginxVersion() : `${NGINX} (missing)`;

describe(`the generated nginx fix, in ${version} in front of a CORS-unaware app, makes the failing request pass in Chromium`, () => {
  let lab: Lab;
  let ext: ExtensionBrowser;
  journeyBrowser((l, e) => ((lab = l), (ext = e)), requireNginx);

  it.each(journeyCases)('$id: $why', async (c: JourneyCase) => {
    const app = await startCorsUnawareApp(scenarioServer(caseSpec(c)));
    const nginx = await startNginx({ upstream: app.origin });
    const target = (label: string) => `${nginx.origin}/api/${c.id}?${unique(label)}`;
    const why = () => `${nginx.files()}\n${nginx.output()}`;
    try {
      await runJourneySteps({
        ext, lab, stack: 'nginx', c, target, why,
        apply: (fix) => nginx.apply(fix.snippet),
        expected: caseAnswer(c),
        credentialsLine: 'add_header Access-Control-Allow-Credentials "true" always;',
        checkFix: (fix) => expect(fix.snippet, 'the location is the API path the request went to').toContain('    location /api/ {\n'),
      });
    } finally {
      await nginx.close();
      await app.close();
    }
  });

  it('duplicate-acao: in front of an app that sends its own Access-Control-Allow-Origin (twice), the fix replaces it', async () => {
    // The app is the misconfigured lab API itself, behind nginx; the fix comes from that failure.
    const id = 'duplicate-acao';
    const spec = findScenario(id)!.spec;
    const nginx = await startNginx({ upstream: lab.apiOrigin });
    const why = () => `${nginx.files()}\n${nginx.output()}`;
    try {
      const captured = await expectBlockedAndCaptured(ext, lab, `${nginx.origin}/s/${id}?${unique('before')}`, spec, `the app's two copies pass through nginx\n${why()}`);
      expect(captured.diagnosis.checks[0]?.code).toBe('MultipleAllowOriginValues');
      await nginx.apply(nginxFix(captured).snippet);
      await expectPasses(ext, lab, `${nginx.origin}/s/${id}?${unique('fixed')}`, spec, { status: 200, body: spec.actual!.body! }, why());
    } finally {
      await nginx.close();
    }
  });
});
