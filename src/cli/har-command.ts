// `cors-doctor har <file.har>`: every CORS failure in a HAR, diagnosed as the extension does,
// one report@2 failure each, and a summary. The file is size-capped before it is read, then
// streamed: entries are parsed one at a time (har-stream.ts), paired in one pass (har.ts), and
// the output written in pieces, so time and memory grow with the file, and Ctrl-C is seen
// between chunks (exit 130/143).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { diagnose } from '../core/diagnose';
import type { StackId } from '../core/fixes';
import { renderJson, reportSteps, type Report, type ReportFailure, type ReportInput } from '../core/report';
import { oneString, parseCommandLine } from './args';
import { parseStack } from './check-command';
import { EXIT, UsageError } from './exit-codes';
import { HarError, type HarReading } from './har';
import { readHarChunks } from './har-stream';
import { checkInterrupted, VERSION, type Io } from './io';
import { createStyle, renderFailureText, useColor, verdictLabel } from './render-text';

export const HAR_HELP = `Usage: cors-doctor har <file.har> [--json] [--stack name] [--all] [--max-size MB]

Diagnoses every CORS failure in a HAR file exported from Chrome DevTools ("Export HAR", with
preflights) or Firefox, each paired with its preflight, and prints one diagnosis per failure
and a summary.

Options:
  --json            print the cors-doctor/report@2 JSON object (failures only), nothing else
  --stack <name>    show the fix for this server stack (default: detected)
  --all             also list the cross-origin requests that passed
  --max-size <MB>   refuse files larger than this (default 512)
  -h, --help        this help

Exit status: 0 no CORS failure, 1 at least one, 2 usage error or unreadable file.
`;

const DEFAULT_MAX_MB = 512;
/** Read size: large enough that a 100 MB file is 100 reads, small enough to stop within one. */
const CHUNK_BYTES = 1024 * 1024;
/** Requests diagnosed, and failures rendered, between two turns of the event loop. */
const SLICE = 500;
/** Output is written in pieces of about this many characters, never as one string. */
const WRITE_CHARS = 1024 * 1024;

/**
 * Let the event loop turn (a Ctrl-C is only seen then), and stop if one came. The CLI's main()
 * has already answered 130/143 by then; throwing ends the work instead of finishing it unseen.
 */
async function pause(io: Io): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  checkInterrupted(io);
}

function cannotRead(path: string, err: unknown): UsageError {
  const e = err as NodeJS.ErrnoException;
  return new UsageError(`har: cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : (e.code ?? e.message)}`);
}

/** The file, streamed through the HAR reader one chunk at a time (see har-stream.ts). */
async function readHarFile(path: string, maxBytes: number, io: Io): Promise<HarReading> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new UsageError(`har: ${path} is not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw cannotRead(path, err);
  }
  if (size > maxBytes)
    throw new UsageError(`har: ${path} is ${(size / 1024 / 1024).toFixed(0)} MB, over the ${maxBytes / 1024 / 1024} MB limit; export only the failing requests (DevTools: filter, then "Export HAR (sanitized)"), or raise --max-size`);
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES, signal: io.signal });
  try {
    return await readHarChunks(size === 0 ? [] : (stream as AsyncIterable<Buffer>), () => pause(io));
  } catch (err) {
    checkInterrupted(io);
    if (err instanceof HarError) throw new UsageError(`har: ${path}: ${err.message}`);
    if ((err as NodeJS.ErrnoException).code !== undefined) throw cannotRead(path, err);
    throw err;
  } finally {
    stream.destroy();
  }
}

/** Writes `pieces` to stdout in writes of about WRITE_CHARS, pausing between them. */
class Output {
  private pending: string[] = [];
  private chars = 0;
  constructor(private readonly io: Io) {}
  async add(piece: string): Promise<void> {
    this.pending.push(piece);
    this.chars += piece.length;
    if (this.chars >= WRITE_CHARS) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.chars = 0;
    this.io.stdout.write(text);
    await pause(this.io);
  }
}

/**
 * The report as renderJson prints it, written failure by failure: with 50,000 failures the whole
 * text is longer than the longest string V8 can make. A failure's text is JSON.stringify's own
 * output for it, indented to its depth (the indentation of JSON.stringify with a gap is textual,
 * ECMA-262 SerializeJSONProperty), so the bytes are the same as one renderJson call.
 */
async function writeJsonReport(report: Report, out: Output): Promise<void> {
  const { failures } = report;
  const head = renderJson({ ...report, failures: [] });
  const tail = '"failures": []\n}\n';
  if (failures.length === 0 || Object.keys(report).at(-1) !== 'failures' || !head.endsWith(tail)) {
    await out.add(renderJson(report));
    return;
  }
  await out.add(`${head.slice(0, -tail.length)}"failures": [\n`);
  for (let i = 0; i < failures.length; i++) {
    await out.add(`    ${JSON.stringify(failures[i], null, 2).replaceAll('\n', '\n    ')}${i < failures.length - 1 ? ',\n' : '\n'}`);
  }
  await out.add('  ]\n}\n');
}

interface HarCounts {
  entries: number;
  exchanges: number;
  preflighted: number;
  failures: number;
  count: Record<string, number>;
}

/**
 * Every exchange diagnosed, then the report. Only the report and the counts outlive this call: the
 * reading, the passing requests and the report's inputs are garbage once the report is built.
 */
async function diagnoseHar(reading: HarReading, io: Io, all: boolean, stack: StackId | undefined): Promise<{ report: Report; counts: HarCounts }> {
  const count: Record<string, number> = { blocked: 0, unexplained: 0, 'network-error': 0, allowed: 0 };
  const inputs: ReportInput[] = [];
  let preflighted = 0;
  let done = 0;
  for (const h of reading.exchanges) {
    const d = diagnose(h.exchange);
    count[d.verdict] = (count[d.verdict] ?? 0) + 1;
    if (h.preflightIndex !== undefined) preflighted++;
    if (all || d.verdict !== 'allowed')
      inputs.push({
        id: `entry-${h.index}`,
        exchange: h.exchange,
        diagnosis: d,
        ...(h.startedDateTime !== undefined && Number.isFinite(Date.parse(h.startedDateTime)) ? { capturedAt: Date.parse(h.startedDateTime) } : {}),
        ...(h.exchange.preflight?.kind === 'observed' && d.stage === 'preflight' ? { preflightFailure: true } : {}),
      });
    if (++done % SLICE === 0) await pause(io);
  }
  const counts: HarCounts = {
    entries: reading.entries,
    exchanges: reading.exchanges.length,
    preflighted,
    failures: reading.exchanges.length - (count.allowed ?? 0),
    count,
  };
  const browser = { name: reading.browser === 'firefox' ? 'Firefox' : 'Chromium', version: reading.browserVersion ?? '' };
  // The passing requests are not reported (without --all): let them go before the report is built.
  reading.exchanges.length = 0;
  await pause(io);
  // Built in slices with a pause between them: a Ctrl-C is answered while the report is built.
  const steps = reportSteps(inputs, { generatedAt: new Date().toISOString(), tool: { name: 'cli', version: VERSION }, browser }, stack ? { stack } : {});
  let step = steps.next();
  while (step.done !== true) {
    if (step.value % SLICE === 0) await pause(io);
    step = steps.next();
  }
  const report = step.value;
  await pause(io);
  return { report, counts };
}

export async function harCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(
    argv,
    { json: { type: 'boolean' }, stack: { type: 'string' }, all: { type: 'boolean' }, 'max-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'har',
  );
  if (values.help) {
    io.stdout.write(HAR_HELP);
    return EXIT.allowed;
  }
  if (positionals.length !== 1) throw new UsageError(`har: expected one HAR file, got ${positionals.length} (cors-doctor har <file.har>)`);
  const stack = parseStack(oneString(values.stack));
  const rawMax = oneString(values['max-size']);
  const maxMb = rawMax === undefined ? DEFAULT_MAX_MB : Number(rawMax);
  if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UsageError(`--max-size: expected a size in MB, got ${JSON.stringify(rawMax)}`);
  const path = positionals[0] as string;

  const { report, counts } = await diagnoseHar(await readHarFile(path, Math.floor(maxMb * 1024 * 1024), io), io, values.all === true, stack);
  const { count, failures } = counts;

  const out = new Output(io);
  if (values.json) {
    await writeJsonReport(report, out);
  } else {
    const style = createStyle(useColor(io.stdout, io.env));
    const n = report.failures.length;
    for (let i = 0; i < n; i++) {
      const f = report.failures[i] as ReportFailure;
      await out.add(`${style.bold(`── ${i + 1}/${n}  (HAR entry ${f.id.replace('entry-', '#')})`)}\n${renderFailureText(f, { style })}\n`);
    }
    const summary: string[] = [];
    summary.push(style.bold('Summary'));
    summary.push(`  ${counts.entries} entries, ${counts.exchanges} cross-origin requests (${counts.preflighted} with a preflight)`);
    summary.push(`  ${verdictLabel('blocked', style)} ${count.blocked}   ${verdictLabel('unexplained', style)} ${count.unexplained}   ${verdictLabel('network-error', style)} ${count['network-error']}   ${verdictLabel('allowed', style)} ${count.allowed}`);
    for (const [code, k] of Object.entries(report.summary.byCode)) summary.push(`  ${k} × ${code}`);
    if (failures === 0) summary.push('  No CORS failure in this HAR.');
    await out.add(summary.join('\n') + '\n');
  }
  await out.flush();
  return failures > 0 ? EXIT.blocked : EXIT.allowed;
}
