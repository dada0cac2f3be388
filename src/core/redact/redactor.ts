// Redaction of secrets before a report or a stored failure leaves the engine. Shape-preserving: the scheme of an
// Authorization value, cookie names, URL structure and the length of each secret survive, so the
// diagnosis still reads ("Bearer ••••(43 chars)").
//
// Two passes, because a secret can appear in two ways:
//  1. structurally, where we know a value is a secret (a sensitive header, a token query
//     parameter, URL userinfo, a JWT): replaced in place (structural.ts);
//  2. anywhere else a known secret is quoted (the console message quotes the URL, a check quotes
//     a header value, a fix snippet or curl command embeds it): every string in the report is
//     searched for the secrets collected in pass 1, also in their shell- and JS-escaped forms.
import type { HeaderList } from '../exchange';
import { lowerAscii } from '../headers';
import { isSecretHeaderName, mask } from './names';
import { createPhraseReplacer } from './phrase-finder';
import { redactAuthorization, redactCookie, redactSetCookie, structuralBody, structuralHeader, structuralJwts, structuralUrl } from './structural';

// Bare URLs in prose (the console message quotes the request URL in single quotes).
// Control characters end a URL: a terminal colour code after it must not be taken (and masked) as its last parameter.
// eslint-disable-next-line no-control-regex
// The scheme is at most 32 characters (RFC 3986 sets no limit; registered ones are far shorter), so
// a run like `a.a.a.a…` is not rescanned to its end from every word start.
const URL_IN_TEXT_RE = /\b[a-zA-Z][a-zA-Z0-9+.-]{0,31}:\/\/[^\s'"`<>\u0000-\u001f\u007f]+/g;

// A path with a query, fragment or matrix parameters quoted in prose ("Location /login?code=…", a
// redirected preflight's relative Location): after a space or a quote, which the URL cannot
// contain, so each attempt scans up to the next one and the whole pass is linear.
// eslint-disable-next-line no-control-regex
const RELATIVE_URL_IN_TEXT_RE = /(^|[\s'"`])(\/[^\s'"`<>?#;\u0000-\u001f\u007f]*[?#;][^\s'"`<>\u0000-\u001f\u007f]*)/g;

/** Known secrets shorter than this are redacted where they stand but not hunted in free text:
 * a 3-character cookie value would otherwise blank out every "abc" in every explanation. */
export const MIN_HUNTED_SECRET_LENGTH = 6;

// --- the redactor --------------------------------------------------------------------------------

export interface SecretSources {
  headers: HeaderList[];
  urls: string[];
  /** Request and response bodies (the CLI's, and a HAR's): their credential fields are secrets too. */
  bodies?: string[];
}

export interface Redactor {
  /** Whether anything is hidden (false when includeSecrets was chosen). */
  readonly active: boolean;
  header(name: string, value: string): string;
  headers(list: HeaderList): Array<[string, string]>;
  url(url: string): string;
  /** Text from the network or a command that may quote anything: bodies' prose, status text, errors, curl, fetch. */
  text(s: string): string;
  /**
   * The project's own text, which may quote a request or response value: engine prose, fix
   * snippets, console lines. Known secrets and URLs are redacted; nothing that merely looks like a
   * header line is (the Flask snippet says "cookies or Authorization: let Flask-CORS answer them").
   */
  ownText(s: string): string;
  /** A request or response body: credential fields of JSON and forms, then as `text`. */
  body(s: string): string;
}

/** The forms a secret takes once quoted: as is, inside '…' in a shell, inside a JS/JSON string. */
function quotedForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(secret.replace(/'/g, `'\\''`));
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(secret.replace(/\\/g, '\\\\').replace(/'/g, "\\'"));
  return [...forms].filter((f) => f.length >= MIN_HUNTED_SECRET_LENGTH);
}

/**
 * Whether a known secret is also hunted in the project's own text. A short run of letters
 * (a cookie `consent=accepted`, a `theme=default`) is an English word there, not a quote of the
 * secret: it stays masked where it stands, and the prose keeps its words. Tokens, keys and
 * passwords have digits, symbols, mixed case or length.
 */
function huntedInOwnText(form: string): boolean {
  return !(form.length < 12 && /^[a-z]+$/i.test(form));
}

const IDENTITY: Redactor = {
  active: false,
  header: (_n, v) => v,
  headers: (list) => list.map(([n, v]) => [n, v]),
  url: (u) => u,
  text: (s) => s,
  ownText: (s) => s,
  body: (s) => s,
};

// `Authorization: Bearer x`, `X-Api-Key: k`, `Cookie: a=b` written out in a body, an error or a
// command: a header name right after the start, a quote, a bracket or whitespace, then its value
// up to the end of the line or a quote.
const HEADER_LINE_RE = /((?:^|[\s'"`(])([A-Za-z0-9_-]{1,64}):[ \t]*)([^\r\n'"`]+)/g;

/**
 * A redactor for one report: every secret found in `sources` (all failures together, since the
 * same token often rides on several requests) is hidden in every string the report contains.
 */
export function createRedactor(sources: SecretSources, opts: { includeSecrets?: boolean } = {}): Redactor {
  if (opts.includeSecrets === true) return IDENTITY;
  const secrets = new Set<string>();
  const note = (s: string): void => {
    if (s.length > 0) secrets.add(s);
  };
  for (const list of sources.headers) for (const [n, v] of list) structuralHeader(n, v, note);
  for (const u of sources.urls) structuralUrl(u, note);
  for (const b of sources.bodies ?? []) structuralBody(b, note);

  const hunted = new Map<string, string>();
  for (const s of secrets) for (const form of quotedForms(s)) if (!hunted.has(form)) hunted.set(form, mask(s));
  // Longest first, so a secret that contains another is replaced whole.
  const needles = [...hunted.keys()].sort((a, b) => b.length - a.length);
  const inOwnText = needles.map(huntedInOwnText);
  // One pass per string over all needles (a report has about one secret per failure: testing each
  // needle with `includes` made a HAR's report quadratic), same result as splitting on each in turn.
  const replacer = createPhraseReplacer(needles, (n) => hunted.get(n) as string);
  const hunt = (s: string): string => replacer.replace(s);
  const ignore = (): void => {};
  // URLs first: a mask has a space in it (`••••(12 chars)`), so a URL hunted first would end there.
  const urlsAndJwts = (s: string): string =>
    structuralJwts(
      s.replace(URL_IN_TEXT_RE, (u) => structuralUrl(u, ignore)).replace(RELATIVE_URL_IN_TEXT_RE, (_m, before: string, u: string) => before + structuralUrl(u, ignore)),
      ignore,
    );
  const text = (s: string): string =>
    hunt(urlsAndJwts(s)).replace(HEADER_LINE_RE, (m, head: string, name: string, v: string) => {
      const lower = lowerAscii(name);
      if (lower === 'cookie' || lower === 'cookie2') return head + redactCookie(v, ignore);
      if (lower === 'set-cookie' || lower === 'set-cookie2') return head + redactSetCookie(v, ignore);
      if (!isSecretHeaderName(lower)) return m;
      if (lower.endsWith('authorization') || lower.endsWith('authentication')) return head + redactAuthorization(v, ignore);
      return head + structuralHeader(name, v, ignore);
    });
  return {
    active: true,
    header: (n, v) => hunt(structuralHeader(n, v, ignore)),
    headers: (list) => list.map(([n, v]) => [n, hunt(structuralHeader(n, v, ignore))]),
    url: (u) => hunt(structuralUrl(u, ignore)),
    text,
    ownText: (s) => replacer.replace(urlsAndJwts(s), (i) => inOwnText[i] === true),
    body: (s) => text(structuralBody(s, ignore)),
  };
}
