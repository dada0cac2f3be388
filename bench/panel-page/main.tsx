// The panel's App in a plain page, driven by bench/panel.ts: the store is the real port store
// (createPortStore, message validation included) on a fake port, fed one snapshot of N failures
// as the worker would send it after hello. Timings are taken in the page (performance.now()).
import { render } from 'preact';
import { App } from '../../src/panel/App';
import { EnvironmentContext, type PanelEnvironment } from '../../src/panel/environment';
import { createPortStore, type PanelPort } from '../../src/panel/store';
import { StoreContext } from '../../src/panel/store-context';
import '../../src/panel/panel.css';
import { PROTOCOL_VERSION, parseWorkerMessage, type CapturedFailure, type PanelMessage } from '../../src/shared/messages';

const TAB_ID = 42;

// Every field a current PanelEnvironment may have; the panel never calls most of them here.
const env = {
  copyText: async () => undefined,
  download: () => undefined,
  loadStack: async () => null,
  saveStack: () => undefined,
  popOutUrl: null,
  inDevTools: false,
  browser: () => ({ name: 'Chromium', version: navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '' }),
  extensionVersion: '0.1.0',
  now: () => new Date(),
} as unknown as PanelEnvironment;

/** Every microtask (Preact renders in one) and one task have run; then layout is forced. */
function settled(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      void document.body.offsetHeight;
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/** The next frame has been produced: requestAnimationFrame, then a task after it. */
const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));

let failures: CapturedFailure[] = [];

async function load(url: string): Promise<number> {
  failures = (await (await fetch(url)).json()) as CapturedFailure[];
  return failures.length;
}

function snapshotMessage() {
  // A fresh structured clone per use, like a message off a real port.
  return structuredClone({ type: 'snapshot', protocolVersion: PROTOCOL_VERSION, snapshot: { tabId: TAB_ID, failures, dropped: 0, preserveLog: false } });
}

/** Mount the panel, receive the snapshot, show rows: the panel opening on a full log. */
async function firstRender(): Promise<{ validateMs: number; workMs: number; frameMs: number; rows: number }> {
  const message = snapshotMessage();
  const probe = snapshotMessage();
  const v0 = performance.now();
  parseWorkerMessage(probe);
  const validateMs = performance.now() - v0;

  let deliver: (m: unknown) => void = () => undefined;
  const port: PanelPort = {
    postMessage: (_m: PanelMessage) => undefined,
    onMessage: { addListener: (cb) => void (deliver = cb) },
    onDisconnect: { addListener: () => undefined },
    disconnect: () => undefined,
  };
  const root = document.getElementById('app')!;
  const t0 = performance.now();
  const store = createPortStore({ tabId: TAB_ID, connect: () => port });
  render(
    <EnvironmentContext.Provider value={env}>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </EnvironmentContext.Provider>,
    root,
  );
  deliver(message);
  await settled();
  const workMs = performance.now() - t0;
  await nextFrame();
  const frameMs = performance.now() - t0;
  return { validateMs, workMs, frameMs, rows: root.querySelectorAll('[role="row"].failure').length };
}

interface Keystroke {
  key: string;
  /** keydown to the render's microtasks done and layout forced, in the same task (no wait for a frame). */
  taskMs: number;
  workMs: number;
  frameMs: number;
  rows: number;
  status: string;
}
const keystrokes: Keystroke[] = [];

// Capture phase on window: the keydown's own timestamp starts the clock, before any handler.
addEventListener(
  'keydown',
  (e) => {
    const start = e.timeStamp;
    const key = e.key;
    const once = () => {
      removeEventListener('input', once);
      // Bubbling on window: after Preact's onInput handler has queued its render (a microtask),
      // so this microtask runs once the render is done; forcing layout then ends the keystroke's
      // own work. The task hop below can wait for a frame (Chromium runs the frame first).
      let taskMs = 0;
      queueMicrotask(() => {
        void document.body.offsetHeight;
        taskMs = performance.now() - start;
      });
      void settled().then(async () => {
        const workMs = performance.now() - start;
        await nextFrame();
        const frameMs = performance.now() - start;
        const status = document.querySelector('.status, [role="status"]')?.textContent ?? '';
        keystrokes.push({ key, taskMs, workMs, frameMs, rows: document.querySelectorAll('[role="row"].failure').length, status });
      });
    };
    addEventListener('input', once);
  },
  true,
);

Object.assign(window, { bench: { load, firstRender, keystrokes } });
