// What the engine knows about one request before any CORS check runs: the sections' results that
// the later sections read.
import type { ErrorClass } from '../net-errors';
import type { CredentialsDecision } from './credentials';
import type { Diagnosis } from './diagnosis';
import type { Norm } from './normalize';
import type { Origins } from './origins';
import type { RequestShape } from './request-shape';
import type { PreflightNeed } from './why-preflight';

export interface RequestFacts {
  n: Norm;
  origins: Origins;
  credentials: CredentialsDecision;
  shape: RequestShape;
  need: PreflightNeed;
  errClass: ErrorClass;
}

/** The fields every diagnosis of these facts shares, early exits included. */
export type DiagnosisBase = Pick<Diagnosis, 'whyPreflight' | 'preflightNeeded' | 'origin' | 'crossOrigin' | 'credentials'>;

export function diagnosisBase(f: RequestFacts): DiagnosisBase {
  return {
    whyPreflight: f.need.whyPreflight,
    preflightNeeded: f.need.preflightNeeded,
    origin: { page: f.origins.page, sent: f.origins.sent, tainted: f.origins.tainted },
    crossOrigin: f.origins.crossOrigin,
    credentials: { mode: f.credentials.include ? 'include' : 'omit', assumed: !f.credentials.known },
  };
}
