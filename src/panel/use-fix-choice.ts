// Which fix the detail view shows, kept above the fix view so the detail's exports show the same
// one: the stack picked on this failure, else preselectStack's choice (detected or remembered).
import { useMemo, useState } from 'preact/hooks';
import { detectStack, fixesFor, type Fix, type StackGuess, type StackId } from '../core/fixes/index';
import { chooseFix } from '../core/report/index';
import type { CapturedFailure } from '../shared/messages';
import { preselectStack, type StackChoice } from './stack-choice';

export interface FixChoice {
  fixes: Fix[];
  guesses: StackGuess[];
  /** The fix shown; null when no fix could be built. */
  fix: Fix | null;
  why: StackChoice['why'];
  pick(stack: StackId): void;
  /**
   * The `stack` option for a report of this failure: the stack shown, or null when it is the one
   * the report would choose by itself, so the report's `fix.source` stays truthful ("detected" or
   * "default" rather than "selected").
   */
  reportStack: StackId | null;
}

export function useFixChoice(failure: CapturedFailure, rememberedStack: StackId | null, onPickStack: (stack: StackId) => void): FixChoice {
  const { fixes, guesses } = useMemo(() => {
    try {
      return { fixes: fixesFor(failure.diagnosis, failure.exchange), guesses: detectStack(failure.exchange) };
    } catch {
      return { fixes: [] as Fix[], guesses: [] as StackGuess[] };
    }
  }, [failure]);
  // A pick sticks for the failure it was made on, whatever the preselection rule says.
  const [picked, setPicked] = useState<{ id: string; stack: StackId } | null>(null);
  const pick = (stack: StackId) => {
    setPicked({ id: failure.id, stack });
    onPickStack(stack);
  };
  if (fixes.length === 0) return { fixes, guesses, fix: null, why: 'default', pick, reportStack: rememberedStack };
  const choice = preselectStack(
    guesses,
    rememberedStack,
    fixes.map((f) => f.stack),
  );
  const current = picked?.id === failure.id ? picked.stack : choice.stack;
  const fix = fixes.find((f) => f.stack === current) ?? fixes[0]!;
  // The stack a report of this failure shows by itself (no stack selected).
  const reportOwn = chooseFix(fixes, guesses).fix?.stack;
  return { fixes, guesses, fix, why: choice.why, pick, reportStack: fix.stack === reportOwn ? null : fix.stack };
}
