// The CLI's exit status is its contract with CI: one meaning per number, documented in docs/CLI.md.

export const EXIT = {
  /** The browser would allow the request (check), or no CORS failure was found (har, explain). */
  allowed: 0,
  /** The browser would block it (check), or at least one CORS failure was found (har, explain). */
  blocked: 1,
  /** The command line or the input file is wrong; the message says what. */
  usage: 2,
  /** The server could not be reached (DNS, refused, TLS, timeout): not a CORS verdict. */
  unreachable: 3,
  /** A bug in cors-doctor itself. */
  internal: 70,
  /** Stopped by Ctrl-C (SIGINT): 128 + 2, as shells report it. */
  interrupted: 130,
  /** Stopped by SIGTERM (a CI runner's cancel, `kill`): 128 + 15. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake by the user (flags, URL, file): printed as one message, never with a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
  }
}
