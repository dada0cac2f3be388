import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { headerValues } from '../../src/core/headers';
import { fetchSnippet, jsString, preflightCurl, requestCurl, shellQuote } from '../../src/core/report';
import { stableFailures } from '../helpers/report-inputs';

interface QuoteCase {
  value: string;
  quoted: string;
  source: string;
}

// What the shell hands to the program: the real sh (dash on Debian) and bash decide.
function roundTrip(shell: string, word: string): string {
  return execFileSync(shell, ['-c', `printf '%s' ${word}`], { encoding: 'utf8' });
}

describe('shellQuote', () => {
  it.each<QuoteCase>([
    { value: 'http://api.test/x', quoted: 'http://api.test/x', source: 'bare word: nothing special' },
    { value: 'Origin: http://page.test', quoted: "'Origin: http://page.test'", source: 'space' },
    { value: "it's", quoted: `'it'\\''s'`, source: 'POSIX 2.2.2: close, escaped quote, reopen' },
    { value: '$(id) `id` $HOME ${x}', quoted: "'$(id) `id` $HOME ${x}'", source: 'no expansion inside single quotes' },
    { value: 'a\nb', quoted: "'a\nb'", source: 'newline: exact inside single quotes in every POSIX shell' },
    { value: "x'\r\t\u0001\\", quoted: `'x'\\'"$(printf '\\015\\011\\001')"'\\'`, source: 'controls: POSIX printf octal, never $\'…\' (dash reads it as $ + quotes)' },
    { value: "''", quoted: "\\'\\'", source: 'no two adjacent quotes (zsh RC_QUOTES reads them as one)' },
    { value: 'a\u202eb', quoted: `'a'"$(printf '\\342\\200\\256')"'b'`, source: 'bidi override: printed as bytes, not shown reversed' },
    { value: '', quoted: "''", source: 'empty word' },
    { value: '=cmd', quoted: "'=cmd'", source: 'zsh equals expansion' },
    { value: '*?[a]~', quoted: "'*?[a]~'", source: 'globs and tilde' },
  ])('$source', ({ value, quoted }) => {
    expect(shellQuote(value)).toBe(quoted);
  });

  it.each(['plain', "it's", '$(touch /tmp/pwned-by-report) `id` $HOME', 'a;b|c&d>e<f', '*', '~root', '"dq" \\ back', 'ünï€ode', 'a\tb', "\u0001' ; echo INJECTED #"])(
    'sh, bash and zsh get %j back unchanged',
    (value) => {
      for (const shell of ['dash', 'bash', 'zsh']) expect(roundTrip(shell, shellQuote(value))).toBe(value);
    },
  );

  it('newlines, CRs and controls come back unchanged in every shell', () => {
    for (const shell of ['dash', 'bash', 'zsh']) expect(roundTrip(shell, shellQuote("line1\nline2\r'$x'\u0001\u007f\n"))).toBe("line1\nline2\r'$x'\u0001\u007f\n");
  });
});

describe('Copy as cURL on recorded Chromium failures', () => {
  it('the preflight carries exactly the Origin, ACRM and ACRH the browser sent', async () => {
    const failures = await stableFailures(['header-not-allowed', 'method-not-allowed', 'preflight-404', 'patch-lowercase', 'response-missing-acao']);
    for (const f of failures) {
      const pf = f.exchange.preflight;
      if (pf?.kind !== 'observed' || !pf.requestHeaders) throw new Error(`${f.id}: no observed preflight`);
      const cmd = preflightCurl(f.exchange, f.diagnosis)?.command ?? '';
      expect(cmd.startsWith(`curl -i -X OPTIONS ${shellQuote(f.exchange.request.url)}`)).toBe(true);
      for (const name of ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers']) {
        const v = headerValues(pf.requestHeaders, name)[0];
        if (v !== undefined) expect(cmd).toContain(shellQuote(`${name}: ${v}`));
      }
      expect(cmd).not.toMatch(/-H '(Authorization|Cookie):/i);
    }
  });

  it('a simple request needs no preflight command', async () => {
    const [f] = await stableFailures(['simple-missing-acao']);
    expect(f?.diagnosis.preflightNeeded).toBe(false);
    expect(preflightCurl(f!.exchange, f!.diagnosis)).toBeNull();
  });

  it('the actual request repeats the sent headers, leaving framing to curl', async () => {
    const [f] = await stableFailures(['response-missing-acao']);
    const { command, note } = requestCurl(f!.exchange, f!.diagnosis);
    expect(command).toContain("-X PUT 'http://api.test/s/response-missing-acao?n=NONCE'");
    expect(command).toContain("-H 'X-Custom: lab'");
    expect(command).toContain("-H 'Origin: http://page.test'");
    expect(command).toContain('--compressed');
    expect(command).not.toMatch(/Content-Length|Accept-Encoding|-H 'Host/);
    expect(note).toMatch(/body was not captured/);
  });

  it('a request that was never sent says which header values are missing', async () => {
    const [f] = await stableFailures(['header-not-allowed']);
    const { command, note } = requestCurl(f!.exchange, f!.diagnosis);
    expect(command).toContain("-H 'Origin: http://page.test'");
    expect(note).toMatch(/never sent.*authorization/);
  });

  it('lower-case patch stays lower-case on the wire (fetch normalizes only six methods)', async () => {
    const [f] = await stableFailures(['patch-lowercase']);
    expect(requestCurl(f!.exchange, f!.diagnosis).command).toContain('-X patch');
    expect(fetchSnippet(f!.exchange, f!.diagnosis)).toContain("method: 'patch'");
  });

  it('the whole command survives a hostile URL and header value in a real shell', () => {
    const url = "http://127.0.0.1:9/x?q=$(touch /tmp/x)&r='`id`'";
    const cmd = preflightCurl(
      { request: { url, method: 'PUT', origin: 'http://page.test', headers: [['X-Evil', "a'$(id)\nb"]] } },
      { origin: { page: 'http://page.test', sent: 'http://page.test', tainted: false }, preflightNeeded: true },
    )!.command;
    // Replace curl by a printer of its argv.
    const argv = execFileSync('bash', ['-c', `curl() { printf '%s\\0' "$@"; }\n${cmd}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
    expect(argv).toEqual(['-i', '-X', 'OPTIONS', url, '-H', 'Origin: http://page.test', '-H', 'Access-Control-Request-Method: PUT', '-H', 'Access-Control-Request-Headers: x-evil']);
  });
});

describe('fetch snippet', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['a\nb\u2028', "'a\\nb\\u2028'"],
    ['back\\slash', "'back\\\\slash'"],
    ['</script>', "'\\x3c/script>'"],
    ['<!-- <b>', "'\\x3c!-- <b>'"],
    ['<value>', "'<value>'"],
    ['\u0001\u007f\u0085', "'\\x01\\x7f\\x85'"],
    ['a\u202eb\u200b', "'a\\u202eb\\u200b'"],
    ['\ud800x', "'\\ud800x'"],
    ['😀', "'😀'"],
  ])('jsString(%j)', (value, literal) => {
    expect(jsString(value)).toBe(literal);
    expect(new Function(`return ${literal}`)()).toBe(value);
  });

  it('is valid JavaScript and leaves browser-owned headers to the browser', async () => {
    const [f] = await stableFailures(['response-missing-acao']);
    const src = fetchSnippet(f!.exchange, { credentials: { mode: 'include' } });
    expect(() => new Function('fetch', src)).not.toThrow();
    expect(src).toContain("'X-Custom': 'lab'");
    expect(src).toContain("credentials: 'include'");
    expect(src).not.toMatch(/Origin|User-Agent|Sec-Fetch|Referer/);
    let called: unknown[] = [];
    const fakeFetch = (...args: unknown[]) => {
      called = args;
      return Promise.resolve({ status: 200, headers: [] });
    };
    new Function('fetch', 'console', src)(fakeFetch, { log() {}, error() {} });
    expect(called[0]).toBe('http://api.test/s/response-missing-acao?n=NONCE');
    expect(called[1]).toMatchObject({ method: 'PUT', headers: { 'X-Custom': 'lab' }, credentials: 'include' });
  });
});
