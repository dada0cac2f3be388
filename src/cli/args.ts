// Command-line parsing and validation: every mistake becomes a UsageError that says what is
// wrong and how to write it, so main() can print one line and exit 2, never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { HeaderList } from '../core/exchange';
import { isToken } from '../core/headers';
import { isSecretHeaderName, mask } from '../core/redact';
import { isForbiddenRequestHeader, normalizeMethod } from '../core/safelist';
import { UsageError } from './exit-codes';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** node:util parseArgs in strict mode, its errors turned into one-line usage errors. */
export function parseCommandLine(argv: string[], options: Options, command: string): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    let message = (e.message ?? String(err)).replace(/\. To specify a positional argument.*$/s, '').replace(/\s+/g, ' ');
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') message += ` (see \`cors-doctor ${command} --help\`)`;
    throw new UsageError(`${command}: ${message}`);
  }
}

/** An absolute http(s) URL. */
export function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`not a URL: ${JSON.stringify(raw)} (write it in full, e.g. https://api.example.com/users)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`not an http(s) URL: ${JSON.stringify(raw)} (CORS applies to http and https only)`);
  if (url.username !== '' || url.password !== '')
    throw new UsageError(`the URL contains a user name or password: fetch() refuses such URLs; pass credentials with -H 'Authorization: …' instead`);
  url.hash = '';
  return url;
}

/**
 * The page origin as a browser serializes it (url::Origin::Serialize): scheme://host[:port],
 * no path and no trailing slash, or the opaque origin `null`.
 */
export function parseOrigin(raw: string): string {
  if (raw === 'null') return 'null';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--origin: not an origin: ${JSON.stringify(raw)} (write scheme://host[:port], e.g. https://app.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--origin: ${JSON.stringify(raw)} is not an http(s) origin (or the literal null)`);
  if (url.origin !== raw) {
    throw new UsageError(
      `--origin: ${JSON.stringify(raw)} is not a serialized origin; a browser sends ${JSON.stringify(url.origin)} (no path, no trailing slash, default port omitted, lower-case host)`,
    );
  }
  return url.origin;
}

/**
 * A header written without its colon (`Authorization Bearer eyJ…`) still holds a credential:
 * the echo keeps the name and masks what follows, as every other output does.
 */
function withoutSecretValue(raw: string): string {
  const name = /^\s*[^\s:]*/.exec(raw)?.[0] ?? '';
  const rest = raw.slice(name.length);
  if (rest.trim() === '' || !isSecretHeaderName(name)) return raw;
  const gap = /^\s*/.exec(rest)?.[0] ?? '';
  return `${name}${gap}${mask(rest.slice(gap.length))}`;
}

/** `-H 'Name: value'`, as curl writes it. */
export function parseHeader(raw: string): [string, string] {
  const colon = raw.indexOf(':');
  if (colon <= 0) throw new UsageError(`-H: expected 'Name: value', got ${JSON.stringify(withoutSecretValue(raw))}`);
  const name = raw.slice(0, colon).trim();
  const value = raw.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
  if (!isToken(name)) throw new UsageError(`-H: ${JSON.stringify(name)} is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only)`);
  if (/[\r\n\0]/.test(value)) throw new UsageError(`-H: the value of ${name} contains a line break or NUL`);
  const lower = name.toLowerCase();
  if (lower === 'origin') throw new UsageError('-H: set the page origin with --origin, not -H Origin');
  if (lower.startsWith('access-control-request-'))
    throw new UsageError(`-H: ${name} is computed by the browser for the preflight; give the request's own method and headers instead`);
  if (lower !== 'cookie' && isForbiddenRequestHeader(name, value))
    throw new UsageError(`-H: ${name} is a forbidden request header: browsers never let a page set it, so it cannot cause or fix a CORS failure`);
  return [name, value];
}

export function parseHeaders(raw: string[] | undefined): HeaderList {
  return (raw ?? []).map(parseHeader);
}

const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** fetch's method rules: a token, not CONNECT/TRACE/TRACK; normalized (`patch` stays lower-case). */
export function parseMethod(raw: string): string {
  if (!isToken(raw)) throw new UsageError(`--method: ${JSON.stringify(raw)} is not a valid HTTP method`);
  if (FORBIDDEN_METHODS.has(raw.toUpperCase())) throw new UsageError(`--method: fetch() refuses the method ${raw.toUpperCase()}`);
  return normalizeMethod(raw);
}

/** `10`, `10s`, `2.5s` or `500ms`; plain numbers are seconds. */
export function parseTimeout(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw.trim());
  const n = m ? Number(m[1]) * (m[2] === 'ms' ? 1 : 1000) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 600_000)
    throw new UsageError(`--timeout: expected seconds (e.g. 10, 2.5s or 500ms, at most 600s), got ${JSON.stringify(raw)}`);
  return Math.round(n);
}

export function oneString(v: string | boolean | string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
