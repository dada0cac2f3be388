import { describe, expect, it } from 'vitest';
import { detectStack, fixesFor, STACKS } from '../../src/core/fixes/index';
import { capturedFailures } from '../helpers/captured';

// What the extension itself captured in Chromium (recorded webRequest events,
// which carry headers but never bodies) is enough to name the server stack
// where the lab sends a fingerprint.
describe('stack detection on what the extension captured from the lab', () => {
  it.each([
    ['preflight-404', 'express', 'X-Powered-By: Express'],
    ['preflight-405', 'nginx', 'Server: nginx'],
    ['preflight-400-starlette', 'fastapi', 'server: uvicorn'],
  ])('%s is detected as %s (%s)', async (scenario, stack, evidence) => {
    const [failure] = await capturedFailures([scenario]);
    const guesses = detectStack(failure!.exchange);
    expect(guesses[0]?.stack).toBe(stack);
    expect(guesses[0]?.evidence.join(' ')).toContain(evidence.split(':')[0]!);
  });

  it('gives every captured lab failure a fix for every stack, the detected one first', async () => {
    const failures = await capturedFailures(['preflight-404', 'preflight-405', 'preflight-400-starlette', 'method-not-allowed', 'response-missing-acao']);
    for (const f of failures) {
      const fixes = fixesFor(f.diagnosis, f.exchange);
      expect(new Set(fixes.map((x) => x.stack))).toEqual(new Set(STACKS.map((s) => s.id)));
      const top = detectStack(f.exchange)[0];
      if (top) expect(fixes[0]!.stack).toBe(top.stack);
    }
  });
});
