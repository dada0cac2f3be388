// Which engine runs us, detected once at the edge (uBlock's approach):
// Firefox has runtime.getBrowserInfo, Chromium does not.
export type BrowserEngine = 'chromium' | 'firefox';

export function detectEngine(runtime: { getBrowserInfo?: unknown } | undefined): BrowserEngine {
  return typeof runtime?.getBrowserInfo === 'function' ? 'firefox' : 'chromium';
}
