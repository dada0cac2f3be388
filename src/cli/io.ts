// The process edges a command touches, passed in so a command never reaches for globals.
import { EXIT } from './exit-codes';

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Resolved when the user asks to stop (Ctrl-C, SIGTERM); `lab` waits on it. */
  interrupted: Promise<void>;
  /**
   * Aborted at the same moment, its reason an {@link Interrupted}. Hand it to anything that takes
   * a signal (`fs.createReadStream(path, { signal })`, `stream.pipeline(…, { signal })`), or poll
   * {@link checkInterrupted} between chunks of long work.
   */
  signal: AbortSignal;
}

/** Exit statuses for a stop request, as shells report a process a signal ended: 128 + signal number. */
export const SIGNAL_EXIT = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT;

/** Thrown (or used as an abort reason) when the user stopped the command; main() exits with its code, silently. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  readonly exitCode: number;
  constructor(readonly signalName: StopSignal) {
    super(`interrupted by ${signalName}`);
    this.exitCode = SIGNAL_EXIT[signalName];
  }
}

/**
 * Throws the {@link Interrupted} reason once a stop was requested. Long synchronous work cannot
 * see a signal (Node runs the handler only when the event loop turns), so call this after an
 * `await` that yields: a stream chunk, or `await new Promise((r) => setImmediate(r))` every few
 * thousand items.
 */
export function checkInterrupted(io: Pick<Io, 'signal'>): void {
  if (io.signal.aborted) throw interruptionOf(io.signal);
}

/** The Interrupted behind an aborted signal (a plain SIGINT one if the reason is something else). */
export function interruptionOf(signal: AbortSignal): Interrupted {
  return signal.reason instanceof Interrupted ? signal.reason : new Interrupted('SIGINT');
}

declare const __CORS_DOCTOR_VERSION__: string | undefined;

/** Set by the CLI build (vite.cli.config.ts `define`); `dev` when run from source. */
export const VERSION: string = typeof __CORS_DOCTOR_VERSION__ === 'string' ? __CORS_DOCTOR_VERSION__ : '0.0.0-dev';
