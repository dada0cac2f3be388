// Chromium's console line for a CORS failure, reconstructed from
// third_party/blink/renderer/platform/loader/cors/cors_error_string.cc (GetErrorStringForConsoleMessage)
// and Resource::ResourceTypeToString (resource.cc).
import { PREFLIGHT_PREFIXED_CODES, type CorsErrorCode } from './check';
import { utf8Bytes } from './headers';

// Observed in Chromium 156 (test/e2e/differential.test.ts): the older
// "…, or, if an opaque response serves your needs, set the request's mode to
// 'no-cors'…" advice is gone from every CORS console line.
const NO_CORS_INFORMATION = ' Have the server send the header with a valid value.';
const XHR_CREDENTIALS =
  ' The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.';

/**
 * The "resource kind" word: ResourceTypeToString, lower-cased when its second character is
 * lower-case ("Fetch" -> "fetch", "Font" -> "font", but "XMLHttpRequest" and "CSS stylesheet" stay).
 */
export function resourceKind(initiatorType: string | undefined): string {
  const t = (initiatorType ?? 'fetch').toLowerCase();
  const raw = ((): string => {
    switch (t) {
      case 'fetch':
        return 'Fetch';
      case 'xmlhttprequest':
      case 'xhr':
        return 'XMLHttpRequest';
      case 'font':
        return 'Font';
      case 'script':
        return 'Script';
      case 'stylesheet':
      case 'css':
        return 'CSS stylesheet';
      case 'image':
      case 'img':
        return 'Image';
      case 'audio':
        return 'Audio';
      case 'video':
        return 'Video';
      case 'media':
        return 'Media';
      case 'manifest':
        return 'Manifest';
      case 'track':
        return 'Text track';
      case 'link':
        return 'Link element resource';
      case 'other':
        return 'Other resource';
      default:
        return 'Resource';
    }
  })();
  return raw.length >= 2 && raw.charCodeAt(1) >= 0x61 && raw.charCodeAt(1) <= 0x7a ? raw.toLowerCase() : raw;
}

/**
 * cors_error_string.cc EncodeHint: printable ASCII as is, every other byte as \uXXXX.
 * The hint is a byte string in Chromium; a JS string is taken as its UTF-8 bytes.
 */
export function encodeHint(hint: string): string {
  // Printable ASCII (nearly every value) stays as it is.
  let i = 0;
  while (i < hint.length) {
    const c = hint.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) break;
    i++;
  }
  if (i === hint.length) return hint;
  let out = '';
  for (const b of utf8Bytes(hint)) {
    if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
    else out += '\\u' + b.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

function isFetch(initiatorType: string | undefined): boolean {
  return (initiatorType ?? 'fetch').toLowerCase() === 'fetch';
}
function isXhr(initiatorType: string | undefined): boolean {
  const t = (initiatorType ?? '').toLowerCase();
  return t === 'xmlhttprequest' || t === 'xhr';
}

/** The reason part of the message, after "has been blocked by CORS policy: ". */
export function chromiumReason(code: CorsErrorCode, failedParameter: string, initiatorType: string | undefined): string {
  const hint = encodeHint(failedParameter);
  let s = PREFLIGHT_PREFIXED_CODES.has(code)
    ? "Response to preflight request doesn't pass access control check: "
    : '';
  switch (code) {
    case 'DisallowedByMode':
      s += 'Cross origin requests are not allowed by request mode.';
      break;
    case 'InvalidResponse':
      s += 'The response is invalid.';
      break;
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      s +=
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
      if (isXhr(initiatorType)) s += XHR_CREDENTIALS;
      break;
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      s += "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
      break;
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      s += `The 'Access-Control-Allow-Origin' header contains multiple values '${hint}', but only one is allowed.`;
      if (isFetch(initiatorType)) s += NO_CORS_INFORMATION;
      break;
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      s += `The 'Access-Control-Allow-Origin' header contains the invalid value '${hint}'.`;
      if (isFetch(initiatorType)) s += NO_CORS_INFORMATION;
      break;
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      s += `The 'Access-Control-Allow-Origin' header has a value '${hint}' that is not equal to the supplied origin.`;
      if (isFetch(initiatorType)) s += NO_CORS_INFORMATION;
      break;
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      s += `The value of the 'Access-Control-Allow-Credentials' header in the response is '${hint}' which must be 'true' when the request's credentials mode is 'include'.`;
      if (isXhr(initiatorType)) s += XHR_CREDENTIALS;
      break;
    case 'PreflightInvalidStatus':
      s += 'It does not have HTTP ok status.';
      break;
    case 'PreflightDisallowedRedirect':
      s += 'Redirect is not allowed for a preflight request.';
      break;
    case 'InvalidAllowMethodsPreflightResponse':
      s += 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.';
      break;
    case 'InvalidAllowHeadersPreflightResponse':
      s += 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.';
      break;
    case 'MethodDisallowedByPreflightResponse':
      s += `Method ${hint} is not allowed by Access-Control-Allow-Methods in preflight response.`;
      break;
    case 'HeaderDisallowedByPreflightResponse':
      s += `Request header field ${hint} is not allowed by Access-Control-Allow-Headers in preflight response.`;
      break;
    case 'RedirectContainsCredentials':
      s += `Redirect location '${hint}' contains a username and password, which is disallowed for cross-origin requests.`;
      break;
    default:
      return '';
  }
  return s;
}

export interface ConsoleMessageContext {
  /** The last request URL (the one that failed). */
  url: string;
  /** The first URL when redirects happened. */
  initialUrl?: string;
  /** The document's origin as SecurityOrigin::ToString() prints it (never the tainted 'null'). */
  origin: string;
  initiatorType?: string;
}

/** "Access to fetch at '…' from origin '…' has been blocked by CORS policy: …"; undefined for unknown codes. */
export function chromiumConsoleMessage(
  code: CorsErrorCode,
  failedParameter: string,
  ctx: ConsoleMessageContext,
): string | undefined {
  const reason = chromiumReason(code, failedParameter, ctx.initiatorType);
  if (reason === '') return undefined;
  let s = `Access to ${resourceKind(ctx.initiatorType)} at '${ctx.url}' `;
  if (ctx.initialUrl !== undefined && ctx.initialUrl !== ctx.url) s += `(redirected from '${ctx.initialUrl}') `;
  s += `from origin '${ctx.origin}' has been blocked by CORS policy: ${reason}`;
  return s;
}
