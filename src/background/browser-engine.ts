// Which engine runs us, and which version, detected once at the edge (uBlock's approach):
// Firefox has runtime.getBrowserInfo, Chromium does not.
export type BrowserEngine = 'chromium' | 'firefox';

export function detectEngine(runtime: { getBrowserInfo?: unknown } | undefined): BrowserEngine {
  return typeof runtime?.getBrowserInfo === 'function' ? 'firefox' : 'chromium';
}

/**
 * The engine's version from a User-Agent string, at once: Firefox's `Firefox/140.0`, or the major of
 * Chromium's `Chrome/156.0.0.0` (the reduced User-Agent zeroes the rest, so "156", not a made-up
 * "156.0.0.0"). undefined when the string names neither.
 */
export function versionFromUserAgent(engine: BrowserEngine, userAgent: string | undefined): string | undefined {
  if (typeof userAgent !== 'string') return undefined;
  if (engine === 'firefox') return /\bFirefox\/(\d+(?:\.\d+)*)/.exec(userAgent)?.[1];
  const m = /\b(?:HeadlessChrome|Chrome|Chromium)\/(\d+)((?:\.\d+)*)/.exec(userAgent);
  if (!m) return undefined;
  return /^(?:\.0)*$/.test(m[2] ?? '') ? m[1] : `${m[1]}${m[2]}`;
}

interface BrandVersion {
  brand?: unknown;
  version?: unknown;
}

export interface VersionSources {
  engine: BrowserEngine;
  /** navigator.userAgent of the worker. */
  userAgent?: string;
  /** Firefox: runtime.getBrowserInfo() -> { version: "140.12.0" }. */
  getBrowserInfo?: () => Promise<{ version?: unknown }>;
  /** Chromium: navigator.userAgentData.getHighEntropyValues(['fullVersionList']) (User-Agent Client Hints). */
  getHighEntropyValues?: (hints: string[]) => Promise<{ fullVersionList?: BrandVersion[] }>;
}

export interface BrowserVersion {
  /** The best version known now (the User-Agent's until the full one arrives). */
  current(): string | undefined;
  /** Settles when the full version was read, or could not be. */
  ready: Promise<void>;
}

/**
 * The version stamped on every exchange (exchange.browserVersion): the engine's console wording
 * differs between versions (src/core/firefox-view.ts). The User-Agent gives it at once; the full
 * version follows from runtime.getBrowserInfo (Firefox: "140.12.0") or the Chromium brand of the
 * full version list (Chromium: "156.0.8078.129").
 */
export function browserVersion(sources: VersionSources): BrowserVersion {
  let version = versionFromUserAgent(sources.engine, sources.userAgent);
  const full = async (): Promise<string | undefined> => {
    if (sources.engine === 'firefox') {
      const v = (await sources.getBrowserInfo?.())?.version;
      return typeof v === 'string' && /^\d/.test(v) ? v : undefined;
    }
    const list = (await sources.getHighEntropyValues?.(['fullVersionList']))?.fullVersionList;
    const chromium = Array.isArray(list) ? list.find((b) => b?.brand === 'Chromium') : undefined;
    return typeof chromium?.version === 'string' && /^\d/.test(chromium.version) ? chromium.version : undefined;
  };
  const ready = full()
    .then((v) => {
      if (v !== undefined) version = v;
    })
    .catch(() => undefined);
  return { current: () => version, ready };
}
