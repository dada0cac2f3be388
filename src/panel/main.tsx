// The only panel file that touches chrome.*: it builds the store and the environment
// (clipboard, remembered stack, theme, pop-out link) and renders.
import { render } from 'preact';
import { App } from './App';
import { writeClipboard } from './clipboard';
import { EnvironmentContext, type PanelEnvironment } from './environment';
import { createPortStore, type PanelPort } from './store';
import { StoreContext } from './store-context';
import { resolveTheme } from './theme';
import { STACKS, type StackId } from '../core/fixes/index';
import './panel.css';

const STACK_KEY = 'fixStack';
const params = new URLSearchParams(location.search);
const inDevTools = typeof chrome.devtools?.inspectedWindow?.tabId === 'number';

function inspectedTabId(): number | null {
  // Standalone mode (tests, pop-out): panel.html?tabId=N in a normal tab.
  const fromQuery = params.get('tabId');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  const id = chrome.devtools?.inspectedWindow?.tabId;
  return typeof id === 'number' ? id : null;
}

const theme = resolveTheme({ devtoolsThemeName: chrome.devtools?.panels?.themeName, queryTheme: params.get('theme') });
if (theme !== 'system') document.documentElement.dataset.theme = theme;
if (inDevTools) document.documentElement.classList.add('in-devtools');

const root = document.getElementById('app')!;
const tabId = inspectedTabId();
if (tabId === null) {
  root.textContent = 'CORS Doctor: no inspected tab. Open this panel from DevTools, or add ?tabId=N.';
} else {
  const store = createPortStore({
    tabId,
    connect: (name) => chrome.runtime.connect({ name }) as unknown as PanelPort,
  });
  const known = new Set<string>(STACKS.map((s) => s.id));
  const env: PanelEnvironment = {
    copyText: (text) => writeClipboard(text),
    async loadStack() {
      const got = await chrome.storage.local.get(STACK_KEY);
      const v = got[STACK_KEY];
      return typeof v === 'string' && known.has(v) ? (v as StackId) : null;
    },
    saveStack(stack) {
      void chrome.storage.local.set({ [STACK_KEY]: stack }).catch(() => undefined);
    },
    popOutUrl: inDevTools ? `${chrome.runtime.getURL('src/panel/panel.html')}?tabId=${tabId}${theme !== 'system' ? `&theme=${theme}` : ''}` : null,
    inDevTools,
  };
  render(
    <EnvironmentContext.Provider value={env}>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </EnvironmentContext.Provider>,
    root,
  );
}
