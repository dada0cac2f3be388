// One measured figure and its summary, shared by every bench module and the table in main.ts.
// Timings are reported, never asserted.

export interface Figure {
  /** Stable key: results.json and `--compare` match figures on it. */
  id: string;
  /** What a reader sees in the table. */
  label: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  /** How many samples the summary is over (1: a single measurement). */
  n: number;
  /** Which way is better, for the target column and for comparisons. */
  better: 'lower' | 'higher';
  /** The target, when it sets one. */
  target?: number;
  /** What the figure measures exactly, or why it is what it is. */
  note?: string;
  samples?: number[];
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function figure(
  id: string,
  label: string,
  unit: string,
  samples: readonly number[],
  opts: { better?: 'lower' | 'higher'; target?: number; note?: string; keepSamples?: boolean } = {},
): Figure {
  const f: Figure = {
    id,
    label,
    unit,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    n: samples.length,
    better: opts.better ?? 'lower',
  };
  if (opts.target !== undefined) f.target = opts.target;
  if (opts.note) f.note = opts.note;
  if (opts.keepSamples ?? samples.length > 1) f.samples = samples.map((x) => round(x));
  return f;
}

export function meetsTarget(f: Figure): boolean | undefined {
  if (f.target === undefined || !Number.isFinite(f.median)) return undefined;
  return f.better === 'lower' ? f.median <= f.target : f.median >= f.target;
}

/** Four significant digits, enough for every figure here. */
export function round(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(x))));
  return Number(x.toFixed(Math.min(digits, 6)));
}

/** Progress goes to stderr: stdout carries only the table. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Polls `fn` until it returns something other than undefined/false. */
export async function poll<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeout = 15_000, interval = 50): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
      last = v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last: ${String(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
