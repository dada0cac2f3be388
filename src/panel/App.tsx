import type { RefObject } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { StackId } from '../core/fixes/index';
import type { CapturedFailure } from '../shared/messages';
import { EmptyState, NoMatch } from './EmptyState';
import { useEnvironment, type PanelEnvironment } from './environment';
import { filterFailures, prepareFilter } from './failure-filter';
import { FailureList } from './FailureList';
import { LazyDetailView } from './LazyDetailView';
import { preloadWhenIdle } from './lazy';
import { StatusBar } from './StatusBar';
import type { ConnectionStatus } from './store';
import { usePanelState, useStore } from './store-context';
import { Toolbar } from './Toolbar';

export function App() {
  const state = usePanelState();
  const store = useStore();
  const failures = state.snapshot?.failures ?? [];

  const [filterText, setFilterText] = useState('');
  const [preflightOnly, setPreflightOnly] = useState(false);
  const [rememberedStack, pickStack] = useRememberedStack(useEnvironment());
  const listArea = useRef<HTMLDivElement>(null);

  // The detail view and the export code are not in the first load: warm them once the list is up.
  useEffect(() => preloadWhenIdle(), []);

  // The filter box's search strings for every failure, built in short tasks ahead of the first keystroke.
  useEffect(() => prepareFilter(failures), [failures]);

  const shown = useMemo(() => filterFailures(failures, { text: filterText, preflightOnly }), [failures, filterText, preflightOnly]);
  const selection = useSelection(failures, listArea);
  const { selected, closeDetail } = selection;

  const showDetail = selection.detailOpen && selected !== undefined;
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
        <ConnectionToast status={state.status} />
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
              selectedId={selection.selectedId}
              compact={showDetail}
              onSelect={selection.select}
              onOpen={selection.open}
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

/** Transient states float over the list: nothing below them moves. */
function ConnectionToast({ status }: { status: ConnectionStatus }) {
  if (status === 'reconnecting') {
    return (
      <p class="toast" role="status">
        Reconnecting to the extension…
      </p>
    );
  }
  if (status === 'connecting') return <p class="toast">Connecting…</p>;
  return null;
}

/** The stack the user last picked for a fix (saved by the environment), and how to pick another. */
function useRememberedStack(env: PanelEnvironment): [StackId | null, (stack: StackId) => void] {
  const [rememberedStack, setRememberedStack] = useState<StackId | null>(null);

  useEffect(() => {
    let live = true;
    env.loadStack().then(
      (s) => live && s && setRememberedStack((prev) => prev ?? s),
      () => undefined,
    );
    return () => void (live = false);
  }, [env]);

  const pickStack = (stack: StackId) => {
    setRememberedStack(stack);
    env.saveStack(stack);
  };
  return [rememberedStack, pickStack];
}

/** Which failure is selected and whether its detail is open; closing the detail gives the list back its focus. */
function useSelection(failures: readonly CapturedFailure[], listArea: RefObject<HTMLDivElement | null>) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const selected = selectedId === null ? undefined : failures.find((f) => f.id === selectedId);

  // Cleared or navigated away: nothing left to show.
  useEffect(() => {
    if (selectedId !== null && !selected) {
      setSelectedId(null);
      setDetailOpen(false);
    }
  }, [selectedId, selected]);

  return {
    selectedId,
    selected,
    detailOpen,
    select: setSelectedId,
    open(id: string) {
      setSelectedId(id);
      setDetailOpen(true);
    },
    closeDetail() {
      setDetailOpen(false);
      listArea.current?.querySelector<HTMLElement>('[role="grid"]')?.focus();
    },
  };
}
