// Which browser a report was captured in, read once at the edge (main.tsx passes navigator's
// values in). Chromium exposes brands through User-Agent Client Hints (navigator.userAgentData,
// with the full version from getHighEntropyValues(['fullVersionList'])); its User-Agent string is
// reduced to `Chrome/<major>.0.0.0`. Firefox has no Client Hints; its User-Agent string carries
// `Firefox/<version>`.
import type { BrowserInfo } from './environment';

export interface BrandVersion {
  brand: string;
  version: string;
}

// A product brand wins over the engine's own; order among products does not matter (a browser
// lists one). Chromium's GREASE brand ("Not)A;Brand", UA-CH spec §"GREASE-like") is never a name.
const PRODUCTS = ['Google Chrome', 'Microsoft Edge', 'Opera', 'Brave', 'Vivaldi', 'YaBrowser'];
const GREASE = /^not[^a-z0-9]*a[^a-z0-9]*brand$/i;

export function browserFromBrands(brands: readonly BrandVersion[] | undefined | null): BrowserInfo | null {
  if (!brands || brands.length === 0) return null;
  const real = brands.filter((b) => typeof b?.brand === 'string' && typeof b.version === 'string' && !GREASE.test(b.brand.trim()));
  const pick = real.find((b) => PRODUCTS.includes(b.brand)) ?? real.find((b) => b.brand === 'Chromium') ?? real[0];
  return pick ? { name: pick.brand, version: pick.version } : null;
}

// Most specific token first: Edge and Opera also say Chrome/, every Chromium also says Safari/.
const UA_TOKENS: Array<[RegExp, string]> = [
  [/\bFirefox\/([\d.]+)/, 'Firefox'],
  [/\bEdg\/([\d.]+)/, 'Microsoft Edge'],
  [/\bOPR\/([\d.]+)/, 'Opera'],
  [/\b(?:HeadlessChrome|Chrome|Chromium)\/([\d.]+)/, 'Chromium'],
];

export function browserFromUserAgent(userAgent: string | undefined | null): BrowserInfo | null {
  if (!userAgent) return null;
  for (const [re, name] of UA_TOKENS) {
    const m = re.exec(userAgent);
    if (m) return { name, version: m[1] as string };
  }
  return null;
}
