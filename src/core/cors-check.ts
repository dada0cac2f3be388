// Fetch "CORS check" on a response, in Chromium's order (services/network/public/cpp/cors/cors.cc
// CheckAccess): ACAO first (wildcard, missing, then the detail checks on a non-matching value),
// then ACAC when credentials are included. Chromium stops at the first failure; we keep going so
// the user sees every header that needs fixing, first failure first.
import type { CorsErrorCode } from './cors-error-code';
import { isValidUrlLike } from './origin';

export type CorsCheckCode = Extract<
  CorsErrorCode,
  'WildcardOriginNotAllowed' | 'MissingAllowOriginHeader' | 'MultipleAllowOriginValues' | 'InvalidAllowOriginValue' | 'AllowOriginMismatch' | 'InvalidAllowCredentials'
>;

export interface CorsCheckFailure {
  code: CorsCheckCode;
  header: 'Access-Control-Allow-Origin' | 'Access-Control-Allow-Credentials';
  expected: string;
  actual?: string;
  /** CorsErrorStatus::failed_parameter: what Chromium quotes in the console. */
  failedParameter: string;
}

export interface CorsCheckInput {
  /** Access-Control-Allow-Origin as Chromium reads it (lines joined with ", "), or undefined. */
  allowOrigin: string | undefined;
  allowCredentials: string | undefined;
  credentials: boolean;
  /** The origin the request carried: the page origin, or 'null' after a tainting redirect. */
  origin: string;
  /** The wildcard-with-credentials check applies to http(s) responses only (cors.cc). */
  httpLike?: boolean;
}

export function corsCheck(input: CorsCheckInput): CorsCheckFailure[] {
  const { allowOrigin, allowCredentials, credentials, origin } = input;
  const out: CorsCheckFailure[] = [];
  const originExpected = credentials ? `${origin} (exactly; '*' is not allowed with credentials)` : `${origin} or *`;
  if (allowOrigin === '*') {
    if (credentials && input.httpLike !== false) {
      out.push({
        code: 'WildcardOriginNotAllowed',
        header: 'Access-Control-Allow-Origin',
        expected: origin,
        actual: '*',
        failedParameter: '',
      });
    }
  } else if (allowOrigin === undefined) {
    out.push({
      code: 'MissingAllowOriginHeader',
      header: 'Access-Control-Allow-Origin',
      expected: originExpected,
      failedParameter: '',
    });
  } else if (allowOrigin !== origin) {
    // cors.cc: exact byte comparison with the serialized origin ('null' matches 'null').
    let code: CorsCheckCode;
    if (/[ ,]/.test(allowOrigin)) code = 'MultipleAllowOriginValues';
    else if (allowOrigin === 'null') code = 'AllowOriginMismatch';
    else if (!isValidUrlLike(allowOrigin)) code = 'InvalidAllowOriginValue';
    else code = 'AllowOriginMismatch';
    out.push({
      code,
      header: 'Access-Control-Allow-Origin',
      expected: originExpected,
      actual: allowOrigin,
      failedParameter: allowOrigin,
    });
  }
  if (credentials && allowCredentials !== 'true') {
    const f: CorsCheckFailure = {
      code: 'InvalidAllowCredentials',
      header: 'Access-Control-Allow-Credentials',
      expected: 'true',
      failedParameter: allowCredentials ?? '',
    };
    if (allowCredentials !== undefined) f.actual = allowCredentials;
    out.push(f);
  }
  return out;
}
