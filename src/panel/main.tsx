// The only panel file that touches chrome.*: it builds the store and the environment
// (clipboard, downloads, remembered stack, theme, pop-out link, browser and extension version)
// and renders.
import { render } from 'preact';
import { App } from './App';
import { browserFromBrands, browserFromUserAgent, type BrandVersion } from './browser-info';
import { writeClipboard } from './clipboard';
import { downloadFile } from './download-file';
import { EnvironmentContext, type BrowserInfo, type PanelEnvironment } from './environment';
import { createPortStore, type PanelPort } from './store';
import { StoreContext } from './store-context';
import { resolveTheme } from './theme';
import { isStackId } from '../core/stack-ids';
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

// User-Agent Client Hints (Chromium only): the brands now, the full version when it arrives.
interface UserAgentData {
  brands?: BrandVersion[];
  getHighEntropyValues?(hints: string[]): Promise<{ fullVersionList?: BrandVersion[] }>;
}
const uaData = (navigator as Navigator & { userAgentData?: UserAgentData }).userAgentData;
let browser: BrowserInfo | null = browserFromUserAgent(navigator.userAgent);
if (uaData) {
  const fromBrands = browserFromBrands(uaData.brands);
  if (fromBrands && browser) browser = { name: fromBrands.name, version: browser.version };
  uaData
    .getHighEntropyValues?.(['fullVersionList'])
    .then((v) => void (browser = browserFromBrands(v.fullVersionList) ?? browser))
    .catch(() => undefined);
}

const root = document.getElementById('app')!;
const tabId = inspectedTabId();
if (tabId === null) {
  root.textContent = 'CORS Doctor: no inspected tab. Open this panel from DevTools, or add ?tabId=N.';
} else {
  const store = createPortStore({
    tabId,
    connect: (name) => chrome.runtime.connect({ name }) as unknown as PanelPort,
  });
  const env: PanelEnvironment = {
    copyText: (text) => writeClipboard(text),
    download: (fileName, mimeType, content) => downloadFile(fileName, mimeType, content),
    async loadStack() {
      const got = await chrome.storage.local.get(STACK_KEY);
      const v = got[STACK_KEY];
      return isStackId(v) ? v : null;
    },
    saveStack(stack) {
      void chrome.storage.local.set({ [STACK_KEY]: stack }).catch(() => undefined);
    },
    popOutUrl: inDevTools ? `${chrome.runtime.getURL('src/panel/panel.html')}?tabId=${tabId}${theme !== 'system' ? `&theme=${theme}` : ''}` : null,
    inDevTools,
    browser: () => browser,
    extensionVersion: chrome.runtime.getManifest().version,
    now: () => new Date(),
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
