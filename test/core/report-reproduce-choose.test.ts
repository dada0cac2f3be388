// reproduce() and chooseFix(), the two pieces of a report the panel asks for on their own: the
// commands must be the ones a report of that failure alone holds, and the fix the one it shows.
import { describe, expect, it } from 'vitest';
import { buildReport, chooseFix, reproduce, type ReportInput } from '../../src/core/report';
import { detectStack, fixesFor, type Fix, type StackGuess } from '../../src/core/fixes/index';
import { ENV, failuresWithSecrets, SECRET_VALUES, stableFailures } from '../helpers/report-inputs';

const SCENARIOS = ['preflight-404', 'header-not-allowed', 'response-wildcard-credentials', 'dead-port-preflight', 'preflight-301-redirect', 'duplicate-acao', 'patch-lowercase', 'simple-missing-acao'];

describe('reproduce', () => {
  it('gives the commands a report of the failure alone holds, for recorded failures', async () => {
    const failures = await stableFailures(SCENARIOS);
    expect(failures.length).toBe(SCENARIOS.length);
    for (const f of failures) expect(reproduce(f)).toEqual(buildReport([f], ENV).failures[0]?.reproduce);
  });

  it('masks every secret as the report does, and keeps them with includeSecrets', async () => {
    const inputs: ReportInput[] = await failuresWithSecrets();
    for (const input of inputs) {
      const masked = reproduce(input);
      expect(masked).toEqual(buildReport([input], ENV).failures[0]?.reproduce);
      const text = JSON.stringify(masked);
      for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
      expect(reproduce(input, { includeSecrets: true })).toEqual(buildReport([input], ENV, { includeSecrets: true }).failures[0]?.reproduce);
    }
  });
});

describe('chooseFix', () => {
  const fix = (stack: Fix['stack']): Fix => ({ stack, title: stack, language: 'text', snippet: '', where: '', verify: '' }) as Fix;
  const guess = (stack: StackGuess['stack']): StackGuess => ({ stack, confidence: 0.9, evidence: [] });
  it.each<{ name: string; fixes: Fix[]; detected: StackGuess[]; selected: Fix['stack'] | null; want: { stack: string | null; source: string } }>([
    { name: 'the selected stack wins over detection', fixes: [fix('nginx'), fix('express')], detected: [guess('nginx')], selected: 'express', want: { stack: 'express', source: 'selected' } },
    { name: 'a selected stack without a fix shows none', fixes: [fix('nginx')], detected: [], selected: 'express', want: { stack: null, source: 'selected' } },
    { name: 'the top detected stack', fixes: [fix('express'), fix('nginx')], detected: [guess('nginx'), guess('express')], selected: null, want: { stack: 'nginx', source: 'detected' } },
    { name: 'a detected stack without a fix falls back to the first, as the default', fixes: [fix('express')], detected: [guess('nginx')], selected: null, want: { stack: 'express', source: 'default' } },
    { name: 'nothing detected: the first', fixes: [fix('express'), fix('nginx')], detected: [], selected: null, want: { stack: 'express', source: 'default' } },
    { name: 'no fixes at all', fixes: [], detected: [], selected: null, want: { stack: null, source: 'default' } },
  ])('$name', ({ fixes, detected, selected, want }) => {
    const chosen = chooseFix(fixes, detected, selected);
    expect({ stack: chosen.fix?.stack ?? null, source: chosen.source }).toEqual(want);
  });

  it('picks, among all fixes, the stack a report of the failure shows by itself', async () => {
    for (const f of await stableFailures(SCENARIOS)) {
      const chosen = chooseFix(fixesFor(f.diagnosis, f.exchange), detectStack(f.exchange));
      const report = buildReport([f], ENV).failures[0]!.fix;
      expect(chosen.fix?.stack).toBe(report.fix?.stack);
      expect(chosen.source).toBe(report.source);
    }
  });
});
