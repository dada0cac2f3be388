// A diagnosis and a fix as they may be kept or shown: the values they quote redacted as the
// header they came from, their prose as the project's own text.
import type { Diagnosis } from '../diagnose';
import type { Redactor } from './redactor';

// Fields that name things (check codes, kinds, stages, header names): the project's vocabulary,
// never a quoted value, so never redacted.
const NAME_FIELDS = new Set(['code', 'kind', 'stage', 'verdict', 'severity', 'fixOn', 'header', 'firefoxCode', 'mode', 'stack', 'language']);

function ownStrings<T>(value: T, r: Redactor, depth = 0): T {
  if (typeof value === 'string') return r.ownText(value) as T;
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => ownStrings(v, r, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = NAME_FIELDS.has(k) ? v : ownStrings(v, r, depth + 1);
  return out as T;
}

/**
 * A diagnosis as it may be kept or shown: every field that quotes a request or response value is
 * redacted as the header it came from (a check's `actual`, a why-a-preflight `value`: `Bearer abc`
 * under `authorization` is masked however short), and all its prose as the project's own text.
 * Used by the worker before storage and by the report builder, so every renderer gets it.
 */
export function redactDiagnosis<D extends Pick<Diagnosis, 'checks' | 'whyPreflight'>>(d: D, r: Redactor): D {
  if (!r.active) return d;
  const asHeader = (header: string | undefined, v: string): string => (header === undefined ? v : r.header(header, v));
  const out = { ...d };
  if (Array.isArray(d.checks))
    out.checks = d.checks.map((c) => {
      const k = { ...c };
      if (typeof c.actual === 'string') k.actual = asHeader(c.header, c.actual);
      if (typeof c.failedParameter === 'string') k.failedParameter = asHeader(c.header, c.failedParameter);
      return k;
    });
  if (Array.isArray(d.whyPreflight))
    out.whyPreflight = d.whyPreflight.map((w) => (typeof w.value === 'string' ? { ...w, value: asHeader(w.header, w.value) } : w));
  return ownStrings(out, r);
}

/** A fix as shown: its snippet and prose are the project's text (only a known secret or a URL's credentials are masked). */
export function redactOwn<T>(value: T, r: Redactor): T {
  return r.active ? ownStrings(value, r) : value;
}
