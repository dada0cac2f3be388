// What `check` puts after the request line (src/cli/send.ts wireHeaders): Host first, the given
// headers as given, and the Content-Length a browser sends where Node would frame the body as
// chunked instead (Chromium sends `Content-Length: 0` for an empty POST, PUT or PATCH).
import { describe, expect, it } from 'vitest';
import { wireHeaders } from '../../src/cli/send';

describe('wireHeaders', () => {
  const url = new URL('http://127.0.0.1:8080/x');
  interface Case {
    source: string;
    method: string;
    headers?: Array<[string, string]>;
    body?: string;
    want: Array<[string, string]>;
  }
  it.each<Case>([
    { source: 'GET without a body: no Content-Length', method: 'GET', want: [['Host', '127.0.0.1:8080']] },
    { source: 'OPTIONS preflight: no Content-Length', method: 'OPTIONS', headers: [['Accept', '*/*']], want: [['Host', '127.0.0.1:8080'], ['Accept', '*/*']] },
    { source: 'empty POST: Content-Length: 0 (Chromium 156)', method: 'POST', want: [['Host', '127.0.0.1:8080'], ['Content-Length', '0']] },
    { source: 'lower-case patch counts as PATCH', method: 'patch', want: [['Host', '127.0.0.1:8080'], ['Content-Length', '0']] },
    { source: 'the length is in bytes, not characters', method: 'PUT', body: 'é', want: [['Host', '127.0.0.1:8080'], ['Content-Length', '2']] },
    { source: 'a DELETE with a body carries its length', method: 'DELETE', body: 'x', want: [['Host', '127.0.0.1:8080'], ['Content-Length', '1']] },
    {
      source: 'a Content-Length given by the page is kept, not doubled',
      method: 'POST',
      headers: [['content-length', '5']],
      body: 'abc',
      want: [['Host', '127.0.0.1:8080'], ['content-length', '5']],
    },
  ])('$source', ({ method, headers = [], body, want }) => {
    expect(wireHeaders({ url, method, headers, ...(body !== undefined ? { body } : {}) })).toEqual(want);
  });
});
