// The Firefox manifest, derived from the one Chromium-shaped manifest.json by
// a pure function (refined-github: one manifest for both browsers).
// Firefox 153 runs MV3 backgrounds as event pages (`background.scripts`), not
// service workers, and requires a gecko id for storage and installation.

export interface ManifestLike {
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  [key: string]: unknown;
}

export const GECKO_ID = 'cors-doctor@cors-doctor.dev';
export const FIREFOX_MIN_VERSION = '140.0';

export function toFirefoxManifest(chrome: ManifestLike): ManifestLike {
  const { minimum_chrome_version: _chromeOnly, ...rest } = chrome as ManifestLike & { minimum_chrome_version?: string };
  const out: ManifestLike = { ...rest };
  const sw = chrome.background?.service_worker;
  if (sw) {
    out.background = { scripts: [sw], ...(chrome.background?.type ? { type: chrome.background.type } : {}) };
  }
  out.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      // Nothing leaves the browser: https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/
      data_collection_permissions: { required: ['none'] },
    },
  };
  return out;
}
