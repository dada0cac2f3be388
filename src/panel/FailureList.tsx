// The failure log, newest last like the Network panel. Virtualized: rows have one fixed height,
// only the visible ones (plus a margin) exist in the DOM, so 10,000 failures cost what 40 do.
// Keyboard: the grid keeps focus and points at the selected row (aria-activedescendant).
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CapturedFailure } from '../shared/messages';
import { failureLabel, preflightLabel, splitUrl, timeLabel } from './failure-labels';

export const ROW_HEIGHT = 21;
const OVERSCAN = 10;
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

function FailureRow({ failure, index, selected, compact, onClick }: { failure: CapturedFailure; index: number; selected: boolean; compact: boolean; onClick(): void }) {
  const { origin, path } = splitUrl(failure.exchange.request.url);
  const pre = preflightLabel(failure);
  return (
    <div
      role="row"
      id={rowDomId(failure.id)}
      class={`failure${selected ? ' selected' : ''}${index % 2 ? ' odd' : ''}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-verdict={failure.diagnosis.verdict}
      style={{ top: `${index * ROW_HEIGHT}px` }}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      <span role="gridcell" class="method">
        {failure.exchange.request.method}
      </span>
      <span role="gridcell" class="url" title={failure.exchange.request.url}>
        <span class="origin">{origin}</span>
        <strong class="path">{path}</strong>
      </span>
      <span role="gridcell" class={`preflight${/^\d+$/.test(pre) && !pre.startsWith('2') ? ' bad' : ''}`}>
        {pre}
      </span>
      {!compact && (
        <>
          <span role="gridcell" class="code" title={failure.diagnosis.checks.map((c) => c.code).join(', ')}>
            {failureLabel(failure)}
          </span>
          <span role="gridcell" class="time">
            {timeLabel(failure.capturedAt)}
          </span>
        </>
      )}
    </div>
  );
}

export function FailureList({ failures, selectedId, compact, onSelect, onOpen, onClose }: FailureListProps) {
  const grid = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setHeight(el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // New failures arrive at the bottom: follow them only when already there, so a row being
  // read never moves (the Network panel's behaviour).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [failures.length]);

  const selectedIndex = selectedId === null ? -1 : failures.findIndex((f) => f.id === selectedId);

  // Keep the selected row in view after keyboard moves.
  useEffect(() => {
    const el = scroller.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    const view = el.clientHeight || FALLBACK_VIEWPORT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + view) el.scrollTop = top + ROW_HEIGHT - view;
  }, [selectedIndex]);

  const view = height || FALLBACK_VIEWPORT;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(failures.length, Math.ceil((scrollTop + view) / ROW_HEIGHT) + OVERSCAN);
  const page = Math.max(1, Math.floor(view / ROW_HEIGHT) - 1);

  const onKeyDown = (e: KeyboardEvent) => {
    if (failures.length === 0) return;
    const move = (to: number) => {
      e.preventDefault();
      const i = Math.max(0, Math.min(failures.length - 1, to));
      onSelect(failures[i]!.id);
    };
    const at = selectedIndex;
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

  const rows = [];
  for (let i = first; i < last; i++) {
    const f = failures[i]!;
    rows.push(
      <FailureRow
        key={f.id}
        failure={f}
        index={i}
        selected={i === selectedIndex}
        compact={compact}
        onClick={() => {
          grid.current?.focus();
          onSelect(f.id);
          onOpen(f.id);
        }}
      />,
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
      <div
        class="scroller"
        ref={scroller}
        role="rowgroup"
        onScroll={(e) => {
          const el = e.currentTarget as HTMLDivElement;
          atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
          setScrollTop(el.scrollTop);
        }}
      >
        <div class="spacer" style={{ height: `${failures.length * ROW_HEIGHT}px` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
