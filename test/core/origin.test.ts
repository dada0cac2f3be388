// Origins: core/origin.ts is the one home. originOfUrl is the origin Chromium compares (default
// ports dropped, url::Origin::Serialize); writtenOrigin is the target as the URL writes it (a
// report's list of targets). The worker and the CLI's HAR reader keep the URL API's origin,
// because it differs from originOfUrl where they meet real input (the last table).
import { describe, expect, it } from 'vitest';
import { originOfUrl, writtenOrigin } from '../../src/core/origin';

interface Case {
  url: string;
  origin: string | undefined;
  written: string | undefined;
  source: string;
}

describe('default ports', () => {
  it.each<Case>([
    { url: 'https://a.example:443/x', origin: 'https://a.example', written: 'https://a.example:443', source: 'url::Origin::Serialize drops the default port' },
    { url: 'http://a.example:80/', origin: 'http://a.example', written: 'http://a.example:80', source: 'url_canon (default port)' },
    { url: 'HTTP://A.Example:80', origin: 'http://a.example', written: 'http://a.example:80', source: 'url_canon lower-cases scheme and host' },
    { url: 'http://a.example:0080/', origin: 'http://a.example', written: 'http://a.example:0080', source: 'url_canon_port (leading zeros)' },
    { url: 'ws://a.example:80/s', origin: 'ws://a.example', written: 'ws://a.example:80', source: 'url_constants (ws default 80)' },
    { url: 'wss://a.example:443/s', origin: 'wss://a.example', written: 'wss://a.example:443', source: 'url_constants (wss default 443)' },
    { url: 'https://a.example:80/', origin: 'https://a.example:80', written: 'https://a.example:80', source: 'not the https default' },
    { url: 'http://a.example:8080/x', origin: 'http://a.example:8080', written: 'http://a.example:8080', source: 'a non-default port' },
    { url: 'https://[::1]:443/', origin: 'https://[::1]', written: 'https://[::1]:443', source: 'IPv6 literal' },
    { url: 'https://user:pw@a.example:443/', origin: 'https://a.example', written: 'https://a.example:443', source: 'userinfo is never part of an origin' },
  ])('$url ($source)', ({ url, origin, written }) => {
    expect(originOfUrl(url)).toBe(origin);
    expect(writtenOrigin(url)).toBe(written);
  });
});

describe('no authority', () => {
  it.each<Case>([
    { url: 'data:text/plain,x', origin: 'null', written: undefined, source: 'opaque origin' },
    { url: 'about:blank', origin: 'null', written: undefined, source: 'opaque origin' },
    { url: 'foo://a.example:1/', origin: 'null', written: 'foo://a.example:1', source: 'a non-special scheme is opaque to Chromium' },
    { url: '/relative', origin: undefined, written: undefined, source: 'not a URL' },
  ])('$url ($source)', ({ url, origin, written }) => {
    expect(originOfUrl(url)).toBe(origin);
    expect(writtenOrigin(url)).toBe(written);
  });
});

describe('where the URL API (background/event-record.ts, cli/har.ts) and originOfUrl agree, and where not', () => {
  it.each<[string, boolean]>([
    ['https://a.example:443/x', true],
    ['HTTP://A.EXAMPLE:80', true],
    ['http://a.example:0080/', true],
    ['http://127.0.0.1:8080/', true],
    // IDNA: the URL API gives punycode, originOfUrl keeps the Unicode host.
    ['https://bücher.example/', false],
    // blob: carries its creator's origin in the URL API; originOfUrl treats the scheme as opaque.
    ['blob:https://a.example/0b7c', false],
  ])('%s: same origin = %s', (url, same) => {
    expect(originOfUrl(url) === new URL(url).origin).toBe(same);
  });
});
