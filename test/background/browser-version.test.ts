import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { browserVersion, versionFromUserAgent, type BrowserEngine } from '../../src/background/browser-engine';
import { toRequestEvent, type WebRequestDetails } from '../../src/background/event-record';
import { CapturePipeline } from '../../src/background/capture-pipeline';
import type { EventKind } from '../../src/core/pairing';
import type { CapturedFailure } from '../../src/shared/messages';

// The worker stamps the browser's version on every exchange: console wording differs between
// versions (Firefox ESR 140 vs 153), and reports show it.
describe('the browser version, read once at the edge', () => {
  it.each<[BrowserEngine, string, string | undefined, string]>([
    ['firefox', 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', '140.0', 'Firefox ESR 140.12 (recorded with puppeteer)'],
    ['firefox', 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0', '153.0', 'Firefox ESR 153.8'],
    ['chromium', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36', '156', 'Chromium 156, reduced User-Agent'],
    ['chromium', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36 Edg/150.0.0.0', '150', 'Edge 150'],
    ['chromium', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Safari/537.36', '120.0.6099.71', 'an unreduced Chromium 120 User-Agent'],
    ['chromium', 'curl/8.0', undefined, 'no browser token'],
    ['firefox', '', undefined, 'empty'],
  ])('%s %j -> %j (%s)', (engine, ua, expected) => {
    expect(versionFromUserAgent(engine, ua)).toBe(expected);
  });

  it('Firefox: the User-Agent at once, then runtime.getBrowserInfo’s full version', async () => {
    let resolveInfo!: (v: { version: string }) => void;
    const v = browserVersion({ engine: 'firefox', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', getBrowserInfo: () => new Promise((r) => (resolveInfo = r)) });
    expect(v.current()).toBe('140.0');
    resolveInfo({ version: '140.12.0' });
    await v.ready;
    expect(v.current()).toBe('140.12.0');
  });

  it('Chromium: the major from the reduced User-Agent, then the Chromium brand of fullVersionList', async () => {
    const v = browserVersion({
      engine: 'chromium',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
      getHighEntropyValues: async () => ({ fullVersionList: [{ brand: 'Not)A;Brand', version: '8.0.0.0' }, { brand: 'Chromium', version: '156.0.8078.129' }, { brand: 'Google Chrome', version: '156.0.8078.129' }] }),
    });
    expect(v.current()).toBe('156');
    await v.ready;
    expect(v.current()).toBe('156.0.8078.129');
  });

  it('keeps the User-Agent’s version when the full one cannot be read', async () => {
    const v = browserVersion({ engine: 'firefox', userAgent: 'Gecko/20100101 Firefox/153.0', getBrowserInfo: () => Promise.reject(new Error('no')) });
    await v.ready;
    expect(v.current()).toBe('153.0');
    const w = browserVersion({ engine: 'chromium', userAgent: 'Chrome/156.0.0.0', getHighEntropyValues: async () => ({ fullVersionList: [{ brand: 'Chromium', version: { evil: true } }] }) });
    await w.ready;
    expect(w.current()).toBe('156');
  });

  it('CapturePipeline stamps it on every stored exchange (Firefox ESR 140 fixture)', async () => {
    const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/webrequest/firefox-140/preflight-404.json'), 'utf8')) as {
      browserVersion: string;
      events: Array<WebRequestDetails & { event: EventKind }>;
    };
    const added: CapturedFailure[] = [];
    const stored: Record<string, unknown> = {};
    const store = new CapturePipeline({
      storage: { get: async () => ({}), set: async (items) => void Object.assign(stored, items), remove: async () => {} },
      setBadge: () => {},
      onSnapshot: () => {},
      onAdded: (f) => void added.push(f),
      onError: (e) => {
        throw e;
      },
      browser: 'firefox',
      browserVersion: () => fixture.browserVersion,
    });
    for (const { event, ...d } of fixture.events) {
      const ev = toRequestEvent(event, d);
      if (ev) void store.handleRequestEvent(ev);
    }
    await store.whenIdle();
    expect(added.map((f) => [f.exchange.browser, f.exchange.browserVersion])).toEqual([['firefox', '140.12.0']]);
    const kept = Object.entries(stored).filter(([k]) => k.startsWith('f:')).map(([, v]) => (v as CapturedFailure).exchange.browserVersion);
    expect(kept).toEqual(['140.12.0']);
  });
});
