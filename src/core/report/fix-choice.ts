// Which stack's fix a report shows, and the fix as it shows it.
import { fixesFor, STACKS, type Fix, type StackGuess, type StackId } from '../fixes';
import { redactOwn, type Redactor } from '../redact';
import { detectStack } from '../stack-detect';
import type { FixSource, ReportFix, ReportInput, ReportOptions } from './model';
import { mapStrings } from './redacted-exchange';

/**
 * The fix to show among `fixes`: the selected stack's; else the top detected stack's; else the
 * first (`fixes` come detected stacks first, then in STACKS order). The panel asks it too, so its
 * detail view and a report of the same failure agree on what they would show by themselves.
 */
export function chooseFix(fixes: readonly Fix[], detected: readonly StackGuess[], selected: StackId | null = null): { fix: Fix | null; source: FixSource } {
  if (selected) return { fix: fixes.find((f) => f.stack === selected) ?? null, source: 'selected' };
  if (detected.length > 0) {
    const fix = fixes.find((f) => f.stack === detected[0]?.stack);
    if (fix) return { fix, source: 'detected' };
  }
  return { fix: fixes[0] ?? null, source: 'default' };
}

/** A report's fix section: the chosen fix, redacted, with the stacks detected and the stacks available. */
export function reportFixOf(input: ReportInput, options: ReportOptions, r: Redactor): ReportFix {
  const available = STACKS.map((s) => s.id);
  let detected: StackGuess[] = [];
  let fixes: Fix[] = [];
  // The fixes are computed on the real values (a stack is recognised by its headers), then redacted.
  try {
    detected = detectStack(input.exchange);
    // Only the fix the report shows: the selected stack, else the detected one, else the first.
    const wanted = options.stack ?? detected[0]?.stack ?? STACKS[0]?.id;
    // The Verify line is redacted value by value, then quoted: masking the quoted text can cut a
    // quoted word open (a secret that spans a quote leaves the rest of the URL to the shell).
    fixes = wanted ? fixesFor(input.diagnosis, input.exchange, { only: [wanted], verifyFilter: r.text }) : [];
  } catch {
    // A fix module that throws on an odd exchange must not cost the user the whole report.
  }
  const { fix, source } = chooseFix(fixes, detected, options.stack ?? null);
  return {
    source,
    // The rest of the fix is the project's text: only a known secret or a URL's credentials are masked.
    fix: fix ? { ...(r.active ? redactOwn(fix, r) : mapStrings(fix, (s) => s)), verify: fix.verify } : null,
    detected: redactOwn(detected, r),
    available,
  };
}
