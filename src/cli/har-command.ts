// `cors-doctor har <file.har>`: every CORS failure in a HAR, diagnosed as the extension does,
// one report@1 failure each, and a summary. The file is size-capped before it is read (a HAR
// is one JSON document; past a few hundred MB V8 cannot hold it as a string), so a huge or
// hostile file is a clear error, never a crash.
import { open, stat } from 'node:fs/promises';
import { diagnose } from '../core/diagnose';
import { buildReport, renderJson, type ReportInput } from '../core/report';
import { oneString, parseCommandLine } from './args';
import { parseStack } from './check-command';
import { EXIT, UsageError } from './exit-codes';
import { HarError, parseHarText, readHar } from './har';
import { VERSION, type Io } from './io';
import { createStyle, renderFailureText, useColor, verdictLabel } from './render-text';

export const HAR_HELP = `Usage: cors-doctor har <file.har> [--json] [--stack name] [--all] [--max-size MB]

Diagnoses every CORS failure in a HAR file exported from Chrome DevTools ("Export HAR", with
preflights) or Firefox, each paired with its preflight, and prints one diagnosis per failure
and a summary.

Options:
  --json            print the cors-doctor/report@1 JSON object (failures only), nothing else
  --stack <name>    show the fix for this server stack (default: detected)
  --all             also list the cross-origin requests that passed
  --max-size <MB>   refuse files larger than this (default 512)
  -h, --help        this help

Exit status: 0 no CORS failure, 1 at least one, 2 usage error or unreadable file.
`;

const DEFAULT_MAX_MB = 512;

async function readCapped(path: string, maxBytes: number): Promise<string> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new UsageError(`har: ${path} is not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`har: cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : (e.code ?? e.message)}`);
  }
  if (size > maxBytes)
    throw new UsageError(`har: ${path} is ${(size / 1024 / 1024).toFixed(0)} MB, over the ${maxBytes / 1024 / 1024} MB limit; export only the failing requests (DevTools: filter, then "Export HAR (sanitized)"), or raise --max-size`);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const { bytesRead } = await fh.read(buf, off, size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    // V8's longest string is ~512 MiB of UTF-16 units; a larger decode throws, so say so.
    try {
      return buf.subarray(0, off).toString('utf8');
    } catch {
      throw new UsageError(`har: ${path} is too large to decode; export fewer requests`);
    }
  } finally {
    await fh.close();
  }
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

  const text = await readCapped(path, Math.floor(maxMb * 1024 * 1024));
  let reading;
  try {
    reading = readHar(parseHarText(text));
  } catch (err) {
    if (err instanceof HarError) throw new UsageError(`har: ${path}: ${err.message}`);
    throw err;
  }

  const diagnosed = reading.exchanges.map((h) => ({ h, d: diagnose(h.exchange) }));
  const failures = diagnosed.filter(({ d }) => d.verdict !== 'allowed');
  const shown = values.all ? diagnosed : failures;
  const inputs: ReportInput[] = shown.map(({ h, d }) => ({
    id: `entry-${h.index}`,
    exchange: h.exchange,
    diagnosis: d,
    ...(h.startedDateTime !== undefined && Number.isFinite(Date.parse(h.startedDateTime)) ? { capturedAt: Date.parse(h.startedDateTime) } : {}),
    ...(h.exchange.preflight?.kind === 'observed' && d.stage === 'preflight' ? { preflightFailure: true } : {}),
  }));
  const report = buildReport(inputs, { generatedAt: new Date().toISOString(), tool: { name: 'cli', version: VERSION }, browser: { name: reading.browser === 'firefox' ? 'Firefox' : 'Chromium', version: '' } }, stack ? { stack } : {});

  if (values.json) {
    const json = renderJson(report);
    io.stdout.write(json.endsWith('\n') ? json : json + '\n');
  } else {
    const style = createStyle(useColor(io.stdout, io.env));
    const out: string[] = [];
    report.failures.forEach((f, i) => {
      out.push(style.bold(`── ${i + 1}/${report.failures.length}  (HAR entry ${f.id.replace('entry-', '#')})`));
      out.push(renderFailureText(f, { style }));
    });
    const byVerdict = (v: string) => diagnosed.filter(({ d }) => d.verdict === v).length;
    out.push(style.bold('Summary'));
    out.push(`  ${reading.entries} entries, ${reading.exchanges.length} cross-origin requests (${reading.exchanges.filter((x) => x.preflightIndex !== undefined).length} with a preflight)`);
    out.push(`  ${verdictLabel('blocked', style)} ${byVerdict('blocked')}   ${verdictLabel('unexplained', style)} ${byVerdict('unexplained')}   ${verdictLabel('network-error', style)} ${byVerdict('network-error')}   ${verdictLabel('allowed', style)} ${byVerdict('allowed')}`);
    for (const [code, n] of Object.entries(report.summary.byCode)) out.push(`  ${n} × ${code}`);
    if (failures.length === 0) out.push('  No CORS failure in this HAR.');
    io.stdout.write(out.join('\n') + '\n');
  }
  return failures.length > 0 ? EXIT.blocked : EXIT.allowed;
}
