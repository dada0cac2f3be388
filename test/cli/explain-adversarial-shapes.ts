// Console text built to make `explain` slow or crash, each shape with the answer a sane parser
// gives. Shared by test/cli/explain-adversarial.test.ts (which counts the parser's work) and
// bench/explain.ts (which times them). Plain node:assert, so the bench can load it too.
import assert from 'node:assert/strict';
import type { ConsoleFinding } from '../../src/cli/explain';

/** The most characters the scanner may examine per input character (measured: at most 17). */
export const STEPS_PER_CHAR = 32;

export interface AdversarialShape {
  name: string;
  /** Text of about `size` characters. */
  build(size: number): string;
  expect(findings: ConsoleFinding[], size: number): void;
}

const rep = (s: string, size: number) => s.repeat(Math.max(1, Math.ceil(size / s.length)));
const FF = 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ';
const URL = 'https://api.example.com/v1/items';
const CHROMIUM = (reason: string) => `Access to fetch at '${URL}' from origin 'https://app.example.com' has been blocked by CORS policy: ${reason}`;
const none = (f: ConsoleFinding[]) => assert.deepEqual(f, []);

function one(code: string, check: (f: ConsoleFinding, size: number) => void = () => {}) {
  return (findings: ConsoleFinding[], size: number) => {
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.codes[0], code);
    check(findings[0]!, size);
  };
}

export const ADVERSARIAL: AdversarialShape[] = [
  // The reproduction: every "' " could end the URL, every "from origin '" start the origin.
  { name: 'redirected-from repeated (issue 14)', build: (n) => "Access to fetch at '" + rep("x' (redirected from 'y') from origin 'z", n), expect: none },
  { name: '"Access to … from origin …" repeated, no "has been blocked"', build: (n) => rep("Access to fetch at 'x' from origin 'y' ", n), expect: none },
  { name: 'many "from origin \'"', build: (n) => "Access to fetch at 'x' " + rep("from origin '", n), expect: none },
  { name: 'many " at \'"', build: (n) => 'Access to ' + rep(" at '", n), expect: none },
  { name: 'runs of straight quotes', build: (n) => "Access to fetch at '" + rep("'", n), expect: none },
  { name: 'runs of every Firefox quote', build: (n) => FF + rep(`'‘’"\``, n), expect: none },
  // \u escapes: one run of 1 MB (overflowed the stack), and lone byte escapes that are not UTF-8.
  { name: '\\u0041 escapes (issue 14)', build: (n) => rep('\\u0041', n), expect: none },
  { name: 'lone \\u00C3 escapes between quotes', build: (n) => rep('\'(\\u00c3‘"\\u00c3', n), expect: none },
  {
    name: 'UTF-8 byte escapes, then a real line',
    build: (n) => rep('\\u00C3\\u00A9', n) + '\n' + CHROMIUM("The 'Access-Control-Allow-Origin' header has a value 'https://caf\\u00C3\\u00A9.example' that is not equal to the supplied origin."),
    expect: one('AllowOriginMismatch', (f) => assert.equal(f.parameter, 'https://café.example')),
  },
  // Firefox: the reason ends at the first ")" the tail can follow.
  {
    name: 'nested parentheses in a Firefox reason',
    build: (n) => FF + 'x (Reason: ' + rep('(', n / 2) + rep(')', n / 2),
    expect: one('Unknown', (f) => {
      assert.equal(f.url, 'x');
      assert.match(f.note!, /^Firefox's reason was not recognised: \(+\)*$/);
    }),
  },
  { name: 'many ")" that no tail can follow', build: (n) => FF + 'x (Reason: ' + rep(')x', n), expect: none },
  { name: 'many ") Status code: 404 "', build: (n) => FF + 'x (Reason: ' + rep(') Status code: 404 ', n) + 'x', expect: none },
  { name: 'many ") ["', build: (n) => FF + 'x (Reason: ' + rep(') [', n) + 'x', expect: none },
  { name: 'the Firefox prefix repeated', build: (n) => rep(FF + 'x (Reason: ', n), expect: none },
  {
    name: 'a Firefox URL of quotes and dots',
    build: (n) => FF + rep("'.", n) + ' (Reason: x)',
    expect: one('Unknown', (f, n) => assert.ok(f.url!.length >= n - 3)),
  },
  // Older Chromium, Safari, the network line.
  { name: 'old Chromium: many " Origin \'"', build: (n) => 'Failed to load x: ' + rep(" Origin '", n), expect: none },
  { name: 'Safari: "cannot load" repeated', build: (n) => rep('Fetch API cannot load x', n), expect: none },
  { name: 'network line pieces repeated', build: (n) => rep('a http://', n), expect: none },
  { name: 'one line terminator after each almost-line', build: (n) => rep("Access to fetch at 'x' from origin 'y' has been blocked by CORS policy: \u2028", n), expect: none },
  // The reason wordings (anchored expressions): their own endings repeated.
  {
    name: 'a quoted value made of its own ending',
    build: (n) => CHROMIUM("The 'Access-Control-Allow-Origin' header has a value '" + rep("' that is not equal to the supplied origi", n)),
    expect: one('Unknown'),
  },
  { name: 'Safari "Origin" with 1 MB and no ending', build: (n) => 'Origin ' + rep('a', n), expect: none },
  // Real lines with huge parts: the engine and the fix get them too.
  {
    name: 'a real line with a 1 MB URL, origin and quoted value',
    build: (n) => `Access to fetch at '${URL}/${rep('a', n / 3)}' from origin 'https://${rep('b', n / 3)}.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value '${rep("c'", n / 3)}' that is not equal to the supplied origin.`,
    expect: one('AllowOriginMismatch', (f, n) => assert.ok(f.url!.length + f.origin!.length + f.parameter!.length >= n)),
  },
  {
    name: 'a real line with a 1 MB header name',
    build: (n) => CHROMIUM(`Request header field ${rep('x-', n)} is not allowed by Access-Control-Allow-Headers in preflight response.`),
    expect: one('HeaderDisallowedByPreflightResponse', (f, n) => assert.ok(f.parameter!.length >= n)),
  },
  {
    name: 'many real lines',
    build: (n) => rep(CHROMIUM('It does not have HTTP ok status.') + '\n', n),
    expect: (f, n) => {
      assert.equal(f.length, Math.ceil(n / (CHROMIUM('It does not have HTTP ok status.').length + 1)));
      assert.ok(f.every((x) => x.codes[0] === 'PreflightInvalidStatus'));
    },
  },
];
