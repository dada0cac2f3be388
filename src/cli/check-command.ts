// `cors-doctor check <url> --origin <origin> …`: flags -> probe -> report@2 -> text or JSON, and
// the exit status CI reads.
import { isStackId, STACK_IDS, type StackId } from '../core/stack-ids';
import { buildReport, createRedactor, renderJson, type ReportFailure } from '../core/report';
import { oneString, parseCommandLine, parseHeaders, parseMethod, parseOrigin, parseTargetUrl, parseTimeout } from './args';
import { runCheck, type Hop } from './check';
import { EXIT, UsageError } from './exit-codes';
import { VERSION, type Io } from './io';
import { createStyle, inertJson, printable, renderFailureText, useColor, type Style } from './render-text';
import type { WireResult } from './send';

export const CHECK_HELP = `Usage: cors-doctor check <url> --origin <origin> [options]

Sends the request the way Chromium would from a page at <origin>: the exact preflight when
one is needed, then the actual request (following redirects), and says whether the browser
would allow it, which check fails, and the server fix.

Options:
  -o, --origin <origin>   the page's origin, e.g. https://app.example.com (required)
  -X, --method <method>   request method (default GET); \`patch\` stays lower-case, as in fetch()
  -H, --header <h>        request header 'Name: value' the page sets (repeatable)
  -d, --data <body>       request body (a string body, as fetch sends it)
      --credentials       credentials: 'include' (fetch) / withCredentials (XHR); a -H Cookie
                          is sent only with this flag, never on the preflight, and only to
                          the URL's host (a redirect elsewhere goes without it)
      --stack <name>      show the fix for this server stack (default: detected)
      --json              print the cors-doctor/report@2 JSON object, nothing else
      --timeout <t>       per request: 10 (seconds, default), 2.5s or 500ms
      --insecure          accept TLS certificates a browser would reject
  -v, --verbose           show every header on the wire, not only the CORS ones
  -h, --help              this help

Redirects are followed as the browser follows them: Authorization is removed when a redirect
crosses origins, and the output says what was dropped. A response is judged on its headers:
a body still arriving a second later (a stream) is not waited for.

Exit status: 0 allowed, 1 blocked, 2 usage error, 3 server unreachable,
130 stopped by Ctrl-C, 143 stopped by SIGTERM.

Examples:
  cors-doctor check https://api.example.com/users --origin https://app.example.com
  cors-doctor check https://api.example.com/users -o https://app.example.com \\
      -X PUT -H 'Content-Type: application/json' -H 'Authorization: Bearer x' --credentials
`;

export function parseStack(raw: string | undefined): StackId | undefined {
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  if (!isStackId(lower)) throw new UsageError(`--stack: unknown stack ${JSON.stringify(raw)}; one of: ${STACK_IDS.join(', ')}`);
  return lower;
}

/**
 * The transcript, masked by the same redactor a report gets, fed with every header and URL of
 * every hop, so a token is hidden wherever it is quoted (a Location, a later hop's URL).
 */
function wireLines(hops: Hop[], style: Style, verbose: boolean): string[] {
  const lines: string[] = [];
  const wire = hops.flatMap((h) => [h.preflight, h.response]).filter((w): w is WireResult => w !== undefined);
  const redactor = createRedactor({
    headers: wire.flatMap((w) => (w.kind === 'response' ? [w.sent, w.headers] : [w.sent])),
    urls: hops.map((h) => h.url),
  });
  // The redactor knows which headers hold URLs (Location, Content-Location, Referer, Link).
  const shown = (n: string, v: string) => printable(redactor.header(n, v));
  const show = (n: string) => verbose || /^(access-control-|origin$|vary$|location$|server$)/i.test(n);
  const result = (r: WireResult, method: string, url: string) => {
    lines.push(style.cyan(`> ${printable(method)} ${printable(redactor.url(url))}`));
    for (const [n, v] of r.sent) if (show(n)) lines.push(style.dim(`>   ${printable(n)}: ${shown(n, v)}`));
    if (r.kind === 'error') {
      lines.push(style.yellow(`  ${r.error} (${printable(redactor.text(r.detail))})`));
      return;
    }
    lines.push(`< ${r.status} ${printable(redactor.text(r.statusText))}`);
    for (const [n, v] of r.headers) if (show(n)) lines.push(`<   ${printable(n)}: ${shown(n, v)}`);
    if (r.stillArriving) lines.push(style.dim('  (body still arriving: judged on the headers, as the browser does)'));
  };
  for (const hop of hops) {
    for (const d of hop.dropped ?? []) lines.push(style.yellow(`  redirect: ${d.name} ${printable(d.why)}`));
    if (hop.preflight) result(hop.preflight, 'OPTIONS', hop.url);
    if (hop.response) result(hop.response, '(actual)', hop.url);
  }
  return lines;
}

export async function checkCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(
    argv,
    {
      origin: { type: 'string', short: 'o' },
      method: { type: 'string', short: 'X' },
      header: { type: 'string', short: 'H', multiple: true },
      data: { type: 'string', short: 'd' },
      credentials: { type: 'boolean' },
      stack: { type: 'string' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
      insecure: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
    'check',
  );
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return EXIT.allowed;
  }
  if (positionals.length === 0) throw new UsageError('check: missing the URL to check (cors-doctor check <url> --origin <origin>)');
  if (positionals.length > 1) throw new UsageError(`check: one URL at a time; got ${positionals.length}: ${positionals.join(' ')}`);
  const url = parseTargetUrl(positionals[0] as string);
  const rawOrigin = oneString(values.origin);
  if (rawOrigin === undefined) throw new UsageError('check: --origin is required: the origin of the page that makes the request, e.g. --origin https://app.example.com');
  const origin = parseOrigin(rawOrigin);
  const method = parseMethod(oneString(values.method) ?? 'GET');
  const headers = parseHeaders(values.header as string[] | undefined);
  const stack = parseStack(oneString(values.stack));
  const timeoutMs = parseTimeout(oneString(values.timeout) ?? '10');
  const body = oneString(values.data);
  if (body !== undefined && (method === 'GET' || method === 'HEAD')) throw new UsageError(`--data: fetch() refuses a body on a ${method} request`);
  const credentials = values.credentials === true;
  if (!credentials && headers.some(([n]) => n.toLowerCase() === 'cookie'))
    io.stderr.write('cors-doctor: note: -H Cookie is ignored without --credentials (a browser sends cookies only when credentials are included)\n');

  const result = await runCheck({
    url,
    origin,
    method,
    headers,
    credentials,
    ...(body !== undefined ? { body } : {}),
    timeoutMs,
    insecure: values.insecure === true,
    userAgent: `cors-doctor/${VERSION} (Chromium CORS rules)`,
    signal: io.signal,
  });
  const report = buildReport(
    [{ id: 'check', exchange: result.exchange, diagnosis: result.diagnosis }],
    { generatedAt: new Date().toISOString(), tool: { name: 'cli', version: VERSION }, browser: null },
    stack ? { stack } : {},
  );
  const failure = report.failures[0] as ReportFailure;
  if (values.json) {
    const json = inertJson(renderJson(report));
    io.stdout.write(json.endsWith('\n') ? json : json + '\n');
  }
  else {
    const style = createStyle(useColor(io.stdout, io.env));
    io.stdout.write(renderFailureText(failure, { style, transcript: wireLines(result.hops, style, values.verbose === true), verbose: values.verbose === true }));
  }
  return exitFor(result.diagnosis.verdict);
}

export function exitFor(verdict: string): number {
  if (verdict === 'allowed') return EXIT.allowed;
  if (verdict === 'network-error') return EXIT.unreachable;
  return EXIT.blocked;
}
