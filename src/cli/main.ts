// The `cors-doctor` entry point: dispatch to a command, turn user mistakes into one line on
// stderr and exit 2, and keep stack traces for real bugs only (CORS_DOCTOR_DEBUG=1 shows them).
import { checkCommand } from './check-command';
import { explainCommand } from './explain-command';
import { EXIT, UsageError } from './exit-codes';
import { harCommand } from './har-command';
import { VERSION, type Io } from './io';
import { labCommand } from './lab';

export const MAIN_HELP = `cors-doctor ${VERSION}: why the browser blocked your cross-origin request, and the server fix.

Usage:
  cors-doctor check <url> --origin <origin> [-X method] [-H 'Name: value']... [--credentials] [--stack name] [--json]
  cors-doctor har <file.har> [--json]       diagnose every CORS failure in a HAR (Chrome or Firefox)
  cors-doctor explain < console.txt         explain CORS errors pasted from a browser console
  cors-doctor lab                           start misconfigured demo servers to try \`check\` on

Run \`cors-doctor <command> --help\` for a command's options.
Exit status: 0 allowed / no failure, 1 blocked / failures found, 2 usage error, 3 server unreachable.
The verdicts follow Chromium's CORS implementation (Chromium 156).
`;

type Command = (argv: string[], io: Io) => Promise<number>;
const COMMANDS: Record<string, Command> = { check: checkCommand, har: harCommand, explain: explainCommand, lab: labCommand };

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h') {
      (first === undefined ? io.stderr : io.stdout).write(MAIN_HELP);
      return first === undefined ? EXIT.usage : EXIT.allowed;
    }
    if (first === '--version' || first === '-V') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.allowed;
    }
    if (first === 'help') {
      const sub = rest[0];
      if (sub !== undefined && COMMANDS[sub]) return await (COMMANDS[sub] as Command)(['--help'], io);
      io.stdout.write(MAIN_HELP);
      return EXIT.allowed;
    }
    const command = COMMANDS[first];
    if (!command) {
      const hint = first.startsWith('http') ? ` (did you mean \`cors-doctor check ${first} --origin …\`?)` : '';
      throw new UsageError(`unknown command ${JSON.stringify(first)}${hint}; commands: ${Object.keys(COMMANDS).join(', ')}`);
    }
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`cors-doctor: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    io.stderr.write(`cors-doctor: internal error: ${e?.message ?? String(err)}\n`);
    if (io.env.CORS_DOCTOR_DEBUG) io.stderr.write(`${e?.stack ?? ''}\n`);
    else io.stderr.write('cors-doctor: this is a bug; rerun with CORS_DOCTOR_DEBUG=1 for details and report it.\n');
    return EXIT.internal;
  }
}

/** Runs when this file is the program (the built dist-cli/cors-doctor.js, or `tsx src/cli/main.ts`). */
export function runProcess(): void {
  let interrupt: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  process.once('SIGINT', () => interrupt());
  process.once('SIGTERM', () => interrupt());
  // A closed pipe (`cors-doctor … | head`) is not an error worth a trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  void main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, interrupted }).then((code) => {
    process.exitCode = code;
    // Let stdout drain, then leave even if a socket lingers.
    process.stdout.write('', () => process.exit(code));
  });
}
