// The failure log, newest last like the Network panel. Virtualized: rows have one fixed height,
// only the visible ones (plus a margin) exist in the DOM, so 10,000 failures cost what 40 do.
// Keyboard: the grid keeps focus and points at the selected row (aria-activedescendant).
import { Component } from 'preact';
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CapturedFailure } from '../shared/messages';
import { rowLabels } from './failure-labels';

export const ROW_HEIGHT = 21;
/** Rows rendered beyond each edge of the viewport: every one is laid out and painted on each keystroke. */
const OVERSCAN = 5;
/** Used until the real height is known (happy-dom reports 0). */
const FALLBACK_VIEWPORT = 600;

export interface FailureListProps {
  failures: readonly CapturedFailure[];
  selectedId: string | null;
  /** Detail open: the list narrows to method, URL and preflight. */
  compact: boolean;
  onSelect(id: string): void;
  onOpen(id: string): void;
  onClose(): void;
}

export const rowDomId = (id: string) => `failure-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

interface RowProps {
  failure: CapturedFailure;
  index: number;
  selected: boolean;
  compact: boolean;
}

// A row element is a slot (see the keys in useVirtualWindow): when the filter changes, the same elements
// show other failures and only their text and attributes change. A row whose props did not
// change is not rendered again (scrolling, moving the selection).
class FailureRow extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return next.failure !== p.failure || next.index !== p.index || next.selected !== p.selected || next.compact !== p.compact;
  }

  override render({ failure, index, selected, compact }: RowProps) {
    const l = rowLabels(failure);
    const request = failure.exchange.request;
    return (
      <div
        role="row"
        id={rowDomId(failure.id)}
        class={selected ? (index % 2 ? 'failure selected odd' : 'failure selected') : index % 2 ? 'failure odd' : 'failure'}
        aria-rowindex={index + 2}
        aria-selected={selected}
        data-verdict={failure.diagnosis.verdict}
        style={{ top: `${index * ROW_HEIGHT}px` }}
      >
        <span role="gridcell" class="method">
          {request.method}
        </span>
        <span role="gridcell" class="url" title={request.url}>
          <span class="origin">{l.origin}</span>
          <strong class="path">{l.path}</strong>
        </span>
        <span role="gridcell" class={l.preflightBad ? 'preflight bad' : 'preflight'}>
          {l.preflight}
        </span>
        {!compact && (
          <span role="gridcell" class="code" title={l.codes}>
            {l.check}
          </span>
        )}
        {!compact && (
          <span role="gridcell" class="time">
            {l.time}
          </span>
        )}
      </div>
    );
  }
}

/** The row element an event happened in, and the list index it shows. */
function rowIndexOf(e: Event): number {
  const row = (e.target as Element | null)?.closest?.('[role="row"]');
  const at = Number(row?.getAttribute('aria-rowindex'));
  return Number.isInteger(at) && at >= 2 ? at - 2 : -1;
}

export function FailureList({ failures, selectedId, compact, onSelect, onOpen, onClose }: FailureListProps) {
  const grid = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const height = useViewportHeight(scroller);
  const win = useVirtualWindow(failures, scroller, height);

  const selectedIndex = selectedId === null ? -1 : failures.findIndex((f) => f.id === selectedId);
  useKeepInView(scroller, selectedIndex);
  const onKeyDown = keyboardNavigation(failures, selectedIndex, win.page, { onSelect, onOpen, onClose });

  const rows = [];
  for (let i = win.first; i < win.last; i++) {
    rows.push(
      <FailureRow key={win.keyOf(i)} failure={failures[i]!} index={i} selected={i === selectedIndex} compact={compact} />,
    );
  }

  return (
    <div
      ref={grid}
      class={`failure-list${compact ? ' compact' : ''}`}
      role="grid"
      aria-label="CORS failures"
      aria-rowcount={failures.length + 1}
      aria-colcount={compact ? 3 : 5}
      aria-activedescendant={selectedIndex >= 0 ? rowDomId(failures[selectedIndex]!.id) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="failure-list"
    >
      <ListHeader compact={compact} />
      <div class="scroller" ref={scroller} role="rowgroup" onScroll={win.onScroll}>
        <div
          class="spacer"
          style={{ height: `${failures.length * ROW_HEIGHT}px` }}
          // One pair of handlers for every row: a press on a row keeps focus on the grid
          // (no focus move), a click selects and opens it.
          onMouseDown={(e) => {
            if (rowIndexOf(e) >= 0) e.preventDefault();
          }}
          onClick={(e) => {
            const f = failures[rowIndexOf(e)];
            if (!f) return;
            grid.current?.focus();
            onSelect(f.id);
            onOpen(f.id);
          }}
        >
          {rows}
        </div>
      </div>
    </div>
  );
}

function ListHeader({ compact }: { compact: boolean }) {
  return (
    <div role="row" class="header" aria-rowindex={1}>
      <span role="columnheader">Method</span>
      <span role="columnheader">URL</span>
      <span role="columnheader">Preflight</span>
      {!compact && (
        <>
          <span role="columnheader">Failing check</span>
          <span role="columnheader">Time</span>
        </>
      )}
    </div>
  );
}

/** The scroller's height, followed as the panel is resized (0 until known). */
function useViewportHeight(scroller: RefObject<HTMLDivElement | null>): number {
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setHeight(el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return height;
}

/**
 * Which rows exist in the DOM (first to last, exclusive), the key each one has, and the scroll
 * position they were rendered for; new failures are followed when the list was at its bottom.
 */
function useVirtualWindow(failures: readonly CapturedFailure[], scroller: RefObject<HTMLDivElement | null>, height: number) {
  /** Where the scroller is (an object: setting it re-renders even when the number is unchanged). */
  const [scroll, setScroll] = useState({ top: 0 });
  const atBottom = useRef(true);
  /** The list length the scroll position was last made to follow. */
  const followedLength = useRef(-1);
  /** Which key the row at index 0 would have (see below). */
  const slots = useRef<{ failures: readonly CapturedFailure[] | null; first: number; origin: number }>({ failures: null, first: 0, origin: 0 });

  const view = height || FALLBACK_VIEWPORT;
  const bottom = Math.max(0, failures.length * ROW_HEIGHT - view);
  // New failures arrive at the bottom: follow them only when already there, so a row being
  // read never moves (the Network panel's behaviour). The rows rendered now are already the
  // ones at the new bottom, so following it needs no second render.
  const following = atBottom.current && followedLength.current !== failures.length;
  const top = following ? bottom : Math.min(scroll.top, bottom);

  useLayoutEffect(() => {
    followedLength.current = failures.length;
    const el = scroller.current;
    if (!el) return;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
    // Rendered for where the scroller really is, unless it could not go there (not laid out).
    if (el.scrollTop !== top) setScroll({ top: el.scrollTop });
  }, [failures.length]);

  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(failures.length, Math.ceil((top + view) / ROW_HEIGHT) + OVERSCAN);

  // Row keys are slots, `capacity` of them, taken round-robin: index i has key
  // (i - origin) mod capacity. Scrolling keeps `origin`, so a row that stays keeps its element
  // and one scrolled in reuses one scrolled out. A new list (filter, new failures) moves
  // `origin` so the top row keeps its key: every element stays where it is in the DOM and
  // only its text and attributes change, instead of every row being removed and recreated.
  const capacity = Math.ceil(view / ROW_HEIGHT) + 2 * OVERSCAN + 2;
  const s = slots.current;
  if (s.failures !== failures) {
    s.origin += first - s.first;
    s.failures = failures;
  }
  s.first = first;
  const origin = s.origin;

  return {
    first,
    last,
    /** Rows a PageUp/PageDown moves. */
    page: Math.max(1, Math.floor(view / ROW_HEIGHT) - 1),
    keyOf: (i: number) => (((i - origin) % capacity) + capacity) % capacity,
    onScroll(e: Event) {
      const el = e.currentTarget as HTMLDivElement;
      atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
      const at = el.scrollTop;
      setScroll((s) => (s.top === at ? s : { top: at }));
    },
  };
}

/** Keep the selected row in view after keyboard moves. */
function useKeepInView(scroller: RefObject<HTMLDivElement | null>, selectedIndex: number): void {
  useEffect(() => {
    const el = scroller.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    const view = el.clientHeight || FALLBACK_VIEWPORT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + view) el.scrollTop = top + ROW_HEIGHT - view;
  }, [selectedIndex]);
}

/** The grid's keys, as in the Network panel: arrows, Home/End, PageUp/PageDown move; Enter or Space opens; Escape closes. */
function keyboardNavigation(
  failures: readonly CapturedFailure[],
  at: number,
  page: number,
  { onSelect, onOpen, onClose }: Pick<FailureListProps, 'onSelect' | 'onOpen' | 'onClose'>,
) {
  return (e: KeyboardEvent) => {
    if (failures.length === 0) return;
    const move = (to: number) => {
      e.preventDefault();
      const i = Math.max(0, Math.min(failures.length - 1, to));
      onSelect(failures[i]!.id);
    };
    switch (e.key) {
      case 'ArrowDown':
        return move(at < 0 ? 0 : at + 1);
      case 'ArrowUp':
        return move(at < 0 ? failures.length - 1 : at - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(failures.length - 1);
      case 'PageDown':
        return move(at + page);
      case 'PageUp':
        return move(at - page);
      case 'Enter':
      case ' ':
        if (at >= 0) {
          e.preventDefault();
          onOpen(failures[at]!.id);
        }
        return;
      case 'Escape':
        e.preventDefault();
        onClose();
        return;
    }
  };
}
