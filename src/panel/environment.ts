// What the panel needs from its host besides the store: clipboard, remembered preferences and
// the pop-out address. main.tsx builds the real one from chrome.*; tests pass a fake
// (preact-devtools: the UI never touches chrome.* itself).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { StackId } from '../core/fixes/fix';

export interface PanelEnvironment {
  /** Puts text on the clipboard; rejects when the host refuses. */
  copyText(text: string): Promise<void>;
  /** The server stack the user last picked in the fix view (chrome.storage.local). */
  loadStack(): Promise<StackId | null>;
  saveStack(stack: StackId): void;
  /** Link that opens this panel in a normal tab (null when already standalone). */
  popOutUrl: string | null;
  /** Runs inside DevTools (vs standalone `panel.html?tabId=N`). */
  inDevTools: boolean;
}

export const inertEnvironment: PanelEnvironment = {
  copyText: () => Promise.reject(new Error('no clipboard')),
  loadStack: () => Promise.resolve(null),
  saveStack: () => {},
  popOutUrl: null,
  inDevTools: false,
};

export const EnvironmentContext = createContext<PanelEnvironment>(inertEnvironment);

export function useEnvironment(): PanelEnvironment {
  return useContext(EnvironmentContext);
}
