import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { StackId } from '../core/fixes/index';
import { EmptyState, NoMatch } from './EmptyState';
import { useEnvironment } from './environment';
import { filterFailures, prepareFilter } from './failure-filter';
import { FailureList } from './FailureList';
import { LazyDetailView } from './LazyDetailView';
import { preloadWhenIdle } from './lazy';
import { StatusBar } from './StatusBar';
import { usePanelState, useStore } from './store-context';
import { Toolbar } from './Toolbar';

export function App() {
  const state = usePanelState();
  const store = useStore();
  const env = useEnvironment();
  const failures = state.snapshot?.failures ?? [];

  const [filterText, setFilterText] = useState('');
  const [preflightOnly, setPreflightOnly] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const [rememberedStack, setRememberedStack] = useState<StackId | null>(null);
  const listArea = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    env.loadStack().then(
      (s) => live && s && setRememberedStack((prev) => prev ?? s),
      () => undefined,
    );
    return () => void (live = false);
  }, [env]);

  // The detail view and the export code are not in the first load: warm them once the list is up.
  useEffect(() => preloadWhenIdle(), []);

  // The filter box's search strings for every failure, built in short tasks ahead of the first keystroke.
  useEffect(() => prepareFilter(failures), [failures]);

  const shown = useMemo(() => filterFailures(failures, { text: filterText, preflightOnly }), [failures, filterText, preflightOnly]);
  const selected = selectedId === null ? undefined : failures.find((f) => f.id === selectedId);

  // Cleared or navigated away: nothing left to show.
  useEffect(() => {
    if (selectedId !== null && !selected) {
      setSelectedId(null);
      setDetailOpen(false);
    }
  }, [selectedId, selected]);

  const closeDetail = () => {
    setDetailOpen(false);
    listArea.current?.querySelector<HTMLElement>('[role="grid"]')?.focus();
  };
  const pickStack = (stack: StackId) => {
    setRememberedStack(stack);
    env.saveStack(stack);
  };

  const showDetail = detailOpen && selected !== undefined;
  return (
    <main class={`panel${showDetail ? ' has-detail' : ''}`}>
      <Toolbar
        filterText={filterText}
        onFilterText={setFilterText}
        preflightOnly={preflightOnly}
        onPreflightOnly={setPreflightOnly}
        preserveLog={state.snapshot?.preserveLog ?? false}
        onPreserveLog={(v) => store.setPreserveLog(v)}
        onClear={() => store.clear()}
        failures={failures}
        stack={rememberedStack}
      />
      {state.status === 'version-mismatch' && (
        <p class="banner error" role="alert">
          CORS Doctor was updated while DevTools was open. Reload DevTools (close and reopen it) to reconnect.
        </p>
      )}
      <div class="split">
        {/* Transient states float over the list: nothing below them moves. */}
        {state.status === 'reconnecting' && (
          <p class="toast" role="status">
            Reconnecting to the extension…
          </p>
        )}
        {state.status === 'connecting' && <p class="toast">Connecting…</p>}
        <div class="list-pane" ref={listArea}>
          {state.status === 'ready' && failures.length === 0 ? (
            <EmptyState tabId={state.tabId} />
          ) : failures.length > 0 && shown.length === 0 ? (
            <NoMatch
              onReset={() => {
                setFilterText('');
                setPreflightOnly(false);
              }}
            />
          ) : (
            <FailureList
              failures={shown}
              selectedId={selectedId}
              compact={showDetail}
              onSelect={setSelectedId}
              onOpen={(id) => {
                setSelectedId(id);
                setDetailOpen(true);
              }}
              onClose={closeDetail}
            />
          )}
        </div>
        {showDetail && (
          <LazyDetailView failure={selected} rememberedStack={rememberedStack} onPickStack={pickStack} onClose={closeDetail} />
        )}
      </div>
      <StatusBar state={state} shown={shown.length} />
    </main>
  );
}
