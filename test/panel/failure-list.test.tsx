import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { PROTOCOL_VERSION, type CapturedFailure } from '../../src/shared/messages';
import { ROW_HEIGHT, rowDomId } from '../../src/panel/FailureList';
import { capturedFailures } from '../helpers/captured';
import { grid, renderPanel, rows } from './panel-harness';

let real: CapturedFailure[] = [];
beforeAll(async () => {
  real = await capturedFailures(['preflight-404', 'method-not-allowed', 'response-missing-acao', 'header-not-allowed', 'dead-port']);
});
afterEach(cleanup);

/** n distinct failures cycling through the recorded ones. */
function many(n: number): CapturedFailure[] {
  return Array.from({ length: n }, (_, i) => {
    const f = real[i % real.length]!;
    return { ...f, id: `m-${i}`, seq: i, exchange: { ...f.exchange, request: { ...f.exchange.request, url: `${f.exchange.request.url}&i=${i}` } } };
  });
}

const paths = () => rows().map((r) => r.querySelector('.path')!.textContent);
const type = (text: string) => fireEvent.input(screen.getByRole('searchbox', { name: 'Filter' }), { target: { value: text } });

describe('the failure list', () => {
  it('shows method, origin and emphasized path, preflight outcome, the failing check in words, and time', async () => {
    renderPanel({ failures: real });
    await screen.findByText('5 CORS failures');
    const [pf404, , , , dead] = rows();
    expect(pf404!.querySelector('.url .origin')!.textContent).toBe('http://api.test');
    expect(pf404!.querySelector('.url strong')!.textContent).toBe('/s/preflight-404?n=NONCE');
    expect(pf404!.querySelector('.time')!.textContent).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(dead!.querySelector('.preflight')!.textContent).toBe('none');
    expect(dead!.querySelector('.code')!.textContent).toBe('Network error');
    expect(rows()[2]!.querySelector('.preflight')!.textContent).toBe('204'); // response-missing-acao: preflight passed
  });

  it.each<[string, string[]]>([
    ['missing-acao', ['/s/response-missing-acao?n=NONCE']],
    ['DELETE', ['/s/method-not-allowed?n=NONCE']],
    ['headerdisallowed', ['/s/preflight-404?n=NONCE', '/s/header-not-allowed?n=NONCE']],
    ['preflight-404 put', ['/s/preflight-404?n=NONCE']],
    ['-api.test', ['/s/dead-port?n=NONCE']],
    ['404', ['/s/preflight-404?n=NONCE']],
  ])('filters on URL, method and check code: %s', async (text, expected) => {
    renderPanel({ failures: real });
    await screen.findByText('5 CORS failures');
    type(text);
    await screen.findByTestId('shown-count');
    expect(paths()).toEqual(expected);
  });

  it('says when nothing matches and clears the filter on request', async () => {
    renderPanel({ failures: real });
    await screen.findByText('5 CORS failures');
    type('no-such-thing');
    fireEvent.click(await screen.findByRole('button', { name: 'Clear filter' }));
    expect(await screen.findAllByRole('row')).toHaveLength(6);
  });

  it('"Preflight failures only" keeps what the badge counts', async () => {
    renderPanel({ failures: real });
    await screen.findByText('5 CORS failures');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Preflight failures only' }));
    await screen.findByText('3 shown');
    expect(paths()).toEqual(['/s/preflight-404?n=NONCE', '/s/method-not-allowed?n=NONCE', '/s/header-not-allowed?n=NONCE']);
  });

  it('moves with up/down, opens with Enter, closes with Esc, and keeps focus on the list', async () => {
    renderPanel({ failures: real });
    await screen.findByText('5 CORS failures');
    const g = grid();
    g.focus();
    fireEvent.keyDown(g, { key: 'ArrowDown' });
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
    expect(g.getAttribute('aria-activedescendant')).toBe(rows()[0]!.id);
    fireEvent.keyDown(g, { key: 'ArrowDown' });
    fireEvent.keyDown(g, { key: 'ArrowDown' });
    fireEvent.keyDown(g, { key: 'ArrowUp' });
    expect(rows()[1]!.getAttribute('aria-selected')).toBe('true');
    expect(screen.queryByTestId('detail')).toBeNull();
    fireEvent.keyDown(g, { key: 'Enter' });
    const detail = await screen.findByTestId('detail');
    expect(detail.textContent).toContain('/s/method-not-allowed');
    // With the detail open, up/down walk the log and the detail follows.
    fireEvent.keyDown(g, { key: 'ArrowDown' });
    expect((await screen.findByTestId('verdict')).textContent).toContain('no Access-Control-Allow-Origin');
    fireEvent.keyDown(g, { key: 'End' });
    expect(rows().at(-1)!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(g, { key: 'Home' });
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(g, { key: 'ArrowUp' }); // stays at the top
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(g, { key: 'Escape' });
    expect(screen.queryByTestId('detail')).toBeNull();
    expect(document.activeElement).toBe(g);
  });

  it('Esc inside the detail closes it and returns focus to the list', async () => {
    renderPanel({ failures: real });
    await screen.findByText('5 CORS failures');
    fireEvent.click(rows()[0]!);
    const close = await screen.findByRole('button', { name: 'Close details' });
    close.focus();
    fireEvent.keyDown(close, { key: 'Escape' });
    expect(screen.queryByTestId('detail')).toBeNull();
    expect(document.activeElement).toBe(grid());
  });

  it('gives every control an accessible name', async () => {
    renderPanel({ failures: real });
    await screen.findByText('5 CORS failures');
    fireEvent.click(rows()[0]!);
    await screen.findByTestId('detail');
    const controls = [...document.querySelectorAll<HTMLElement>('button, input, select, a, [role="grid"]')];
    expect(controls.length).toBeGreaterThan(8);
    for (const el of controls) {
      const labelled =
        el.getAttribute('aria-label') ||
        (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent) ||
        el.closest('label')?.textContent?.trim() ||
        (el.tagName !== 'INPUT' && el.tagName !== 'SELECT' && el.textContent?.trim());
      expect(labelled, el.outerHTML.slice(0, 120)).toBeTruthy();
    }
  });

  it('shows a filtered list in the row elements already there', async () => {
    renderPanel({ failures: real });
    await screen.findByText('5 CORS failures');
    const before = rows();
    type('-api.test');
    await screen.findByText('1 shown');
    // The first row element now shows dead-port: nothing was recreated, and it says so.
    expect(rows()).toEqual(before.slice(0, 1));
    expect(rows()[0]!.id).toBe(rowDomId(real[4]!.id));
    expect(paths()).toEqual(['/s/dead-port?n=NONCE']);
    type('');
    await screen.findByText('5 CORS failures');
    expect(rows().slice(0, 1)).toEqual(before.slice(0, 1));
    expect(paths()).toEqual(['/s/preflight-404?n=NONCE', '/s/method-not-allowed?n=NONCE', '/s/response-missing-acao?n=NONCE', '/s/header-not-allowed?n=NONCE', '/s/dead-port?n=NONCE']);
  });

  it('does not move rows already shown when new failures arrive', async () => {
    const { worker } = renderPanel({ failures: real.slice(0, 2) });
    await screen.findByText('2 CORS failures');
    const before = rows().map((r) => [r.id, r.style.top]);
    worker.ports[0]!.push({ type: 'added', protocolVersion: PROTOCOL_VERSION, tabId: 42, failure: real[2]!, dropped: 0 });
    await screen.findByText('3 CORS failures');
    expect(rows().slice(0, 2).map((r) => [r.id, r.style.top])).toEqual(before);
    expect(rows()[2]!.style.top).toBe(`${2 * ROW_HEIGHT}px`);
  });
});

describe('10,000 failures', () => {
  it('renders only the visible rows, and scrolling brings the others in', async () => {
    const failures = many(10_000);
    renderPanel({ failures });
    await screen.findByText('10000 CORS failures');
    expect(grid().getAttribute('aria-rowcount')).toBe('10001');
    expect(rows().length).toBeLessThan(80);
    const scroller = grid().querySelector<HTMLElement>('.scroller')!;
    expect(scroller.querySelector<HTMLElement>('.spacer')!.style.height).toBe(`${10_000 * ROW_HEIGHT}px`);
    scroller.scrollTop = 5000 * ROW_HEIGHT;
    fireEvent.scroll(scroller);
    await screen.findByText(new RegExp(`&i=5000$`));
    expect(rows().length).toBeLessThan(80);
  });

  it('End jumps to the newest and keeps it rendered', async () => {
    renderPanel({ failures: many(10_000) });
    await screen.findByText('10000 CORS failures');
    const g = grid();
    g.focus();
    fireEvent.keyDown(g, { key: 'End' });
    fireEvent.scroll(g.querySelector('.scroller')!);
    const selected = await screen.findByRole('row', { selected: true });
    expect(selected.textContent).toContain('&i=9999');
  });

  it('keeps ids, row indexes and the selection right when the filter reuses the row elements', async () => {
    const failures = many(10_000);
    renderPanel({ failures });
    await screen.findByText('10000 CORS failures');
    const g = grid();
    g.focus();
    fireEvent.keyDown(g, { key: 'End' });
    type('DELETE');
    await screen.findByText('2000 shown');
    const after = rows();
    const byId = new Map(failures.map((f) => [rowDomId(f.id), f]));
    for (const r of after) {
      const f = byId.get(r.id)!;
      expect(r.querySelector('.url')!.getAttribute('title')).toBe(f.exchange.request.url);
      expect(r.querySelector('.method')!.textContent).toBe('DELETE');
      expect(Number(r.getAttribute('aria-rowindex'))).toBe(Number.parseInt(r.style.top) / ROW_HEIGHT + 2);
      expect(r.getAttribute('aria-selected')).toBe('false');
    }
    // The grid's rows are in their visual order.
    const tops = after.map((r) => Number.parseInt(r.style.top));
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    expect(g.getAttribute('aria-activedescendant')).toBeNull(); // the selected failure is filtered out
    fireEvent.keyDown(g, { key: 'Home' });
    const selected = rows().filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected).toHaveLength(1);
    expect(g.getAttribute('aria-activedescendant')).toBe(selected[0]!.id);
    expect(selected[0]!.getAttribute('aria-rowindex')).toBe('2');
  });

  it('a click opens the failure its row shows after the filter changed', async () => {
    renderPanel({ failures: many(10_000) });
    await screen.findByText('10000 CORS failures');
    type('DELETE');
    await screen.findByText('2000 shown');
    const row = rows()[3]!;
    const url = row.querySelector('.url')!.getAttribute('title')!;
    fireEvent.click(row.querySelector('.path')!);
    expect((await screen.findByTestId('detail')).textContent).toContain(url.replace(/^https?:\/\/[^/]+/, ''));
    const selected = rows().filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected.map((r) => r.querySelector('.url')!.getAttribute('title'))).toEqual([url]);
  });

  it('filters 10,000 failures', async () => {
    renderPanel({ failures: many(10_000) });
    await screen.findByText('10000 CORS failures');
    type('DELETE');
    await screen.findByText('2000 shown');
    // Timings are measured in npm run bench (real Chromium), never asserted here.
    expect(rows().every((r) => r.querySelector('.method')!.textContent === 'DELETE')).toBe(true);
  });
});
