// `npm run bench`: every benchmark, one table on stdout, bench/results.json; progress on stderr.
// Not part of `npm test`: timings are measured here, never asserted anywhere.
//
//   npm run bench                                   everything (about 5 minutes on 2 cores)
//   npm run bench -- --only page-load --rounds 30   one suite (or several: --only panel,worker)
//   npm run bench -- --compare before.json          adds a column: change of each median against an earlier results file
//   npm run bench -- --dist dist                    measure an existing build instead of building into bench/.out/
//   npm run bench -- --markdown                     the table as Markdown (for docs/PERFORMANCE.md)
//   npm run bench -- --out file.json                write the results there instead of bench/results.json
//
// With --only, results.json keeps the other suites' earlier figures (each suite records when it ran).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumPath } from '../scripts/chromium';
import { benchBundles } from './bundles';
import { benchEngine } from './engine';
import { benchExplain } from './explain';
import { benchHar } from './har';
import { meetsTarget, progress, round, type Figure } from './figures';
import { benchPageLoad } from './page-load';
import { benchPairing } from './pairing';
import { benchPanel } from './panel';
import { benchReports } from './reports';
import { benchWorker } from './worker';

type Suite = (opts: { rounds?: number }) => Promise<Figure[]>;
/** In running order: the cheap, deterministic ones first. */
const SUITES: Record<string, Suite> = {
  bundles: () => benchBundles(),
  engine: benchEngine,
  pairing: benchPairing,
  reports: benchReports,
  har: benchHar,
  explain: benchExplain,
  panel: benchPanel,
  worker: () => benchWorker(),
  'page-load': benchPageLoad,
};

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    rounds: { type: 'string' },
    compare: { type: 'string' },
    dist: { type: 'string' },
    out: { type: 'string' },
    markdown: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(readFileSync(import.meta.filename, 'utf8').split('\n').filter((l) => l.startsWith('//   ')).map((l) => l.slice(5)).join('\n'));
  console.log(`\nsuites: ${Object.keys(SUITES).join(', ')}; --rounds N overrides every suite's own round count`);
  process.exit(0);
}
const only = args.only ? args.only.split(',').map((s) => s.trim()) : Object.keys(SUITES);
for (const name of only) if (!SUITES[name]) throw new Error(`--only ${name}: no such suite (${Object.keys(SUITES).join(', ')})`);
const rounds = args.rounds === undefined ? undefined : Number(args.rounds);
if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0)) throw new Error('--rounds needs a positive integer');
if (args.dist) process.env.BENCH_DIST = args.dist;

interface SuiteResult {
  measuredAt: string;
  seconds: number;
  figures: Figure[];
}
interface ResultsFile {
  date: string;
  machine: Record<string, string | number>;
  suites: Record<string, SuiteResult>;
}

function machine(): Record<string, string | number> {
  const chromium = (() => {
    try {
      return execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
    node: process.version,
    chromium,
  };
}

const outFile = resolve(args.out ?? resolve(import.meta.dirname, 'results.json'));
const started = Date.now();
const env = machine();
progress(`machine: ${env.cpus} × ${env.cpuModel}, ${env.memoryGiB} GiB, load ${env.loadAverage1m}; ${env.chromium}; Node ${env.node}`);
if (Number(env.loadAverage1m) > Number(env.cpus) * 0.5) progress(`warning: the machine is busy (load ${env.loadAverage1m}): absolute times will be noisy; per-round ratios less so`);

const fresh: Record<string, SuiteResult> = {};
for (const name of Object.keys(SUITES).filter((n) => only.includes(n))) {
  const t0 = Date.now();
  progress(`== ${name}`);
  const figures = await SUITES[name]!(rounds === undefined ? {} : { rounds });
  fresh[name] = { measuredAt: new Date().toISOString(), seconds: Math.round((Date.now() - t0) / 1000), figures };
  progress(`== ${name} done in ${fresh[name].seconds} s`);
}

// --- the table ---
const baseline = new Map<string, number>();
if (args.compare) {
  const old = JSON.parse(readFileSync(args.compare, 'utf8')) as Partial<ResultsFile>;
  for (const s of Object.values(old.suites ?? {})) for (const f of s.figures) baseline.set(f.id, f.median);
}
const fmt = (x: number) => {
  if (!Number.isFinite(x)) return String(x);
  const r = round(x);
  return Math.abs(r) >= 10_000 ? Math.round(r).toLocaleString('en') : String(r);
};
const all = Object.values(fresh).flatMap((s) => s.figures);
const header = ['figure', 'median', 'min', 'max', 'n', 'unit', 'target', 'met', ...(args.compare ? ['Δ median'] : [])];
const rows = all.map((f) => {
  const met = meetsTarget(f);
  const old = baseline.get(f.id);
  return [
    f.label,
    fmt(f.median),
    fmt(f.min),
    fmt(f.max),
    String(f.n),
    f.unit,
    f.target === undefined ? '' : `${f.better === 'lower' ? '≤' : '≥'} ${fmt(f.target)}`,
    met === undefined ? '' : met ? 'yes' : 'NO',
    ...(args.compare ? [old === undefined ? '' : `${f.median >= old ? '+' : ''}${(((f.median - old) / old) * 100).toFixed(1)}%`] : []),
  ];
});
if (args.markdown) {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map((_, i) => (i === 0 || i === 5 ? '---' : '---:')).join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
} else {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
const notes = all.filter((f) => f.note);
if (notes.length) {
  console.log('\nnotes:');
  for (const f of notes) console.log(`  ${f.label}: ${f.note}`);
}

// --- results.json: fresh suites replace their earlier figures, others are kept ---
let previous: Record<string, SuiteResult> = {};
if (existsSync(outFile)) {
  try {
    previous = (JSON.parse(readFileSync(outFile, 'utf8')) as Partial<ResultsFile>).suites ?? {};
  } catch {
    previous = {};
  }
}
const file: ResultsFile = { date: new Date().toISOString(), machine: env, suites: { ...previous, ...fresh } };
writeFileSync(outFile, JSON.stringify(file, null, 2) + '\n');
console.log(`\nwrote ${outFile} (${Math.round((Date.now() - started) / 1000)} s)`);
