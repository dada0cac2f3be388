// The `cors-doctor` entry point: dispatch to a command, turn user mistakes into one line on
// stderr and exit 2, and keep stack traces for real bugs only (CORS_DOCTOR_DEBUG=1 shows them).
import { checkCommand } from './check-command';
import { explainCommand } from './explain-command';
import { EXIT, UsageError } from './exit-codes';
import { harCommand } from './har-command';
import { Interrupted, interruptionOf, VERSION, type Io, type StopSignal } from './io';
import { labCommand } from './lab';
import { createRedactor } from '../core/report';
import { printable, printableLine } from './render-text';

export const MAIN_HELP = `cors-doctor ${VERSION}: why the browser blocked your cross-origin request, and the server fix.

Usage:
  cors-doctor check <url> --origin <origin> [-X method] [-H 'Name: value']... [--credentials] [--stack name] [--json]
  cors-doctor har <file.har> [--json]       diagnose every CORS failure in a HAR (Chrome or Firefox)
  cors-doctor explain < console.txt         explain CORS errors pasted from a browser console
  cors-doctor lab                           start misconfigured demo servers to try \`check\` on

Run \`cors-doctor <command> --help\` for a command's options.
Exit status: 0 allowed / no failure, 1 blocked / failures found, 2 usage error, 3 server unreachable,
130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM.
The verdicts follow Chromium's CORS implementation (Chromium 156).
`;

type Command = (argv: string[], io: Io) => Promise<number>;
const COMMANDS: Record<string, Command> = { check: checkCommand, har: harCommand, explain: explainCommand, lab: labCommand };

// Every message on stderr quotes something from outside (a URL, a file name, a JSON parser's view
// of a file), so it is made safe here, once: credentials in URLs and `Authorization:`/`Cookie:`
// text masked with the report's redactor, control and bidi characters written as escapes.
const stderrRedactor = createRedactor({ headers: [], urls: [] });

/** A stderr that masks credentials and neutralises terminal escapes in whatever is written to it. */
export function safeStderr(stream: Io['stderr']): Io['stderr'] {
  return {
    write: (s: string) => stream.write(printable(stderrRedactor.text(String(s)))),
    get isTTY() {
      return stream.isTTY;
    },
  };
}

/** One line on stderr: as {@link safeStderr}, with line breaks escaped too. */
function errorLine(message: string): string {
  return `cors-doctor: ${printableLine(stderrRedactor.text(message))}\n`;
}

/** Settles with the exit status for a stop request, as soon as one arrives. */
function stopRequested(signal: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(interruptionOf(signal).exitCode);
    else signal.addEventListener('abort', () => resolve(interruptionOf(signal).exitCode), { once: true });
  });
}

export async function main(argv: string[], rawIo: Io): Promise<number> {
  const io: Io = { ...rawIo, stderr: safeStderr(rawIo.stderr) };
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
    // A stop request ends the command now, whatever it is waiting for (a slow server, stdin, a
    // file); a command that polls checkInterrupted() or passes io.signal on also stops its work.
    const run = command(rest, io);
    run.catch(() => {});
    return await Promise.race([run, stopRequested(io.signal)]);
  } catch (err) {
    if (io.signal.aborted) return interruptionOf(io.signal).exitCode;
    if (err instanceof Interrupted) return err.exitCode;
    if (err instanceof UsageError) {
      rawIo.stderr.write(errorLine(err.message));
      return err.exitCode;
    }
    const e = err as Error;
    rawIo.stderr.write(errorLine(`internal error: ${e?.message ?? String(err)}`));
    if (io.env.CORS_DOCTOR_DEBUG) io.stderr.write(`${e?.stack ?? ''}\n`);
    else io.stderr.write('cors-doctor: this is a bug; rerun with CORS_DOCTOR_DEBUG=1 for details and report it.\n');
    return EXIT.internal;
  }
}

/** Runs when this file is the program (the built dist-cli/cors-doctor.js, or `tsx src/cli/main.ts`). */
export function runProcess(): void {
  const stop = new AbortController();
  let interrupt: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  // `once`: the first Ctrl-C asks to stop (exit 130); a second one, should anything hang, gets
  // Node's default and kills the process.
  const onSignal = (name: StopSignal) => () => {
    if (!stop.signal.aborted) stop.abort(new Interrupted(name));
    interrupt();
  };
  process.once('SIGINT', onSignal('SIGINT'));
  process.once('SIGTERM', onSignal('SIGTERM'));
  // A closed pipe (`cors-doctor … | head`) is not an error worth a trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, interrupted, signal: stop.signal };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
    // Let stdout drain, then leave even if a socket lingers.
    process.stdout.write('', () => process.exit(code));
  });
}
