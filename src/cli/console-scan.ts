// Linear-time scanning of one pasted console line, for `explain`. The line shapes used to be
// regular expressions with several lazy groups in a row (`Access to (.+?) at '(.*?)' … '(.*?)' has
// been blocked…`): on a line that almost matches, a backtracking engine tries every split of every
// group, and 58 kB took 25 s (issue 14, item 5). Each shape below returns exactly what its former
// expression captured (the expression is quoted above each function; test/cli/explain-reference.ts
// keeps them as the oracle of a differential test), found with indexOf and single forward scans.
//
// Why the answers can be found without trying every split: for each shape, whether the text after
// a group can still match does not depend on where the group began, so the first candidate that
// works is the expression's leftmost, laziest match, and a candidate that fails rules out the rest
// (argued per function). Every search goes forward from where the last one stopped and is
// remembered (console-line.ts), so a line costs a small constant times its length; `Work.steps`
// counts it and the tests hold it to that bound.
import { isAsciiLetter, isDigit, isNotSpace, isQuote, isTerminator, isWordChar, Line, type Memo } from './console-line';

export { isSpace, isTerminator, Line, type Work } from './console-line';

// Chromium (cors_error_string.cc):
//   /Access to (.+?) at '(.*?)' (?:\(redirected from '(.*?)'\) )?from origin '(.*?)' has been blocked by CORS policy: (.*)$/
const ACCESS_TO = 'Access to ';
const AT = " at '";
const QUOTE_SPACE = "' ";
const REDIRECTED_FROM = "' (redirected from '";
const REDIRECTED_FROM_END = "') from origin '";
const FROM_ORIGIN = "' from origin '";
const BLOCKED = "' has been blocked by CORS policy: ";

export interface ChromiumLine {
  kind: string;
  url: string;
  redirectedFrom: string | undefined;
  origin: string;
  reason: string;
}

/**
 * The match cannot hold a line terminator (`.`), and `(.*)$` reaches the end of the line, so it lies
 * after the last terminator. The first "Access to " there decides: the groups are lazy, so the
 * match takes the first " at '" after it and then the first "' " after that from which the rest
 * can match; "can the rest match from here" does not depend on where the match began, so when it
 * fails for the first "Access to " it fails for every later one. From a "' ", the rest matches
 * when there is a "' has been blocked…" after the origin's opening quote: after the last such
 * quote, no candidate can work.
 */
export function chromiumLine(l: Line): ChromiumLine | undefined {
  const start = l.find(ACCESS_TO, l.lastTerminator() + 1);
  if (start < 0) return undefined;
  const lastBlocked = l.findLast(BLOCKED);
  const at = l.find(AT, start + ACCESS_TO.length + 1); // (.+?): at least one character
  if (at < 0 || lastBlocked < at) return undefined;
  const urlStart = at + AT.length;
  for (let q = l.find(QUOTE_SPACE, urlStart); q >= 0 && q + FROM_ORIGIN.length <= lastBlocked; q = l.find(QUOTE_SPACE, q + 1)) {
    let originStart = -1;
    let redirectedFrom: string | undefined;
    if (l.at(REDIRECTED_FROM, q)) {
      // Lazy: the first "') from origin '" after it; a later one leaves less room for the rest.
      const end = l.find(REDIRECTED_FROM_END, q + REDIRECTED_FROM.length);
      if (end >= 0 && end + REDIRECTED_FROM_END.length <= lastBlocked) {
        originStart = end + REDIRECTED_FROM_END.length;
        redirectedFrom = l.slice(q + REDIRECTED_FROM.length, end);
      }
    } else if (l.at(FROM_ORIGIN, q)) {
      originStart = q + FROM_ORIGIN.length;
    }
    if (originStart < 0) continue;
    const blocked = l.find(BLOCKED, originStart);
    return {
      kind: l.slice(start + ACCESS_TO.length, at),
      url: l.slice(urlStart, q),
      redirectedFrom,
      origin: l.slice(originStart, blocked),
      reason: l.slice(blocked + BLOCKED.length, l.n),
    };
  }
  return undefined;
}

// Firefox (security.properties CORS* strings, current and older):
//   /Cross-Origin Request (?:Blocked|Warning): The Same Origin Policy (?:disallows|will disallow) reading the remote resource at Q?(\S+?)Q?\.? (?:soon\. )?\(Reason: (.*?)\)\.?(?: Status code: (\d{3}|\(null\)))?\.?\s*(?:\[.*\])?$/
//   with Q = ['‘’"`]
const FF_START = 'Cross-Origin Request ';
const FF_BLOCKED = 'Blocked';
const FF_WARNING = 'Warning';
const FF_POLICY = ': The Same Origin Policy ';
const FF_DISALLOWS = 'disallows';
const FF_WILL_DISALLOW = 'will disallow';
const FF_AT = ' reading the remote resource at ';
const FF_SOON_REASON = 'soon. (Reason: ';
const FF_REASON = '(Reason: ';
const FF_STATUS = ' Status code: ';
const FF_NULL = '(null)';

export interface FirefoxLine {
  url: string;
  reason: string;
  status: string | undefined;
}

/**
 * What may follow the reason's ")": `\.?(?: Status code: (\d{3}|\(null\)))?\.?\s*(?:\[.*\])?$`.
 * Each optional piece starts with a character no piece after it can take, so the greedy choice is
 * the only one that can succeed: no backtracking, and the status it read is the one captured.
 * Returns undefined when the tail does not match, else the status ('' for none).
 */
function firefoxTail(l: Line, t: number): string | undefined {
  let i = t;
  if (i < l.n && l.code(i) === 0x2e) i++;
  let status = '';
  if (l.at(FF_STATUS, i)) {
    const j = i + FF_STATUS.length;
    if (j + 3 <= l.n && isDigit(l.code(j)) && isDigit(l.code(j + 1)) && isDigit(l.code(j + 2))) {
      status = l.slice(j, j + 3);
      i = j + 3;
    } else if (l.at(FF_NULL, j)) {
      status = FF_NULL;
      i = j + FF_NULL.length;
    }
  }
  if (i < l.n && l.code(i) === 0x2e) i++;
  const w = l.scan(isNotSpace, i);
  if (w === l.n) return status;
  // `\[.*\]$`: the rest of the line, bracketed, with no line terminator inside.
  if (l.code(w) === 0x5b && w < l.n - 1 && l.code(l.n - 1) === 0x5d && l.lastTerminator() < w) return status;
  return undefined;
}

/**
 * The reason is lazy: it ends at the first ")" the tail can follow. Whether the tail matches after
 * a ")" depends only on that position, so the first good ")" at or after a point is remembered and
 * shared by every prefix on the line.
 */
function firstGoodClose(l: Line, memo: Memo, from: number): number {
  if (from >= memo.from && (memo.at === -1 || from <= memo.at)) return memo.at;
  let c = l.find(')', from);
  while (c >= 0 && firefoxTail(l, c + 1) === undefined) c = l.find(')', c + 1);
  memo.from = from;
  memo.at = c;
  return c;
}

/**
 * Prefixes are tried in order (a failed one does not rule out a later one). After the prefix, the
 * URL with its optional quotes and dot is one run of non-`\s` characters that must end at a space:
 * the only choices are whether an opening quote belongs to the URL and how much of a closing
 * quote-and-dot it leaves out, and the rest of the line does not depend on either.
 */
export function firefoxLine(l: Line): FirefoxLine | undefined {
  const closeMemo: Memo = { from: Number.POSITIVE_INFINITY, at: -1 };
  for (let s = l.find(FF_START, 0); s >= 0; s = l.find(FF_START, s + 1)) {
    let i = s + FF_START.length;
    if (l.at(FF_BLOCKED, i)) i += FF_BLOCKED.length;
    else if (l.at(FF_WARNING, i)) i += FF_WARNING.length;
    else continue;
    if (!l.at(FF_POLICY, i)) continue;
    i += FF_POLICY.length;
    if (l.at(FF_DISALLOWS, i)) i += FF_DISALLOWS.length;
    else if (l.at(FF_WILL_DISALLOW, i)) i += FF_WILL_DISALLOW.length;
    else continue;
    if (!l.at(FF_AT, i)) continue;
    const u0 = i + FF_AT.length;
    const e = l.runEnd(u0);
    if (e >= l.n || l.code(e) !== 0x20) continue;
    // Q? is greedy: with the opening quote if what is left can still hold a URL.
    const urlEnd = (urlStart: number): number => {
      if (e - 2 >= urlStart + 1 && isQuote(l.code(e - 2)) && l.code(e - 1) === 0x2e) return e - 2;
      if (e - 1 >= urlStart + 1 && (isQuote(l.code(e - 1)) || l.code(e - 1) === 0x2e)) return e - 1;
      return e >= urlStart + 1 ? e : -1;
    };
    let urlStart = u0;
    let ue = -1;
    if (u0 < l.n && isQuote(l.code(u0))) ue = urlEnd((urlStart = u0 + 1));
    if (ue < 0) ue = urlEnd((urlStart = u0));
    if (ue < 0) continue;
    let r = e + 1;
    if (l.at(FF_SOON_REASON, r)) r += FF_SOON_REASON.length;
    else if (l.at(FF_REASON, r)) r += FF_REASON.length;
    else continue;
    const close = firstGoodClose(l, closeMemo, r);
    // (.*?) holds no line terminator.
    if (close < 0 || l.scan(isTerminator, r) < close) continue;
    const status = firefoxTail(l, close + 1) as string;
    return { url: l.slice(urlStart, ue), reason: l.slice(r, close), status: status === '' ? undefined : status };
  }
  return undefined;
}

// Chromium's network line: /\b([A-Za-z]+) (https?:\/\/\S+) net::ERR_FAILED(?: (\d{3}))?/
const NET_FAILED = ' net::ERR_FAILED';

export interface NetLine {
  method: string;
  url: string;
  status: string | undefined;
}

/**
 * Anchored on each " http" in order: the method is the whole run of ASCII letters before it (a `\b`
 * must start it, so it cannot begin inside a word), the URL the whole run of non-`\s` after it,
 * which must end at " net::ERR_FAILED".
 */
export function netLine(l: Line): NetLine | undefined {
  for (let k = l.find(' http', 0); k >= 0; k = l.find(' http', k + 1)) {
    let b = k;
    while (b > 0 && isAsciiLetter(l.code(b - 1))) b--;
    l.work.steps += k - b;
    if (b === k || (b > 0 && isWordChar(l.code(b - 1)))) continue;
    const scheme = l.at('https://', k + 1) ? 8 : l.at('http://', k + 1) ? 7 : 0;
    if (scheme === 0) continue;
    const e = l.runEnd(k + 1);
    if (e < k + 1 + scheme + 1 || !l.at(NET_FAILED, e)) continue;
    const d = e + NET_FAILED.length;
    const status = d + 4 <= l.n && l.code(d) === 0x20 && isDigit(l.code(d + 1)) && isDigit(l.code(d + 2)) && isDigit(l.code(d + 3)) ? l.slice(d + 1, d + 4) : undefined;
    return { method: l.slice(b, k), url: l.slice(k + 1, e), status };
  }
  return undefined;
}

// Safari (WebKit): /(?:Fetch API|XMLHttpRequest) cannot load (\S+?)(?:\.)? due to access control checks/
// and /(?:Fetch API|XMLHttpRequest) cannot load (\S+?)\. (.*)$/
const CANNOT_LOAD = ' cannot load ';
const DUE_TO = ' due to access control checks';

/** Each " cannot load " preceded by "Fetch API" or "XMLHttpRequest", in order, and where its URL starts. */
function* cannotLoads(l: Line): Generator<number> {
  for (let k = l.find(CANNOT_LOAD, 0); k >= 0; k = l.find(CANNOT_LOAD, k + 1)) {
    if (l.at('Fetch API', k - 9) || l.at('XMLHttpRequest', k - 14)) yield k + CANNOT_LOAD.length;
  }
}

/** The URL is the run of non-`\s` after "cannot load ", less one final dot, and the run must end at " due to…". */
export function safariCannotLoad(l: Line): string | undefined {
  for (const u0 of cannotLoads(l)) {
    const e = l.runEnd(u0);
    if (e < u0 + 1 || !l.at(DUE_TO, e)) continue;
    const ue = e - 1 >= u0 + 1 && l.code(e - 1) === 0x2e ? e - 1 : e;
    return l.slice(u0, ue);
  }
  return undefined;
}

/** The run of non-`\s` must end in ". ", and the rest of the line hold no line terminator. */
export function safariCannotLoadReason(l: Line): { url: string; reason: string } | undefined {
  for (const u0 of cannotLoads(l)) {
    const e = l.runEnd(u0);
    if (e >= l.n || l.code(e) !== 0x20 || e - 1 < u0 + 1 || l.code(e - 1) !== 0x2e) continue;
    if (l.lastTerminator() > e) continue;
    return { url: l.slice(u0, e - 1), reason: l.slice(e + 1, l.n) };
  }
  return undefined;
}

// Safari: /Failed to load resource: (.*)$/
const FAILED_RESOURCE = 'Failed to load resource: ';

export function safariFailedResource(l: Line): string | undefined {
  const s = l.find(FAILED_RESOURCE, l.lastTerminator() + 1);
  return s < 0 ? undefined : l.slice(s + FAILED_RESOURCE.length, l.n);
}

// Chromium 58-66: /Failed to load (\S+?): (.*?)(?: Origin '(.*?)' is therefore not allowed access\.?.*)?$/
const FAILED_TO_LOAD = 'Failed to load ';
const ORIGIN_QUOTE = " Origin '";
const THEREFORE = "' is therefore not allowed access";

/**
 * The URL is the run of non-`\s` after "Failed to load ", ending in ": "; the rest of the line must
 * hold no line terminator. The reason stops at the first " Origin '" followed somewhere by
 * "' is therefore not allowed access" (a later " Origin '" has fewer of those after it), else it
 * runs to the end.
 */
export function chromiumOldLine(l: Line): { url: string; reason: string; origin: string | undefined } | undefined {
  for (let s = l.find(FAILED_TO_LOAD, 0); s >= 0; s = l.find(FAILED_TO_LOAD, s + 1)) {
    const u0 = s + FAILED_TO_LOAD.length;
    const e = l.runEnd(u0);
    if (e >= l.n || l.code(e) !== 0x20 || e - 1 < u0 + 1 || l.code(e - 1) !== 0x3a) continue;
    if (l.lastTerminator() > e) continue;
    const url = l.slice(u0, e - 1);
    const o = l.find(ORIGIN_QUOTE, e + 1);
    if (o >= 0 && l.findLast(THEREFORE) >= o + ORIGIN_QUOTE.length) {
      const end = l.find(THEREFORE, o + ORIGIN_QUOTE.length);
      return { url, reason: l.slice(e + 1, o), origin: l.slice(o + ORIGIN_QUOTE.length, end) };
    }
    return { url, reason: l.slice(e + 1, l.n), origin: undefined };
  }
  return undefined;
}
