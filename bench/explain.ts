// `explain` on adversarial console text (issue 14, item 5; shapes in
// test/cli/explain-adversarial-shapes.ts, where the tests count the parser's work instead of
// timing it). Every shape is parsed at 1 MB; the slowest parse is reported, then the whole command
// (parse, engine, fix, text output) on the shape that is slowest end to end.
import { Readable } from 'node:stream';
import { explainCommand } from '../src/cli/explain-command';
import { explainConsoleText } from '../src/cli/explain';
import type { Io } from '../src/cli/io';
import { ADVERSARIAL } from '../test/cli/explain-adversarial-shapes';
import { figure, progress, type Figure } from './figures';

const SIZE = 1_000_000;

function io(text: string): Io {
  return {
    stdout: { write: () => true },
    stderr: { write: () => true },
    stdin: Readable.from([Buffer.from(text)]),
    env: {},
    interrupted: new Promise<void>(() => {}),
    signal: new AbortController().signal,
  };
}

async function timed(fn: () => unknown, rounds: number): Promise<number[]> {
  await fn(); // warm-up, discarded
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function benchExplain({ rounds = 5 }: { rounds?: number } = {}): Promise<Figure[]> {
  progress(`explain: ${ADVERSARIAL.length} adversarial shapes at ${SIZE / 1e6} MB`);
  const texts = ADVERSARIAL.map((s) => ({ name: s.name, text: s.build(SIZE) }));
  const parse: Array<{ name: string; text: string; ms: number }> = [];
  const whole: Array<{ name: string; text: string; ms: number }> = [];
  for (const { name, text } of texts) {
    parse.push({ name, text, ms: Math.min(...(await timed(() => explainConsoleText(text), 3))) });
    whole.push({ name, text, ms: Math.min(...(await timed(() => explainCommand([], io(text)), 1))) });
  }
  const slowParse = parse.reduce((a, b) => (b.ms > a.ms ? b : a));
  const slowWhole = whole.reduce((a, b) => (b.ms > a.ms ? b : a));
  progress(`explain: slowest parse "${slowParse.name}", slowest command "${slowWhole.name}"`);
  const kB = (t: string) => `${Math.round(t.length / 1024)} kB`;
  return [
    figure('explain.parse-slowest', 'explain: parse, slowest adversarial 1 MB input', 'ms', await timed(() => explainConsoleText(slowParse.text), rounds), {
      note: `"${slowParse.name}" (${kB(slowParse.text)}); all ${parse.length} shapes: ${parse.map((p) => Math.round(p.ms)).join('/')} ms`,
    }),
    figure('explain.command-slowest', 'explain: whole command, slowest adversarial 1 MB input', 'ms', await timed(() => explainCommand([], io(slowWhole.text)), rounds), {
      note: `"${slowWhole.name}" (${kB(slowWhole.text)}): parse, engine, one fix, text output; all ${whole.length} shapes: ${whole.map((p) => Math.round(p.ms)).join('/')} ms`,
    }),
  ];
}
