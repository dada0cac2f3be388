// Issue 14 item 3: the request-scoped pairing state the worker writes to storage.session (`p:t<tab>`)
// held the raw Authorization, Cookie and Set-Cookie of requests in flight. It is masked before it is
// written, and what the engine reads of those headers after a worker restart (presence, scheme,
// cookie names) still gives the same diagnosis.
import { describe, expect, it } from 'vitest';
import { CapturePipeline } from '../../src/background/capture-pipeline';
import type { SessionStorageLike } from '../../src/background/session-persistence';
import type { RequestEvent } from '../../src/core/pairing';
import { redactPairingForStorage } from '../../src/core/storage-redaction';
import type { CapturedFailure } from '../../src/shared/messages';
import { fixtureEvents } from '../helpers/fixtures';

const BEARER = 'tok_pairing_9f8e7d6c5b4a';
const COOKIE = 'sess-0a1b2c3d4e5f';
const SET_COOKIE = 'fresh-9z8y7x6w5v';
const SHORT = 'Zq9'; // shorter than any hunted secret: masked where it stands
const CODE = 'c0de-in-location';

function memoryStorage(initial: Record<string, unknown> = {}): SessionStorageLike & { data: Record<string, unknown>; writes: string[] } {
  const data: Record<string, unknown> = structuredClone(initial);
  const writes: string[] = [];
  return {
    data,
    writes,
    async get() {
      return structuredClone(data);
    },
    async set(items) {
      writes.push(JSON.stringify(items));
      Object.assign(data, structuredClone(items));
    },
    async remove(keys) {
      for (const k of [keys].flat()) delete data[k];
    },
  };
}

function store(storage: SessionStorageLike, added: CapturedFailure[]): CapturePipeline {
  return new CapturePipeline({ storage, setBadge: () => {}, onSnapshot: () => {}, onAdded: (f) => added.push(f), onError: (e) => { throw e; } });
}

/** response-missing-acao (Chromium 156) with credentials on the actual PUT and a Set-Cookie + Location on its response. */
function eventsWithSecrets(): RequestEvent[] {
  return fixtureEvents('response-missing-acao', { tabId: 7 }).map((e) => {
    if (e.method !== 'PUT') return e;
    if (e.requestHeaders)
      return { ...e, requestHeaders: [...e.requestHeaders, ['Authorization', `Bearer ${BEARER}`], ['Cookie', `sid=${COOKIE}; short=${SHORT}`], ['X-CSRFToken', SHORT]] };
    if (e.responseHeaders)
      return { ...e, responseHeaders: [...e.responseHeaders, ['Set-Cookie', `sid=${SET_COOKIE}; Path=/; HttpOnly`], ['Content-Location', `http://api.test/cb?code=${CODE}`]] };
    return e;
  });
}

const SECRETS = [BEARER, COOKIE, SET_COOKIE, CODE, `short=${SHORT}`, `"${SHORT}"`];

describe('pairing state in storage.session', () => {
  it('holds no credential in clear while a request is in flight; after a restart the diagnosis is the same', async () => {
    const events = eventsWithSecrets();
    const cut = events.findIndex((e) => e.method === 'PUT' && e.event === 'errorOccurred');
    const storage = memoryStorage();
    const before: CapturedFailure[] = [];
    const first = store(storage, before);
    for (const ev of events.slice(0, cut)) void first.handleRequestEvent(ev);
    await first.whenIdle();

    const pairing = Object.entries(storage.data).filter(([k]) => k.startsWith('p:'));
    expect(pairing.length).toBeGreaterThan(0);
    const written = JSON.stringify(pairing);
    // The in-flight PUT is there, its headers present and masked, shape kept.
    expect(written).toContain('Bearer ••••(');
    expect(written).toContain('sid=••••(');
    for (const s of SECRETS) expect(written, s).not.toContain(s);
    for (const w of storage.writes) for (const s of SECRETS) expect(w, s).not.toContain(s);

    // The worker dies here; a new one restores the masked state and sees the request end.
    const after: CapturedFailure[] = [];
    const second = store(storage, after);
    for (const ev of events.slice(cut)) void second.handleRequestEvent(ev);
    await second.whenIdle();

    // The same capture without a restart, for comparison.
    const control: CapturedFailure[] = [];
    const whole = store(memoryStorage(), control);
    for (const ev of events) void whole.handleRequestEvent(ev);
    await whole.whenIdle();

    expect(after).toHaveLength(1);
    expect(control).toHaveLength(1);
    const a = after[0]!;
    const c = control[0]!;
    expect(a.exchange.request.credentials).toBe('include');
    expect(a.diagnosis.verdict).toBe(c.diagnosis.verdict);
    expect(a.diagnosis.checks).toEqual(c.diagnosis.checks);
    expect(a.diagnosis.credentials).toEqual(c.diagnosis.credentials);
    expect(a.diagnosis.whyPreflight).toEqual(c.diagnosis.whyPreflight);
    expect(a.exchange.request.headers).toEqual(c.exchange.request.headers);
  });

  it('leaves the in-memory state alone (the reducer keeps working on raw values)', () => {
    const tab = { inflight: { r1: { url: 'http://api.test/x?token=abcdef', requestHeaders: [['Cookie', 'a=secretvalue']], redirects: [{ url: 'u', headers: [['Set-Cookie', 'b=other-secret']] }] } }, ended: [], waiting: [] };
    const copy = structuredClone(tab);
    const masked = redactPairingForStorage(tab);
    expect(tab).toEqual(copy);
    expect(JSON.stringify(masked)).not.toMatch(/secretvalue|other-secret/);
    // URLs stay: pairing matches a preflight to its request by URL after a restart.
    expect(masked.inflight.r1.url).toBe('http://api.test/x?token=abcdef');
  });
});
