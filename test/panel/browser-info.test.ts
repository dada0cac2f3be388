import { describe, expect, it } from 'vitest';
import { browserFromBrands, browserFromUserAgent, type BrandVersion } from '../../src/panel/browser-info';

interface BrandCase {
  source: string;
  brands: BrandVersion[] | undefined;
  want: { name: string; version: string } | null;
}

describe('browserFromBrands (User-Agent Client Hints fullVersionList)', () => {
  it.each<BrandCase>([
    {
      source: 'observed in Chromium 156 (headless, playwright)',
      brands: [{ brand: 'Not)A;Brand', version: '8.0.0.0' }, { brand: 'Chromium', version: '156.0.7523.0' }],
      want: { name: 'Chromium', version: '156.0.7523.0' },
    },
    {
      source: 'Google Chrome lists the engine too; the product wins',
      brands: [{ brand: 'Chromium', version: '156.0.7523.4' }, { brand: 'Not.A/Brand', version: '24.0.0.0' }, { brand: 'Google Chrome', version: '156.0.7523.4' }],
      want: { name: 'Google Chrome', version: '156.0.7523.4' },
    },
    {
      source: 'Microsoft Edge',
      brands: [{ brand: 'Microsoft Edge', version: '155.0.3400.1' }, { brand: 'Not A(Brand', version: '99.0.0.0' }, { brand: 'Chromium', version: '155.0.7400.2' }],
      want: { name: 'Microsoft Edge', version: '155.0.3400.1' },
    },
    { source: 'only GREASE: nothing to name', brands: [{ brand: 'Not_A Brand', version: '8' }], want: null },
    { source: 'no Client Hints (Firefox)', brands: undefined, want: null },
  ])('$source', ({ brands, want }) => {
    expect(browserFromBrands(brands)).toEqual(want);
  });
});

describe('browserFromUserAgent', () => {
  it.each<[string, string, { name: string; version: string } | null]>([
    ['observed in Firefox ESR 153', 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0', { name: 'Firefox', version: '153.0' }],
    ['observed in headless Chromium 156 (reduced UA)', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36', { name: 'Chromium', version: '156.0.0.0' }],
    ['Chrome', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36', { name: 'Chromium', version: '156.0.0.0' }],
    ['Edge says Chrome/ too', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/155.0.0.0 Safari/537.36 Edg/155.0.0.0', { name: 'Microsoft Edge', version: '155.0.0.0' }],
    ['Opera', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/155.0.0.0 Safari/537.36 OPR/120.0.0.0', { name: 'Opera', version: '120.0.0.0' }],
    ['unknown', 'curl/8.5.0', null],
    ['empty', '', null],
  ])('%s', (_source, ua, want) => {
    expect(browserFromUserAgent(ua)).toEqual(want);
  });
});
