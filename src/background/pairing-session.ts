// The worker's side of pairing: it owns the pure reducer's state (updated in place), tells
// persistence which tabs' state changed, and gives the reducer its clock: while an actual request
// waits for its running preflight, a tick per tab every PAIRING_HOLD_TICK_MS (core/pairing.ts
// records it without the preflight after HOLD_TICKS ticks).
import { initialPairingState, reducePairing, type CapturedExchange, type PairingEvent, type PairingLimits, type PairingState, type TabPairing } from '../core/pairing';

/**
 * While an actual request waits for its running preflight (its end came first), the pairing
 * reducer gets a tick this often; after HOLD_TICKS ticks (1-2 s) it is recorded without it.
 * The preflight's end normally follows within milliseconds.
 */
export const PAIRING_HOLD_TICK_MS = 1000;

export interface PairingSessionDeps {
  limits: PairingLimits;
  /** Keys of the tabs whose pairing state this event changed or removed. */
  onTouched(keys: string[]): void;
  /** A hold tick is due for the tab: the caller queues `reduce({ event: 'tick', tabId })`. */
  onTickDue(tabId: number): void;
  /** Without it, a held request waits for its preflight or the tab's next navigation (tests). */
  schedule?(fn: () => void, ms: number): void;
}

export class PairingSession {
  private state: PairingState = initialPairingState();
  /** Tabs with a hold tick scheduled. */
  private readonly ticking = new Set<number>();

  constructor(private readonly deps: PairingSessionDeps) {}

  /** One tab's state, by the reducer's key (`t<tabId>`). */
  tab(key: string): TabPairing | undefined {
    return this.state.tabs[key];
  }

  /** The state storage held (a new worker); held requests get their ticks again. */
  restore(tabs: PairingState['tabs']): void {
    this.state = { tabs };
    for (const key of Object.keys(tabs)) this.tickIfWaiting(key);
  }

  /** Feeds one event to the reducer; returns the exchanges it completed. */
  reduce(ev: PairingEvent): CapturedExchange[] {
    if (ev.event === 'tick') this.ticking.delete(ev.tabId);
    const result = reducePairing(this.state, ev, this.deps.limits, { inPlace: true });
    this.state = result.state;
    if (result.touched.length > 0) {
      for (const k of result.touched) this.tickIfWaiting(k);
      this.deps.onTouched(result.touched);
    }
    return result.emitted;
  }

  private tickIfWaiting(key: string): void {
    if (!this.deps.schedule || !(this.state.tabs[key]?.waiting.length ?? 0)) return;
    const tabId = Number(key.slice(1));
    if (!Number.isInteger(tabId) || this.ticking.has(tabId)) return;
    this.ticking.add(tabId);
    this.deps.schedule(() => this.deps.onTickDue(tabId), PAIRING_HOLD_TICK_MS);
  }
}
