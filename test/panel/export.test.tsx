import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { buildReport, exportReport, renderMarkdown } from '../../src/core/report/index';
import { localIsoTime } from '../../src/panel/report-environment';
import { curlScript } from '../../src/panel/ReproduceView';
import type { CapturedFailure } from '../../src/shared/messages';
import { capturedFailures } from '../helpers/captured';
import { failuresWithSecrets, SECRET_VALUES } from '../helpers/report-inputs';
import { fakeEnvironment, renderPanel, rows, type FakeEnvironment } from './panel-harness';

let three: CapturedFailure[]; // preflight-405 (Server: nginx), header-not-allowed, response-missing-acao
let secret: CapturedFailure[]; // every secret of SECRETS, in headers, cookies, URL and query
let simple: CapturedFailure; // simple-missing-acao: no preflight
beforeAll(async () => {
  three = await capturedFailures(['preflight-405', 'header-not-allowed', 'response-missing-acao']);
  simple = (await capturedFailures(['simple-missing-acao']))[0]!;
  secret = (await failuresWithSecrets()) as CapturedFailure[];
});
afterEach(cleanup);

const NOW = new Date(2026, 4, 1, 12, 34, 56);
const env = (over: Parameters<typeof fakeEnvironment>[0] = {}) => fakeEnvironment({ now: () => NOW, ...over });
const reportEnv = { generatedAt: localIsoTime(NOW), tool: { name: 'extension' as const, version: '0.1.0' }, browser: { name: 'Chromium', version: '156.0.7523.0' } };

const toolbar = () => screen.getByRole('toolbar', { name: 'CORS Doctor' });
const detail = () => screen.getByTestId('detail');

async function openToolbarExport(failures: CapturedFailure[], e = env()) {
  const r = renderPanel({ failures, env: e });
  await screen.findByText(`${failures.length} CORS failure${failures.length > 1 ? 's' : ''}`);
  fireEvent.click(within(toolbar()).getByRole('button', { name: 'Export' }));
  return r;
}

async function openDetailExport(failures: CapturedFailure[], index = 0, e = env()) {
  const r = renderPanel({ failures, env: e });
  await screen.findByText(`${failures.length} CORS failure${failures.length > 1 ? 's' : ''}`);
  fireEvent.click(rows()[index]!);
  await screen.findByTestId('detail');
  fireEvent.click(within(detail()).getByRole('button', { name: 'Export' }));
  return r;
}

/** The n-th download (from 1); waits for it: the report code is loaded on first use (src/panel/lazy.ts). */
async function download(e: FakeEnvironment, n: number) {
  await waitFor(() => expect(e.downloads.length).toBeGreaterThanOrEqual(n));
  return e.downloads[n - 1]!;
}

describe('Export in the toolbar: every failure in the tab', () => {
  it('is a disclosure revealing Markdown, JSON and HTML; disabled with nothing to export', async () => {
    renderPanel({ failures: [], env: env() });
    await screen.findByText(/watches tab/);
    const button = within(toolbar()).getByRole('button', { name: 'Export' });
    expect(button.hasAttribute('disabled')).toBe(true);
    cleanup();

    await openToolbarExport(three);
    const open = within(toolbar()).getByRole('button', { name: 'Export' });
    expect(open.getAttribute('aria-expanded')).toBe('true');
    const group = screen.getByRole('group', { name: 'Export all 3 failures in this tab' });
    expect(open.getAttribute('aria-controls')).toBe(group.id);
    for (const name of ['Markdown', 'JSON', 'HTML', 'Copy as Markdown']) expect(within(group).getByRole('button', { name })).toBeTruthy();
    expect(document.activeElement).toBe(within(group).getByRole('button', { name: 'Markdown' }));
  });

  it.each([
    ['Markdown', 'md', 'text/markdown;charset=utf-8'],
    ['JSON', 'json', 'application/json;charset=utf-8'],
    ['HTML', 'html', 'text/html;charset=utf-8'],
  ] as const)('%s downloads exactly what exportReport makes of every failure, even filtered out ones', async (label, fmt, mime) => {
    const e = env({ remembered: 'django' });
    renderPanel({ failures: three, env: e });
    await screen.findByText('3 CORS failures');
    fireEvent.input(screen.getByRole('searchbox', { name: 'Filter' }), { target: { value: 'preflight-405' } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 0)); // the remembered stack is read asynchronously
    fireEvent.click(within(toolbar()).getByRole('button', { name: 'Export' }));
    fireEvent.click(screen.getByRole('button', { name: label }));
    // One export: the menu closes at once, and says what it saved.
    expect(screen.queryByRole('group', { name: /Export all/ })).toBeNull();
    const file = await download(e, 1);
    expect(file).toEqual(exportReport(fmt, three, reportEnv, { stack: 'django' }));
    expect(file.mimeType).toBe(mime);
    expect(file.fileName).toBe(`cors-doctor-api.test-20260501-123456.${fmt}`);
    await waitFor(() => expect(within(toolbar()).getByRole('status').textContent).toBe(`Saved ${file.fileName}`));
    expect(e.downloads).toHaveLength(1);
  });

  it('the report names the environment: browser, extension version, local time', async () => {
    const e = await openToolbarExport(three.slice(0, 1));
    fireEvent.click(screen.getByRole('button', { name: 'JSON' }));
    const file = await download(e.env, 1);
    const report = JSON.parse(file.content);
    expect(report.environment).toEqual(reportEnv);
    expect(report.schema).toBe('cors-doctor/report@2');
    expect(report.failures).toHaveLength(1);
    expect(file.fileName).toMatch(/^cors-doctor-api\.test-20260501-123456\.json$/);
  });

  it('Copy as Markdown puts the report on the clipboard', async () => {
    const { env: e } = await openToolbarExport(three);
    fireEvent.click(screen.getByRole('button', { name: 'Copy as Markdown' }));
    await waitFor(() => expect(e.copied).toEqual([renderMarkdown(buildReport(three, reportEnv))]));
    expect(await within(toolbar()).findByText('Copied as Markdown')).toBeTruthy();
    expect(e.downloads).toEqual([]);
  });

  it('says so when the clipboard refuses', async () => {
    await openToolbarExport(three, env({ copyText: () => Promise.reject(new Error('denied')) }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy as Markdown' }));
    await waitFor(() => expect(within(toolbar()).getByRole('status').textContent).toMatch(/^Copy failed/));
  });

  it('Escape and a click outside close it; focus returns to Export on Escape', async () => {
    await openToolbarExport(three);
    const group = screen.getByRole('group');
    fireEvent.keyDown(within(group).getByRole('button', { name: 'JSON' }), { key: 'Escape' });
    expect(screen.queryByRole('group')).toBeNull();
    const button = within(toolbar()).getByRole('button', { name: 'Export' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
    fireEvent.click(button);
    expect(screen.getByRole('group')).toBeTruthy();
    fireEvent.keyDown(button, { key: 'Escape' });
    expect(screen.queryByRole('group')).toBeNull();
    fireEvent.click(button);
    expect(screen.getByRole('group')).toBeTruthy();
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('group')).toBeNull();
  });
});

describe('Secrets: always redacted in the extension', () => {
  it('redacts by default: no secret in any format', async () => {
    const { env: e } = await openToolbarExport(secret);
    for (const label of ['JSON', 'HTML']) {
      fireEvent.click(screen.getByRole('button', { name: label }));
      fireEvent.click(within(toolbar()).getByRole('button', { name: 'Export' }));
    }
    fireEvent.click(screen.getByRole('button', { name: 'Markdown' }));
    await download(e, 3);
    expect(e.downloads).toHaveLength(3);
    for (const file of e.downloads) for (const s of SECRET_VALUES) expect(file.content).not.toContain(s);
    expect(JSON.parse(e.downloads[0]!.content).redacted).toBe(true);
  });

  // The worker masked the secrets when it captured them: a toggle claiming to include them would
  // export the same masked values under a "This report includes secrets" banner (issue 14).
  it('offers no "Include secrets" toggle and says why', async () => {
    await openToolbarExport(secret);
    expect(within(screen.getByRole('group')).queryByRole('checkbox')).toBeNull();
    expect(screen.queryByText(/Include secrets/i)).toBeNull();
    expect(screen.getByText(/are redacted: they were masked when captured/)).toBeTruthy();
  });

  it('Copy as Markdown is the redacted report', async () => {
    const { env: e } = await openToolbarExport(secret);
    fireEvent.click(screen.getByRole('button', { name: 'Copy as Markdown' }));
    await waitFor(() => expect(e.copied).toHaveLength(1));
    expect(e.copied[0]).toBe(renderMarkdown(buildReport(secret, reportEnv)));
    expect(e.copied[0]).not.toContain('This report includes secrets');
  });
});

describe('Export in the detail view: one failure', () => {
  it('exports the selected failure only, named after its host', async () => {
    const { env: e } = await openDetailExport(three, 1);
    expect(screen.getByRole('group', { name: 'Export this failure' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Markdown' }));
    const file = await download(e, 1);
    expect(file).toEqual(exportReport('md', [three[1]!], reportEnv));
    expect(file.fileName).toBe('cors-doctor-api.test-20260501-123456.md');
  });

  it('Escape in the menu closes the menu, not the detail view', async () => {
    await openDetailExport(three);
    fireEvent.keyDown(screen.getByRole('button', { name: 'HTML' }), { key: 'Escape' });
    expect(screen.queryByRole('group')).toBeNull();
    expect(screen.getByTestId('detail')).toBeTruthy();
  });

  it('the detected stack is left to the report (source "detected"); a picked one is passed (source "selected")', async () => {
    const { env: e } = await openDetailExport(three, 0); // preflight-405: Server: nginx
    expect((screen.getByRole('combobox', { name: 'Server stack' }) as HTMLSelectElement).value).toBe('nginx');
    fireEvent.click(screen.getByRole('button', { name: 'JSON' }));
    let fix = JSON.parse((await download(e, 1)).content).failures[0].fix;
    expect([fix.source, fix.fix.stack]).toEqual(['detected', 'nginx']);

    fireEvent.change(screen.getByRole('combobox', { name: 'Server stack' }), { target: { value: 'express' } });
    await waitFor(() => expect(document.querySelector('.fix')!.getAttribute('data-stack')).toBe('express'));
    fireEvent.click(within(detail()).getByRole('button', { name: 'Export' }));
    fireEvent.click(screen.getByRole('button', { name: 'JSON' }));
    const second = await download(e, 2);
    fix = JSON.parse(second.content).failures[0].fix;
    expect([fix.source, fix.fix.stack]).toEqual(['selected', 'express']);
    expect(second.content).toBe(exportReport('json', [three[0]!], reportEnv, { stack: 'express' }).content);
  });

  it('the remembered stack shown when nothing is detected is the exported one', async () => {
    const { env: e } = await openDetailExport(three.slice(1, 2), 0, env({ remembered: 'flask' }));
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'Server stack' }) as HTMLSelectElement).value).toBe('flask'));
    fireEvent.click(screen.getByRole('button', { name: 'Markdown' }));
    expect((await download(e, 1)).content).toContain('#### Server fix: Flask (Flask-CORS) (selected stack)');
  });
});

describe('Copy as cURL and the Reproduce section', () => {
  it('copies the preflight and the request as curl, redacted, from the report module', async () => {
    const e = env();
    renderPanel({ failures: secret, env: e });
    await screen.findByText('2 CORS failures');
    fireEvent.click(rows()[1]!); // preflight-401-auth: a token in the query
    await screen.findByTestId('detail');
    const reproduce = buildReport([secret[1]!], reportEnv).failures[0]!.reproduce;
    fireEvent.click(within(detail()).getByRole('button', { name: 'Copy as cURL' }));
    await waitFor(() => expect(e.copied).toHaveLength(1));
    const script = e.copied[0]!;
    expect(script).toBe(curlScript(reproduce));
    expect(script).toContain(reproduce.preflightCurl!);
    expect(script).toContain(reproduce.requestCurl);
    expect(script).toMatch(/^# The preflight, as the browser sent it\ncurl -i -X OPTIONS '/);
    for (const s of SECRET_VALUES) expect(script).not.toContain(s);
    expect(await within(detail()).findByRole('button', { name: 'Copy as cURL' })).toHaveProperty('textContent', 'Copied');
  });

  it('shows each command with its own Copy, and the fetch() snippet', async () => {
    const e = env();
    renderPanel({ failures: [three[1]!], env: e });
    await screen.findByText('1 CORS failure');
    fireEvent.click(rows()[0]!);
    await screen.findByTestId('detail');
    const reproduce = buildReport([three[1]!], reportEnv).failures[0]!.reproduce;
    const section = screen.getByRole('region', { name: 'Reproduce' });
    expect(within(section).getByTestId('repro-preflight').textContent).toBe(reproduce.preflightCurl);
    expect(within(section).getByTestId('repro-request').textContent).toBe(reproduce.requestCurl);
    expect(within(section).getByTestId('repro-fetch').textContent).toBe(reproduce.fetch);
    // header-not-allowed: the request was never sent, so the curl says what it could not know.
    expect(section.textContent).toContain(reproduce.requestCurlNote!);
    fireEvent.click(within(section).getByRole('button', { name: 'Copy fetch() snippet' }));
    fireEvent.click(within(section).getByRole('button', { name: 'Copy preflight as cURL' }));
    fireEvent.click(within(section).getByRole('button', { name: 'Copy request as cURL' }));
    await waitFor(() => expect(e.copied).toEqual([reproduce.fetch, reproduce.preflightCurl, reproduce.requestCurl]));
  });

  it('a simple request has no preflight command', async () => {
    renderPanel({ failures: [simple], env: env() });
    await screen.findByText('1 CORS failure');
    fireEvent.click(rows()[0]!);
    await screen.findByTestId('detail');
    const reproduce = buildReport([simple], reportEnv).failures[0]!.reproduce;
    expect(reproduce.preflightCurl).toBeNull();
    expect(screen.queryByTestId('repro-preflight')).toBeNull();
    expect(curlScript(reproduce)).toMatch(/^# The request\n/);
  });
});

describe('localIsoTime', () => {
  it('writes the wall clock with its offset, so the file name carries local digits', () => {
    const d = new Date(2026, 0, 2, 3, 4, 5, 6);
    const iso = localIsoTime(d);
    expect(iso).toMatch(/^2026-01-02T03:04:05\.006[+-]\d{2}:\d{2}$/);
    expect(new Date(iso).getTime()).toBe(d.getTime());
  });
});
