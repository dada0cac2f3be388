// What the browser did for one cross-origin request: plain data, nothing decided here.
// Every field may be missing or malformed at runtime; diagnose() coerces before use.

/** Ordered, duplicates kept, as received (names in any case). */
export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

export type CredentialsMode = 'include' | 'omit' | 'unknown';

export interface ObservedRequest {
  /** The URL of this hop (the last request URL when redirects happened). */
  url: string;
  /** The method on the wire (`patch` stays lower-case: fetch normalizes only DELETE/GET/HEAD/OPTIONS/POST/PUT). */
  method: string;
  /** The page origin, serialized; may be 'null'. */
  origin?: string;
  /** 'fetch' | 'xmlhttprequest' | 'font' | 'script' | 'stylesheet' | 'image' | ... */
  initiatorType?: string;
  /** Request headers when seen (onBeforeSendHeaders); absent when the request was never sent. */
  headers?: HeaderList;
  credentials?: CredentialsMode;
  /** The browser's error string, e.g. 'net::ERR_FAILED'. */
  error?: string;
  /** The URL first requested, when this hop follows a redirect (Chromium prints "(redirected from '…')"). */
  initialUrl?: string;
  /** True when a cross-origin redirect tainted the origin: Chromium then sends `Origin: null`. Derived from initialUrl when absent. */
  taintedOrigin?: boolean;
}

export type PreflightObservation =
  | {
      kind: 'observed';
      requestHeaders?: HeaderList;
      status: number;
      statusText?: string;
      headers: HeaderList;
      redirectTo?: string;
      /** First bytes of the body, when the caller has them (Express "Cannot OPTIONS /x", Spring "Invalid CORS request"). */
      body?: string;
    }
  | { kind: 'network-error'; requestHeaders?: HeaderList; error: string }
  | { kind: 'not-observed' };

export interface ObservedResponse {
  status: number;
  headers: HeaderList;
  redirectTo?: string;
  body?: string;
}

export interface Exchange {
  request: ObservedRequest;
  preflight?: PreflightObservation;
  response?: ObservedResponse;
  browser?: 'chromium' | 'firefox';
  /**
   * The version of the browser that captured the exchange, as it reports itself: Firefox's
   * `runtime.getBrowserInfo().version` ("140.12.0"), Chromium's full version ("156.0.8078.129",
   * or the major alone when only the reduced User-Agent was readable), the HAR's `log.browser.version`,
   * or CHROMIUM_RULES_VERSION for the CLI. Absent when unknown (exchanges recorded before versions
   * were kept): the engine then assumes the newest behaviour it knows. Console wording differs
   * between versions (firefox-view.ts).
   */
  browserVersion?: string;
  timeStamp?: number;
}

/**
 * The Chromium whose behaviour the engine mirrors (STYLE.md "Facts from Chromium 156"): the CLI
 * applies these rules, so its exchanges record this version.
 */
export const CHROMIUM_RULES_VERSION = '156';
