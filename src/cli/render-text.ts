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

export function renderFailureText(f: ReportFailure, opts: RenderOptions): string {
  const { style } = opts;
  const d = f.diagnosis;
  const out: string[] = [];
  const section = (title: string) => out.push('', style.bold(title));
  out.push(`${verdictLabel(d.verdict, style)}  ${printable(f.request.method)} ${printable(f.request.url)}${f.request.origin ? `  from ${printable(f.request.origin)}` : ''}`);
  if (f.request.initialUrl) out.push(style.dim(`  (redirected from ${printable(f.request.initialUrl)})`));
  out.push(printable(d.summary));

  if (d.browserMessage) {
    section("Chromium's console would print:");
    out.push(indent(printable(d.browserMessage), '  '));
  }

  if (d.checks.length > 0) {
    section(`Failing checks (${d.stage ?? 'response'}), in the order Chromium evaluates them:`);
    d.checks.forEach((c, i) => {
      out.push(`  ${i + 1}. ${style.red(c.code)}${c.header ? `  ${style.cyan(c.header)}` : ''}${c.inferred ? style.dim(' (inferred)') : ''}`);
      out.push(`     expected: ${printable(c.expected)}`);
      out.push(`     actual:   ${c.actual === undefined ? style.dim('(header missing)') : printable(c.actual)}`);
      out.push(indent(printable(c.explanation), '     '));
    });
  }

  if (d.whyPreflight && d.whyPreflight.length > 0) {
    section('Why the browser sent a preflight:');
    for (const r of d.whyPreflight) out.push(`  - ${printable(r.explanation)}`);
  } else if (d.preflightNeeded === false && d.crossOrigin !== false) {
    section('Preflight:');
    out.push('  none: the method and headers are CORS-safelisted (a "simple" request).');
  }

  if (d.realCause.length > 0) {
    section('Likely real cause:');
    for (const h of d.realCause) out.push(`  - ${style.bold(printable(h.title))} (fix on the ${h.fixOn})`, indent(printable(h.detail), '    '));
  }
  if (d.warnings.length > 0) {
    section('Warnings:');
    for (const w of d.warnings) out.push(`  - [${w.severity}] ${printable(w.message)}`);
  }
  if (d.chromiumDeviations.length > 0) {
    section('Where Chromium departs from the Fetch standard here:');
    for (const s of d.chromiumDeviations) out.push(`  - ${printable(s)}`);
  }
  if (d.inferred.length > 0) {
    section('Also concluded:');
    for (const s of d.inferred) out.push(`  - ${printable(s)}`);
  }

  if (opts.transcript && opts.transcript.length > 0) {
    section('On the wire:');
    for (const l of opts.transcript) out.push(`  ${WIRE_REDACTOR.text(l)}`);
  } else {
    const wire: string[] = [];
    if (f.preflight.kind === 'observed') {
      wire.push(`> OPTIONS ${printable(f.request.url)}`, ...headerLines(f.preflight.requestHeaders, '>   ', opts.verbose === true));
      wire.push(`< ${f.preflight.status}${f.preflight.statusText ? ` ${printable(f.preflight.statusText)}` : ''}`, ...headerLines(f.preflight.headers, '<   ', opts.verbose === true));
    } else if (f.preflight.kind === 'network-error') wire.push(`> OPTIONS ${printable(f.request.url)}`, `  ${f.preflight.error}`);
    if (f.response) {
      wire.push(`> ${printable(f.request.method)} ${printable(f.request.url)}`, ...headerLines(f.request.headers, '>   ', opts.verbose === true));
      wire.push(`< ${f.response.status}`, ...headerLines(f.response.headers, '<   ', opts.verbose === true));
    } else if (f.request.error) wire.push(`> ${printable(f.request.method)} ${printable(f.request.url)}`, `  ${f.request.error}`);
    if (wire.length > 0) {
      section('Seen:');
      for (const l of wire) out.push(`  ${l}`);
    }
  }

  const fix = f.fix.fix;
  if (fix && d.verdict !== 'allowed' && d.verdict !== 'network-error') {
    const how =
      f.fix.source === 'selected'
        ? 'chosen with --stack'
        : f.fix.source === 'detected'
          ? `detected from ${f.fix.detected[0]?.evidence.join('; ') ?? 'the responses'}`
          : 'no stack detected; pick yours with --stack';
    section(`Fix for ${fix.stack} (${printable(how)}):`);
    out.push(`  ${style.bold(printable(fix.title))}`, `  Proven: ${printable(fix.provenBy.summary)}`, `  Where: ${printable(fix.where)}`, '');
    out.push(indent(printable(fix.snippet), '    '), '');
    out.push(`  Pitfall: ${printable(fix.pitfall)}`);
    for (const n of fix.notes ?? []) out.push(`  Note: ${printable(n)}`);
    out.push(`  Verify: ${printable(fix.verify)}`);
  }
  return out.join('\n') + '\n';
}
