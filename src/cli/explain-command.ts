// `cors-doctor explain < console.txt`: each CORS error in pasted console text -> the failing
// check, what the server must send, the fix for a stack (built by the engine from an exchange
// reconstructed from the text, and only when the engine then reaches the same verdict), what the
// text cannot tell, and the `check` command that would find out.
import { diagnose } from '../core/diagnose';
import type { Exchange } from '../core/exchange';
import { fixesFor, type Fix, type StackId } from '../core/fixes';
import { shellQuote } from '../core/report';
import { oneString, parseCommandLine } from './args';
import { parseStack } from './check-command';
import { EXIT, UsageError } from './exit-codes';
import { explainConsoleText, type ConsoleCode, type ConsoleFinding } from './explain';
import type { Io } from './io';
import { createStyle, printable, useColor } from './render-text';

export const EXPLAIN_HELP = `Usage: cors-doctor explain [--stack name] [--json] < console.txt

Reads browser console text on stdin (Chrome, Edge, Firefox or Safari; paste whole lines) and
explains each CORS error: the failing check, what the server must send, and the fix for a
server stack. Says what the text alone cannot tell, and the \`check\` command that would.

Options:
  --stack <name>   the fix for this stack (default: express; see \`check --help\`)
  --json           print the findings as JSON
  -h, --help       this help

Exit status: 0 no CORS error found, 1 at least one found, 2 usage error.
`;

/** What the server must send, per check, in one sentence. */
const MUST_SEND: Partial<Record<ConsoleCode, string>> = {
  MissingAllowOriginHeader: 'Access-Control-Allow-Origin with the page origin (or *) on the actual response, error responses included.',
  PreflightMissingAllowOriginHeader: 'A 2xx answer to OPTIONS with Access-Control-Allow-Origin (the page origin or *): most often the OPTIONS request never reaches the CORS layer (no route, auth first, a proxy).',
  AllowOriginMismatch: 'Access-Control-Allow-Origin equal to the page origin exactly: scheme, host and port, no trailing slash, one value.',
  PreflightAllowOriginMismatch: 'Access-Control-Allow-Origin on the preflight equal to the page origin exactly.',
  MultipleAllowOriginValues: 'Exactly one Access-Control-Allow-Origin value: two layers (proxy and app) both add it, or a list was sent.',
  PreflightMultipleAllowOriginValues: 'Exactly one Access-Control-Allow-Origin value on the preflight.',
  InvalidAllowOriginValue: 'A valid Access-Control-Allow-Origin: one serialized origin, or *.',
  PreflightInvalidAllowOriginValue: 'A valid Access-Control-Allow-Origin on the preflight: one serialized origin, or *.',
  WildcardOriginNotAllowed: 'With credentials, the page origin itself in Access-Control-Allow-Origin (never *), plus Access-Control-Allow-Credentials: true.',
  PreflightWildcardOriginNotAllowed: 'With credentials, the page origin itself in the preflight Access-Control-Allow-Origin (never *).',
  InvalidAllowCredentials: 'Access-Control-Allow-Credentials: true (exactly, lower-case) on the response.',
  PreflightInvalidAllowCredentials: 'Access-Control-Allow-Credentials: true on the preflight response.',
  PreflightInvalidStatus: 'A 2xx status (204 or 200) for OPTIONS, before auth, routing or method checks.',
  PreflightDisallowedRedirect: 'A direct 2xx answer to OPTIONS at the requested URL: a preflight never follows a redirect (fix the URL: trailing slash, http->https, or the auth redirect).',
  InvalidAllowMethodsPreflightResponse: 'Access-Control-Allow-Methods as a comma-separated list of method names (no semicolons or other separators).',
  InvalidAllowHeadersPreflightResponse: 'Access-Control-Allow-Headers as a comma-separated list of header names (no semicolons or other separators).',
  MethodDisallowedByPreflightResponse: 'The method in Access-Control-Allow-Methods, spelled exactly as sent (method names are case-sensitive; * is no wildcard with credentials).',
  HeaderDisallowedByPreflightResponse: 'The header name in Access-Control-Allow-Headers (* is no wildcard with credentials).',
  RedirectContainsCredentials: 'A redirect Location without user:password@.',
  CorsDisabledScheme: 'Nothing: the request used a scheme CORS does not support (file:, a custom scheme); serve the page and the API over http(s).',
};

const WHAT_CHECK_SEES = [
  'the exact response headers (every value, duplicates)',
  'the status of the preflight and of the response',
  'which server stack answered',
];

interface Explained {
  finding: ConsoleFinding;
  mustSend?: string;
  unknown: string[];
  check?: string;
  fix?: Fix;
  /** Why no fix was built, when a quoted value was too long to build one from. */
  noFix?: string;
}

/**
 * No fix is built from a quoted value longer than this. A real URL, origin or header name is far
 * shorter (servers refuse request heads over 8-16 kB); the fix builders pass names through
 * per-segment case mapping, and a 16 MB header name took 33 s and 2.9 GB there.
 */
const FIX_INPUT_LIMIT = 64 * 1024;

/** The URL up to its query or fragment (one scan; the URL may be as long as the input). */
function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

/** An exchange the engine must diagnose as the text says; used only to fill in the fix. */
function reconstruct(f: ConsoleFinding): Exchange | undefined {
  const code = f.codes[0];
  if (!code || f.url === undefined) return undefined;
  const origin = f.origin ?? 'https://app.example.com';
  const preflightCode = f.stage === 'preflight' || code.startsWith('Preflight') || code.endsWith('PreflightResponse');
  const method = f.method ?? (preflightCode ? 'PUT' : 'GET');
  const okPreflight: Array<[string, string]> = [['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Methods', method]];
  const headers: Array<[string, string]> = [['Origin', origin]];
  let credentials: 'include' | 'omit' = 'omit';
  let pf: Array<[string, string]> | undefined;
  let pfStatus = 204;
  let rs: Array<[string, string]> = [['Access-Control-Allow-Origin', origin]];
  const p = f.parameter ?? '';
  switch (code) {
    case 'MissingAllowOriginHeader': rs = []; break;
    case 'AllowOriginMismatch': rs = [['Access-Control-Allow-Origin', p || 'https://other.example']]; break;
    case 'MultipleAllowOriginValues': rs = [['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Origin', origin]]; break;
    case 'InvalidAllowOriginValue': rs = [['Access-Control-Allow-Origin', p || 'invalid value']]; break;
    case 'WildcardOriginNotAllowed': credentials = 'include'; rs = [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']]; break;
    case 'InvalidAllowCredentials': credentials = 'include'; rs = [['Access-Control-Allow-Origin', origin]]; break;
    case 'PreflightMissingAllowOriginHeader': pf = [['Access-Control-Allow-Methods', method]]; break;
    case 'PreflightAllowOriginMismatch': pf = [['Access-Control-Allow-Origin', p || 'https://other.example'], ['Access-Control-Allow-Methods', method]]; break;
    case 'PreflightMultipleAllowOriginValues': pf = [...okPreflight, ['Access-Control-Allow-Origin', origin]]; break;
    case 'PreflightWildcardOriginNotAllowed': credentials = 'include'; pf = [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', method]]; break;
    case 'PreflightInvalidAllowCredentials': credentials = 'include'; pf = okPreflight; break;
    case 'PreflightDisallowedRedirect': pf = [...okPreflight, ['Location', `${withoutQuery(f.url)}/`]]; pfStatus = f.status !== undefined && f.status >= 300 && f.status < 400 ? f.status : 301; break;
    case 'PreflightInvalidStatus': pf = okPreflight; pfStatus = f.status !== undefined && (f.status < 200 || f.status > 299) ? f.status : 404; break;
    case 'MethodDisallowedByPreflightResponse': pf = [['Access-Control-Allow-Origin', origin]]; break;
    case 'HeaderDisallowedByPreflightResponse': if (p === '') return undefined; headers.push([p, 'value']); pf = okPreflight; break;
    case 'InvalidAllowMethodsPreflightResponse': pf = [['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Methods', `${method}; GET`]]; break;
    case 'InvalidAllowHeadersPreflightResponse': pf = [...okPreflight, ['Access-Control-Allow-Headers', 'Content-Type; X-Custom']]; break;
    default: return undefined;
  }
  if (pf && method === 'GET' && headers.length === 1) headers.push(['X-Requested-With', 'cors-doctor']);
  return {
    request: { url: f.url, method, origin, initiatorType: 'fetch', headers, credentials, error: 'net::ERR_FAILED' },
    preflight: pf ? { kind: 'observed', status: pfStatus, headers: pf, requestHeaders: [] } : { kind: 'not-observed' },
    ...(pf ? {} : { response: { status: f.status ?? 200, headers: rs } }),
    browser: 'chromium',
  };
}

function unknownsFor(f: ConsoleFinding): string[] {
  const out: string[] = [];
  if (f.codes.length > 1) out.push(`which of ${f.codes.join(' / ')} it is (${f.browser === 'safari' ? 'Safari' : 'Firefox'}'s wording covers all of them)`);
  if (f.url === undefined) out.push('the URL (paste the line that names it too)');
  if (f.origin === undefined) out.push('the page origin');
  if (f.method === undefined) out.push('the method');
  out.push('whether credentials were included (fetch credentials: "include" / withCredentials)', ...WHAT_CHECK_SEES);
  return out;
}

function checkCommandFor(f: ConsoleFinding): string | undefined {
  if (f.url === undefined) return undefined;
  const parts = ['cors-doctor check', shellQuote(f.url), '--origin', f.origin !== undefined ? shellQuote(f.origin) : '<your page origin>'];
  if (f.method !== undefined && f.method !== 'GET') parts.push('-X', shellQuote(f.method));
  if (f.codes[0] === 'HeaderDisallowedByPreflightResponse' && f.parameter) parts.push('-H', shellQuote(`${f.parameter}: …`));
  if (/Wildcard|Credentials/.test(f.codes[0] ?? '')) parts.push('--credentials');
  parts.push("[-H 'Name: value' for each header the page sets]");
  return parts.join(' ');
}

export function explainFindings(findings: ConsoleFinding[], stack: StackId | undefined): Explained[] {
  return findings.map((finding) => {
    const e: Explained = { finding, unknown: unknownsFor(finding) };
    const code = finding.codes[0];
    if (code && MUST_SEND[code]) e.mustSend = MUST_SEND[code];
    const cmd = checkCommandFor(finding);
    if (cmd) e.check = cmd;
    const tooLong = [finding.url, finding.origin, finding.method, finding.parameter].some((v) => v !== undefined && v.length > FIX_INPUT_LIMIT);
    if (tooLong) e.noFix = `a quoted value is over ${FIX_INPUT_LIMIT / 1024} kB, too long to be real: no fix is built from it`;
    const x = tooLong ? undefined : reconstruct(finding);
    if (x) {
      const d = diagnose(x);
      // Only when the engine, given the reconstruction, names the same first check.
      if (d.checks[0]?.code === code) {
        // One stack's fix is shown: building the other 26 cost 27 times the work per finding.
        const fix = fixesFor(d, x, { only: [stack ?? 'express'] })[0];
        if (fix) e.fix = fix;
      }
    }
    return e;
  });
}

async function readAll(stream: NodeJS.ReadableStream, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > limit) throw new UsageError(`explain: input larger than ${limit / 1024 / 1024} MB; paste only the console lines`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function explainCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { stack: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 'explain');
  if (values.help) {
    io.stdout.write(EXPLAIN_HELP);
    return EXIT.allowed;
  }
  if (positionals.length > 0) throw new UsageError('explain: reads the console text on stdin (cors-doctor explain < console.txt, or paste and press Ctrl-D)');
  const stack = parseStack(oneString(values.stack));
  if (io.stdin.isTTY) io.stderr.write('Paste the console text, then press Ctrl-D:\n');
  const text = await readAll(io.stdin, 16 * 1024 * 1024);
  const explained = explainFindings(explainConsoleText(text), stack);
  if (values.json) {
    io.stdout.write(JSON.stringify({ findings: explained }, null, 2) + '\n');
    return explained.length > 0 ? EXIT.blocked : EXIT.allowed;
  }
  const style = createStyle(useColor(io.stdout, io.env));
  if (explained.length === 0) {
    io.stdout.write('No CORS error found in the input. Paste whole console lines ("Access to fetch at …", "Cross-Origin Request Blocked: …", "Origin … is not allowed by Access-Control-Allow-Origin").\n');
    return EXIT.allowed;
  }
  const out: string[] = [];
  explained.forEach((e, i) => {
    const f = e.finding;
    out.push(`${style.bold(`${i + 1}. ${f.codes[0] ?? 'not a CORS check'}`)}  ${style.dim(`(${f.browser}, ${f.stage === 'unknown' ? 'preflight or response' : f.stage})`)}`);
    if (f.url) out.push(`   URL:    ${printable(f.url)}${f.redirectedFrom ? ` (redirected from ${printable(f.redirectedFrom)})` : ''}`);
    if (f.origin) out.push(`   Origin: ${printable(f.origin)}`);
    if (f.method) out.push(`   Method: ${printable(f.method)}`);
    if (f.parameter) out.push(`   Quoted: ${printable(f.parameter)}`);
    if (f.status !== undefined) out.push(`   Status: ${f.status}`);
    if (f.codes.length > 1) out.push(`   Could also be: ${f.codes.slice(1).join(', ')}`);
    if (f.codes.length === 0) out.push('   Not a CORS check failure: the request did not complete (server unreachable, or a failed preflight reported again).');
    if (f.note) out.push(`   Note: ${printable(f.note)}`);
    if (e.mustSend) out.push(`   The server must send: ${e.mustSend}`);
    if (e.noFix) out.push(`   No fix: ${e.noFix}.`);
    if (e.fix) {
      out.push(`   Fix for ${e.fix.stack}${stack ? '' : ' (choose yours with --stack)'}: ${printable(e.fix.title)}`, `   Where: ${printable(e.fix.where)}`);
      out.push(...e.fix.snippet.split('\n').map((l) => `      ${printable(l)}`));
      out.push(`   Pitfall: ${printable(e.fix.pitfall)}`);
    }
    out.push(`   The text cannot tell: ${e.unknown.join('; ')}.`);
    if (e.check) out.push(`   Find out: ${e.check}`);
    out.push('');
  });
  io.stdout.write(out.join('\n'));
  return explained.some((e) => e.finding.codes.length > 0) ? EXIT.blocked : EXIT.allowed;
}
