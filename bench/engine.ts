// Engine benchmark: diagnoses per second of a typical blocked exchange on one core.
// Run alone with `npm run bench -- --only engine` (or `npx tsx bench/engine.ts`).
// The engine is measured as it ships: src/core/diagnose.ts bundled and minified by Vite (the
// extension's own bundler and minifier), not the tsx-transpiled source, whose per-function
// helpers (`__name`) and loader cost about a third more time per call.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import type { diagnose as Diagnose } from '../src/core/diagnose';
import type { Exchange } from '../src/core/exchange';
import { BLOCKED_PREFLIGHT, BLOCKED_RESPONSE } from './engine-cases';
import { OUT, ROOT } from './builds';
import { figure, progress, type Figure } from './figures';

/** src/core/diagnose.ts built the way the extension builds it (Vite, minified), loaded into this process. */
async function shippedDiagnose(): Promise<typeof Diagnose> {
  const outDir = join(OUT, 'engine');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      lib: { entry: join(ROOT, 'src/core/diagnose.ts'), formats: ['es'], fileName: 'diagnose' },
    },
  });
  const mod = (await import(pathToFileURL(join(outDir, 'diagnose.js')).href)) as { diagnose: typeof Diagnose };
  return mod.diagnose;
}

let diagnose: typeof Diagnose;

/** Diagnoses per second over `ms`, after a JIT warm-up. */
function perSecond(x: Exchange, ms: number): number {
  for (let i = 0; i < 2000; i++) diagnose(x);
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 500; i++) diagnose(x);
    n += 500;
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

export async function benchEngine({ rounds = 5 }: { rounds?: number } = {}): Promise<Figure[]> {
  diagnose = await shippedDiagnose();
  progress(`engine: ${rounds} rounds of 300 ms per exchange (Vite-built, minified core)`);
  const a: number[] = [];
  const b: number[] = [];
  // Interleaved, so drift lands on both alike.
  for (let r = 0; r < rounds; r++) {
    a.push(perSecond(BLOCKED_PREFLIGHT, 300));
    b.push(perSecond(BLOCKED_RESPONSE, 300));
  }
  return [
    figure('engine.preflight', 'engine: diagnose blocked preflight (404, no ACAO)', 'diagnoses/s', a, { better: 'higher', target: 200_000 }),
    figure('engine.preflight.per-call', 'engine: blocked preflight, time per diagnose', 'µs', a.map((x) => 1e6 / x)),
    figure('engine.simple', 'engine: diagnose blocked simple GET (no ACAO)', 'diagnoses/s', b, { better: 'higher', target: 200_000 }),
    figure('engine.simple.per-call', 'engine: blocked simple GET, time per diagnose', 'µs', b.map((x) => 1e6 / x)),
  ];
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  for (const f of await benchEngine()) console.log(`${f.label}: ${Math.round(f.median)} ${f.unit} (min ${Math.round(f.min)}, max ${Math.round(f.max)})`);
}
