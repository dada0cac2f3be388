import { describe, expect, it } from 'vitest';
import { get, num, record, str } from '../../src/core/read';

const throwing = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile getter');
    },
  },
);
const fn = Object.assign(() => 0, { url: 'https://api.example/' });

describe('get: one property of untrusted input, never throwing', () => {
  it.each<[string, unknown, string, unknown]>([
    ['an object', { url: 'https://a.example/' }, 'url', 'https://a.example/'],
    ['a missing key', {}, 'url', undefined],
    ['null', null, 'url', undefined],
    ['undefined', undefined, 'url', undefined],
    ['a string (primitives have no fields here)', 'abc', 'length', undefined],
    ['a number', 3, 'toFixed', undefined],
    ['a function (read like an object)', fn, 'url', 'https://api.example/'],
    ['a Proxy whose getter throws', throwing, 'url', undefined],
    ['an array index', ['x'], '0', 'x'],
  ])('%s', (_name, o, k, expected) => {
    expect(get(o, k)).toBe(expected);
  });
});

describe('str, num, record', () => {
  it.each<[unknown, string | undefined]>([
    ['', ''],
    ['GET', 'GET'],
    [1, undefined],
    [null, undefined],
    [{ toString: () => 'x' }, undefined],
  ])('str(%j)', (v, expected) => {
    expect(str(v)).toBe(expected);
  });

  it.each<[unknown, number | undefined]>([
    [0, 0],
    [204.9, 204.9],
    [-1, -1],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    ['200', undefined],
    [null, undefined],
  ])('num(%s)', (v, expected) => {
    expect(num(v)).toBe(expected);
  });

  it.each<[string, unknown, boolean]>([
    ['a plain object', { a: 1 }, true],
    ['an array', [1], false],
    ['null', null, false],
    ['a string', 'x', false],
    ['a function', () => 0, false],
  ])('record: %s', (_name, v, isRecord) => {
    expect(record(v) !== undefined).toBe(isRecord);
    if (isRecord) expect(record(v)).toBe(v);
  });
});
