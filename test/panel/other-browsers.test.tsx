import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { diagnose } from '../../src/core/diagnose';
import type { CapturedFailure } from '../../src/shared/messages';
import { capturedFailures } from '../helpers/captured';
import { fakeEnvironment, renderPanel, rows } from './panel-harness';

// The console block speaks for the browser the exchange came from; "Other browsers" says where the
// other engine would report or decide differently (diagnosis.browserDifferences).
let chromium: CapturedFailure; // header-not-allowed, as recorded in Chromium 156
let firefox: CapturedFailure; // the same exchange, diagnosed as Firefox's
beforeAll(async () => {
  chromium = (await capturedFailures(['header-not-allowed']))[0]!;
  const exchange = { ...chromium.exchange, browser: 'firefox' as const };
  firefox = { ...chromium, id: 'ff-1', exchange, diagnosis: diagnose(exchange) };
});
afterEach(cleanup);

async function open(failure: CapturedFailure, env = fakeEnvironment()) {
  renderPanel({ failures: [failure], env });
  await screen.findByText('1 CORS failure');
  fireEvent.click(rows()[0]!);
  await screen.findByTestId('detail');
  return env;
}

describe('console messages by browser', () => {
  it('a Chromium exchange: one line, labelled Chromium', async () => {
    await open(chromium);
    expect(chromium.diagnosis.browserMessages).toEqual([chromium.diagnosis.browserMessage]);
    expect(screen.getByText("Chromium's console message")).toBeTruthy();
    expect(screen.getByTestId('console-message').textContent).toBe(chromium.diagnosis.browserMessage);
    expect(screen.queryAllByTestId('console-message-more')).toHaveLength(0);
  });

  it("a Firefox exchange: every line Firefox prints, labelled Firefox's, copied together", async () => {
    const lines = firefox.diagnosis.browserMessages!;
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/^Cross-Origin Request Blocked: /);
    const env = await open(firefox);
    expect(screen.getByText(`Firefox's console messages (${lines.length} lines)`)).toBeTruthy();
    expect(screen.queryByText(/Chromium's console message/)).toBeNull();
    expect([screen.getByTestId('console-message'), ...screen.getAllByTestId('console-message-more')].map((p) => p.textContent)).toEqual(lines);
    fireEvent.click(screen.getByRole('button', { name: 'Copy console messages' }));
    await waitFor(() => expect(env.copied).toEqual([lines.join('\n')]));
  });

  it('a failure stored before browserMessages existed still shows its line', async () => {
    const { browserMessages: _, ...old } = chromium.diagnosis;
    await open({ ...chromium, diagnosis: old });
    expect(screen.getByTestId('console-message').textContent).toBe(chromium.diagnosis.browserMessage);
  });
});

describe('Other browsers', () => {
  it.each([
    ['Chromium', () => chromium, /^Firefox 153 would print: "Cross-Origin Request Blocked/],
    ['Firefox', () => firefox, /^Chromium 156 would print: "Access to fetch at/],
  ] as const)('%s exchange: what the other engine would say', async (_name, failure, first) => {
    const f = failure();
    const differences = f.diagnosis.browserDifferences!;
    expect(differences.length).toBeGreaterThan(0);
    expect(differences[0]).toMatch(first);
    await open(f);
    const section = screen.getByRole('region', { name: 'Other browsers' });
    expect(within(section).getAllByRole('listitem').map((li) => li.textContent)).toEqual(differences.map((d) => d.replace(/`/g, '')));
  });

  it('is absent when there are no differences', async () => {
    await open({ ...chromium, diagnosis: { ...chromium.diagnosis, browserDifferences: [] } });
    expect(screen.queryByRole('region', { name: 'Other browsers' })).toBeNull();
  });
});
