import { describe, expect, it } from 'vitest';
import { fileNameHost, reportFileName } from '../../src/core/report';
import { isoFromEpochMs } from '../../src/core/report/iso-time';

describe('reportFileName: cors-doctor-<host>-<yyyymmdd-hhmmss>.<ext>', () => {
  it.each<[string[], string, 'md' | 'json' | 'html', string]>([
    [['https://api.example.com/v1/x?token=t'], '2026-05-01T12:34:56.789Z', 'md', 'cors-doctor-api.example.com-20260501-123456.md'],
    [['http://127.0.0.1:8080/x'], '2026-05-01T12:34:56Z', 'json', 'cors-doctor-127.0.0.1_8080-20260501-123456.json'],
    [['https://user:pw@API.Example.COM:443/'], '2026-05-01T01:02:03+02:00', 'html', 'cors-doctor-api.example.com-20260501-010203.html'],
    [['http://[::1]:3000/'], '2026-12-31T23:59:59.000Z', 'md', 'cors-doctor-ipv6-1_3000-20261231-235959.md'],
    [['https://a.test/', 'https://b.test/'], '2026-05-01T12:34:56Z', 'md', 'cors-doctor-multiple-hosts-20260501-123456.md'],
    [['https://a.test/', 'https://a.test/other'], '2026-05-01T12:34:56Z', 'md', 'cors-doctor-a.test-20260501-123456.md'],
    [['not a url'], '2026-05-01T12:34:56Z', 'md', 'cors-doctor-unknown-host-20260501-123456.md'],
    [[], 'garbage', 'md', 'cors-doctor-no-requests-00000000-000000.md'],
  ])('%j at %s', (urls, at, ext, name) => {
    expect(reportFileName(urls, at, ext)).toBe(name);
  });

  it('never yields a character a file system rejects', () => {
    for (const host of ['https://a<b>c/', 'https://xn--bcher-kva.example/', 'http://..../', 'https://%2e%2e/']) {
      expect(fileNameHost(host)).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
    }
  });
});

describe('isoFromEpochMs (no Date in src/core)', () => {
  it.each([0, 1, 951_782_400_000, 1_777_638_600_123, 4_102_444_799_999, -86_400_000 * 365, 253_402_300_799_999])('%d agrees with Date', (ms) => {
    expect(isoFromEpochMs(ms)).toBe(new Date(ms).toISOString());
  });
  it.each([NaN, Infinity, 253_402_300_800_000])('%d is not a time', (ms) => expect(isoFromEpochMs(ms)).toBeNull());
});
