// The generated Go fixes (net/http with rs/cors, and gin with gin-contrib/cors), built offline
// from Debian's packages (test/fixtures/fixes/go.ts) and run for real in front of the user's
// CORS-unaware handler (OPTIONS gets 405, the error case a 500 page). For each stack and each of
// the six journey cases (fix-journey-cases.ts):
//   1. the request from the lab page to the user's server without CORS fails in Chromium with
//      the extension loaded and is captured;
//   2. the fix built from that capture (fixesFor(captured.diagnosis, captured.exchange)) becomes
//      main.go, as its `where` says, with only its marked placeholders filled in (the user's
//      routes, the user's listen address);
//   3. the server is rebuilt and restarted;
//   4. the same request passes, nothing is captured and the badge stays empty; the same PUT from
//      a page origin not on the allow-list stays blocked.
// Before those, Go compiles every lab scenario's fix for both stacks.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../lab/scenarios';
import { startLab, type Lab } from '../../lab/server';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor, type Fix } from '../../src/core/fixes/index';
import type { CapturedFailure } from '../../src/shared/messages';
import { beforeFix, buildAll, buildGo, debianVersion, GO, goVersion, mainFromSnippet, requireGo, startGoServer, type GoServer, type GoStack } from '../fixtures/fixes/go';
import { labExchange } from '../fixtures/fixes/lab-exchange';
import { caseSpec, journeyCases, logIn, type JourneyCase } from './fix-journey-cases';
import { unique } from './fix-journey';
import { caseAnswer, runJourneySteps } from './app-fix-journey';
import { launchExtension, type ExtensionBrowser } from './harness';

function goFix(stack: GoStack, captured: Pick<CapturedFailure, 'diagnosis' | 'exchange'>): Fix {
  const fix = fixesFor(captured.diagnosis, captured.exchange).find((f) => f.stack === stack);
  expect(fix?.stack).toBe(stack);
  return fix!;
}

const STACKS: Array<{ stack: GoStack; runtime: string }> = [
  { stack: 'go-rs-cors', runtime: `rs/cors ${debianVersion('golang-github-rs-cors-dev')}` },
  { stack: 'go-gin', runtime: `gin ${debianVersion('golang-github-gin-gonic-gin-dev')} with gin-contrib/cors ${debianVersion('golang-github-gin-contrib-cors-dev')}` },
];
const go = existsSync(GO) ? goVersion() : `${GO} (missing)`;

describe.each(STACKS)('Go compiles every lab scenario\'s $stack fix', ({ stack }) => {
  it(`${scenarios.length} scenarios, one go build`, async () => {
    requireGo(stack);
    const mains = scenarios.map((s) => {
      const ex = labExchange(s);
      return mainFromSnippet(stack, goFix(stack, { diagnosis: diagnose(ex), exchange: ex }).snippet);
    });
    const { ok, output } = await buildAll([...new Set(mains)]);
    expect(ok, output).toBe(true);
  }, 900_000);
});

describe.each(STACKS)(`the generated $stack fix, built with ${go} and $runtime (Debian), makes the failing request pass in Chromium`, ({ stack }) => {
  let lab: Lab;
  let ext: ExtensionBrowser;
  let before: string;
  beforeAll(async () => {
    requireGo(stack);
    // The user's server without CORS: the first build compiles the packages (cached afterwards).
    before = await buildGo(beforeFix(stack));
    lab = await startLab();
    // The warm-up page must fail CORS (the harness waits for the worker to capture it).
    ext = await launchExtension(lab.scenarioUrl('preflight-404'));
    await logIn(ext, lab);
  }, 900_000);
  afterAll(async () => {
    await ext?.close();
    await lab?.close();
  });

  it.each(journeyCases)('$id: $why', async (c: JourneyCase) => {
    const spec = caseSpec(c);
    let server: GoServer = await startGoServer(before, spec);
    const logs: string[] = [];
    let main = beforeFix(stack);
    const why = () => `main.go:\n${main}\n${logs.join('')}${server.output()}`;
    // The server is the API: the capture's URL (and so the fix) names it, its port changes on restart.
    const target = (label: string) => `${server.origin}/api/${c.id}?${unique(label)}`;
    const restartWith = async (fix: Fix) => {
      main = mainFromSnippet(stack, fix.snippet);
      const binary = await buildGo(main);
      logs.push(server.output());
      await server.close();
      server = await startGoServer(binary, spec);
    };
    try {
      await runJourneySteps({
        ext, lab, stack, c, target, why,
        apply: restartWith,
        expected: caseAnswer(c),
        credentialsLine: 'AllowCredentials: true,',
        originInSnippet: `"${lab.pageOrigin}"`,
        otherOriginAnyCheck: true,
      });
    } finally {
      await server.close();
    }
  }, 600_000);
});
