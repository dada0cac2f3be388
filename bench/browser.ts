// Real Chromium for the bench: a fresh profile per launch, quiet flags, at most one extension.
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, QUIET_FLAGS } from '../scripts/chromium';

export interface BenchBrowser {
  context: BrowserContext;
  /** The extension's service worker (undefined without an extension). */
  worker?: Worker;
  extensionId?: string;
  close(): Promise<void>;
}

export async function launchBrowser(extensionDir?: string): Promise<BenchBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'cors-doctor-bench-'));
  const args = [...QUIET_FLAGS];
  if (extensionDir) args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args,
  });
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    if (!extensionDir) return { context, close };
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    return { context, worker, extensionId: new URL(worker.url()).host, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Chromium's version string, e.g. "156.0.8078.79". */
export async function chromiumVersion(): Promise<string> {
  const b = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: QUIET_FLAGS });
  try {
    return b.version();
  } finally {
    await b.close();
  }
}
