import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import manifest from '../../manifest.json' with { type: 'json' };
import { GECKO_ID, toFirefoxManifest } from '../../scripts/firefox-manifest';

const DIST_FIREFOX = resolve(import.meta.dirname, '../../dist-firefox');

describe('toFirefoxManifest (pure)', () => {
  const ff = toFirefoxManifest(manifest);
  it('runs the worker as an event page script', () => {
    expect(ff.background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' });
  });
  it('declares a gecko id, Firefox 140+ and no data collection', () => {
    expect(ff.browser_specific_settings).toEqual({
      gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
    });
  });
  it('keeps everything else shared and drops Chromium-only keys', () => {
    const { background: _b, browser_specific_settings: _s, ...rest } = ff;
    const { background: _cb, minimum_chrome_version: _m, ...chromeRest } = manifest as typeof manifest & { minimum_chrome_version?: string };
    expect(rest).toEqual(chromeRest);
  });
  it('does not mutate its input', () => {
    expect(manifest.background).toEqual({ service_worker: 'src/background/index.ts', type: 'module' });
  });
});

describe('built Firefox extension (dist-firefox/)', () => {
  it('has the derived manifest and every file it names', () => {
    const path = join(DIST_FIREFOX, 'manifest.json');
    if (!existsSync(path)) throw new Error('dist-firefox/manifest.json is missing: run `npm run build:firefox` (npm test does).');
    const m = JSON.parse(readFileSync(path, 'utf8'));
    expect(m.background.service_worker).toBeUndefined();
    expect(m.background.scripts).toHaveLength(1);
    for (const file of [m.background.scripts[0], m.devtools_page, 'src/panel/panel.html', ...Object.values<string>(m.action.default_icon)]) {
      expect(existsSync(join(DIST_FIREFOX, file)), file).toBe(true);
    }
    expect(m.browser_specific_settings.gecko.id).toBe(GECKO_ID);
  });
});
