// Which server stack the fix view opens on. Detection reads this server's own responses; the
// remembered stack is what the user picked last. The user's pick wins when the evidence agrees
// with it, is weak, or names only a proxy/CDN layer (the app behind it is where many people fix
// CORS); confident evidence of another application wins (likely another API server).
import type { StackGuess, StackId } from '../core/fixes/index';

export const CONFIDENT = 0.5;

export interface StackChoice {
  stack: StackId;
  why: 'detected' | 'remembered' | 'default';
}

export function preselectStack(guesses: readonly StackGuess[], remembered: StackId | null, available: readonly StackId[]): StackChoice {
  const ok = (s: StackId | null | undefined): s is StackId => !!s && available.includes(s);
  if (ok(remembered) && guesses.some((g) => g.stack === remembered)) return { stack: remembered, why: 'detected' };
  const top = guesses.find((g) => ok(g.stack));
  const app = guesses.find((g) => ok(g.stack) && (g.layer ?? 'app') === 'app' && g.confidence >= CONFIDENT);
  if (app && ok(remembered)) return { stack: app.stack, why: 'detected' };
  if (top && top.confidence >= CONFIDENT && !ok(remembered)) return { stack: top.stack, why: 'detected' };
  if (ok(remembered)) return { stack: remembered, why: 'remembered' };
  if (top) return { stack: top.stack, why: 'detected' };
  return { stack: available[0]!, why: 'default' };
}
