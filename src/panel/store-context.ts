import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { PanelState, PanelStore } from './store';

export const StoreContext = createContext<PanelStore | null>(null);

export function useStore(): PanelStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('CORS Doctor panel rendered without a store');
  return store;
}

export function usePanelState(): PanelState {
  const store = useStore();
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
