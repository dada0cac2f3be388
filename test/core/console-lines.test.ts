import { describe, expect, it } from 'vitest';
import { diagnose, type CorsErrorCode } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import { chromiumConsoleMessage, encodeHint, resourceKind } from '../../src/core/console-chromium';
import { FIREFOX_CORS_MESSAGES, firefoxAuthorizationWildcardWarning, firefoxConsoleLine, firefoxReasonOf, formatFirefoxMessage } from '../../src/core/console-firefox';

const ES = 'Chromium third_party/blink/renderer/platform/loader/cors/cors_error_string.cc';
const U = 'https://api.example.com/v1/items';
const O = 'https://app.example.com';
const HEAD = `Access to fetch at '${U}' from origin '${O}' has been blocked by CORS policy: `;
const XHEAD = `Access to XMLHttpRequest at '${U}' from origin '${O}' has been blocked by CORS policy: `;
const PF = "Response to preflight request doesn't pass access control check: ";
// Chromium 156 dropped the "no-cors" advice (observed: test/e2e/differential.test.ts).
const OPAQUE = '';
const NOCORS = ' Have the server send the header with a valid value.';
const XHRCRED = ' The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.';

interface MsgCase {
  code: CorsErrorCode;
  param: string;
  initiator: string;
  expected: string;
  source: string;
}

describe('chromiumConsoleMessage', () => {
  it.each<MsgCase>([
    { code: 'PreflightMissingAllowOriginHeader', param: '', initiator: 'fetch', expected: HEAD + PF + "No 'Access-Control-Allow-Origin' header is present on the requested resource." + OPAQUE, source: ES },
    { code: 'PreflightMissingAllowOriginHeader', param: '', initiator: 'xmlhttprequest', expected: XHEAD + PF + "No 'Access-Control-Allow-Origin' header is present on the requested resource.", source: ES },
    { code: 'MissingAllowOriginHeader', param: '', initiator: 'fetch', expected: HEAD + "No 'Access-Control-Allow-Origin' header is present on the requested resource." + OPAQUE, source: ES },
    { code: 'AllowOriginMismatch', param: 'https://x.example', initiator: 'fetch', expected: HEAD + "The 'Access-Control-Allow-Origin' header has a value 'https://x.example' that is not equal to the supplied origin." + NOCORS, source: ES },
    { code: 'PreflightAllowOriginMismatch', param: 'https://x.example', initiator: 'xmlhttprequest', expected: XHEAD + PF + "The 'Access-Control-Allow-Origin' header has a value 'https://x.example' that is not equal to the supplied origin.", source: ES },
    { code: 'MultipleAllowOriginValues', param: `${O}, ${O}`, initiator: 'fetch', expected: HEAD + `The 'Access-Control-Allow-Origin' header contains multiple values '${O}, ${O}', but only one is allowed.` + NOCORS, source: ES },
    { code: 'PreflightInvalidAllowOriginValue', param: 'foo', initiator: 'fetch', expected: HEAD + PF + "The 'Access-Control-Allow-Origin' header contains the invalid value 'foo'." + NOCORS, source: ES },
    { code: 'WildcardOriginNotAllowed', param: '', initiator: 'fetch', expected: HEAD + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.", source: ES },
    { code: 'PreflightWildcardOriginNotAllowed', param: '', initiator: 'xmlhttprequest', expected: XHEAD + PF + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'." + XHRCRED, source: ES },
    { code: 'InvalidAllowCredentials', param: '', initiator: 'fetch', expected: HEAD + "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.", source: ES },
    { code: 'PreflightInvalidAllowCredentials', param: 'True', initiator: 'xmlhttprequest', expected: XHEAD + PF + "The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'." + XHRCRED, source: ES },
    { code: 'PreflightInvalidStatus', param: '', initiator: 'fetch', expected: HEAD + PF + 'It does not have HTTP ok status.', source: ES },
    { code: 'PreflightDisallowedRedirect', param: '', initiator: 'fetch', expected: HEAD + PF + 'Redirect is not allowed for a preflight request.', source: ES },
    { code: 'InvalidAllowMethodsPreflightResponse', param: '', initiator: 'fetch', expected: HEAD + 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.', source: ES },
    { code: 'InvalidAllowHeadersPreflightResponse', param: '', initiator: 'fetch', expected: HEAD + 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.', source: ES },
    { code: 'MethodDisallowedByPreflightResponse', param: 'patch', initiator: 'fetch', expected: HEAD + 'Method patch is not allowed by Access-Control-Allow-Methods in preflight response.', source: ES },
    { code: 'HeaderDisallowedByPreflightResponse', param: 'x-api-key', initiator: 'xmlhttprequest', expected: XHEAD + 'Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.', source: ES },
    { code: 'RedirectContainsCredentials', param: 'https://u:p@x.example/', initiator: 'fetch', expected: HEAD + "Redirect location 'https://u:p@x.example/' contains a username and password, which is disallowed for cross-origin requests.", source: ES },
    { code: 'AllowOriginMismatch', param: 'https://é.example', initiator: 'fetch', expected: HEAD + "The 'Access-Control-Allow-Origin' header has a value 'https://\\u00C3\\u00A9.example' that is not equal to the supplied origin." + NOCORS, source: `${ES} EncodeHint` },
  ])('$code via $initiator ($source)', ({ code, param, initiator, expected }) => {
    expect(chromiumConsoleMessage(code, param, { url: U, origin: O, initiatorType: initiator })).toBe(expected);
  });

  it.each<{ initiator: string | undefined; kind: string; source: string }>([
    { initiator: 'fetch', kind: 'fetch', source: `${ES} (second letter lower-case -> lower-cased)` },
    { initiator: 'xmlhttprequest', kind: 'XMLHttpRequest', source: ES },
    { initiator: 'font', kind: 'font', source: 'resource.cc ResourceTypeToString' },
    { initiator: 'script', kind: 'script', source: 'resource.cc ResourceTypeToString' },
    { initiator: 'stylesheet', kind: 'CSS stylesheet', source: 'resource.cc ResourceTypeToString' },
    { initiator: 'image', kind: 'image', source: 'resource.cc ResourceTypeToString' },
    { initiator: 'beacon', kind: 'resource', source: 'resource.cc InitiatorTypeNameToString default' },
    { initiator: undefined, kind: 'fetch', source: 'default when unknown' },
  ])('resource kind for $initiator ($source)', ({ initiator, kind }) => {
    expect(resourceKind(initiator)).toBe(kind);
  });

  it('prints "(redirected from …)" when the failing URL differs from the first (cors_error_string.cc)', () => {
    expect(
      chromiumConsoleMessage('MissingAllowOriginHeader', '', { url: 'https://b.example/x', initialUrl: 'https://a.example/x', origin: O, initiatorType: 'xmlhttprequest' }),
    ).toBe(`Access to XMLHttpRequest at 'https://b.example/x' (redirected from 'https://a.example/x') from origin '${O}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`);
  });

  it('encodes control characters as \\uXXXX (EncodeHint)', () => {
    expect(encodeHint('a\tb\u0000')).toBe('a\\u0009b\\u0000');
  });
});

interface DiagMsgCase {
  name: string;
  exchange: Exchange;
  message: string;
  source: string;
}
describe('browserMessage from diagnose', () => {
  it.each<DiagMsgCase>([
    {
      name: 'font without ACAO',
      exchange: { request: { url: 'https://cdn.example/f.woff2', method: 'GET', origin: O, initiatorType: 'font', error: 'net::ERR_FAILED' }, response: { status: 200, headers: [] } },
      message: `Access to font at 'https://cdn.example/f.woff2' from origin '${O}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
      source: 'observed in Chromium 156',
    },
    {
      name: 'tainted origin prints the page origin',
      exchange: {
        request: { url: 'https://c.example/x', initialUrl: 'https://b.example/x', method: 'GET', origin: O, initiatorType: 'fetch', credentials: 'omit', error: 'net::ERR_FAILED' },
        response: { status: 200, headers: [['Access-Control-Allow-Origin', O]] },
      },
      message: `Access to fetch at 'https://c.example/x' (redirected from 'https://b.example/x') from origin '${O}' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value '${O}' that is not equal to the supplied origin.${NOCORS}`,
      source: 'cors_url_loader.cc (tainted origin serializes as null); cors_error_string.cc',
    },
    {
      name: 'preflight 404 via XHR',
      exchange: {
        request: { url: U, method: 'DELETE', origin: O, initiatorType: 'xmlhttprequest', error: 'net::ERR_FAILED' },
        preflight: { kind: 'observed', status: 404, headers: [] },
      },
      message: XHEAD + PF + "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
      source: 'observed in Chromium 156',
    },
  ])('$name ($source)', ({ exchange, message }) => {
    expect(diagnose(exchange).browserMessage).toBe(message);
  });

  it('Firefox exchanges get Firefox’s line; allowed ones none', () => {
    expect(diagnose({ browser: 'firefox', request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers: [] } }).browserMessage).toBe(
      `${FF} ${U}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.`,
    );
    expect(diagnose({ request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } }).browserMessage).toBeUndefined();
    expect(diagnose({ browser: 'firefox', request: { url: U, method: 'GET', origin: O }, response: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } }).browserMessage).toBeUndefined();
  });
});

// Firefox: dom/locales/en-US/chrome/security/security.properties (mozilla/gecko-dev), filled in as
// netwerk/protocol/http/nsCORSListenerProxy.cpp LogBlockedRequest does; the oracle lines are
// test/fixtures/webrequest/firefox/*.json firefoxConsole (test/core/firefox.test.ts).
const SP = 'Firefox security.properties';
const FF = 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at';

interface FirefoxMsgCase {
  code: string;
  param?: string | null;
  expected: string;
  source: string;
}

describe('firefoxConsoleLine', () => {
  it.each<FirefoxMsgCase>([
    { code: 'CORSMissingAllowOrigin', param: '404', expected: `${FF} ${U}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.`, source: `${SP} CORSMissingAllowOrigin2; observed (preflight-404)` },
    { code: 'CORSMissingAllowOrigin', param: '', expected: `${FF} ${U}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: .`, source: `${SP}; GetStatusCodeAsString with no status` },
    { code: 'CORSDidNotSucceed', param: null, expected: `${FF} ${U}. (Reason: CORS request did not succeed). Status code: (null).`, source: `${SP} CORSDidNotSucceed2, no parameter -> (null); observed (dead-port)` },
    { code: 'CORSPreflightDidNotSucceed', param: '405', expected: `${FF} ${U}. (Reason: CORS preflight response did not succeed). Status code: 405.`, source: `${SP} CORSPreflightDidNotSucceed3; observed (preflight-405)` },
    { code: 'CORSMultipleAllowOriginNotAllowed', expected: `${FF} ${U}. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`, source: `${SP}; observed (duplicate-acao)` },
    { code: 'CORSAllowOriginNotMatchingOrigin', param: `${O}, *`, expected: `${FF} ${U}. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘${O}, *’).`, source: `${SP}; observed (preflight-duplicate-acao)` },
    { code: 'CORSAllowOriginNotMatchingOrigin', param: 'https://é.example/$1', expected: `${FF} ${U}. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://é.example/$1’).`, source: `${SP}; the value is printed raw, unlike Chromium's EncodeHint` },
    { code: 'CORSNotSupportingCredentials', expected: `${FF} ‘${U}’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).`, source: `${SP} (the one line that quotes the URL); observed (response-wildcard-credentials)` },
    { code: 'CORSMIssingAllowCredentials', expected: `${FF} ${U}. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`, source: `${SP} CORSMissingAllowCredentials; MDN slug CORSMIssingAllowCredentials` },
    { code: 'CORSMissingAllowCredentials', expected: `${FF} ${U}. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`, source: 'devtools/server/actors/errordocs.js spelling' },
    { code: 'CORSMethodNotFound', expected: `${FF} ${U}. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).`, source: `${SP}; observed (method-not-allowed)` },
    { code: 'CORSInvalidAllowMethod', param: 'GET; PUT', expected: `${FF} ${U}. (Reason: invalid token ‘GET; PUT’ in CORS header ‘Access-Control-Allow-Methods’).`, source: `${SP}; observed (preflight-invalid-allow-methods)` },
    { code: 'CORSInvalidAllowHeader', param: 'Content-Type; X-Custom', expected: `${FF} ${U}. (Reason: invalid token ‘Content-Type; X-Custom’ in CORS header ‘Access-Control-Allow-Headers’).`, source: `${SP}; observed (preflight-invalid-allow-headers)` },
    { code: 'CORSMissingAllowHeaderFromPreflight', param: 'authorization', expected: `${FF} ${U}. (Reason: header ‘authorization’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).`, source: `${SP} CORSMissingAllowHeaderFromPreflight2; observed (header-not-allowed)` },
    { code: 'CORSExternalRedirectNotAllowed', expected: `${FF} ${U}. (Reason: CORS request external redirect not allowed).`, source: `${SP}; observed (preflight-301-redirect)` },
    { code: 'CORSRequestNotHttp', expected: `${FF} ${U}. (Reason: CORS request not http).`, source: SP },
    { code: 'CORSDisabled', expected: `${FF} ${U}. (Reason: CORS disabled).`, source: `${SP} (content.cors.disable)` },
    { code: 'CORSOriginHeaderNotAdded', expected: `${FF} ${U}. (Reason: CORS header ‘Origin’ cannot be added).`, source: SP },
  ])('$code ($source)', ({ code, param, expected }) => {
    expect(firefoxConsoleLine(code, U, param)).toBe(expected);
    expect(firefoxReasonOf(expected)).toBe(code === 'CORSMissingAllowCredentials' ? 'CORSMIssingAllowCredentials' : code);
  });

  it('has no line for codes Firefox does not have', () => {
    expect(firefoxConsoleLine('PreflightMissingAllowOriginHeader', U)).toBeUndefined();
    expect(firefoxConsoleLine('toString', U)).toBeUndefined();
    expect(firefoxReasonOf(`Access to fetch at '${U}' from origin '${O}' has been blocked by CORS policy: …`)).toBeUndefined();
  });

  it('the Authorization-via-* deprecation warning (security.properties CORSAllowHeaderFromPreflightDeprecation; captured from Firefox ESR 153)', () => {
    expect(firefoxAuthorizationWildcardWarning(U)).toBe(
      `Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at ${U} soon. (Reason: When the \`Access-Control-Allow-Headers\` is \`*\`, the \`Authorization\` header is not covered. To include the \`Authorization\` header, it must be explicitly listed in CORS header \`Access-Control-Allow-Headers\`).`,
    );
  });

  it('every catalog entry names the URL once', () => {
    for (const [key, template] of Object.entries(FIREFOX_CORS_MESSAGES)) {
      expect(template.split('%1$S').length, key).toBe(2);
      expect(formatFirefoxMessage(key as keyof typeof FIREFOX_CORS_MESSAGES, U)).not.toMatch(/%\d\$S/);
    }
  });
});
