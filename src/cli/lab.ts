// `cors-doctor lab`: the misconfigured servers from lab/ (bundled into the CLI), so `check`
// can be tried without a server of one's own. Prints a ready-to-run `check` line per scenario.
import { startLab } from '../../lab/server';
import { oneString, parseCommandLine } from './args';
import { EXIT, UsageError } from './exit-codes';
import type { Io } from './io';
import { shellQuote } from '../core/report';

export const LAB_HELP = `Usage: cors-doctor lab [--page-port N] [--api-port N] [--host H]

Starts the CORS Doctor lab on loopback: a page origin and an API origin that gets CORS wrong
on purpose, one route per misconfiguration, and prints a \`cors-doctor check\` command for
each. Open the page origin in a browser to see the same failures in DevTools.
Ports default to 5170 (pages) and 5171 (api); 0 picks free ports. Ctrl-C stops it.
`;

function port(raw: string | undefined, flag: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw new UsageError(`${flag}: not a port number: ${JSON.stringify(raw)}`);
  return n;
}

export async function labCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(
    argv,
    { 'page-port': { type: 'string' }, 'api-port': { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'lab',
  );
  if (values.help) {
    io.stdout.write(LAB_HELP);
    return EXIT.allowed;
  }
  if (positionals.length > 0) throw new UsageError(`lab: unexpected argument ${JSON.stringify(positionals[0])}`);
  const host = oneString(values.host) ?? '127.0.0.1';
  let lab: Awaited<ReturnType<typeof startLab>>;
  try {
    lab = await startLab({ host, pagePort: port(oneString(values['page-port']), '--page-port', 5170), apiPort: port(oneString(values['api-port']), '--api-port', 5171) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL')
      throw new UsageError(`lab: cannot listen (${e.code}: ${e.message}); choose other ports with --page-port/--api-port (0 = any free port)`);
    throw err;
  }
  const lines = [
    `CORS Doctor lab: pages ${lab.pageOrigin}  api ${lab.apiOrigin}  (nothing listens on ${lab.deadOrigin})`,
    `Open ${lab.indexUrl} in a browser, or try:`,
    '',
  ];
  for (const s of lab.scenarios) {
    const base = s.target === 'dead' ? lab.deadOrigin : lab.apiOrigin;
    const args = [`cors-doctor check ${base}/s/${s.id}`, `--origin ${lab.pageOrigin}`];
    if (s.spec.method !== 'GET') args.push(`-X ${s.spec.method}`);
    for (const [n, v] of s.spec.headers ?? []) args.push(`-H ${shellQuote(`${n}: ${v}`)}`);
    if (s.spec.credentials === 'include') args.push('--credentials');
    lines.push(`# ${s.id}: ${s.title} (${s.chromiumError ?? s.expect})`, `  ${args.join(' ')}`);
  }
  lines.push('', 'Ctrl-C to stop.', '');
  io.stdout.write(lines.join('\n'));
  await io.interrupted;
  await lab.close();
  return EXIT.allowed;
}
