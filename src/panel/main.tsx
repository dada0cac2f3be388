// The only panel file that touches chrome.*: it builds the store and renders.
import { render } from 'preact';
import { App } from './App';
import { createPortStore, type PanelPort } from './store';
import { StoreContext } from './store-context';
import './panel.css';

function inspectedTabId(): number | null {
  // Standalone mode (tests, debugging): panel.html?tabId=N in a normal tab.
  const fromQuery = new URLSearchParams(location.search).get('tabId');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  const id = chrome.devtools?.inspectedWindow?.tabId;
  return typeof id === 'number' ? id : null;
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
  render(
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>,
    root,
  );
}
