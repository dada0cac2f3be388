// The process edges a command touches, passed in so a command never reaches for globals.

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Resolved when the user asks to stop (Ctrl-C); used by `lab`. */
  interrupted: Promise<void>;
}

declare const __CORS_DOCTOR_VERSION__: string | undefined;

/** Set by the CLI build (vite.cli.config.ts `define`); `dev` when run from source. */
export const VERSION: string = typeof __CORS_DOCTOR_VERSION__ === 'string' ? __CORS_DOCTOR_VERSION__ : '0.0.0-dev';
