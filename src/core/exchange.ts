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
  timeStamp?: number;
}
