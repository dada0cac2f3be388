// Human output for a terminal: rendered from the same redacted report@2 failure the JSON
// holds, so the text can never show a secret the JSON masks. Color only on a TTY, and never
// when NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it for CI logs that render ANSI.
import { createRedactor, type ReportFailure, type ReportHeaders } from '../core/report';
import { BIDI_CONTROL_CLASS } from '../core/report/bidi';

// The transcript is built by the command; masked here once more, as every other line of the output is.
const WIRE_REDACTOR = createRedactor({ headers: [], urls: [] });

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export function useColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function createStyle(color: boolean): Style {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

// C0 controls but tab and line feed, DEL, C1 controls, and the Unicode Bidi_Control characters
// ("Trojan Source", CVE-2021-42574; the set is core/report/bidi.ts's, as the reports escape it).
const UNPRINTABLE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI_CONTROL_CLASS}]`, 'g');
const UNPRINTABLE_IN_LINE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI_CONTROL_CLASS}]`, 'g');

function escapeControl(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text from outside (a server, a file, the command line) goes to a terminal: control characters
 * are written as `\x1b`/`\u202e` escapes (an ESC could rewrite the screen or the window title, a
 * bidi override could reorder what the reader sees). Tab and line feed stay.
 */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, escapeControl);
}

/** {@link printable} for text that must stay on one line: tab and line feed escaped too. */
export function printableLine(s: string): string {
  return s.replace(UNPRINTABLE_IN_LINE, escapeControl);
}

// What JSON.stringify leaves raw but a terminal acts on: DEL, C1 controls, bidi controls.
const RAW_IN_JSON = new RegExp(`[\\u007f-\\u009f${BIDI_CONTROL_CLASS}]`, 'g');

/**
 * JSON text (from JSON.stringify) made inert for a terminal without changing what it parses to:
 * the characters above become `\uXXXX` escapes (they can only occur inside strings).
 */
export function inertJson(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');
}

const CORS_HEADER = /^(access-control-|vary$|location$|server$|content-type$)/i;

function headerLines(headers: ReportHeaders | null, prefix: string, all: boolean): string[] {
  if (!headers) return [];
  return headers.filter(([n]) => all || CORS_HEADER.test(n)).map(([n, v]) => `${prefix}${printable(n)}: ${printable(v)}`);
}

export interface RenderOptions {
  style: Style;
  /** What went over the wire, hop by hop (check only). */
  transcript?: string[];
  /** Show every header, not only the CORS-relevant ones. */
  verbose?: boolean;
}

export function verdictLabel(verdict: string, style: Style): string {
  switch (verdict) {
    case 'allowed':
      return style.bold(style.green('ALLOWED'));
    case 'blocked':
      return style.bold(style.red('BLOCKED'));
    case 'network-error':
      return style.bold(style.yellow('UNREACHABLE'));
    default:
      return style.bold(style.yellow('UNEXPLAINED'));
  }
}

/** Appends a section: a blank line, its bold title, then its lines. */
function section(out: string[], style: Style, title: string, lines: string[]): void {
  if (lines.length > 0) out.push('', style.bold(title), ...lines);
}

function checkLines(d: ReportFailure['diagnosis'], style: Style): string[] {
  return d.checks.flatMap((c, i) => [
    `  ${i + 1}. ${style.red(c.code)}${c.header ? `  ${style.cyan(c.header)}` : ''}${c.inferred ? style.dim(' (inferred)') : ''}`,
    `     expected: ${printable(c.expected)}`,
    `     actual:   ${c.actual === undefined ? style.dim('(header missing)') : printable(c.actual)}`,
    indent(printable(c.explanation), '     '),
  ]);
}

/** Why there was a preflight, or that a cross-origin request needed none. */
function preflightSection(out: string[], d: ReportFailure['diagnosis'], style: Style): void {
  if (d.whyPreflight && d.whyPreflight.length > 0)
    section(out, style, 'Why the browser sent a preflight:', d.whyPreflight.map((r) => `  - ${printable(r.explanation)}`));
  else if (d.preflightNeeded === false && d.crossOrigin !== false) section(out, style, 'Preflight:', ['  none: the method and headers are CORS-safelisted (a "simple" request).']);
}

/** What else the engine concluded: the likely real cause, warnings, Chromium's departures, inferences. */
function findingSections(out: string[], d: ReportFailure['diagnosis'], style: Style): void {
  const bullets = (items: string[]) => items.map((s) => `  - ${printable(s)}`);
  section(
    out,
    style,
    'Likely real cause:',
    d.realCause.flatMap((h) => [`  - ${style.bold(printable(h.title))} (fix on the ${h.fixOn})`, indent(printable(h.detail), '    ')]),
  );
  section(out, style, 'Warnings:', d.warnings.map((w) => `  - [${w.severity}] ${printable(w.message)}`));
  section(out, style, 'Where Chromium departs from the Fetch standard here:', bullets(d.chromiumDeviations));
  section(out, style, 'Also concluded:', bullets(d.inferred));
}

/** What the report recorded of the wire, when no transcript of the hops was given. */
function seenLines(f: ReportFailure, verbose: boolean): string[] {
  const wire: string[] = [];
  if (f.preflight.kind === 'observed') {
    wire.push(`> OPTIONS ${printable(f.request.url)}`, ...headerLines(f.preflight.requestHeaders, '>   ', verbose));
    wire.push(`< ${f.preflight.status}${f.preflight.statusText ? ` ${printable(f.preflight.statusText)}` : ''}`, ...headerLines(f.preflight.headers, '<   ', verbose));
  } else if (f.preflight.kind === 'network-error') wire.push(`> OPTIONS ${printable(f.request.url)}`, `  ${f.preflight.error}`);
  if (f.response) {
    wire.push(`> ${printable(f.request.method)} ${printable(f.request.url)}`, ...headerLines(f.request.headers, '>   ', verbose));
    wire.push(`< ${f.response.status}`, ...headerLines(f.response.headers, '<   ', verbose));
  } else if (f.request.error) wire.push(`> ${printable(f.request.method)} ${printable(f.request.url)}`, `  ${f.request.error}`);
  return wire.map((l) => `  ${l}`);
}

/** The fix, only for a request the server can make pass. */
function fixSection(out: string[], f: ReportFailure, style: Style): void {
  const fix = f.fix.fix;
  if (!fix || f.diagnosis.verdict === 'allowed' || f.diagnosis.verdict === 'network-error') return;
  const how =
    f.fix.source === 'selected'
      ? 'chosen with --stack'
      : f.fix.source === 'detected'
        ? `detected from ${f.fix.detected[0]?.evidence.join('; ') ?? 'the responses'}`
        : 'no stack detected; pick yours with --stack';
  section(out, style, `Fix for ${fix.stack} (${printable(how)}):`, [
    `  ${style.bold(printable(fix.title))}`,
    `  Proven: ${printable(fix.provenBy.summary)}`,
    `  Where: ${printable(fix.where)}`,
    '',
    indent(printable(fix.snippet), '    '),
    '',
    `  Pitfall: ${printable(fix.pitfall)}`,
    ...(fix.notes ?? []).map((n) => `  Note: ${printable(n)}`),
    `  Verify: ${printable(fix.verify)}`,
  ]);
}

export function renderFailureText(f: ReportFailure, opts: RenderOptions): string {
  const { style } = opts;
  const d = f.diagnosis;
  const out: string[] = [];
  out.push(`${verdictLabel(d.verdict, style)}  ${printable(f.request.method)} ${printable(f.request.url)}${f.request.origin ? `  from ${printable(f.request.origin)}` : ''}`);
  if (f.request.initialUrl) out.push(style.dim(`  (redirected from ${printable(f.request.initialUrl)})`));
  out.push(printable(d.summary));
  if (d.browserMessage) section(out, style, "Chromium's console would print:", [indent(printable(d.browserMessage), '  ')]);
  section(out, style, `Failing checks (${d.stage ?? 'response'}), in the order Chromium evaluates them:`, checkLines(d, style));
  preflightSection(out, d, style);
  findingSections(out, d, style);
  if (opts.transcript && opts.transcript.length > 0)
    section(out, style, 'On the wire:', opts.transcript.map((l) => `  ${WIRE_REDACTOR.text(l)}`));
  else section(out, style, 'Seen:', seenLines(f, opts.verbose === true));
  fixSection(out, f, style);
  return out.join('\n') + '\n';
}
