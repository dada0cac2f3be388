// reportSteps builds the same report as buildReport, one failure per step, so the CLI can pause
// between steps (a Ctrl-C during a 100,000-entry HAR is answered while the report is built).
import { describe, expect, it } from 'vitest';
import { buildReport, reportSteps, type ReportInput } from '../../src/core/report';
import { ENV, stableFailures } from '../helpers/report-inputs';

describe('reportSteps', () => {
  it('yields once per failure, then returns what buildReport builds', async () => {
    const inputs: ReportInput[] = await stableFailures(['preflight-404', 'response-missing-acao', 'preflight-401-auth', 'method-not-allowed']);
    expect(inputs.length).toBeGreaterThan(3);
    const steps = reportSteps(inputs, ENV, { stack: 'nginx' });
    const yielded: number[] = [];
    let step = steps.next();
    while (step.done !== true) {
      yielded.push(step.value);
      step = steps.next();
    }
    expect(yielded).toEqual(inputs.map((_, i) => i + 1));
    expect(step.value).toEqual(buildReport(inputs, ENV, { stack: 'nginx' }));
  });

  it('lists each target and page origin once, in first-seen order, across many hosts', async () => {
    const [base] = await stableFailures(['response-missing-acao']);
    const hosts = 300;
    const inputs: ReportInput[] = [];
    for (let i = 0; i < hosts * 2; i++) {
      const x = base!.exchange;
      const url = `http://h${i % hosts}.test/api?n=${i}`;
      inputs.push({ ...base!, id: `f${i}`, exchange: { ...x, request: { ...x.request, url } } });
    }
    const report = buildReport(inputs, ENV);
    expect(report.summary.targets).toEqual(Array.from({ length: hosts }, (_, i) => `http://h${i}.test`));
    expect(report.summary.failures).toBe(hosts * 2);
  });
});
