// Header lists as received: case-insensitive names, duplicates kept, comma lists, hostile values.
import type { HeaderList } from './exchange';

// Header names repeat endlessly (a diagnosis looks each one up several times): remember the
// last few hundred lower-cased forms. Bounded, so hostile input cannot grow it.
const LOWER_CACHE = new Map<string, string>();

/** ASCII-only lower-casing (Chromium's base::ToLowerASCII): non-ASCII is left alone. */
export function lowerAscii(s: string): string {
  if (s.length > 64) return lowerAsciiUncached(s);
  const hit = LOWER_CACHE.get(s);
  if (hit !== undefined) return hit;
  const out = lowerAsciiUncached(s);
  if (LOWER_CACHE.size >= 512) LOWER_CACHE.clear();
  LOWER_CACHE.set(s, out);
  return out;
}

function lowerAsciiUncached(s: string): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) break;
  }
  if (i === s.length) return s;
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export function upperAscii(s: string): string {
  return /[a-z]/.test(s) ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s;
}

/** HTTP linear whitespace as net::HttpUtil::IsLWS sees it: space and tab. */
export function isLws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

export function trimLws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isLws(s.charCodeAt(a))) a++;
  while (b > a && isLws(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** RFC 9110 tchar: "!#$%&'*+-.^_`|~" / DIGIT / ALPHA (net::HttpUtil::IsTokenChar). */
export function isTokenChar(c: number): boolean {
  if (c >= 0x30 && c <= 0x39) return true;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  switch (c) {
    case 0x21: case 0x23: case 0x24: case 0x25: case 0x26: case 0x27: case 0x2a:
    case 0x2b: case 0x2d: case 0x2e: case 0x5e: case 0x5f: case 0x60: case 0x7c: case 0x7e:
      return true;
    default:
      return false;
  }
}

/** token = 1*tchar */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isTokenChar(s.charCodeAt(i))) return false;
  return true;
}

/** UTF-8 byte length without TextEncoder (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** UTF-8 bytes of a string, as numbers (used to reproduce Chromium's byte-wise views of a value). */
export function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}

/** ASCII case-insensitive `a` == `lowerB` (already lower case), compared in place. */
function nameEquals(a: string, lowerB: string): boolean {
  if (a.length !== lowerB.length) return false;
  if (a === lowerB) return true;
  for (let i = 0; i < a.length; i++) {
    let c = a.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== lowerB.charCodeAt(i)) return false;
  }
  return true;
}

/** Every value of a header, in order, duplicates kept. */
export function headerValues(list: HeaderList, name: string): string[] {
  const lower = lowerAscii(name);
  const out: string[] = [];
  for (const [n, v] of list) if (nameEquals(n, lower)) out.push(v);
  return out;
}

export function hasHeader(list: HeaderList, name: string): boolean {
  const lower = lowerAscii(name);
  for (const [n] of list) if (nameEquals(n, lower)) return true;
  return false;
}

/**
 * The header as Chromium reads it: net::HttpResponseHeaders::GetNormalizedHeader trims each
 * line's value and joins repeated lines with ", ". Absent header -> undefined.
 * That join is why two `Access-Control-Allow-Origin` lines fail as multiple values.
 */
export function combinedHeader(list: HeaderList, name: string): string | undefined {
  // One pass and no array for the usual single line: the engine calls this a dozen times per diagnosis.
  const lower = lowerAscii(name);
  let first: string | undefined;
  let more: string[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i] as readonly [string, string];
    if (!nameEquals(entry[0], lower)) continue;
    if (first === undefined) first = trimLws(entry[1]);
    else (more ??= [first]).push(trimLws(entry[1]));
  }
  return more !== undefined ? more.join(', ') : first;
}

export interface ParsedList {
  /** Items in order, LWS-trimmed, empty items skipped (net::HttpUtil::ValuesIterator). */
  items: string[];
  /** Items that are not a token: any one makes Chromium reject the whole header. */
  invalid: string[];
}

/** Fetch "#http-new-header-syntax" `1#token` list, as preflight_result.cc parses it. */
export function parseTokenList(value: string): ParsedList {
  const items: string[] = [];
  const invalid: string[] = [];
  for (const raw of value.split(',')) {
    const item = trimLws(raw);
    if (item === '') continue;
    items.push(item);
    if (!isToken(item)) invalid.push(item);
  }
  return { items, invalid };
}

/** Coerce anything into a HeaderList: arrays of pairs, or a plain object map; junk entries dropped. */
export function coerceHeaderList(x: unknown): HeaderList {
  const out: Array<readonly [string, string]> = [];
  const str = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  try {
    if (Array.isArray(x)) {
      for (const entry of x as unknown[]) {
        if (!Array.isArray(entry) || entry.length < 2) continue;
        const n = str(entry[0]);
        const v = str(entry[1]);
        if (n === undefined || v === undefined) continue;
        out.push([n, v]);
      }
    } else if (x !== null && typeof x === 'object') {
      for (const k of Object.keys(x as object)) {
        const v = str((x as Record<string, unknown>)[k]);
        if (v !== undefined) out.push([k, v]);
      }
    }
  } catch {
    // Proxies or getters that throw: whatever was collected stands.
  }
  return out;
}
