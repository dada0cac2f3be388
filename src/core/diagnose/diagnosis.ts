// The engine's answer for one exchange: what Chromium (or Firefox) decided, every failing check,
// and why, in plain data.
import type { Check } from '../check';
import type { PreflightCacheInfo } from '../preflight-cache';
import type { Hint } from '../real-cause';
import type { PreflightReason } from '../safelist';
import type { Warning } from '../warnings';

export type Verdict = 'blocked' | 'allowed' | 'network-error' | 'unexplained';

export interface Diagnosis {
  verdict: Verdict;
  /**
   * Every failing check in the inspected browser's evaluation order (Chromium's, or Firefox's when
   * exchange.browser is 'firefox'): checks[0] is what its console prints.
   */
  checks: Check[];
  /**
   * The inspected browser's first console line for this request, reconstructed: Chromium 156's
   * "Access to fetch at …", or Firefox's "Cross-Origin Request Blocked: …" (absent when nothing was
   * reported; for Chromium, absent for network errors too).
   */
  browserMessage?: string;
  /** Every console line the inspected browser prints for this request, in order (Firefox prints up to three). */
  browserMessages?: string[];
  /** Where the other browser (Firefox for a Chromium exchange, Chromium for a Firefox one) would report or decide differently. */
  browserDifferences?: string[];
  /** What made the request non-simple; [] = simple; null = unknown (request headers not seen). */
  whyPreflight: PreflightReason[] | null;
  /** Whether Chromium sends a preflight for this request; null when unknown. */
  preflightNeeded: boolean | null;
  realCause: Hint[];
  /** Conclusions reached by elimination, each said as such. */
  inferred: string[];
  cache: PreflightCacheInfo;
  warnings: Warning[];
  /** Response headers page JavaScript cannot read (neither safelisted nor exposed). */
  unreadableResponseHeaders: string[];
  /** One plain-English sentence. */
  summary: string;
  /** Where it failed; null when nothing failed. */
  stage: 'preflight' | 'response' | null;
  credentials: { mode: 'include' | 'omit'; assumed: boolean };
  origin: { page: string | null; sent: string | null; tainted: boolean };
  /** False for same-origin requests (CORS does not apply); null when unknown. */
  crossOrigin: boolean | null;
  /** Where Chromium departs from the Fetch standard's text in a way that mattered here (Chromium was followed). */
  chromiumDeviations: string[];
}
