// The Vercel fix's pitfall for a preflight the function does not answer with a 2xx: vercel.json
// headers never answer OPTIONS, so the fix must say what the function needs (observed in the
// emulated journey, test/e2e/fixes-vercel.test.ts: a function with method exports gets Vercel's
// 405 for OPTIONS, and the preflighted cases stay blocked until the function exports OPTIONS).
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../lab/scenarios';
import { diagnose } from '../../src/core/diagnose';
import { fixesFor } from '../../src/core/fixes/index';
import { labExchange } from '../fixtures/fixes/lab-exchange';

function vercelPitfall(scenario: string): string {
  const ex = labExchange(findScenario(scenario)!);
  const [fix] = fixesFor(diagnose(ex), ex, { only: ['vercel'] });
  return fix!.pitfall ?? '';
}

describe('the Vercel fix says what vercel.json cannot do for a preflight', () => {
  it.each<{ scenario: string; says: RegExp[]; source: string }>([
    {
      scenario: 'preflight-404',
      says: [/never answer OPTIONS/, /answered 404/, /export function OPTIONS\(\) \{ return new Response\(null, \{ status: 204 \}\); \}/, /405 for any method a function does not export/],
      source: '@vercel/node helpers-web.ts defaultHttpHandler (405); journey in a local emulation of Vercel routing',
    },
    {
      scenario: 'preflight-401-auth',
      says: [/answered 401/, /OPTIONS Allowlist/, /before the function's authentication/],
      source: 'Vercel docs, Deployment Protection: OPTIONS Allowlist',
    },
  ])('$scenario ($source)', ({ scenario, says }) => {
    const pitfall = vercelPitfall(scenario);
    for (const re of says) expect(pitfall).toMatch(re);
  });
});
