// `cors-doctor har` on generated Chrome-shaped HARs of 1,000, 10,000 and 100,000 entries (one
// preflighted failure with its own Authorization token in every four entries, see har-file.ts):
// wall time, CPU time and peak resident memory of the whole process, as a user runs it.
// The CLI is built from the current source into bench/.out/cli (never the shared dist-cli/), and
// the peak memory is the process's own getrusage maxrss, read by a preload script at exit.
//
//   npm run bench -- --only har                     all three sizes (about a minute on an idle 2-core machine)
//   npx tsx bench/har.ts 1000 10000                 chosen sizes, the table only
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT, ROOT } from './builds';
import { figure, progress, type Figure } from './figures';
import { writeHarFile } from './har-file';

const SIZES = [1_000, 10_000, 100_000];
const DIR = join(OUT, 'har');
const CLI = join(DIR, 'cli', 'cors-doctor.js');
const PRELOAD = join(DIR, 'rusage.cjs');
/** The issue's target: a 100 MB HAR with 100,000 entries "well under a minute". */
const TARGET_100K_S = 60;

function buildCli(): void {
  progress('har: building the CLI into bench/.out/har/cli');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.cli.config.ts', '--logLevel', 'warn', '--outDir', join(DIR, 'cli'), '--emptyOutDir'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // Printed on fd 3 when the process exits (the CLI ends with process.exit): maxRSS is in KiB.
  writeFileSync(
    PRELOAD,
    `process.on('exit', () => { const u = process.resourceUsage(); try { require('node:fs').writeSync(3, JSON.stringify({ maxRssKiB: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }) + '\\n'); } catch {} });\n`,
  );
}

interface Run {
  wallS: number;
  cpuS: number;
  rssMiB: number;
  code: number | null;
}

function runHar(file: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', PRELOAD, CLI, 'har', file, ...args], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let usage = '';
    let stderr = '';
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (d: string) => (usage += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = (performance.now() - t0) / 1000;
      try {
        const u = JSON.parse(usage) as { maxRssKiB: number; cpuUs: number };
        resolve({ wallS, cpuS: u.cpuUs / 1e6, rssMiB: u.maxRssKiB / 1024, code });
      } catch {
        reject(new Error(`har ${file}: no resource usage (exit ${code}): ${stderr.slice(0, 500)}`));
      }
    });
  });
}

export async function benchHar({ rounds, sizes = SIZES }: { rounds?: number; sizes?: number[] } = {}): Promise<Figure[]> {
  mkdirSync(DIR, { recursive: true });
  buildCli();
  const figures: Figure[] = [];
  for (const n of sizes) {
    const file = join(DIR, `chrome-${n}.har`);
    if (!existsSync(file)) {
      progress(`har: writing ${file}`);
      await writeHarFile(file, n);
    }
    const mb = statSync(file).size / 1024 / 1024;
    // The largest size once by default: it is the slow one, and its spread is small.
    const r = rounds ?? (n >= 100_000 ? 1 : 3);
    progress(`har: ${n.toLocaleString('en')} entries (${mb.toFixed(0)} MB), ${r} round(s) of --json`);
    const runs: Run[] = [];
    for (let i = 0; i < r; i++) {
      const run = await runHar(file, ['--json']);
      if (run.code !== 1) throw new Error(`har ${file}: exit ${run.code}, expected 1 (failures found)`);
      runs.push(run);
    }
    const label = n >= 1000 ? `${n / 1000}k` : String(n);
    const note = `${mb.toFixed(1)} MB, ${Math.ceil(n / 4).toLocaleString('en')} failures, --json to /dev/null`;
    figures.push(
      figure(`har.wall.${label}`, `har: ${n.toLocaleString('en')} entries, wall time`, 's', runs.map((x) => x.wallS), {
        note,
        ...(n === 100_000 ? { target: TARGET_100K_S } : {}),
      }),
      figure(`har.cpu.${label}`, `har: ${n.toLocaleString('en')} entries, CPU time`, 's', runs.map((x) => x.cpuS)),
      figure(`har.rss.${label}`, `har: ${n.toLocaleString('en')} entries, peak RSS`, 'MiB', runs.map((x) => x.rssMiB), {
        note: `${(Math.max(...runs.map((x) => x.rssMiB)) / mb).toFixed(1)} × the file`,
      }),
    );
  }
  return figures;
}

if (import.meta.filename === process.argv[1]) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  for (const f of await benchHar(sizes.length ? { sizes } : {})) console.log(`${f.label}: median ${f.median.toFixed(2)} ${f.unit} (n=${f.n})${f.note ? `; ${f.note}` : ''}`);
}
