// What the panel needs from its host besides the store: clipboard, downloads, remembered
// preferences, the pop-out address and what a report says about where it was made. main.tsx
// builds the real one from chrome.* and navigator; tests pass a fake (preact-devtools: the UI
// never touches chrome.* itself).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { StackId } from '../core/stack-ids';

export interface BrowserInfo {
  name: string;
  version: string;
}

export interface PanelEnvironment {
  /** Puts text on the clipboard; rejects when the host refuses. */
  copyText(text: string): Promise<void>;
  /** Saves a file the user asked for (a report export). */
  download(fileName: string, mimeType: string, content: string): void;
  /** The server stack the user last picked in the fix view (chrome.storage.local). */
  loadStack(): Promise<StackId | null>;
  saveStack(stack: StackId): void;
  /** Link that opens this panel in a normal tab (null when already standalone). */
  popOutUrl: string | null;
  /** Runs inside DevTools (vs standalone `panel.html?tabId=N`). */
  inDevTools: boolean;
  /** The browser the panel runs in, for the report's environment; null when unknown. A function: the full version arrives late. */
  browser(): BrowserInfo | null;
  /** CORS Doctor's version (the manifest's). */
  extensionVersion: string;
  /** The clock reports are stamped with. */
  now(): Date;
}

export const inertEnvironment: PanelEnvironment = {
  copyText: () => Promise.reject(new Error('no clipboard')),
  download: () => {},
  loadStack: () => Promise.resolve(null),
  saveStack: () => {},
  popOutUrl: null,
  inDevTools: false,
  browser: () => null,
  extensionVersion: '0.0.0',
  now: () => new Date(),
};

export const EnvironmentContext = createContext<PanelEnvironment>(inertEnvironment);

export function useEnvironment(): PanelEnvironment {
  return useContext(EnvironmentContext);
}
