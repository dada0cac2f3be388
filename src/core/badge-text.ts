// What the toolbar badge counts and says for a tab. Pure; background/badge.ts shows it.
import type { Diagnosis } from './diagnose';
import type { CapturedExchange } from './pairing';

export interface Badge {
  text: string;
  title: string;
}

/** Blocked because the preflight failed (or never reached the server): what the badge counts. */
export function isPreflightFailure(c: CapturedExchange, d: Diagnosis): boolean {
  if (d.verdict === 'allowed') return false;
  if (d.stage === 'preflight') return true;
  return c.exchange.preflight?.kind === 'network-error';
}

/** Every preflight failure of the tab, kept or dropped (a full log still counts what it let go). */
export function badgeFor(log: { entries: ReadonlyArray<{ preflightFailure: boolean }>; droppedPreflight?: number } | undefined): Badge {
  let n = log?.droppedPreflight ?? 0;
  for (const e of log?.entries ?? []) if (e.preflightFailure) n++;
  return {
    text: n === 0 ? '' : n > 999 ? '999+' : String(n),
    title: n === 0 ? 'CORS Doctor: no CORS preflight failures in this tab' : `${n} CORS preflight failure${n === 1 ? '' : 's'} in this tab`,
  };
}
