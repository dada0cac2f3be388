// The generated Caddy fix, run for real in Debian's Caddy 2 as a reverse proxy in front of an app
// that knows nothing of CORS (scenarioServer: OPTIONS gets 405). For each of the six journey cases
// (fix-journey-cases.ts):
//   1. the request from the lab page, through Caddy without the fix, fails in Chromium with the
//      extension loaded and is captured;
//   2. the Caddy fix built from that capture (fixesFor(captured.diagnosis, captured.exchange)) is
//      applied where its `where` says: it is the site block that serves the API, and replaces the
//      user's own, with the user's upstream in place of the snippet's marked placeholder (the only
//      substitution);
//   3. Caddy restarts;
//   4. the same request passes, nothing is captured and the badge stays empty; the same PUT from a
//      page origin not on the allow-list stays blocked.
// Before those, `caddy validate` (the check the fix's `where` names) accepts every lab scenario's
// Caddy fix.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findScenario, scenarios } from '../../lab/scenarios';
import type { Lab } from '../../lab/server';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { CADDY, caddyValidate, caddyVersion, requireCaddy, startCaddy, withUpstream } from '../fixtures/fixes/caddy';
import { labExchange } from '../fixtures/fixes/lab-exchange';
import { caseSpec, journeyCases, type JourneyCase } from './fix-journey-cases';
import { expectBlockedAndCaptured, expectPasses, scenarioServer, startCorsUnawareApp, unique } from './fix-journey';
import { caseAnswer, journeyBrowser, runJourneySteps } from './app-fix-journey';
import type { ExtensionBrowser } from './harness';

function caddyFix(captured: Pick<CapturedFailure, 'diagnosis' | 'exchange'>): Fix {
  const fix = fixesFor(captured.diagnosis, captured.exchange).find((f) => f.stack === 'caddy');
  expect(fix?.stack).toBe('caddy');
  return fix!;
}

describe('caddy validate accepts every generated Caddy fix', () => {
  beforeAll(requireCaddy);
  it.each(scenarios.map((s) => s.id))('%s', (id) => {
    const ex = labExchange(findScenario(id)!);
    const { ok, output } = caddyValidate(withUpstream(caddyFix({ diagnosis: diagnose(ex), exchange: ex }).snippet, '127.0.0.1:3000'));
    expect(ok, output).toBe(true);
    expect(output).toMatch(/Valid configuration/);
  });
});

const version = existsSync(CADDY) ? caddyVersion() : `${CADDY} (missing)`;

describe(`the generated Caddy fix, in ${version} in front of a CORS-unaware app, makes the failing request pass in Chromium`, () => {
  let lab: Lab;
  let ext: ExtensionBrowser;
  journeyBrowser((l, e) => ((lab = l), (ext = e)), requireCaddy);

  it.each(journeyCases)('$id: $why', async (c: JourneyCase) => {
    const spec = caseSpec(c);
    const app = await startCorsUnawareApp(scenarioServer(spec));
    const caddy = await startCaddy({ upstream: app.origin });
    const target = (label: string) => `${caddy.origin}/api/${c.id}?${unique(label)}`;
    const why = () => `${caddy.files()}\n${caddy.output()}`;
    try {
      await runJourneySteps({
        ext, lab, stack: 'caddy', c, target, why,
        apply: (fix) => caddy.apply(fix.snippet),
        expected: caseAnswer(c),
        credentialsLine: 'Access-Control-Allow-Credentials "true"',
        checkFix: (fix) => expect(fix.snippet.startsWith(`${caddy.origin} {\n`), 'the site address is the API origin the request went to').toBe(true),
      });
    } finally {
      await caddy.close();
      await app.close();
    }
  });

  it('duplicate-acao: in front of an app that sends its own Access-Control-Allow-Origin (twice), the fix replaces it', async () => {
    // The app is the misconfigured lab API itself, behind Caddy; the fix comes from that failure.
    const id = 'duplicate-acao';
    const spec = findScenario(id)!.spec;
    const caddy = await startCaddy({ upstream: lab.apiOrigin });
    const why = () => `${caddy.files()}\n${caddy.output()}`;
    try {
      const captured = await expectBlockedAndCaptured(ext, lab, `${caddy.origin}/s/${id}?${unique('before')}`, spec, 'the app\'s two copies pass through Caddy');
      expect(captured.diagnosis.checks[0]?.code).toBe('MultipleAllowOriginValues');
      await caddy.apply(caddyFix(captured).snippet);
      await expectPasses(ext, lab, `${caddy.origin}/s/${id}?${unique('fixed')}`, spec, { status: 200, body: spec.actual!.body! }, why());
    } finally {
      await caddy.close();
    }
  });
});
