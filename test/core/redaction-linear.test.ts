// Every pattern the redactor runs over server- or user-controlled text finishes on adversarial
// input of 256 KiB (Chromium's limit for a whole response head, so one header value can be that
// long). Before, the quadratic shapes these inputs target took 5-15 s at 40 kB, so minutes at this
// size (the worker redacts every captured header); the test asserts completion, not a time.
import { describe, expect, it } from 'vitest';
import { createRedactor, redactDiagnosis } from '../../src/core/redact';

const MB = 256 * 1024;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length));

describe('redaction is linear in its input', () => {
  const r = createRedactor({ headers: [[['Authorization', 'Bearer abcdef123456']]], urls: ['http://api.test/?token=abcdef654321'] });
  it.each([
    ['word starts before no scheme (URL pattern)', fill('a.')],
    ['eyJ repeated (JWT pattern)', fill('eyJ')],
    ['eyJ segments with no second dot', fill('.eyJaaaa')],
    ['brackets before paths (relative URL pattern)', fill('(/')],
    ['quotes before paths', fill(`'/?`)],
    ['spaces before paths with a query', fill(' /?')],
    ['quotes with no colon (JSON member pattern)', fill('"a')],
    ['keys followed by spaces', `"k"${' '.repeat(MB)}`],
    ['names with no colon (header line pattern)', fill(' x-a')],
    ['a form body that ends in a space', `${fill('a=b&')}a=b `],
    ['semicolons in a path (matrix parameters)', `/${fill(';a')}`],
  ])('%s', (_name, input) => {
    for (const run of [r.text, r.ownText, r.body, r.url, (s: string) => r.header('Location', s), (s: string) => r.header('X-Trace', s)]) {
      expect(typeof run(input)).toBe('string');
    }
    const d = redactDiagnosis({ checks: [{ code: 'AllowOriginMismatch', stage: 'response', header: 'Access-Control-Allow-Origin', expected: input, actual: input, explanation: input }], whyPreflight: [{ kind: 'header-name', header: 'authorization', value: input, explanation: input }] }, r);
    expect(d.checks).toHaveLength(1);
  }, 120_000);
});
