// What the worker keeps of one failure: values and header lists capped, and cut much shorter when
// the failure as a whole would pass MAX_KEPT_FAILURE; each call starts from the normal limits.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { Exchange, HeaderList } from '../../src/core/exchange';
import { MAX_KEPT_FAILURE, MAX_KEPT_HEADERS, MAX_KEPT_VALUE, redactForStorage } from '../../src/core/storage-redaction';

function exchangeWith(headers: HeaderList): Exchange {
  return {
    request: { url: 'https://api.example/data', method: 'GET', origin: 'https://app.example', credentials: 'omit' },
    response: { status: 200, headers },
  };
}

function kept(headers: HeaderList): HeaderList {
  const x = exchangeWith(headers);
  return redactForStorage(x, diagnose(x)).exchange.response?.headers ?? [];
}

const line = (i: number, size: number): readonly [string, string] => [`X-Filler-${i}`, 'v'.repeat(size)];

interface Case {
  name: string;
  headers: HeaderList;
  lines: number;
  /** Length of the first kept value. */
  firstValue: number;
}

describe('redactForStorage caps what is kept', () => {
  it.each<Case>([
    { name: 'a short header list is kept whole', headers: [line(0, 10)], lines: 1, firstValue: 10 },
    {
      name: 'a 20 kB value is cut at MAX_KEPT_VALUE, saying how much was cut',
      headers: [line(0, 20_000)],
      lines: 1,
      firstValue: MAX_KEPT_VALUE + `…(${20_000 - MAX_KEPT_VALUE} more characters not kept)`.length,
    },
    {
      name: 'past MAX_KEPT_HEADERS lines, one line says how many were dropped',
      headers: Array.from({ length: MAX_KEPT_HEADERS + 20 }, (_, i) => line(i, 4)),
      lines: MAX_KEPT_HEADERS + 1,
      firstValue: 4,
    },
    {
      name: 'a failure past MAX_KEPT_FAILURE keeps 64 lines of at most 1024 characters',
      headers: Array.from({ length: 100 }, (_, i) => line(i, 8_000)),
      lines: 65,
      firstValue: 1024 + `…(${8_000 - 1024} more characters not kept)`.length,
    },
  ])('$name', ({ headers, lines, firstValue }) => {
    const out = kept(headers);
    expect(out).toHaveLength(lines);
    expect(out[0]?.[1]).toHaveLength(firstValue);
  });

  it('a large failure does not shorten what the next one keeps', () => {
    const large = Array.from({ length: 100 }, (_, i) => line(i, 8_000));
    expect(JSON.stringify(large).length).toBeGreaterThan(MAX_KEPT_FAILURE);
    kept(large);
    expect(kept([line(0, 5_000)])[0]?.[1]).toHaveLength(5_000);
  });
});
