// The detail view's code and the report code are loaded on first use (src/panel/lazy.ts): the
// detail pane says "Loading…" until its code arrives, then shows the detail; later opens render it
// at once; an export pressed before the report code arrived runs when it has. Each test starts from
// a fresh module graph (vi.resetModules), so nothing is loaded yet whatever ran before.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { exportReport } from '../../src/core/report/index';
import { localIsoTime } from '../../src/panel/report-environment';
import type { CapturedFailure } from '../../src/shared/messages';
import { capturedFailures } from '../helpers/captured';
import { fakeEnvironment } from './panel-harness';

let failure: CapturedFailure;
beforeAll(async () => {
  failure = (await capturedFailures(['preflight-405']))[0]!;
});
afterEach(() => {
  cleanup();
  vi.doUnmock('../../src/panel/DetailView');
});

async function fresh() {
  vi.resetModules();
  const { LazyDetailView } = await import('../../src/panel/LazyDetailView');
  const lazy = await import('../../src/panel/lazy');
  const closed: number[] = [];
  const view = () => <LazyDetailView failure={failure} rememberedStack={null} onPickStack={() => {}} onClose={() => closed.push(1)} />;
  return { view, lazy, closed };
}

describe('the lazily loaded detail view', () => {
  it('says "Loading…" in the detail pane until its code arrives, then shows the detail; a later open shows it at once', async () => {
    const { view, lazy } = await fresh();
    expect(lazy.detailChunk.now()).toBeNull();
    render(view());
    // import() never resolves synchronously: the placeholder is there right after the first render.
    const loading = screen.getByTestId('detail-loading');
    expect(loading.textContent).toBe('Loading…');
    expect(loading.getAttribute('aria-busy')).toBe('true');
    expect(loading.classList.contains('detail')).toBe(true); // laid out as the detail pane
    expect(screen.queryByTestId('detail')).toBeNull();

    expect((await screen.findByTestId('verdict')).textContent).toBe(failure.diagnosis.summary.replace(/`/g, ''));
    expect(screen.queryByTestId('detail-loading')).toBeNull();
    cleanup();

    render(view());
    expect(screen.getByTestId('detail')).toBeTruthy();
    expect(screen.queryByTestId('detail-loading')).toBeNull();
  });

  it('Escape on the placeholder closes the pane, like on the detail', async () => {
    const { view, closed } = await fresh();
    render(view());
    fireEvent.keyDown(screen.getByTestId('detail-loading'), { key: 'Escape' });
    expect(closed).toEqual([1]);
    await screen.findByTestId('detail'); // let the load finish inside this test
  });

  it('says so when the code cannot be loaded, and Retry loads it again', async () => {
    vi.doMock('../../src/panel/DetailView', () => {
      throw new Error('chunk missing');
    });
    const { view } = await fresh();
    render(view());
    const alert = await screen.findByRole('alert');
    // The message in brackets is vitest's wrapping of "chunk missing".
    expect(alert.textContent).toMatch(/^The details could not be loaded \(.+\)\. Retry$/);
    expect(screen.getByTestId('detail-loading').getAttribute('aria-busy')).toBe('false');

    vi.doUnmock('../../src/panel/DetailView');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('detail')).toBeTruthy();
  });
});

describe('preloadWhenIdle', () => {
  it('warms the detail view and the export code in an idle callback, and can be cancelled', async () => {
    const { lazy } = await fresh();
    const callbacks: Array<() => void> = [];
    const cancelled: number[] = [];
    const win = {
      requestIdleCallback: (cb: () => void) => callbacks.push(cb),
      cancelIdleCallback: (h: number) => void cancelled.push(h),
    } as unknown as Window;

    const cancel = lazy.preloadWhenIdle(win);
    expect(callbacks).toHaveLength(1);
    expect(lazy.detailChunk.now()).toBeNull(); // nothing before the browser is idle
    expect(lazy.exportChunk.now()).toBeNull();
    callbacks[0]!();
    await Promise.all([lazy.detailChunk.load(), lazy.exportChunk.load()]);
    expect(typeof lazy.detailChunk.now()?.DetailView).toBe('function');
    expect(typeof lazy.exportChunk.now()?.reportFile).toBe('function');

    cancel();
    expect(cancelled).toEqual([1]);
  });
});

describe('Export pressed before the report code arrived', () => {
  it('closes the menu at once, then downloads exactly the same file and says so', async () => {
    vi.resetModules();
    const { ExportMenu } = await import('../../src/panel/ExportMenu');
    const { EnvironmentContext } = await import('../../src/panel/environment');
    const lazy = await import('../../src/panel/lazy');
    const env = fakeEnvironment();
    render(
      <EnvironmentContext.Provider value={env}>
        <ExportMenu inputs={() => [failure]} stack={null} title="Export this failure" />
      </EnvironmentContext.Provider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(lazy.exportChunk.now()).toBeNull(); // opening the menu started the load; it has not arrived
    fireEvent.click(screen.getByRole('button', { name: 'JSON' }));
    expect(screen.queryByRole('group')).toBeNull();
    expect(env.downloads).toEqual([]);

    await waitFor(() => expect(env.downloads).toHaveLength(1));
    const reportEnv = { generatedAt: localIsoTime(env.now()), tool: { name: 'extension' as const, version: '0.1.0' }, browser: env.browser() };
    expect(env.downloads[0]).toEqual(exportReport('json', [failure], reportEnv));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`Saved ${env.downloads[0]!.fileName}`));
  });
});
