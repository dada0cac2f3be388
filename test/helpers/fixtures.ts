import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { toRequestEvent, type WebRequestDetails } from '../../src/background/event-record';
import type { EventKind, RequestEvent } from '../../src/core/pairing';

const DIR = resolve(import.meta.dirname, '../fixtures/webrequest/chromium');

export interface RecordedFixture {
  scenario: string;
  chromiumError: string | null;
  expect: 'blocked' | 'allowed' | 'network-error';
  events: Array<WebRequestDetails & { event: EventKind }>;
}

export function loadFixture(scenario: string): RecordedFixture {
  return JSON.parse(readFileSync(resolve(DIR, `${scenario}.json`), 'utf8'));
}

/** The fixture's events as the worker's edge translates them, optionally moved to another tab / request-id space. */
export function fixtureEvents(scenario: string, opts: { tabId?: number; idPrefix?: string } = {}): RequestEvent[] {
  return loadFixture(scenario)
    .events.map(({ event, ...d }) => toRequestEvent(event, { ...d, ...(opts.tabId !== undefined ? { tabId: opts.tabId } : {}), ...(opts.idPrefix ? { requestId: `${opts.idPrefix}${String(d.requestId)}` } : {}) }))
    .filter((e): e is RequestEvent => e !== null);
}
