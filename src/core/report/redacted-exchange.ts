// One failure's request, preflight, response and diagnosis as a report shows them: projected
// field by field from untrusted input, and redacted by the report's one redactor.
import type { Diagnosis } from '../diagnose';
import type { Exchange, HeaderList } from '../exchange';
import { coerceHeaderList } from '../headers';
import { num, str } from '../read';
import { createRedactor, redactDiagnosis, type Redactor } from '../redact';
import type { ReportDiagnosis, ReportHeaders, ReportInput, ReportPreflight, ReportRequest, ReportResponse } from './model';

/**
 * The redactor for one report: every secret of every failure (the same token often rides on
 * several requests) is hidden in every string of the report. None with `includeSecrets`.
 */
export function reportRedactor(inputs: readonly Pick<ReportInput, 'exchange'>[], options: { includeSecrets?: boolean }): Redactor {
  return createRedactor(
    {
      headers: inputs.flatMap((i) => {
        const x = i.exchange;
        const lists: HeaderList[] = [coerceHeaderList(x.request?.headers)];
        if (x.preflight && x.preflight.kind !== 'not-observed') lists.push(coerceHeaderList(x.preflight.requestHeaders));
        if (x.preflight && x.preflight.kind === 'observed') lists.push(coerceHeaderList(x.preflight.headers));
        if (x.response) lists.push(coerceHeaderList(x.response.headers));
        return lists;
      }),
      urls: inputs.flatMap((i) => {
        const x = i.exchange;
        const urls = [str(x.request?.url), str(x.request?.initialUrl)];
        if (x.preflight?.kind === 'observed') urls.push(str(x.preflight.redirectTo));
        urls.push(str(x.response?.redirectTo));
        return urls.filter((u): u is string => u !== undefined);
      }),
      bodies: inputs.flatMap((i) => [str(i.exchange.preflight?.kind === 'observed' ? i.exchange.preflight.body : null), str(i.exchange.response?.body)].filter((b): b is string => b !== undefined)),
    },
    { includeSecrets: options.includeSecrets === true },
  );
}

function statusCode(v: unknown): number {
  return Math.trunc(num(v) ?? 0);
}
function headersOrNull(v: unknown, r: Redactor): ReportHeaders | null {
  return v === undefined || v === null ? null : r.headers(coerceHeaderList(v));
}

/** Every string in a plain JSON-like value, through `f` (for engine objects of prose). */
export function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = mapStrings(v, f);
    return out as T;
  }
  return value;
}

function requestOf(x: Exchange, r: Redactor): ReportRequest {
  const q = x.request ?? ({} as Exchange['request']);
  const cred = q.credentials;
  return {
    url: r.url(str(q.url) ?? ''),
    method: str(q.method) ?? 'GET',
    origin: str(q.origin) ?? null,
    initiatorType: str(q.initiatorType) ?? null,
    credentials: cred === 'include' || cred === 'omit' ? cred : 'unknown',
    headers: headersOrNull(q.headers, r),
    error: str(q.error) === undefined ? null : r.text(q.error as string),
    initialUrl: str(q.initialUrl) === undefined ? null : r.url(q.initialUrl as string),
  };
}

function preflightOf(x: Exchange, r: Redactor): ReportPreflight {
  const p = x.preflight;
  if (p && p.kind === 'observed') {
    return {
      kind: 'observed',
      status: statusCode(p.status),
      statusText: str(p.statusText) === undefined ? null : r.text(p.statusText as string),
      requestHeaders: headersOrNull(p.requestHeaders, r),
      headers: r.headers(coerceHeaderList(p.headers)),
      redirectTo: str(p.redirectTo) === undefined ? null : r.url(p.redirectTo as string),
      body: str(p.body) === undefined ? null : r.body(p.body as string),
    };
  }
  if (p && p.kind === 'network-error') {
    return { kind: 'network-error', requestHeaders: headersOrNull(p.requestHeaders, r), error: r.text(str(p.error) ?? 'net::ERR_FAILED') };
  }
  return { kind: 'not-observed' };
}

function responseOf(x: Exchange, r: Redactor): ReportResponse | null {
  const s = x.response;
  if (!s || typeof s !== 'object') return null;
  return {
    status: statusCode(s.status),
    headers: r.headers(coerceHeaderList(s.headers)),
    redirectTo: str(s.redirectTo) === undefined ? null : r.url(s.redirectTo as string),
    body: str(s.body) === undefined ? null : r.body(s.body as string),
  };
}

function diagnosisOf(d: Diagnosis, r: Redactor): ReportDiagnosis {
  const projected: ReportDiagnosis = {
    verdict: d.verdict,
    summary: d.summary,
    stage: d.stage,
    checks: d.checks,
    browserMessage: d.browserMessage ?? null,
    whyPreflight: d.whyPreflight,
    preflightNeeded: d.preflightNeeded,
    realCause: d.realCause,
    inferred: d.inferred,
    cache: d.cache,
    warnings: d.warnings,
    unreadableResponseHeaders: d.unreadableResponseHeaders,
    credentials: d.credentials,
    origin: d.origin,
    crossOrigin: d.crossOrigin ?? null,
    chromiumDeviations: d.chromiumDeviations ?? [],
  };
  // Redaction copies as it goes; without it (includeSecrets) a plain copy keeps the report apart from the engine's objects.
  return r.active ? redactDiagnosis(projected, r) : mapStrings(projected, (s) => s);
}

/** The exchange as the report shows it: the redacted values, so commands built from it are redacted too. */
function redactedExchange(x: Exchange, req: ReportRequest, pf: ReportPreflight, rs: ReportResponse | null): Exchange {
  const out: Exchange = {
    request: {
      url: req.url,
      method: req.method,
      ...(req.origin !== null ? { origin: req.origin } : {}),
      ...(req.headers !== null ? { headers: req.headers } : {}),
      credentials: req.credentials,
    },
  };
  if (pf.kind === 'observed') {
    out.preflight = { kind: 'observed', status: pf.status, headers: pf.headers, ...(pf.requestHeaders ? { requestHeaders: pf.requestHeaders } : {}) };
  } else if (pf.kind === 'network-error') {
    out.preflight = { kind: 'network-error', error: pf.error, ...(pf.requestHeaders ? { requestHeaders: pf.requestHeaders } : {}) };
  } else out.preflight = { kind: 'not-observed' };
  if (rs) out.response = { status: rs.status, headers: rs.headers };
  if (x.browser) out.browser = x.browser;
  return out;
}

/** One failure's parts as the report shows them, and the exchange the commands are built from. */
export interface RedactedParts {
  request: ReportRequest;
  preflight: ReportPreflight;
  response: ReportResponse | null;
  diagnosis: ReportDiagnosis;
  /** The exchange with the redacted values, so commands built from it are redacted too. */
  shown: Exchange;
}

export function redactedParts(x: Exchange, d: Diagnosis, r: Redactor): RedactedParts {
  const request = requestOf(x, r);
  const preflight = preflightOf(x, r);
  const response = responseOf(x, r);
  const diagnosis = diagnosisOf(d, r);
  return { request, preflight, response, diagnosis, shown: redactedExchange(x, request, preflight, response) };
}
