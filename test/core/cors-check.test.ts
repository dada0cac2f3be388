import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import type { HeaderList } from '../../src/core/exchange';

// cors/origin.htm runs on http://web-platform.test:8000 and fetches from www1.web-platform.test with a sync XHR GET.
const HOST = 'web-platform.test:8000';
const ORIGIN = `http://${HOST}`;
const URL = `http://www1.${HOST}/cors/resources/cors-makeheader.py`;
const SRC = 'WPT cors/origin.htm';
const CC = 'Chromium services/network/public/cpp/cors/cors.cc CheckAccess';

interface OriginCase {
  acao: string[];
  code: string | null; // null = allowed
  source: string;
}

function run(acao: string[], credentials: 'omit' | 'include' = 'omit', acac?: string) {
  const headers: Array<[string, string]> = acao.map((v) => ['Access-Control-Allow-Origin', v]);
  if (acac !== undefined) headers.push(['Access-Control-Allow-Credentials', acac]);
  return diagnose({
    request: { url: URL, method: 'GET', origin: ORIGIN, initiatorType: 'xmlhttprequest', credentials, error: 'net::ERR_FAILED' },
    response: { status: 200, headers },
  });
}

describe('Access-Control-Allow-Origin handling (response CORS check)', () => {
  it.each<OriginCase>([
    { acao: ['*'], code: null, source: SRC },
    { acao: [' *  '], code: null, source: SRC },
    { acao: ['\t*'], code: null, source: SRC },
    { acao: [ORIGIN], code: null, source: SRC },
    { acao: [' ' + ORIGIN], code: null, source: SRC },
    { acao: [' ' + ORIGIN + '   \t '], code: null, source: SRC },
    { acao: ['\t' + ORIGIN], code: null, source: SRC },
    { acao: [`http://www1.${HOST}`], code: 'AllowOriginMismatch', source: SRC },
    { acao: [`//${HOST}`], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: [`://${HOST}`], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: [`ftp://${HOST}`], code: 'AllowOriginMismatch', source: SRC },
    { acao: [`http:://${HOST}`], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: [`http:/${HOST}`], code: 'AllowOriginMismatch', source: `${SRC} (GURL accepts one slash)` },
    { acao: [`http:${HOST}`], code: 'AllowOriginMismatch', source: `${SRC} (GURL accepts no slash)` },
    { acao: [HOST], code: 'AllowOriginMismatch', source: `${SRC} (GURL reads "web-platform.test:" as a scheme)` },
    { acao: [ORIGIN + '?'], code: 'AllowOriginMismatch', source: SRC },
    { acao: [ORIGIN + '/'], code: 'AllowOriginMismatch', source: SRC },
    { acao: [ORIGIN + ' /'], code: 'MultipleAllowOriginValues', source: `${SRC}; ${CC} (space means multiple)` },
    { acao: [ORIGIN + '#'], code: 'AllowOriginMismatch', source: SRC },
    { acao: [ORIGIN + '%23'], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: [ORIGIN + ':80'], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: [ORIGIN + ', *'], code: 'MultipleAllowOriginValues', source: SRC },
    { acao: [ORIGIN + '\0'], code: 'AllowOriginMismatch', source: `${SRC} (GURL trims the trailing NUL)` },
    { acao: [ORIGIN.toUpperCase()], code: 'AllowOriginMismatch', source: SRC },
    { acao: ['HTTP://' + HOST], code: 'AllowOriginMismatch', source: SRC },
    { acao: ['-'], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: ['**'], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: ['\0*'], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: ['*\0'], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: ["'*'"], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: ['"*"'], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: ['* *'], code: 'MultipleAllowOriginValues', source: SRC },
    { acao: ['* null'], code: 'MultipleAllowOriginValues', source: SRC },
    { acao: ['*http://*'], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: ['*' + ORIGIN], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: ['* ' + ORIGIN], code: 'MultipleAllowOriginValues', source: SRC },
    { acao: ['*, ' + ORIGIN], code: 'MultipleAllowOriginValues', source: SRC },
    { acao: ['\0' + ORIGIN], code: 'AllowOriginMismatch', source: `${SRC} (GURL trims the leading NUL)` },
    { acao: ['null ' + ORIGIN], code: 'MultipleAllowOriginValues', source: SRC },
    { acao: ['http://example.net'], code: 'AllowOriginMismatch', source: SRC },
    { acao: ['null'], code: 'AllowOriginMismatch', source: `${SRC}; ${CC} ("null" checked before GURL)` },
    { acao: ['null *'], code: 'MultipleAllowOriginValues', source: SRC },
    { acao: [''], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: [ORIGIN + '/cors/origin.htm'], code: 'AllowOriginMismatch', source: `${SRC} (location.href)` },
    { acao: [ORIGIN + '/cors/'], code: 'AllowOriginMismatch', source: `${SRC} (dirname)` },
    { acao: ['test:8000'], code: 'AllowOriginMismatch', source: SRC },
    { acao: ['.test:8000'], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: ['*.test:8000'], code: 'InvalidAllowOriginValue', source: SRC },
    { acao: ['http://test:8000'], code: 'AllowOriginMismatch', source: SRC },
    { acao: ['http://.test:8000'], code: 'AllowOriginMismatch', source: SRC },
    { acao: ['http://*.test:8000'], code: 'AllowOriginMismatch', source: SRC },
    // doubleOrigin(): two header lines, which Chromium reads joined with ", "
    { acao: ['', '*'], code: 'MultipleAllowOriginValues', source: `${SRC} doubleOrigin; cors-multiple-origins` },
    { acao: ['*', ''], code: 'MultipleAllowOriginValues', source: `${SRC} doubleOrigin` },
    { acao: ['*', '*'], code: 'MultipleAllowOriginValues', source: `${SRC} doubleOrigin` },
    { acao: ['', ORIGIN], code: 'MultipleAllowOriginValues', source: `${SRC} doubleOrigin` },
    { acao: ['*', ORIGIN], code: 'MultipleAllowOriginValues', source: `${SRC} doubleOrigin` },
    { acao: [ORIGIN, ORIGIN], code: 'MultipleAllowOriginValues', source: `${SRC} doubleOrigin; observed in Chromium 156 (proxy + app)` },
    { acao: [], code: 'MissingAllowOriginHeader', source: CC },
  ])('ACAO $acao -> $code ($source)', ({ acao, code }) => {
    const d = run(acao);
    if (code === null) {
      expect(d.verdict).toBe('unexplained'); // passes every check, yet the fixture says ERR_FAILED
      expect(d.checks).toEqual([]);
    } else {
      expect(d.verdict).toBe('blocked');
      expect(d.checks[0]?.code).toBe(code);
      expect(d.checks[0]?.stage).toBe('response');
    }
  });
});

interface CredCase {
  acao: string;
  acac?: string;
  codes: string[];
  source: string;
}
describe('credentials on the response', () => {
  it.each<CredCase>([
    { acao: '*', codes: ['WildcardOriginNotAllowed', 'InvalidAllowCredentials'], source: 'Fetch #cors-protocol-and-credentials' },
    { acao: '*', acac: 'true', codes: ['WildcardOriginNotAllowed'], source: CC },
    { acao: ORIGIN, codes: ['InvalidAllowCredentials'], source: CC },
    { acao: ORIGIN, acac: 'true', codes: [], source: CC },
    { acao: ORIGIN, acac: 'True', codes: ['InvalidAllowCredentials'], source: `${CC} (case-sensitive)` },
    { acao: ORIGIN, acac: 'TRUE', codes: ['InvalidAllowCredentials'], source: `${CC} (case-sensitive)` },
    { acao: ORIGIN, acac: 'true, true', codes: ['InvalidAllowCredentials'], source: 'Fetch #http-access-control-allow-credentials' },
    { acao: ORIGIN, acac: '1', codes: ['InvalidAllowCredentials'], source: CC },
    { acao: 'https://other.example', acac: 'false', codes: ['AllowOriginMismatch', 'InvalidAllowCredentials'], source: CC },
  ])('ACAO $acao ACAC $acac -> $codes ($source)', ({ acao, acac, codes }) => {
    const d = run([acao], 'include', acac);
    expect(d.checks.map((c) => c.code)).toEqual(codes);
    if (codes.length > 0 && acac !== undefined && codes.includes('InvalidAllowCredentials'))
      expect(d.checks.find((c) => c.code === 'InvalidAllowCredentials')?.actual).toBe(acac);
  });

  it('the null origin matches ACAO: null (cors.cc: exact string compare with Serialize())', () => {
    const d = diagnose({
      request: { url: URL, method: 'GET', origin: 'null', credentials: 'omit' },
      response: { status: 200, headers: [['Access-Control-Allow-Origin', 'null']] as HeaderList },
    });
    expect(d.verdict).toBe('allowed');
    expect(d.warnings.map((w) => w.code)).toContain('null-origin-allowed');
  });
});
