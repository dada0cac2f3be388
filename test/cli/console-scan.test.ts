// The line scanners of `explain` (src/cli/console-scan.ts) against the regular expressions they
// replaced, kept here as the oracle: on short generated lines, where backtracking costs nothing,
// every scanner returns exactly what its expression captured. The lines are built from pieces of
// the real wordings, the characters the expressions treat specially (quotes, dots, parentheses,
// spaces, tabs, line terminators, digits) and random text.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { chromiumLine, chromiumOldLine, firefoxLine, isSpace, isTerminator, Line, netLine, safariCannotLoad, safariCannotLoadReason, safariFailedResource } from '../../src/cli/console-scan';
import { decodeEscapes } from '../../src/cli/explain';

// `npm run fuzz` raises FUZZ_RUNS: give each property the time it needs (no timing is asserted).
vi.setConfig({ testTimeout: Math.max(20_000, Number(process.env.FUZZ_RUNS ?? 0) * 10) });
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 424242);

// The expressions as src/cli/explain.ts had them before the scanners.
const Q = `['‘’"\`]`;
const CHROMIUM_LINE = /Access to (.+?) at '(.*?)' (?:\(redirected from '(.*?)'\) )?from origin '(.*?)' has been blocked by CORS policy: (.*)$/;
const CHROMIUM_OLD_LINE = /Failed to load (\S+?): (.*?)(?: Origin '(.*?)' is therefore not allowed access\.?.*)?$/;
const CHROMIUM_NET_LINE = /\b([A-Za-z]+) (https?:\/\/\S+) net::ERR_FAILED(?: (\d{3}))?/;
const FIREFOX_LINE = new RegExp(
  `Cross-Origin Request (?:Blocked|Warning): The Same Origin Policy (?:disallows|will disallow) reading the remote resource at ${Q}?(\\S+?)${Q}?\\.? (?:soon\\. )?\\(Reason: (.*?)\\)\\.?(?: Status code: (\\d{3}|\\(null\\)))?\\.?\\s*(?:\\[.*\\])?$`,
);
const SAFARI_CANNOT_LOAD = /(?:Fetch API|XMLHttpRequest) cannot load (\S+?)(?:\.)? due to access control checks/;
const SAFARI_CANNOT_LOAD_REASON = /(?:Fetch API|XMLHttpRequest) cannot load (\S+?)\. (.*)$/;
const SAFARI_FAILED_RESOURCE = /Failed to load resource: (.*)$/;

function oldDecodeEscapes(s: string): string {
  return s.replace(/(?:\\u[0-9a-fA-F]{4})+/g, (run) => {
    const units = run.match(/\\u([0-9a-fA-F]{4})/g)!.map((u) => parseInt(u.slice(2), 16));
    if (units.every((u) => u <= 0xff) && units.some((u) => u >= 0x80)) {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(units));
      } catch {
        // code units
      }
    }
    return String.fromCharCode(...units);
  });
}

const PIECES = [
  // Chromium
  'Access to ', 'Access to fetch', ' at ', " at '", "'", "' ", '(redirected from ', "' (redirected from '", "') ", "') from origin '",
  'from origin ', "' from origin '", "from origin '", ' has been blocked by CORS policy: ', "' has been blocked by CORS policy: ",
  'https://a.test/x', 'fetch', 'XMLHttpRequest', 'font',
  // Firefox
  'Cross-Origin Request ', 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ',
  'Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at ', 'Blocked', 'Warning',
  ': The Same Origin Policy ', 'disallows', 'will disallow', ' reading the remote resource at ', 'soon. ', '(Reason: ', ' (Reason: ',
  ')', ').', ') ', ' Status code: ', ' Status code: 404', '(null)', '404', '4041', '[', ']', ' [x]', '‘', '’', '"', '`', '.', '. ',
  // network line, Safari, old Chromium
  'PUT', 'GET ', ' http', ' https://', 'http://', 'a', ' net::ERR_FAILED', ' net::ERR_FAILED 500', ' 404', 'é',
  'Fetch API', ' cannot load ', 'Fetch API cannot load ', 'XMLHttpRequest cannot load ', ' due to access control checks', '.',
  'Failed to load ', 'Failed to load resource: ', ': ', ':', " Origin '", "' is therefore not allowed access", '.x', 'Access-Control',
  // what `.`, `\s` and `\S` tell apart
  ' ', '  ', '\t', '\u00a0', '\u2028', '\u2029', '\r', '\n', '\u3000', '\ufeff', 'x', '_', '1', '(', '\\u0041', '\\u00c3\\u00a9', '\\u00e9', '\\u', '\\u00',
];
const piece = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) });
const soup = fc.array(piece, { maxLength: 24 }).map((p) => p.join(''));
// Each shape's own parts in order, each kept, dropped or replaced, with pieces between them: lines
// that match, and lines that almost match in every way.
const SKELETONS = [
  ['Access to ', 'fetch', " at '", 'https://a.test/x', "' ", "(redirected from '", 'https://b.test/', "') ", "from origin '", 'https://app.test', "' has been blocked by CORS policy: ", 'No header.'],
  ['Cross-Origin Request ', 'Blocked', ': The Same Origin Policy ', 'disallows', ' reading the remote resource at ', '‘', 'https://a.test/x', '’', '.', ' ', 'soon. ', '(Reason: ', 'CORS header ‘A’ missing', ')', '.', ' Status code: ', '404', '.', ' ', '[Learn More]'],
  ['PUT', ' ', 'https://', 'a.test/x', ' net::ERR_FAILED', ' 404'],
  ['Fetch API', ' cannot load ', 'https://a.test/x', '.', ' due to access control checks', '.'],
  ['XMLHttpRequest', ' cannot load ', 'https://a.test/x', '. ', 'Origin https://app.test is not allowed by Access-Control-Allow-Origin.'],
  ['Failed to load ', 'resource: ', 'Request header field x is not allowed by Access-Control-Allow-Headers.'],
  ['Failed to load ', 'https://a.test/x', ': ', 'Access-Control no', " Origin '", 'https://app.test', "' is therefore not allowed access", '.', ' more'],
];
const skeletonArb = fc.constantFrom(...SKELETONS).chain((parts) =>
  fc
    .tuple(
      ...parts.map((p) =>
        fc.tuple(fc.oneof({ weight: 20, arbitrary: fc.constant(p) }, { weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: piece }), fc.oneof({ weight: 20, arbitrary: fc.constant('') }, { weight: 1, arbitrary: piece })),
      ),
    )
    .map((slots) => slots.map(([a, b]) => a + b).join('')),
);
const lineArb = fc.oneof(soup, skeletonArb, fc.tuple(skeletonArb, skeletonArb).map(([a, b]) => a + b), fc.tuple(soup, skeletonArb, soup).map((p) => p.join('')));

interface Scanned {
  net: unknown;
  chromium: unknown;
  firefox: unknown;
  cannotLoad: unknown;
  cannotLoadReason: unknown;
  failedResource: unknown;
  old: unknown;
}

function byRegex(s: string): Scanned {
  const net = CHROMIUM_NET_LINE.exec(s);
  const c = CHROMIUM_LINE.exec(s);
  const f = FIREFOX_LINE.exec(s);
  const cl = SAFARI_CANNOT_LOAD.exec(s);
  const clr = SAFARI_CANNOT_LOAD_REASON.exec(s);
  const fr = SAFARI_FAILED_RESOURCE.exec(s);
  const o = CHROMIUM_OLD_LINE.exec(s);
  return {
    net: net ? { method: net[1], url: net[2], status: net[3] } : undefined,
    chromium: c ? { kind: c[1], url: c[2], redirectedFrom: c[3], origin: c[4], reason: c[5] } : undefined,
    firefox: f ? { url: f[1], reason: f[2], status: f[3] } : undefined,
    cannotLoad: cl ? cl[1] : undefined,
    cannotLoadReason: clr ? { url: clr[1], reason: clr[2] } : undefined,
    failedResource: fr ? fr[1] : undefined,
    old: o ? { url: o[1], reason: o[2], origin: o[3] } : undefined,
  };
}

/** All scanners on one Line, in the order explain runs them, so their remembered searches are shared. */
function byScanner(s: string): Scanned {
  const l = new Line(s, { steps: 0 });
  return {
    net: netLine(l),
    chromium: chromiumLine(l),
    firefox: firefoxLine(l),
    cannotLoad: safariCannotLoad(l),
    cannotLoadReason: safariCannotLoadReason(l),
    failedResource: safariFailedResource(l),
    old: chromiumOldLine(l),
  };
}

describe('each scanner captures what its former expression captured', () => {
  it('on generated lines', () => {
    fc.assert(
      fc.property(lineArb, (s) => {
        expect(byScanner(s)).toEqual(byRegex(s));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it.each([
    ['a redirected Chromium line', "Access to fetch at 'https://b.test/x' (redirected from 'https://a.test/x') from origin 'https://app.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."],
    ['an origin that holds the redirect words', "Access to fetch at 'x' (redirected from 'y' from origin 'z') from origin 'w' has been blocked by CORS policy: r' has been blocked by CORS policy: s"],
    ['a URL with a quote and space inside', "Access to fetch at 'https://a.test/it' s' from origin 'o' has been blocked by CORS policy: R"],
    ['an empty origin', "Access to fetch at 'u' from origin '' has been blocked by CORS policy: R"],
    ['a terminator before the match', "x\u2028Access to fetch at 'u' from origin 'o' has been blocked by CORS policy: R"],
    ['a terminator inside the reason', "Access to fetch at 'u' from origin 'o' has been blocked by CORS policy: R\u2028S"],
    ['Firefox, quoted URL with a dot, status and a bracketed location', 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘https://a.test/x’. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404. [Learn More]'],
    ['Firefox, a ")" inside the reason', 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://a.test/x. (Reason: a) b) c). Status code: (null).'],
    ['Firefox, a status of two digits and a letter', 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://a.test/x. (Reason: x). Status code: 40x.'],
    ['Firefox warning', 'Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at https://a.test/x soon. (Reason: x).'],
    ['Firefox, a URL that is one quote', "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ' (Reason: x)"],
    ['network line after a word', 'xPUT https://a.test/ net::ERR_FAILED 404'],
    ['network line after a non-ASCII letter', 'éPUT https://a.test/ net::ERR_FAILED 4041'],
    ['old Chromium with origin', "Failed to load https://a.test/x: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header. Origin 'https://app.test' is therefore not allowed access. The response had HTTP status code 404."],
    ['old Chromium, origin phrase without its end', "Failed to load https://a.test/x: a Origin 'b' is not allowed"],
    ['Safari cannot load, with a dot', 'Fetch API cannot load https://a.test/x. due to access control checks.'],
    ['Safari cannot load, reason', 'XMLHttpRequest cannot load https://a.test/x. Origin https://app.test is not allowed by Access-Control-Allow-Origin.'],
  ])('%s', (_name, s) => {
    expect(byScanner(s)).toEqual(byRegex(s));
  });
});

describe('character classes', () => {
  it('isSpace is `\\s` and isTerminator is what `.` refuses, for every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (isSpace(c) !== /\s/.test(ch)) throw new Error(`isSpace(${c.toString(16)})`);
      if (isTerminator(c) !== !/./.test(ch)) throw new Error(`isTerminator(${c.toString(16)})`);
    }
  });
});

describe('decodeEscapes decodes as the former expression did', () => {
  it.each([
    'c2 80', 'c1 bf', 'df bf', 'e0 a0 80', 'e0 9f bf', 'ed 9f bf', 'ed a0 80', 'ef bb bf 41', 'f0 90 80 80', 'f0 8f bf bf', 'f4 8f bf bf', 'f4 90 80 80', 'f5 80 80 80', 'c3', 'e1 80', 'c3 a9 ff',
  ])('bytes %s', (hex) => {
    const s = hex
      .split(' ')
      .map((b) => `\\u00${b}`)
      .join('');
    expect(decodeEscapes(s)).toBe(oldDecodeEscapes(s));
  });

  it('on generated text', () => {
    // Every boundary of the UTF-8 decoder's byte ranges (lead bytes C2-DF, E0, E1-EC, ED, EE-EF, F0, F1-F3, F4; the BOM).
    const bytes = ['00', '41', '7f', '80', '8f', '90', '9f', 'a0', 'a9', 'bb', 'bf', 'c0', 'c1', 'c2', 'c3', 'df', 'e0', 'e1', 'ec', 'ed', 'ee', 'ef', 'f0', 'f1', 'f3', 'f4', 'f5', 'ff'];
    const trail = ['7f', '80', '8f', '90', '9f', 'a0', 'bf', 'c0'];
    const byteRun = fc
      .tuple(fc.constantFrom(...bytes), fc.array(fc.constantFrom(...trail), { maxLength: 3 }), fc.array(fc.constantFrom(...bytes), { maxLength: 2 }))
      .map(([lead, t, more]) => [lead, ...t, ...more].map((b) => `\\u00${b}`).join(''));
    const pieces = ['\\u0041', '\\u00C3', '\\u00a9', '\\u00e9', '\\u2018', '\\u0027', '\\u00ff', '\\uD83D', '\\uDE00', '\\u00EF\\u00BB\\u00BF', '\\u', '\\u00', '\\\\u0041', '\\u00g0', 'x', ' ', '\\'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), byteRun), { maxLength: 20 }), (p) => {
        const s = p.join('');
        expect(decodeEscapes(s)).toBe(oldDecodeEscapes(s));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
