// Whether the request was sent with credentials (cookies, HTTP auth): as the observer reported it,
// or read from a Cookie header on the wire. When neither tells, the checks assume "omit" and may
// later conclude "include" by elimination (checks.ts).
import { hasHeader } from '../headers';
import type { Norm } from './normalize';

export interface CredentialsDecision {
  /** Evaluated as credentials mode "include". */
  include: boolean;
  /** False when the mode is assumed ("omit", fetch's and XHR's default across origins). */
  known: boolean;
  notes: string[];
}

export function decideCredentials(n: Norm): CredentialsDecision {
  if (n.credentials !== 'unknown') return { include: n.credentials === 'include', known: true, notes: [] };
  // STYLE.md: a Cookie header on a sent cross-origin request shows credentials were included.
  if (n.headers && hasHeader(n.headers, 'cookie'))
    return { include: true, known: true, notes: ['A Cookie header was sent on this cross-origin request, so its credentials mode is "include".'] };
  return { include: false, known: false, notes: [] };
}
